import { describe, expect, it } from 'vitest';
import { isValidContainerNumber } from '#core/identifiers/index.ts';
import { loadWatchlist } from '#core/watchlists/index.ts';
import { generateManifest, type PlantedTruth, Prng, plantedSpelling } from '#generator/index.ts';
import { countryCode, dropLegalForm, naturalOrder } from '#generator/planting.ts';
import type { BillOfLading, Manifest } from '#schemas/manifest.ts';
import { WatchlistEntry } from '#schemas/watchlist.ts';

const entry = (e: Partial<WatchlistEntry> & Pick<WatchlistEntry, 'id' | 'type' | 'name'>): WatchlistEntry =>
  WatchlistEntry.parse({ list: 'TEST', ...e });

// A small list shaped like the real ones: OFAC "LAST, First" persons, legal forms, an
// original-script alias, a vessel with an IMO number, a container.
const testList: WatchlistEntry[] = [
  entry({
    id: 'p1',
    type: 'person',
    name: 'HADDAD, Karim Youssef',
    aliases: ['كريم يوسف حداد'],
    countries: ['Lebanon'],
  }),
  entry({
    id: 'p2',
    type: 'person',
    name: 'PETROVSKY, Ivan Sergeyevich',
    countries: ['Russia'],
    addresses: ['Nevsky Prospekt 10, Saint Petersburg, Russia'],
  }),
  entry({
    id: 'o1',
    type: 'organization',
    name: 'BLUE HORIZON MARITIME TRADING CO., LTD.',
    aliases: ['BHMT'],
    countries: ['United Arab Emirates'],
  }),
  entry({ id: 'o2', type: 'organization', name: 'OOO VOLGA TEKHNO IMPEKS', countries: ['Russia'] }),
  entry({ id: 'o3', type: 'organization', name: 'NORTHERN STAR GENERAL TRADING LLC' }),
  entry({
    id: 'v1',
    type: 'vessel',
    name: 'OCEAN PEARL',
    identifiers: [
      { type: 'imo', value: '9074729' },
      { type: 'call-sign', value: '3E AB7' },
    ],
  }),
  entry({
    id: 'c1',
    type: 'container',
    name: 'CSQU3054383',
    identifiers: [{ type: 'container', value: 'CSQU 305438 3' }],
  }),
  entry({ id: 'x1', type: 'aircraft', name: 'EP-ABC' }),
];

function partyAt(m: Manifest, t: PlantedTruth): string[] {
  const bl = m.billsOfLading.find((b) => b.number === t.billOfLading) as BillOfLading;
  if (t.role === 'shipper') return [bl.shipper?.name ?? ''];
  if (t.role === 'consignee') return [bl.consignee?.name ?? ''];
  return bl.notifyParties.map((p) => p.name);
}

describe('planting watchlist entries', () => {
  const plant = { count: 7, entries: testList };
  const { manifest, truth = [] } = generateManifest({ containers: 300, seed: 'plant', plant });

  it('plants every plantable entry once and says where each one is', () => {
    expect(truth).toHaveLength(7);
    expect(new Set(truth.map((t) => t.entryId))).toEqual(new Set(['p1', 'p2', 'o1', 'o2', 'o3', 'v1', 'c1']));
    for (const t of truth) {
      if (t.role === 'vessel') {
        expect(manifest.voyage.vesselName).toBe(t.plantedValue);
        expect(manifest.voyage.imoNumber).toBe('9074729');
        expect(manifest.voyage.callSign).toBe('3EAB7');
      } else if (t.role === 'container') {
        expect(t.plantedValue).toBe('CSQU3054383');
        expect(manifest.containers.map((c) => c.number)).toContain('CSQU3054383');
        const bl = manifest.billsOfLading.find((b) => b.number === t.billOfLading);
        expect(bl?.containers).toContain('CSQU3054383');
      } else {
        expect(partyAt(manifest, t), t.entryId).toContain(t.plantedValue);
        const bl = manifest.billsOfLading.find((b) => b.number === t.billOfLading);
        expect(t.containers).toEqual(bl?.containers);
        expect(t.containers.length).toBeGreaterThan(0);
      }
    }
  });

  it('writes the listed country and address with a planted party', () => {
    const p2 = truth.find((t) => t.entryId === 'p2') as PlantedTruth;
    const bl = manifest.billsOfLading.find((b) => b.number === p2.billOfLading) as BillOfLading;
    const party = [bl.shipper, bl.consignee, ...bl.notifyParties].find((p) => p?.name === p2.plantedValue);
    expect(party?.country).toBe('RU');
    expect(party?.address).toBe('Nevsky Prospekt 10, Saint Petersburg, Russia');
  });

  it('is deterministic and leaves the rest of the manifest as it was', () => {
    const again = generateManifest({ containers: 300, seed: 'plant', plant });
    expect(JSON.stringify(again)).toBe(JSON.stringify({ manifest, truth }));
    const plain = generateManifest({ containers: 300, seed: 'plant' }).manifest;
    const touched = new Set(truth.map((t) => t.billOfLading));
    expect(plain.billsOfLading).toHaveLength(manifest.billsOfLading.length);
    const untouched = (m: Manifest) =>
      m.billsOfLading.filter((b) => !touched.has(b.number) && !b.containers.includes('CSQU3054383'));
    expect(untouched(manifest)).toEqual(untouched(plain));
    expect(plain.voyage.voyageNumber).toBe(manifest.voyage.voyageNumber);
  });

  it('plants real UN Security Council entries, each findable in the manifest', () => {
    const un = loadWatchlist('data/watchlists/un-sc-consolidated.xml');
    const planted = generateManifest({ containers: 1000, seed: 5, plant: { count: 30, entries: un } });
    const t = planted.truth ?? [];
    expect(t).toHaveLength(30);
    const ids = new Set(un.map((e) => e.id));
    for (const x of t) {
      expect(ids.has(x.entryId)).toBe(true);
      expect(partyAt(planted.manifest, x)).toContain(x.plantedValue);
    }
    // A realistic mix of spellings, not just exact copies.
    expect(new Set(t.map((x) => x.variant)).size).toBeGreaterThanOrEqual(4);
    // Planting never breaks container numbers.
    expect(planted.manifest.containers.every((c) => isValidContainerNumber(c.number))).toBe(true);
  });

  it('never loses or overwrites a plant, even in small manifests', () => {
    for (let seed = 0; seed < 25; seed++) {
      const r = generateManifest({ containers: 3 + seed, seed, plant: { count: 6, entries: testList } });
      const t = r.truth ?? [];
      expect(t, `seed ${seed}`).toHaveLength(6);
      for (const x of t) {
        if (x.role === 'vessel') expect(r.manifest.voyage.vesselName).toBe(x.plantedValue);
        else if (x.role === 'container')
          expect(r.manifest.containers.map((c) => c.number)).toContain(x.plantedValue);
        else expect(partyAt(r.manifest, x), `seed ${seed} ${x.entryId}`).toContain(x.plantedValue);
      }
    }
  });

  it('refuses to plant more entries than the list can give', () => {
    expect(() =>
      generateManifest({ containers: 10, seed: 1, plant: { count: 8, entries: testList } }),
    ).toThrow(/cannot plant 8/);
  });
});

describe('planted spellings', () => {
  it('turn OFAC "LAST, First" into the order manifests use', () => {
    expect(naturalOrder('ABBAS, Abu')).toBe('Abu ABBAS');
    expect(naturalOrder('BLUE HORIZON CO., LTD.')).toBe('BLUE HORIZON CO., LTD.');
  });

  it('drop legal forms at either end', () => {
    expect(dropLegalForm('ANGLO-CARIBBEAN CO., LTD.')).toBe('ANGLO-CARIBBEAN');
    expect(dropLegalForm('NORTHERN STAR GENERAL TRADING LLC')).toBe('NORTHERN STAR GENERAL TRADING');
    expect(dropLegalForm('OOO VOLGA TEKHNO IMPEKS')).toBe('VOLGA TEKHNO IMPEKS');
  });

  it('map watchlist country names to ISO codes', () => {
    expect(countryCode('Russia')).toBe('RU');
    expect(countryCode('United Arab Emirates')).toBe('AE');
    expect(countryCode('Iran')).toBe('IR');
    expect(countryCode('Democratic Republic of the Congo')).toBe('CD');
    expect(countryCode('Atlantis')).toBeUndefined();
  });

  it('stay close to the listed name: a misspelling is one or two small edits', () => {
    const prng = new Prng(3);
    const o1 = testList[2] as WatchlistEntry;
    let misspellings = 0;
    for (let i = 0; i < 200; i++) {
      const { value, variant } = plantedSpelling(prng, o1);
      expect(value.length).toBeGreaterThan(2);
      if (variant !== 'misspelling') continue;
      misspellings++;
      expect(value.toUpperCase()).not.toBe(o1.name.toUpperCase());
      expect(Math.abs(value.length - o1.name.length)).toBeLessThanOrEqual(2);
      expect(value.toUpperCase()[0]).toBe('B');
    }
    expect(misspellings).toBeGreaterThan(20);
  });
});
