import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isUldId,
  isValidAwbNumber,
  isValidContainerNumber,
  isValidWagonNumber,
} from '#core/identifiers/index.ts';
import { bytesSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import { loadWatchlist } from '#core/watchlists/index.ts';
import {
  DEFAULT_MODAL_PORTS,
  GeneratorOptionError,
  generateManifest,
  generateManifestText,
} from '#generator/index.ts';
import type { Container, Manifest, TransportMode } from '#schemas/manifest.ts';

/** The equipment's identifier is valid for its kind, check digit included. */
function validEquipment(c: Container): boolean {
  switch (c.kind) {
    case 'wagon':
      return isValidWagonNumber(c.number);
    case 'uld':
      return isUldId(c.number);
    case 'trailer':
      return /^[A-Z0-9]{6,10}$/.test(c.number);
    default:
      return isValidContainerNumber(c.number);
  }
}

const FORMATS: Record<TransportMode, ('csv' | 'json' | 'cuscar')[]> = {
  sea: ['csv', 'json', 'cuscar'],
  rail: ['csv', 'json'],
  road: ['csv', 'json'],
  air: ['csv', 'json'],
};

const caseArb = fc
  .record({
    mode: fc.constantFrom<TransportMode>('sea', 'rail', 'road', 'air'),
    seed: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.string({ maxLength: 8 })),
    containers: fc.integer({ min: 1, max: 40 }),
  })
  .map((c) => ({ ...c, containers: c.mode === 'road' ? Math.min(c.containers, 2) : c.containers }));

describe('generated manifests of every mode', () => {
  it('round-trip through every format that carries them, with no error', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ mode, seed, containers }) => {
        const opts = { mode, seed, containers };
        const { manifest } = generateManifest(opts);
        expect(manifest.containers).toHaveLength(containers);
        for (const format of FORMATS[mode]) {
          const text = [...generateManifestText(opts, format).chunks].join('');
          const { manifest: parsed, report } = await parseManifest(bytesSource(text, `g.${format}`), {
            format,
          });
          expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
          // The only warnings: real terminals whose UN/LOCODE entry lacks the mode's function
          // flag (Xi'an CNXIY and Zhengzhou CNCGO are China-Europe rail hubs listed as road or
          // airport only), and a rail or road voyage's reporting place, still checked as a seaport.
          expect(
            report.issues.filter((i) => i.code !== 'LOCODE_FUNCTION' && i.code !== 'LOCODE_NOT_SEAPORT'),
          ).toEqual([]);
          expect(report.issues.every((i) => i.severity === 'warning')).toBe(true);
          expect(parsed).toEqual(manifest);
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('carry valid identifiers with check digits and the mode on the voyage', () => {
    for (const mode of ['rail', 'road', 'air'] as const) {
      for (const seed of [1, 2, 3]) {
        const { manifest } = generateManifest({ mode, seed, containers: mode === 'road' ? 2 : 30 });
        expect(manifest.voyage.mode).toBe(mode);
        expect(manifest.containers.filter((c) => !validEquipment(c))).toEqual([]);
        if (mode === 'air') {
          expect(manifest.billsOfLading.every((bl) => bl.documentType === 'air-waybill')).toBe(true);
          const masters = manifest.billsOfLading.filter((bl) => bl.type === 'master');
          expect(masters.length).toBeGreaterThan(0);
          expect(masters.filter((bl) => !isValidAwbNumber(bl.number))).toEqual([]);
        }
      }
    }
  });
});

describe('routes', () => {
  const sample = (mode: 'rail' | 'road' | 'air'): Manifest[] =>
    [1, 2, 3, 4, 5, 6].map(
      (seed) => generateManifest({ mode, seed, containers: mode === 'road' ? 1 : 25 }).manifest,
    );

  it('rail: China-Europe and Central Asian trains from Chinese terminals through Horgos or Dostyk', () => {
    for (const m of sample('rail')) {
      expect(DEFAULT_MODAL_PORTS.rail).toContain(m.voyage.reportingPort);
      expect(['KZHOR', 'KZDOS']).toContain(m.voyage.borderStation);
      expect(m.voyage.trainNumber).toMatch(/^X[89]\d{3}$/);
      for (const bl of m.billsOfLading) {
        expect(bl.documentType).toBe('cim-smgs');
        expect(['CNXIY', 'CNURC', 'CNCGO']).toContain(bl.portOfLoading);
        expect(['KZALA', 'UZTAS', 'KGFRU', 'DEDUI', 'PLWAW']).toContain(bl.placeOfDelivery);
      }
    }
  });

  it('road: a truck into Termez under CMRs and a TIR carnet', () => {
    for (const m of sample('road')) {
      expect(m.voyage).toMatchObject({ reportingPort: 'UZTER', borderStation: 'UZTER' });
      expect(m.voyage.tirCarnet).toMatch(/^XH\d{8}$/);
      expect(m.containers).toEqual([
        expect.objectContaining({ kind: 'trailer', number: m.voyage.trailerRegistration }),
      ]);
      expect(m.billsOfLading.every((bl) => bl.documentType === 'cmr')).toBe(true);
    }
    expect(() => generateManifest({ mode: 'road', seed: 1, containers: 3 })).toThrow(GeneratorOptionError);
  });

  it('air: e-commerce consolidations from Hong Kong or Shanghai, house waybills to private buyers', () => {
    for (const m of sample('air')) {
      expect(['UZTAS', 'KZALA']).toContain(m.voyage.reportingPort);
      const houses = m.billsOfLading.filter((bl) => bl.type === 'house');
      expect(houses.length).toBeGreaterThan(m.containers.length);
      for (const bl of m.billsOfLading) expect(['HKHKG', 'CNPVG']).toContain(bl.portOfLoading);
      const masters = new Set(m.billsOfLading.filter((bl) => bl.type === 'master').map((bl) => bl.number));
      expect(houses.every((h) => h.masterNumber && masters.has(h.masterNumber))).toBe(true);
    }
  });

  it('CUSCAR is refused for a manifest that is not a sea manifest', () => {
    expect(() => generateManifestText({ mode: 'rail', seed: 1, containers: 5 }, 'cuscar')).toThrow(
      /sea manifests only/,
    );
  });
});

describe('planting in rail and air manifests', () => {
  const entries = loadWatchlist('test/fixtures/profiling/pcu-watchlist.csv');

  it('plants parties (and, by rail, containers) with their ground truth, never a vessel', () => {
    for (const mode of ['rail', 'air'] as const) {
      // The fixture list has 3 parties and containers a manifest without a vessel can carry.
      const { manifest, truth } = generateManifest({
        mode,
        seed: 9,
        containers: 40,
        plant: { count: 3, entries },
      });
      expect(truth).toHaveLength(3);
      for (const t of truth ?? []) {
        expect(t.role).not.toBe('vessel');
        if (mode === 'air') expect(t.role).not.toBe('container');
        for (const n of t.containers) expect(manifest.containers.some((c) => c.number === n)).toBe(true);
        if (t.role === 'container') {
          const unit = manifest.containers.find((c) => c.number === t.plantedValue);
          expect(unit?.kind).toBeUndefined();
        }
      }
    }
  });
});
