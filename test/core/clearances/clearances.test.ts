import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyClearances,
  type Clearance,
  ClearanceError,
  ClearanceIndex,
  clearanceOfEvidence,
  entryFingerprint,
} from '#core/clearances/clearances.ts';
import { compileProfiles } from '#core/profiling/index.ts';
import { buildScreeningIndex } from '#core/screening/index.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import { ProfileSet } from '#schemas/risk-profile.ts';
import { WatchlistEntry } from '#schemas/watchlist.ts';
import { unitOf } from '../profiling/units.ts';

// OFAC SDN entry 306 as the list writes it, and the same entry after a list update added an alias.
const banco = WatchlistEntry.parse({
  id: '306',
  list: 'OFAC-SDN',
  type: 'organization',
  name: 'BANCO NACIONAL DE CUBA',
  aliases: ['BNC'],
  countries: ['Cuba'],
  reason: 'programme CUBA',
});
const bancoUpdated = WatchlistEntry.parse({ ...banco, aliases: ['BNC', 'NATIONAL BANK OF CUBA'] });

const profiles = ProfileSet.parse({
  version: 'p-2026-12',
  defaultThreshold: 50,
  rules: [
    {
      id: 'WL-PARTY',
      description: 'Party on a sanctions list',
      when: { watchlistParty: { role: 'any' } },
      outcome: { weight: 80, lane: 'red' },
    },
    {
      id: 'FURNITURE-CN',
      description: 'Furniture from China',
      when: { field: 'goods.hsCode', prefix: '9403' },
      outcome: { weight: 5 },
    },
  ],
});

function assess(entry: WatchlistEntry, consignee = { name: 'Banco Nacional de Cuba S.A.', country: 'CU' }) {
  const compiled = compileProfiles(profiles, { screening: buildScreeningIndex([entry]) });
  return compiled.assess(unitOf({ bls: [{ consignee, notifyParties: [] }] }), { reportingPort: 'NLRTM' });
}

function watchlistEvidence(a: ContainerAssessment) {
  const e = a.hits.find((h) => h.ruleId === 'WL-PARTY')?.evidence[0];
  if (!e) throw new Error('no watchlist hit');
  return e;
}

const maria = { subject: 'sub-maria', username: 'maria' };
const at = new Date('2026-12-01T09:00:00.000Z');

function clearanceFor(a: ContainerAssessment, over: Partial<Clearance> = {}): Clearance {
  return {
    ...clearanceOfEvidence(watchlistEvidence(a), {
      id: 'c-1',
      port: 'NLRTM',
      reason: 'Importer is a Rotterdam furniture wholesaler, KvK 24125061; not the Cuban state bank',
      listVersion: 'snap-41',
      by: maria,
      at,
    }),
    ...over,
  };
}

describe('clearances', () => {
  const first = assess(banco);

  it('a name match carries the party country and the entry fingerprint', () => {
    expect(first.flagged).toBe(true);
    expect(watchlistEvidence(first).watchlist).toMatchObject({
      entityId: '306',
      partyCountry: 'CU',
      entryFingerprint: entryFingerprint(banco),
    });
  });

  it('a cleared party no longer alerts: the hit is shown as cleared, without weight or lane', () => {
    const clearance = clearanceFor(first);
    expect(clearance.expiresAt).toBe('2027-12-01T09:00:00.000Z');
    const cleared = applyClearances(
      assess(banco),
      new ClearanceIndex('NLRTM', [clearance], at.toISOString()),
    );
    expect(cleared).toMatchObject({ flagged: false, lane: 'green', score: 5 });
    expect(cleared.hits.map((h) => h.ruleId)).toEqual(['FURNITURE-CN', 'WL-PARTY']);
    const hit = cleared.hits[1];
    expect(hit?.weight).toBe(0);
    expect(hit?.lane).toBeUndefined();
    expect(hit?.cleared).toEqual({ weight: 80, lane: 'red' });
    expect(hit?.evidence[0]?.clearance).toEqual({
      clearanceId: 'c-1',
      by: 'maria',
      at: '2026-12-01T09:00:00.000Z',
      reason: 'Importer is a Rotterdam furniture wholesaler, KvK 24125061; not the Cuban state bank',
    });
  });

  it('alerts again once the entry changes in a list update', () => {
    const index = new ClearanceIndex('NLRTM', [clearanceFor(first)], at.toISOString());
    expect(applyClearances(assess(bancoUpdated), index)).toMatchObject({ flagged: true, lane: 'red' });
  });

  it('alerts again after expiry or revocation, and another port’s clearance does not apply', () => {
    const clearance = clearanceFor(first, { expiresAt: '2026-12-05T00:00:00.000Z' });
    expect(applyClearances(first, new ClearanceIndex('NLRTM', [clearance], '2026-12-05T00:00:00.000Z'))).toBe(
      first,
    );
    const revoked = { ...clearance, revoked: { by: maria, at: '2026-12-02T10:00:00.000Z', reason: 'wrong' } };
    expect(applyClearances(first, new ClearanceIndex('NLRTM', [revoked], '2026-12-03T00:00:00.000Z'))).toBe(
      first,
    );
    const antwerp = { ...clearance, port: 'BEANR' };
    expect(applyClearances(first, new ClearanceIndex('NLRTM', [antwerp], '2026-12-03T00:00:00.000Z'))).toBe(
      first,
    );
    expect(new ClearanceIndex('BEANR', [antwerp], '2026-12-03T00:00:00.000Z').size).toBe(1);
  });

  it('is for the party as declared: same name from another country still alerts', () => {
    const index = new ClearanceIndex('NLRTM', [clearanceFor(first)], at.toISOString());
    const fromPanama = assess(banco, { name: 'Banco Nacional de Cuba S.A.', country: 'PA' });
    expect(applyClearances(fromPanama, index).flagged).toBe(true);
    // The normaliser folds case, dots and accents: the same party written differently is cleared.
    const respelled = assess(banco, { name: 'BANCO NACIONAL DE CUBA SA', country: 'CU' });
    expect(applyClearances(respelled, index).flagged).toBe(false);
  });

  it('refuses to clear what is not a party name match, or without a reason', () => {
    const base = { id: 'c', port: 'NLRTM', listVersion: 's', by: maria, at };
    expect(() =>
      clearanceOfEvidence({ field: 'goods.hsCode', value: '940360' }, { ...base, reason: 'x' }),
    ).toThrow(ClearanceError);
    expect(() => clearanceOfEvidence(watchlistEvidence(first), { ...base, reason: '  ' })).toThrow(
      'a reason is required',
    );
    expect(() =>
      clearanceOfEvidence(watchlistEvidence(first), {
        ...base,
        reason: 'x',
        expiresAt: '2026-11-30T00:00:00.000Z',
      }),
    ).toThrow('expiresAt must be in the future');
  });

  it('suppresses exactly when port, entry, party key and fingerprint match and it is in force', () => {
    const good = clearanceFor(first);
    const perturbations: Array<[string, (c: Clearance) => Clearance]> = [
      ['none', (c) => c],
      ['port', (c) => ({ ...c, port: 'BEANR' })],
      ['list', (c) => ({ ...c, list: 'UN-SC' })],
      ['entityId', (c) => ({ ...c, entityId: '307' })],
      ['party', (c) => ({ ...c, party: { ...c.party, country: 'PA' } })],
      ['fingerprint', (c) => ({ ...c, entryFingerprint: entryFingerprint(bancoUpdated) })],
      ['expired', (c) => ({ ...c, expiresAt: '2026-12-01T09:00:00.000Z' })],
    ];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: perturbations.length - 1 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 364 * 86_400_000 }),
        (choices, offsetMs) => {
          const now = new Date(at.getTime() + offsetMs).toISOString();
          const clearances = choices.map((i, n) => ({ ...perturbations[i]![1](good), id: `c-${n}` }));
          const result = applyClearances(first, new ClearanceIndex('NLRTM', clearances, now));
          const anyExact = choices.some((i) => perturbations[i]![0] === 'none');
          expect(result.flagged).toBe(!anyExact);
        },
      ),
    );
  });
});
