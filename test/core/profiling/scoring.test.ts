import { describe, expect, it } from 'vitest';
import { compileProfiles, randomDraw } from '#core/profiling/index.ts';
import { ProfileSet, type ProfileSetInput } from '#schemas/risk-profile.ts';
import { unitOf } from './units.ts';

const soc = unitOf({ container: { shipperOwned: true } });
const base: ProfileSetInput = {
  version: 'score-1',
  defaultThreshold: 50,
  ports: { BEANR: { threshold: 20 } },
  rules: [
    { id: 'SOC', description: 'Shipper-owned', when: { shipperOwned: true }, outcome: { weight: 30 } },
    {
      id: 'SOC-AUDIT',
      description: 'Shipper-owned, audit',
      when: { shipperOwned: true },
      outcome: { weight: 5, lane: 'blue' },
    },
    {
      id: 'CN-FURNITURE',
      description: 'Furniture from China',
      when: {
        all: [
          { field: 'shipper.country', equals: 'CN' },
          { field: 'goods.hsCode', prefix: '9403' },
        ],
      },
      outcome: { weight: 10 },
    },
  ],
};
const compile = (over: Partial<ProfileSetInput> = {}) =>
  compileProfiles(ProfileSet.parse({ ...base, ...over }));

describe('scoring', () => {
  it('sums weights, takes the most severe lane, sorts hits by lane then weight', () => {
    const a = compile().assess(soc);
    expect(a.score).toBe(45);
    expect(a.lane).toBe('blue');
    expect(a.hits.map((h) => h.ruleId)).toEqual(['SOC-AUDIT', 'SOC', 'CN-FURNITURE']);
    expect(a).toMatchObject({
      containerNumber: 'MSCU1234566',
      billsOfLading: ['MEDUNB812345'],
      profileVersion: 'score-1',
    });
  });

  it('flags on the port threshold: not at 45 < 50 in Rotterdam, yes in Antwerp (threshold 20)', () => {
    expect(compile().assess(soc)).toMatchObject({ flagged: false, threshold: 50 });
    expect(compile().assess(soc, { reportingPort: 'BEANR' })).toMatchObject({ flagged: true, threshold: 20 });
  });

  it('a red or yellow lane flags whatever the score; blue and green do not', () => {
    const red = compile({
      rules: [{ id: 'R', description: 'r', when: { shipperOwned: true }, outcome: { lane: 'red' } }],
    }).assess(soc);
    expect(red).toMatchObject({ lane: 'red', score: 0, flagged: true });
    const yellowAndRed = compile({
      rules: [
        { id: 'Y', description: 'y', when: { shipperOwned: true }, outcome: { lane: 'yellow', weight: 1 } },
        { id: 'R', description: 'r', when: { shipperOwned: true }, outcome: { lane: 'red', weight: 1 } },
        { id: 'G', description: 'g', when: { shipperOwned: true }, outcome: { lane: 'green', weight: 1 } },
      ],
    }).assess(soc);
    expect(yellowAndRed.lane).toBe('red');
    expect(compile().assess(unitOf())).toMatchObject({ lane: 'green', flagged: false, score: 10 });
  });

  it('rules apply only to their ports and within their validity dates', () => {
    const compiled = compile({
      rules: [
        {
          id: 'ANR',
          description: 'Antwerp only',
          ports: ['BEANR'],
          when: { shipperOwned: true },
          outcome: { weight: 1 },
        },
        {
          id: 'WINTER',
          description: 'Winter campaign',
          validFrom: '2026-12-01',
          validTo: '2027-02-28',
          when: { shipperOwned: true },
          outcome: { weight: 1 },
        },
        {
          id: 'OFF',
          description: 'Disabled',
          enabled: false,
          when: { shipperOwned: true },
          outcome: { weight: 1 },
        },
      ],
    });
    const ids = (port: string, asOf: string) =>
      compiled
        .assess(soc, { reportingPort: port, asOf })
        .hits.map((h) => h.ruleId)
        .sort();
    expect(ids('NLRTM', '2026-12-02')).toEqual(['WINTER']);
    expect(ids('BEANR', '2026-12-02')).toEqual(['ANR', 'WINTER']);
    expect(ids('BEANR', '2026-11-30')).toEqual(['ANR']);
    expect(ids('NLRTM', '2027-02-28')).toEqual(['WINTER']);
    expect(ids('NLRTM', '2027-03-01')).toEqual([]);
    // default date: the voyage ETA (2026-12-02 in the fixture)
    expect(compiled.assess(soc).hits.map((h) => h.ruleId)).toEqual(['WINTER']);
  });
});

describe('random selection', () => {
  const units = Array.from({ length: 20_000 }, (_, i) => {
    const serial = String(100_000 + i).padStart(6, '0');
    return { ...unitOf(), container: { ...unitOf().container, number: `TGHU${serial}0` } };
  });

  it('selects close to the configured rate (1% of 20,000 within 3 sigma)', () => {
    const compiled = compile({ rules: [], randomSelection: { rate: 0.01, lane: 'yellow' } });
    const selected = units.filter((u) => compiled.assess(u).randomlySelected).length;
    // binomial sd = sqrt(20000 * 0.01 * 0.99) ~ 14
    expect(selected).toBeGreaterThan(200 - 42);
    expect(selected).toBeLessThan(200 + 42);
  });

  it('is reproducible (content-seeded) and reshuffles with a new profile version', () => {
    const a = compile({ rules: [], randomSelection: { rate: 0.05, lane: 'yellow' } });
    const b = compile({ rules: [], randomSelection: { rate: 0.05, lane: 'yellow' } });
    const c = compile({ version: 'score-2', rules: [], randomSelection: { rate: 0.05, lane: 'yellow' } });
    const pick = (x: typeof a) =>
      units
        .slice(0, 2000)
        .filter((u) => x.assess(u).randomlySelected)
        .map((u) => u.container.number);
    const [pa, pb, pc] = [pick(a), pick(b), new Set(pick(c))];
    expect(pa).toEqual(pb);
    expect(pa.filter((n) => pc.has(n)).length).toBeLessThan(pa.length / 2);
    expect(randomDraw(units[0]!, 'v1')).toBe(randomDraw(structuredClone(units[0]!), 'v1'));
  });

  it('a randomly selected container carries a RANDOM hit in the configured lane and is flagged', () => {
    const compiled = compile({ rules: [], randomSelection: { rate: 1, lane: 'red', weight: 0 } });
    const a = compiled.assess(unitOf());
    expect(a).toMatchObject({ randomlySelected: true, flagged: true, lane: 'red' });
    expect(a.hits[0]).toMatchObject({ ruleId: 'RANDOM', lane: 'red' });
  });
});
