import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerUnits } from '#core/manifest/container-units.ts';
import { bytesSource, parseManifest, readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import { generateManifestText } from '#generator/index.ts';
import type { ContainerUnit, Manifest } from '#schemas/manifest.ts';

/**
 * The ingest reads a CUSCAR streamed (B/Ls handed on as their CNI group ends, units as their
 * last B/L is read); what it reports and hands to profiling must be what the whole model gives.
 */
async function compare(text: string) {
  const whole = await parseManifest(bytesSource(text, 'm.edi'));
  const read = await readManifestForIntake(bytesSource(text, 'm.edi'));
  const streamed = new Map<string, ContainerUnit>();
  await read.forEachUnit((u) => {
    expect(streamed.has(u.container.number)).toBe(false);
    streamed.set(u.container.number, u);
  });
  expect(read.report).toEqual(whole.report);
  const expected = whole.manifest ? containerUnits(whole.manifest as Manifest) : [];
  expect(read.unitCount).toBe(expected.length);
  expect(streamed.size).toBe(expected.length);
  for (const unit of expected) expect(streamed.get(unit.container.number)).toEqual(unit);
  return { whole, read };
}

function message(body: string[]): string {
  const segments = [
    'UNH+1+CUSCAR:D:96B:UN',
    'BGM+85+DOC1+9',
    'TDT+20+V001+1+13++++9074729:146:11:TEST VESSEL:PA',
    'LOC+11+NLRTM:139:6',
    ...body,
  ];
  const lines = ["UNB+UNOA:3+S+R+260101:1200+REF1'", ...segments.map((s) => `${s}'`)];
  lines.push(`UNT+${segments.length + 1}+1'`, "UNZ+1+REF1'");
  return lines.join('\n');
}

describe('CUSCAR streamed intake equals the whole-model reading', () => {
  it('a generated manifest: same report, same units', async () => {
    const { chunks } = generateManifestText({ containers: 300, seed: 31 }, 'cuscar');
    const { read } = await compare([...chunks].join(''));
    expect(read.report.format).toBe('cuscar');
    expect(read.report.counts.containers).toBeGreaterThan(200);
  });

  it('the fixtures (a truck manifest, an ocean message with a shared container)', async () => {
    for (const name of ['cbp-ace-sample-CUSCAR-D03B.edi', 'ocean-2bl-3containers-D03B.edi']) {
      await compare(readFileSync(new URL(`../../fixtures/edifact/${name}`, import.meta.url), 'utf8'));
    }
  });

  it('equipment at message level, a trailer, seals given later, undeclared and unnumbered consignments', async () => {
    const { whole } = await compare(
      message([
        'EQD+CN+CSQU3054383+22G1+1++4',
        'EQD+TE+TRL-4471',
        'CNI+1+BL1',
        'EQD+CN+MSKU7351770+22G1+2++5',
        'GID+1+10:CT',
        'FTX+AAA+++COCAINE',
        'PIA+5+1234567890123:HS',
        'MEA+AAE+G+KGM:99999999',
        'SGP+MSKU7351770',
        'SGP+TRL-4471',
        'CNI+2+BL2',
        'GID+1',
        'FTX+AAA+++MACHINE PARTS',
        'SGP+TGHU1234567',
        'SGP+ZZZU0000000',
        'CNI+3',
        'GID+1',
        'FTX+AAA+++LOOSE',
        'CNI+4+BL1',
        'EQD+CN+MSKU7351770+22G1+2++5',
        'SEL+A1',
        'EQD+CN+TGHU1234567+45G1',
      ]),
    );
    const codes = new Set(whole.report.issues.map((i) => i.code));
    for (const code of ['EQUIPMENT_NOT_CONTAINER', 'HS_FORMAT', 'GOODS_CONTAINER_UNKNOWN', 'REQUIRED_FIELD'])
      expect(codes).toContain(code);
    expect(whole.manifest?.billsOfLading[0]?.goods[0]?.containers).toEqual(['MSKU7351770']);
  });

  it('a message that is not CUSCAR is rejected the same way', async () => {
    const text = message([]).replace('CUSCAR:D:96B', 'IFTMIN:D:96B');
    const { read } = await compare(text);
    expect(read.report.status).toBe('rejected');
  });
});
