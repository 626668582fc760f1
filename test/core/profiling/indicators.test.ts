import { describe, expect, it } from 'vitest';
import { countryCodeOf } from '#core/profiling/country-names.ts';
import { compileProfiles, defaultProfileSet, vagueDescriptionTest } from '#core/profiling/index.ts';
import { buildScreeningIndex } from '#core/screening/index.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import { ProfileSet } from '#schemas/risk-profile.ts';
import { WatchlistEntry } from '#schemas/watchlist.ts';
import { evidenceOf as evidenceWith, unitOf } from './units.ts';

// Real entries as the OFAC SDN list (2023-12-28) and a PCU's own list write them.
const entries = [
  {
    id: '306',
    list: 'OFAC-SDN',
    type: 'organization',
    name: 'BANCO NACIONAL DE CUBA',
    aliases: ['BNC'],
    countries: ['Cuba'],
    reason: 'programme CUBA',
  },
  {
    id: '8394',
    list: 'OFAC-SDN',
    type: 'organization',
    name: 'PANDORA SHIPPING CO. S.A.',
    reason: 'programme IRAQ2',
  },
  {
    id: '4243',
    list: 'OFAC-SDN',
    type: 'vessel',
    name: 'EBANO',
    aliases: ['ANA I', 'SAND SWAN'],
    identifiers: [{ type: 'imo', value: '7406784' }],
  },
  {
    id: 'RTM-2026-014',
    list: 'pcu-rotterdam',
    type: 'container',
    name: 'TGHU8837214',
    identifiers: [{ type: 'container', value: 'TGHU8837214' }],
    reason: 'false wall found 2026-03',
  },
].map((e) => WatchlistEntry.parse(e));
const screening = buildScreeningIndex(entries);
const evidenceOf = (when: unknown, unit: ContainerUnit) => evidenceWith(when, unit, screening);

describe('watchlist indicators', () => {
  it('party on a watchlist: evidence names the entry, list, alias and score', () => {
    const unit = unitOf({ bls: [{ consignee: { name: 'Banco Nacional de Cuba', country: 'CU' } }] });
    const evidence = evidenceOf({ watchlistParty: { role: 'any' } }, unit);
    expect(evidence).toHaveLength(1);
    expect(evidence?.[0]).toMatchObject({
      field: 'consignee.name',
      value: 'Banco Nacional de Cuba',
      watchlist: {
        entityId: '306',
        list: 'OFAC-SDN',
        matchedName: 'BANCO NACIONAL DE CUBA',
        role: 'consignee',
      },
    });
    expect(evidence?.[0]?.watchlist?.score).toBeGreaterThan(0.95);
  });

  it('party role restricts where it looks; minScore and lists filter', () => {
    const unit = unitOf({ bls: [{ notifyParties: [{ name: 'PANDORA SHIPPING CO SA' }] }] });
    expect(evidenceOf({ watchlistParty: { role: 'notify' } }, unit)).not.toBeNull();
    expect(evidenceOf({ watchlistParty: { role: 'shipper' } }, unit)).toBeNull();
    expect(evidenceOf({ watchlistParty: { role: 'notify', lists: ['UN-SC'] } }, unit)).toBeNull();
    expect(evidenceOf({ watchlistParty: { role: 'any' } }, unitOf())).toBeNull();
  });

  it('sameCountry: the declared country must be one the entry lists', () => {
    const when = { watchlistParty: { role: 'consignee', sameCountry: true } };
    const cuban = unitOf({ bls: [{ consignee: { name: 'BANCO NACIONAL DE CUBA', country: 'CU' } }] });
    expect(evidenceOf(when, cuban)?.[0]).toMatchObject({
      detail: 'declared country CU is listed for the entry',
      watchlist: { entityId: '306' },
    });
    const elsewhere = unitOf({ bls: [{ consignee: { name: 'BANCO NACIONAL DE CUBA', country: 'PA' } }] });
    expect(evidenceOf(when, elsewhere)).toBeNull();
    expect(evidenceOf(when, unitOf({ bls: [{ consignee: { name: 'BANCO NACIONAL DE CUBA' } }] }))).toBeNull();
  });

  it('watchlist country names resolve to ISO codes', () => {
    expect(
      [
        'Cuba',
        'Russia',
        'Korea, North',
        "Democratic People's Republic of Korea",
        'Iran, Islamic Republic of',
        'Burma',
        'Côte d’Ivoire',
        'United Kingdom of Great Britain and Northern Ireland',
        'PA',
        'Atlantis',
      ].map(countryCodeOf),
    ).toEqual(['CU', 'RU', 'KP', 'KP', 'IR', 'MM', 'CI', 'GB', 'PA', undefined]);
  });

  it('container and vessel IMO on a watchlist', () => {
    const box = unitOf({ container: { number: 'TGHU8837214' } });
    expect(evidenceOf({ watchlistContainer: true }, box)?.[0]?.watchlist).toMatchObject({
      entityId: 'RTM-2026-014',
      list: 'pcu-rotterdam',
      matchedOn: 'container',
    });
    expect(evidenceOf({ watchlistContainer: true }, unitOf())).toBeNull();
    const vessel = unitOf({ voyage: { vesselName: 'SAND SWAN', imoNumber: 'IMO 7406784' } });
    expect(evidenceOf({ watchlistVessel: true }, vessel)?.[0]).toMatchObject({
      field: 'voyage.imoNumber',
      value: '7406784',
      watchlist: { entityId: '4243', name: 'EBANO', matchedOn: 'imo' },
    });
    expect(evidenceOf({ watchlistVessel: true }, unitOf())).toBeNull();
  });

  it('without watchlists the watchlist indicators never hit (and say nothing)', () => {
    const set = ProfileSet.parse({
      version: 't',
      rules: [{ id: 'R1', description: 'x', when: { watchlistContainer: true }, outcome: { lane: 'red' } }],
    });
    expect(compileProfiles(set).assess(unitOf({ container: { number: 'TGHU8837214' } })).hits).toEqual([]);
  });

  it('screens each distinct party name once per session', () => {
    let calls = 0;
    const counting = {
      screen: (name: string, opts?: Parameters<typeof screening.screen>[1]) => {
        calls++;
        return screening.screen(name, opts);
      },
      byIdentifier: (t: string, v: string) => screening.byIdentifier(t, v),
    };
    const set = ProfileSet.parse({
      version: 't',
      rules: [
        { id: 'A', description: 'a', when: { watchlistParty: { role: 'any' } }, outcome: { weight: 1 } },
        {
          id: 'B',
          description: 'b',
          when: { watchlistParty: { role: 'shipper', minScore: 0.95 } },
          outcome: { weight: 1 },
        },
      ],
    });
    const compiled = compileProfiles(set, { screening: counting });
    const session = compiled.newSession();
    for (let i = 0; i < 50; i++) compiled.assess(unitOf(), { session });
    // shipper + consignee (notify repeats the consignee's name) = 2 distinct names
    expect(calls).toBe(2);
    expect(session.partyNamesScreened).toBe(2);
  });
});

describe('route indicator', () => {
  const viaHub = unitOf({
    bls: [{ placeOfReceipt: 'COBOG', portOfLoading: 'COBUN', transshipmentPorts: ['PAMIT'] }],
  });
  it('matches listed ports or countries on the chosen legs', () => {
    expect(evidenceOf({ route: { ports: ['PAMIT'], legs: ['transshipment'] } }, viaHub)).toEqual([
      { field: 'billOfLading.transshipmentPorts', value: 'PAMIT', detail: 'listed port PAMIT' },
    ]);
    expect(evidenceOf({ route: { ports: ['PAMIT'], legs: ['loading'] } }, viaHub)).toBeNull();
    expect(evidenceOf({ route: { countries: ['CO'] } }, viaHub)?.map((e) => e.value)).toEqual([
      'COBOG',
      'COBUN',
    ]);
    expect(evidenceOf({ route: { countries: ['CO'] } }, unitOf())).toBeNull();
    expect(evidenceOf({ route: { countries: ['SG'], legs: ['previousCall'] } }, unitOf())).not.toBeNull();
  });
});

describe('vague description', () => {
  const isVague = vagueDescriptionTest();
  it.each([
    ['FAK', true],
    ['FREIGHT ALL KINDS', true],
    ['STC 20 PALLETS FAK', true],
    ['GENERAL CARGO', true],
    ['SAID TO CONTAIN: VARIOUS GOODS', true],
    ['1 X 40HC STC 1200 CTNS GENERAL MERCHANDISE', true],
    ["SHIPPER'S LOAD AND COUNT", true],
    ['', true],
    ['STC', true],
    ['PERSONAL EFFECTS', true],
    ['SAID TO CONTAIN 500 CARTONS OF LADIES LEATHER SHOES', false],
    ['CARTON BOXES', false],
    ['AUTO SPARE PARTS', false],
    ['FROZEN SHRIMP (PENAEUS VANNAMEI) 20 KG CARTONS', false],
    ['WOODEN DINING TABLES AND CHAIRS', false],
    ['GENERAL PURPOSE ELECTRIC MOTORS', false],
  ])('%j vague: %s', (description, expected) => {
    expect(isVague(description) !== undefined).toBe(expected);
  });

  it('gives the reason as evidence; extra terms extend the list; empty containers are skipped', () => {
    const unit = unitOf({
      bls: [{ goods: [{ lineNumber: 1, description: 'STC GENERAL CARGO', hsCode: '999999' }] }],
    });
    expect(evidenceOf({ vagueDescription: true }, unit)).toEqual([
      { field: 'goods.description', value: 'STC GENERAL CARGO', detail: 'only vague terms: GENERAL CARGO' },
    ]);
    const samples = unitOf({ bls: [{ goods: [{ lineNumber: 1, description: 'SAMPLES' }] }] });
    expect(evidenceOf({ vagueDescription: true }, samples)).toBeNull();
    expect(evidenceOf({ vagueDescription: { extraTerms: ['samples'] } }, samples)).not.toBeNull();
    const empty = unitOf({
      container: { status: 'empty' },
      bls: [{ goods: [{ lineNumber: 1, description: 'EMPTY' }] }],
    });
    expect(evidenceOf({ vagueDescription: true }, empty)).toBeNull();
  });
});

describe('consignee TO ORDER', () => {
  it.each([
    ['TO ORDER', true],
    ['TO THE ORDER OF BANCO DE BOGOTA', true],
    ['to order of shipper', true],
    ['ORDER', true],
    ['ORDERLY LOGISTICS B.V.', false],
    ['VAN DER MEER WONEN B.V.', false],
  ])('%j -> %s', (name, expected) => {
    const unit = unitOf({ bls: [{ consignee: { name } }] });
    expect(evidenceOf({ consigneeToOrder: true }, unit) !== null).toBe(expected);
  });
  it('a missing consignee counts unless includeMissing is false', () => {
    const unit = unitOf({ bls: [{ consignee: undefined }] });
    expect(evidenceOf({ consigneeToOrder: true }, unit)?.[0]?.detail).toMatch(/no consignee/);
    expect(evidenceOf({ consigneeToOrder: { includeMissing: false } }, unit)).toBeNull();
  });
});

describe('weight implausible', () => {
  const goods = (grossWeightKg: number, packageCount = 100) => [
    { lineNumber: 1, description: 'CERAMIC FLOOR TILES', hsCode: '690721', packageCount, grossWeightKg },
  ];
  it('the realistic base unit is plausible', () => {
    expect(evidenceOf({ weightImplausible: true }, unitOf())).toBeNull();
  });
  it('VGM beyond the maximum gross of the ISO type', () => {
    const unit = unitOf({
      container: { isoType: '22G1', verifiedGrossMassKg: 39_500 },
      bls: [{ goods: goods(37_000) }],
    });
    expect(evidenceOf({ weightImplausible: { checks: ['maxGross'] } }, unit)?.[0]?.detail).toBe(
      'VGM 39500 kg above max gross 36000 kg for 22G1',
    );
  });
  it('declared cargo + tare beyond the maximum gross when there is no VGM', () => {
    const unit = unitOf({
      container: { isoType: '22G1', verifiedGrossMassKg: undefined },
      bls: [{ goods: goods(35_000) }],
    });
    expect(evidenceOf({ weightImplausible: { checks: ['maxGross'] } }, unit)?.[0]?.detail).toMatch(
      /cargo 35000 kg \+ tare 2200 kg/,
    );
  });
  it('VGM below the tare of a full container, and VGM far from cargo + tare', () => {
    const light = unitOf({ container: { verifiedGrossMassKg: 1200 } });
    expect(evidenceOf({ weightImplausible: { checks: ['belowTare'] } }, light)).not.toBeNull();
    const heavy = unitOf({ container: { verifiedGrossMassKg: 24_000 } }); // cargo 6,800 + tare 3,930
    expect(evidenceOf({ weightImplausible: { checks: ['vgmMismatch'] } }, heavy)?.[0]?.detail).toBe(
      'VGM 24000 kg vs declared cargo 6800 kg + tare 3930 kg = 10730 kg',
    );
    const close = unitOf({ container: { verifiedGrossMassKg: 11_600 } });
    expect(evidenceOf({ weightImplausible: { checks: ['vgmMismatch'] } }, close)).toBeNull();
  });
  it('weight per package outside the plausible range', () => {
    const feathers = unitOf({ container: { verifiedGrossMassKg: 3960 }, bls: [{ goods: goods(20, 1000) }] });
    expect(evidenceOf({ weightImplausible: { checks: ['perPackage'] } }, feathers)?.[0]?.detail).toBe(
      '1000 packages weighing 20 kg: 0.020 kg each',
    );
    expect(
      evidenceOf({ weightImplausible: { checks: ['perPackage'], perPackageKg: { max: 60 } } }, unitOf()),
    ).toBeNull();
    expect(
      evidenceOf({ weightImplausible: { checks: ['perPackage'], perPackageKg: { max: 50 } } }, unitOf()),
    ).not.toBeNull();
  });
});

describe('container indicators', () => {
  it('invalid check digit says which digit is expected', () => {
    expect(evidenceOf({ invalidCheckDigit: true }, unitOf())).toBeNull();
    expect(evidenceOf({ invalidCheckDigit: true }, unitOf({ container: { number: 'MSCU1234567' } }))).toEqual(
      [{ field: 'container.number', value: 'MSCU1234567', detail: 'check digit should be 6' }],
    );
    expect(
      evidenceOf({ invalidCheckDigit: true }, unitOf({ container: { number: 'TRUCK-42' } }))?.[0]?.detail,
    ).toMatch(/not an ISO 6346 number/);
  });
  it('shipper-owned container', () => {
    expect(evidenceOf({ shipperOwned: true }, unitOf())).toBeNull();
    expect(evidenceOf({ shipperOwned: true }, unitOf({ container: { shipperOwned: true } }))).not.toBeNull();
  });
});

describe('default profiles with a listed party', () => {
  const compiled = compileProfiles(defaultProfileSet(), { screening });
  it('a near-exact listed consignee alone is a yellow document check at the top of the list', () => {
    const a = compiled.assess(unitOf({ bls: [{ consignee: { name: 'BANCO NACIONAL DE CUBA' } }] }));
    expect(a).toMatchObject({ lane: 'yellow', flagged: true });
    expect(a.hits[0]?.ruleId).toBe('WL-PARTY-STRONG');
  });
  it('with a corroborating indicator (loaded in a source country) it goes red', () => {
    const a = compiled.assess(
      unitOf({ bls: [{ consignee: { name: 'BANCO NACIONAL DE CUBA' }, portOfLoading: 'COCTG' }] }),
    );
    expect(a.lane).toBe('red');
    expect(a.hits.map((h) => h.ruleId)).toEqual(
      expect.arrayContaining(['WL-PARTY-CORROBORATED', 'WL-PARTY-STRONG', 'ROUTE-COCAINE-ORIGIN']),
    );
  });
});
