import { describe, expect, it } from 'vitest';
import { compileProfiles, defaultProfileSet, validateProfileSet } from '#core/profiling/index.ts';
import { buildScreeningIndex } from '#core/screening/index.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import { WatchlistEntry } from '#schemas/watchlist.ts';
import { evidenceOf as evidenceWith, unitOf } from './units.ts';

// A real entry as the OFAC SDN list (2023-12-28) writes it.
const screening = buildScreeningIndex([
  WatchlistEntry.parse({
    id: '23777',
    list: 'OFAC-SDN',
    type: 'organization',
    name: 'HUAXIN SHIPPING HONGKONG LTD',
    reason: 'programme DPRK4',
  }),
]);
const evidenceOf = (when: unknown, unit: ContainerUnit) => evidenceWith(when, unit, screening);
const reversed = (s: string) => [...s].reverse().join('');
const RLO_HUAXIN = `\u202E${reversed('HUAXIN SHIPPING HONGKONG LTD')}`;

describe('hiddenCharacters indicator', () => {
  it('hits a party name with a right-to-left override, showing the name as read and the code point', () => {
    const unit = unitOf({ bls: [{ consignee: { name: RLO_HUAXIN, country: 'HK' } }] });
    expect(evidenceOf({ hiddenCharacters: true }, unit)).toEqual([
      {
        field: 'consignee.name',
        value: 'HUAXIN SHIPPING HONGKONG LTD',
        detail:
          'hidden characters in the consignee name: bidi-control (U+202E); reads as "HUAXIN SHIPPING HONGKONG LTD"',
      },
    ]);
  });

  it('filters by role and kind, and stays silent on clean names, emoji and Persian joiners', () => {
    const unit = unitOf({
      bls: [
        {
          shipper: { name: 'NINGBO\uFFFE HOMESTYLE FURNITURE CO., LTD.', country: 'CN' },
          notifyParties: [{ name: 'VAN DER MEER WO\u200BNEN B.V.' }],
        },
      ],
    });
    expect(evidenceOf({ hiddenCharacters: { role: 'shipper' } }, unit)?.[0]?.detail).toMatch(
      /^hidden characters in the shipper name: noncharacter \(U\+FFFE\)/,
    );
    expect(evidenceOf({ hiddenCharacters: { kinds: ['invisible'] } }, unit)).toEqual([
      expect.objectContaining({ field: 'notify.name', value: 'VAN DER MEER WONEN B.V.' }),
    ]);
    expect(evidenceOf({ hiddenCharacters: { role: 'consignee' } }, unit)).toBeNull();
    expect(evidenceOf({ hiddenCharacters: true }, unitOf())).toBeNull();
    const decorated = unitOf({
      bls: [{ consignee: { name: 'شرکت می\u200Cخواهم 🚢 TRADING' }, shipper: { name: 'ACME ❤\uFE0F LTD' } }],
    });
    expect(evidenceOf({ hiddenCharacters: true }, decorated)).toBeNull();
  });

  it('reads Cyrillic lookalikes in a Latin word as Latin', () => {
    const unit = unitOf({ bls: [{ shipper: { name: 'НUАХIN SНIРРING НОNGKОNG LТD' } }] });
    expect(evidenceOf({ hiddenCharacters: true }, unit)?.[0]).toMatchObject({
      field: 'shipper.name',
      value: 'HUAXIN SHIPPING HONGKONG LTD',
      detail: expect.stringMatching(/: lookalike; reads as/),
    });
  });

  it('in the default profiles: the disguised listed consignee is screened as read and flagged as disguised', () => {
    const compiled = compileProfiles(defaultProfileSet(), { screening });
    const unit = unitOf({ bls: [{ consignee: { name: RLO_HUAXIN, country: 'HK' } }] });
    const hits = compiled.assess(unit).hits;
    const ids = hits.map((h) => h.ruleId);
    expect(ids).toContain('PARTY-NAME-DISGUISED');
    expect(ids).toContain('WL-PARTY-STRONG');
    const wl = hits.find((h) => h.ruleId === 'WL-PARTY-STRONG')!;
    expect(wl.evidence[0]?.watchlist).toMatchObject({ entityId: '23777', role: 'consignee', score: 1 });
    // Control characters alone (a broken export more often than a trick) do not count by default.
    const broken = unitOf({ bls: [{ consignee: { name: 'VAN DER MEER\u0000 WONEN B.V.' } }] });
    expect(compiled.assess(broken).hits.map((h) => h.ruleId)).not.toContain('PARTY-NAME-DISGUISED');
  });

  it('rejects an unknown kind with a message naming the rule and field', () => {
    const raw = {
      version: 'api-1',
      rules: [
        {
          id: 'X1',
          description: 'x',
          when: { hiddenCharacters: { kinds: ['emoji'] } },
          outcome: { weight: 1 },
        },
      ],
    };
    expect(() => validateProfileSet(raw, 'request body')).toThrow(/rule "X1", field when\.hiddenCharacters/);
  });
});
