import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProfiles, NUMERIC_PATHS } from '#core/profiling/index.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import { FIELD_PATHS, type FieldPath, ProfileSet } from '#schemas/risk-profile.ts';
import { unitOf } from './units.ts';

// ---- arbitraries: valid conditions built from the rules grammar
const textPaths = FIELD_PATHS.filter((p) => !NUMERIC_PATHS.has(p));
const numericPaths = [...NUMERIC_PATHS] as FieldPath[];
const word = fc.constantFrom(
  'CN',
  'CO',
  'NLRTM',
  'COBUN',
  'FAK',
  'TO ORDER',
  '9403',
  '2939',
  'full',
  'true',
  'MSCU',
  '45G1',
);
const safeRegex = fc.constantFrom('^MSCU', 'ORDER', '\\d{4}', 'TABLE|CHAIR', '^$', '[A-Z]{2}');

const fieldCondition = fc.oneof(
  fc.record({ field: fc.constantFrom(...textPaths), equals: word }),
  fc.record({ field: fc.constantFrom(...textPaths), in: fc.array(word, { minLength: 1, maxLength: 4 }) }),
  // HS-code prefixes must be digits (the compiler rejects others), hence their own arbitrary.
  fc.record({
    field: fc.constantFrom(...textPaths.filter((p) => p !== 'goods.hsCode')),
    prefix: fc.array(word, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    field: fc.constant('goods.hsCode'),
    prefix: fc.array(fc.stringMatching(/^\d{2,6}$/), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ field: fc.constantFrom(...textPaths), regex: safeRegex, match: fc.constantFrom('any', 'all') }),
  fc
    .tuple(
      fc.constantFrom(...numericPaths),
      fc.integer({ min: 0, max: 40_000 }),
      fc.integer({ min: 0, max: 40_000 }),
    )
    .map(([field, a, b]) => ({ field, range: { min: Math.min(a, b), max: Math.max(a, b) } })),
  fc.record({
    field: fc.constantFrom(...FIELD_PATHS),
    missing: fc.boolean(),
    match: fc.constantFrom('any', 'all'),
  }),
);
const indicator = fc.constantFrom(
  { vagueDescription: true },
  { consigneeToOrder: true },
  { consigneeToOrder: { includeMissing: false } },
  { weightImplausible: true },
  { weightImplausible: { checks: ['perPackage'], perPackageKg: { min: 1, max: 40 } } },
  { invalidCheckDigit: true },
  { shipperOwned: true },
  { route: { countries: ['CO', 'EC'] } },
  { route: { ports: ['PAMIT'], legs: ['transshipment'] } },
  { watchlistParty: { role: 'any' } },
  { watchlistContainer: true },
);
const { condition } = fc.letrec<{ condition: unknown }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldCondition,
    indicator,
    fc.record({ all: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('condition') }),
  ),
}));

// ---- arbitrary realistic units
const unitArb: fc.Arbitrary<ContainerUnit> = fc
  .record({
    portOfLoading: fc.constantFrom('CNNGB', 'COBUN', 'ECGYE', 'NLRTM'),
    transshipmentPorts: fc.subarray(['PAMIT', 'SGSIN', 'DOCAU']),
    hsCode: fc.constantFrom('940360', '080390', '293941', '291524', undefined),
    description: fc.constantFrom(
      'WOODEN DINING TABLES',
      'FAK',
      'STC GENERAL CARGO',
      'FRESH BANANAS CAVENDISH',
      '',
    ),
    consignee: fc.constantFrom('VAN DER MEER WONEN B.V.', 'TO ORDER', undefined),
    number: fc.constantFrom('MSCU1234566', 'MSCU1234567', 'TGHU8837214'),
    isoType: fc.constantFrom('22G1', '45G1', '42R1', undefined),
    shipperOwned: fc.boolean(),
    vgm: fc.option(fc.integer({ min: 500, max: 45_000 }), { nil: undefined }),
    weight: fc.option(fc.integer({ min: 1, max: 40_000 }), { nil: undefined }),
    packages: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: undefined }),
    twoBls: fc.boolean(),
  })
  .map((u) => {
    const bl = {
      portOfLoading: u.portOfLoading,
      transshipmentPorts: u.transshipmentPorts,
      consignee: u.consignee ? { name: u.consignee } : undefined,
      goods: [
        {
          lineNumber: 1,
          description: u.description,
          hsCode: u.hsCode,
          grossWeightKg: u.weight,
          packageCount: u.packages,
        },
      ],
    };
    return unitOf({
      container: {
        number: u.number,
        isoType: u.isoType,
        shipperOwned: u.shipperOwned,
        verifiedGrossMassKg: u.vgm,
      },
      bls: u.twoBls ? [bl, {}] : [bl],
    });
  });

function compile(whens: unknown[]) {
  return compileProfiles(
    ProfileSet.parse({
      version: 'prop',
      rules: whens.map((when, i) => ({
        id: `R${i}`,
        description: `rule ${i}`,
        when,
        outcome: { weight: 1 },
      })),
    }),
  );
}
/** Truth value of each condition on the unit, in one compiled set. */
function truths(whens: unknown[], unit: ContainerUnit): boolean[] {
  const hit = new Set(
    compile(whens)
      .assess(unit, { asOf: '2026-12-01' })
      .hits.map((h) => h.ruleId),
  );
  return whens.map((_, i) => hit.has(`R${i}`));
}

describe('rules compiler (property tests)', () => {
  it('every condition the schema accepts compiles and evaluates without throwing', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 5 }), unitArb, (whens, unit) => {
        const compiled = compile(whens);
        const a = compiled.assess(unit);
        expect(a.hits.length).toBeLessThanOrEqual(whens.length);
      }),
      { numRuns: 300 },
    );
  });

  it('not(not(x)) == x', () => {
    fc.assert(
      fc.property(condition, unitArb, (c, unit) => {
        const [x, nnx] = truths([c, { not: { not: c } }], unit);
        expect(nnx).toBe(x);
      }),
      { numRuns: 300 },
    );
  });

  it('all/any laws: conjunction, disjunction, De Morgan, identity of a single member', () => {
    fc.assert(
      fc.property(condition, condition, unitArb, (a, b, unit) => {
        const [ta, tb, all, any, notAll, deMorgan, allOne, anyOne] = truths(
          [
            a,
            b,
            { all: [a, b] },
            { any: [a, b] },
            { not: { all: [a, b] } },
            { any: [{ not: a }, { not: b }] },
            { all: [a] },
            { any: [a] },
          ],
          unit,
        );
        expect(all).toBe(ta && tb);
        expect(any).toBe(ta || tb);
        expect(notAll).toBe(deMorgan);
        expect(allOne).toBe(ta);
        expect(anyOne).toBe(ta);
      }),
      { numRuns: 300 },
    );
  });

  it('an assessment is deterministic: same unit, same profiles => same result, also after recompiling', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), unitArb, (whens, unit) => {
        const first = compile(whens).assess(unit, { asOf: '2026-12-01' });
        const again = compile(whens).assess(structuredClone(unit), { asOf: '2026-12-01' });
        expect(again).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });
});
