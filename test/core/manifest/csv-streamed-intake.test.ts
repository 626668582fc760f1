import { describe, expect, it } from 'vitest';
import { containerUnits } from '#core/manifest/container-units.ts';
import { bytesSource, parseManifest, readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import { generateManifestText } from '#generator/index.ts';
import type { ContainerUnit, Manifest } from '#schemas/manifest.ts';
import { csvRow } from './csv-test-rows.ts';

/**
 * The ingest reads a CSV streamed (B/Ls handed on at their last row, units as their last B/L
 * is read); what it reports and hands to profiling must be what the whole-model reading gives.
 */
async function compare(text: string) {
  const whole = await parseManifest(bytesSource(text, 'm.csv'));
  const read = await readManifestForIntake(bytesSource(text, 'm.csv'));
  const streamed = new Map<string, ContainerUnit>();
  const order: string[] = [];
  await read.forEachUnit((u) => {
    expect(streamed.has(u.container.number)).toBe(false);
    streamed.set(u.container.number, u);
    order.push(u.container.number);
  });
  expect(read.report).toEqual(whole.report);
  const expected = containerUnits(whole.manifest as Manifest);
  expect(read.unitCount).toBe(expected.length);
  expect(streamed.size).toBe(expected.length);
  for (const unit of expected) expect(streamed.get(unit.container.number)).toEqual(unit);
  return { whole, read, order };
}

const HEADER =
  'vessel_name,voyage_number,reporting_port,bl_number,shipper_name,consignee_name,container_number,' +
  'container_status,goods_line,description,hs_code,gross_weight_kg';

function row(values: Partial<Record<string, string>>): string {
  return csvRow(HEADER, {
    vessel_name: 'MSC ANNA',
    voyage_number: 'FA123W',
    reporting_port: 'NLRTM',
    ...values,
  });
}

describe('CSV streamed intake equals the whole-model reading', () => {
  it('a generated manifest: same report, same units', async () => {
    const { chunks } = generateManifestText({ containers: 400, seed: 23 }, 'csv');
    const { read } = await compare([...chunks].join(''));
    expect(read.report.counts.containers).toBeGreaterThan(300);
  });

  it('B/Ls whose rows are scattered, with repeats, errors, heavy lines and unknown containers', async () => {
    const lines = [
      HEADER,
      row({
        bl_number: 'B1',
        shipper_name: 'Acme',
        container_number: 'MSKU7351770',
        goods_line: '1',
        description: 'TOYS',
        hs_code: '950300',
        gross_weight_kg: '30000',
      }),
      row({
        bl_number: 'B2',
        shipper_name: 'Beta',
        container_number: 'TGHU1234567',
        goods_line: '1',
        description: 'SHOES',
        hs_code: '640399',
      }),
      // B1's line 1 also in a second container: 30,000 kg over two is possible, over one is not.
      row({
        bl_number: 'B3',
        shipper_name: 'Gamma',
        container_number: 'CMAU3456787',
        goods_line: '1',
        description: 'TEA',
        hs_code: '1234567890123',
        gross_weight_kg: '99999999',
      }),
      row({
        bl_number: 'B2',
        shipper_name: 'Beta',
        container_number: 'MSKU7351770',
        goods_line: '2',
        description: 'BAGS',
        hs_code: '420222',
      }),
      row({
        bl_number: 'B4',
        shipper_name: 'Delta',
        container_number: 'ZZZU0000000',
        goods_line: '1',
        description: 'WINE',
      }),
      row({ bl_number: '', container_number: 'MSCU1234566', description: 'LOOSE GOODS', goods_line: '1' }),
      row({
        bl_number: 'B1',
        shipper_name: 'Acme Changed',
        container_number: 'TGHU1234567',
        goods_line: '1',
        description: 'TOYS',
        hs_code: '950300',
        gross_weight_kg: '30000',
      }),
      row({ bl_number: 'B5', consignee_name: 'Nobody', goods_line: '1', description: 'PARCELS' }),
      row({
        bl_number: 'B2',
        shipper_name: 'Beta',
        container_number: 'TGHU1234567',
        goods_line: '1',
        description: 'SHOES',
        hs_code: '640399',
      }),
      row({ bl_number: '', container_number: '', description: 'ORPHAN' }),
      row({ bl_number: 'B6', container_number: 'EMPU1234565', container_status: 'empty' }),
      row({
        bl_number: 'B3',
        shipper_name: 'Gamma',
        container_number: 'CMAU3456787',
        goods_line: '2',
        description: 'MORE TEA',
        hs_code: '090240',
      }),
    ];
    const { whole, order } = await compare(`${lines.join('\r\n')}\r\n`);
    const codes = new Set(whole.report.issues.map((i) => i.code));
    for (const code of ['HS_FORMAT', 'WEIGHT_IMPOSSIBLE', 'BL_CONFLICT', 'DUPLICATE_ROW', 'REQUIRED_FIELD'])
      expect(codes).toContain(code);
    // B3 is complete at the last row only: its container's unit cannot have been handed out before B1's and B2's.
    expect(order.indexOf('CMAU3456787')).toBeGreaterThan(order.indexOf('MSKU7351770'));
  });

  it('a Latin-1 file and a file rejected for its header give the same report both ways', async () => {
    const latin = `${HEADER}\n${row({ bl_number: 'B1', shipper_name: 'Soci\u00e9t\u00e9', container_number: 'MSKU7351770', description: 'VIN' })}\n`;
    const bytes = Uint8Array.from(latin, (ch) => ch.charCodeAt(0));
    const whole = await parseManifest(bytesSource(bytes, 'm.csv'));
    const read = await readManifestForIntake(bytesSource(bytes, 'm.csv'));
    expect(read.report).toEqual(whole.report);
    expect(read.report.encoding).toBe('latin1');
    const units: ContainerUnit[] = [];
    await read.forEachUnit((u) => {
      units.push(u);
    });
    expect(units).toEqual(containerUnits(whole.manifest as Manifest));
    const rejected = await compareRejected('bl_number,description\nB1,X\n');
    expect(rejected.status).toBe('rejected');
  });
});

async function compareRejected(text: string) {
  const whole = await parseManifest(bytesSource(text, 'm.csv'));
  const read = await readManifestForIntake(bytesSource(text, 'm.csv'));
  expect(read.report).toEqual(whole.report);
  expect(read.unitCount).toBe(0);
  return read.report;
}
