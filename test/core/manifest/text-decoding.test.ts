import { describe, expect, it } from 'vitest';
import { bytesSource, parseManifest, readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import { decodeSource } from '#core/manifest/text-decoding.ts';
import { csvRow } from './csv-test-rows.ts';

/**
 * Control characters that cannot be text (NUL, BEL, ESC ...) are found wherever they are, not
 * only in the first 64 KiB the format detection looks at: removed, so they never reach a stored
 * or screened name, and reported with the line and column of the first one.
 */
const HEADER =
  'vessel_name,voyage_number,reporting_port,bl_number,shipper_name,consignee_name,container_number';

function csvWithShipperAtRow(rows: number, at: number, shipper: string): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    lines.push(
      csvRow(HEADER, {
        vessel_name: 'MSC ANNA',
        voyage_number: 'FA123W',
        reporting_port: 'NLRTM',
        bl_number: `MEDU${100000 + i}`,
        shipper_name: i === at ? shipper : 'Ningbo Bright Toys Co Ltd',
        consignee_name: 'Rotterdam Import BV',
        container_number: 'MSKU7351770',
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('control characters beyond the first look', () => {
  it('a NUL 100 KB into a CSV is removed from the name and reported with its line', async () => {
    const text = csvWithShipperAtRow(2000, 1500, 'HUAXIN\u0000 SHIPPING');
    expect(text.indexOf('\u0000')).toBeGreaterThan(64 * 1024);
    const { manifest, report } = await parseManifest(bytesSource(text, 'm.csv'));
    expect(report.status).not.toBe('rejected');
    const names = manifest?.billsOfLading.map((b) => b.shipper?.name) ?? [];
    expect(names).toContain('HUAXIN SHIPPING');
    expect(names.some((n) => n?.includes('\u0000'))).toBe(false);
    const warning = report.issues.find((i) => i.code === 'TEXT_CONTROL_CHARACTER');
    expect(warning).toMatchObject({ severity: 'warning', location: { line: 1502 } });
    expect(warning?.message).toMatch(/U\+0000 \(NUL\)/);
  });

  it('in JSON too, and every other C0 control (BEL, ESC, DEL) is counted', async () => {
    const bls = Array.from({ length: 1500 }, (_, i) => ({
      number: `B${i}`,
      shipper: { name: i === 1200 ? 'EVIL\u0000CORP\u0007\u001b\u007f' : 'ACME TRADING' },
      containers: ['MSKU7351770'],
    }));
    const doc = {
      voyage: { vesselName: 'MSC ANNA', voyageNumber: 'FA1', reportingPort: 'NLRTM' },
      billsOfLading: bls,
      containers: [{ number: 'MSKU7351770' }],
    };
    // Raw control characters (JSON.stringify would escape them as \u0000: those are data, not bytes).
    const text = JSON.stringify(doc, null, 1).replace(/\\u00([01][0-9a-f]|7f)/g, (_, hex) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    expect(text.indexOf('\u0000')).toBeGreaterThan(64 * 1024);
    const { manifest, report } = await parseManifest(bytesSource(text, 'm.json'));
    expect(manifest?.billsOfLading[1200]?.shipper?.name).toBe('EVILCORP');
    const warning = report.issues.find((i) => i.code === 'TEXT_CONTROL_CHARACTER');
    expect(warning?.message).toMatch(/^4 control character/);
  });

  it('the ingest reading reports it too, and queues the name without it', async () => {
    const text = csvWithShipperAtRow(2000, 1500, 'HUAXIN\u0000 SHIPPING');
    const read = await readManifestForIntake(bytesSource(text, 'm.csv'));
    expect(read.report.issues.filter((i) => i.code === 'TEXT_CONTROL_CHARACTER')).toHaveLength(1);
    expect(read.report.counts.warnings).toBe(
      read.report.issues.filter((i) => i.severity === 'warning').length,
    );
    const shippers = new Set<string | undefined>();
    await read.forEachUnit((u) => {
      for (const bl of u.billsOfLading) shippers.add(bl.shipper?.name);
    });
    expect(shippers).toContain('HUAXIN SHIPPING');
  });

  it('a NUL in the first 64 KiB still marks the file as binary', async () => {
    const text = csvWithShipperAtRow(20, 5, 'HUAXIN\u0000 SHIPPING');
    const { report } = await parseManifest(bytesSource(text, 'm.csv'));
    expect(report.issues.map((i) => i.code)).toEqual(['FILE_BINARY']);
  });

  it('keeps tabs and line breaks, and the EDIFACT separators when asked to', async () => {
    const source = bytesSource('A\tB\r\nC\u001dD\u001fE\u0001F');
    const read = async (keepSeparators: boolean) => {
      const controls = { count: 0 };
      let out = '';
      for await (const chunk of decodeSource(source, 'utf-8', { controls, keepSeparators })) out += chunk;
      return { out, controls };
    };
    expect(await read(true)).toMatchObject({
      out: 'A\tB\r\nC\u001dD\u001fEF',
      controls: { count: 1, first: { line: 2, column: 6, codePoint: 1 } },
    });
    expect((await read(false)).out).toBe('A\tB\r\nCDEF');
  });
});
