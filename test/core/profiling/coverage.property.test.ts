import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseContainerNumber } from '#core/identifiers/index.ts';
import { writeManifestCsv } from '#core/manifest/csv-writer.ts';
import { writeCuscar } from '#core/manifest/cuscar-writer.ts';
import { bytesSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import {
  compileProfiles,
  defaultProfileSet,
  profileManifest,
  type ScreeningLookup,
} from '#core/profiling/index.ts';
import { generateManifest } from '#generator/index.ts';
import type { BillOfLading, Manifest } from '#schemas/manifest.ts';

/**
 * Coverage is total (issue 10): whatever is wrong with a record, every declared container is
 * assessed and every party name of every B/L (stowed or not) is screened. Generated manifests
 * get random field corruption (malformed HS codes, impossible weights, malformed container
 * numbers and ports, nameless parties, missing B/L numbers, unstowed B/Ls), are written in a
 * format, read back and profiled with the default profiles.
 */

/** The formats under test: a writer of (possibly corrupt) model data and a file name. */
const FORMATS: { format: string; file: string; write: (m: Manifest) => string }[] = [
  { format: 'csv', file: 'manifest.csv', write: (m) => writeManifestCsv(m) },
  {
    format: 'cuscar',
    file: 'manifest.edi',
    write: (m) => writeCuscar(m, { preparedAt: new Date('2026-03-01T08:00:00Z'), reference: 'COV1' }),
  },
  { format: 'json', file: 'manifest.json', write: (m) => JSON.stringify(m) },
];

type Corruption = (m: Manifest, pick: number) => void;
const at = <T>(list: readonly T[], pick: number): T | undefined => list[pick % Math.max(1, list.length)];
const goodsOf = (m: Manifest) => m.billsOfLading.flatMap((bl) => bl.goods);
const set = (target: object | undefined, key: string, value: unknown) => {
  if (target) (target as Record<string, unknown>)[key] = value;
};

const CORRUPTIONS: Record<string, Corruption> = {
  hsTooLong: (m, p) => set(at(goodsOf(m), p), 'hsCode', '1234567890123'),
  hsLetters: (m, p) => set(at(goodsOf(m), p), 'hsCode', '84A1'),
  goodsWeightNegative: (m, p) => set(at(goodsOf(m), p), 'grossWeightKg', -5),
  goodsWeightImpossible: (m, p) => set(at(goodsOf(m), p), 'grossWeightKg', 99_999_999),
  packagesFractional: (m, p) => set(at(goodsOf(m), p), 'packageCount', 2.5),
  unNumberBad: (m, p) => set(at(goodsOf(m), p), 'dangerousGoodsUn', '12'),
  vgmZero: (m, p) => set(at(m.containers, p), 'verifiedGrossMassKg', 0),
  vgmHuge: (m, p) => set(at(m.containers, p), 'verifiedGrossMassKg', 999_999),
  isoTypeUnknown: (m, p) => set(at(m.containers, p), 'isoType', 'ZZZZ'),
  containerNumberMalformed: (m, p) => {
    const container = at(m.containers, p);
    if (!container) return;
    const bad = `ABC${p % 1000}`;
    const old = container.number;
    const rename = (list: string[]) => list.map((n) => (n === old ? bad : n));
    container.number = bad;
    for (const bl of m.billsOfLading) {
      bl.containers = rename(bl.containers);
      for (const g of bl.goods) g.containers = rename(g.containers);
    }
  },
  portMalformed: (m, p) => set(at(m.billsOfLading, p), 'portOfLoading', 'XX'),
  portUnknown: (m, p) => set(at(m.billsOfLading, p), 'portOfDischarge', 'XXQQQ'),
  transshipmentMalformed: (m, p) => set(at(m.billsOfLading, p), 'transshipmentPorts', ['ZZ1', 'SGSIN']),
  shipperNameless: (m, p) => set(at(m.billsOfLading, p), 'shipper', { name: '', address: '1 Unknown Road' }),
  consigneeCountryBad: (m, p) => {
    const bl = at(m.billsOfLading, p);
    if (bl?.consignee) bl.consignee = { ...bl.consignee, country: 'ZZZ' };
  },
  blNumberMissing: (m, p) => {
    // Only on a stowed B/L: a record with neither a B/L nor a container number is set aside.
    const bl = at(
      m.billsOfLading.filter((b) => b.containers.length > 0),
      p,
    );
    if (bl) bl.number = '';
  },
  blUnstowed: (m, p) => {
    const bl = at(m.billsOfLading, p);
    // A B/L already without number would then be unattributable (set aside by design).
    if (!bl?.number) return;
    bl.containers = [];
    bl.goods = bl.goods.map((g) => ({ ...g, containers: [] }));
  },
};

const corruption = fc.tuple(fc.constantFrom(...Object.keys(CORRUPTIONS)), fc.nat({ max: 10_000 }));

/** The screening-session key of a name: what "screened" means for a name. */
const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toUpperCase();

function partyNames(bl: BillOfLading): string[] {
  return [bl.shipper, bl.consignee, bl.forwarder, ...bl.notifyParties]
    .map((p) => p?.name?.trim() ?? '')
    .filter(Boolean);
}

describe.each(FORMATS)('coverage is total: $format', ({ file, write }) => {
  it('every declared container is assessed and every party name screened, whatever the field errors', async () => {
    const compiledScreened = new Set<string>();
    const screening: ScreeningLookup = {
      screen: (name) => {
        compiledScreened.add(nameKey(name));
        return [];
      },
      byIdentifier: () => [],
    };
    const compiled = compileProfiles(defaultProfileSet(), { screening });

    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 12 }),
        fc.nat({ max: 1_000_000 }),
        fc.array(corruption, { minLength: 1, maxLength: 6 }),
        async (containers, seed, corruptions) => {
          compiledScreened.clear();
          const manifest = structuredClone(generateManifest({ containers, seed }).manifest);
          for (const [name, pick] of corruptions) CORRUPTIONS[name]?.(manifest, pick);

          const { manifest: parsed, report } = await parseManifest(bytesSource(write(manifest), file));
          expect(report.status, JSON.stringify(report.issues.slice(0, 3))).not.toBe('rejected');
          if (!parsed) throw new Error('no manifest');
          const { assessments, summary } = profileManifest(parsed, compiled);

          const assessed = new Set(assessments.map((a) => a.containerNumber));
          for (const c of manifest.containers) expect(assessed).toContain(normaliseContainerNumber(c.number));
          expect(summary.containersDeclared).toBe(summary.containers - summary.billsOfLadingWithoutContainer);

          const names = manifest.billsOfLading.flatMap(partyNames).map(nameKey);
          for (const name of names) expect(compiledScreened, name).toContain(name);

          // Every error is reported, none hides a record: nothing here can be set aside.
          expect(report.counts.rejectedRecords).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
