import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultWatchlistPaths,
  detectWatchlistFormat,
  loadWatchlist,
  parseNativeWatchlistCsv,
  parseOfacSdn,
  WatchlistError,
} from '#core/watchlists/index.ts';
import { WatchlistEntry } from '#schemas/watchlist.ts';

const [ofacPath, unPath] = defaultWatchlistPaths() as [string, string];

describe('OFAC SDN legacy CSV set (bundled 2023-12-28 edition)', () => {
  const entries = loadWatchlist(ofacPath);
  const byId = new Map(entries.map((e) => [e.id, e]));

  it('reads every sdn.csv row as one entry with the list name OFAC-SDN', () => {
    expect(entries).toHaveLength(13821);
    expect(entries.every((e) => e.list === 'OFAC-SDN')).toBe(true);
    expect(entries.every((e) => WatchlistEntry.safeParse(e).success)).toBe(true);
  });

  it('maps SDN_Type to person, vessel, aircraft and (for -0-) organization', () => {
    expect(byId.get('2674')?.type).toBe('person');
    expect(byId.get('306')?.type).toBe('organization');
    expect(byId.get('4243')?.type).toBe('vessel');
    expect(new Set(entries.map((e) => e.type))).toEqual(
      new Set(['person', 'organization', 'vessel', 'aircraft']),
    );
  });

  it('takes a vessel IMO number from Remarks and former names as aliases', () => {
    const ebano = byId.get('4243')!;
    expect(ebano.name).toBe('EBANO');
    expect(ebano.identifiers).toContainEqual({ type: 'imo', value: '7406784' });
    expect(ebano.aliases).toEqual(expect.arrayContaining(['ANA I', 'SAND SWAN']));
  });

  it('counts weak a.k.a.s in Remarks and alt.csv names as aliases, and add.csv addresses', () => {
    const bnc = byId.get('306')!;
    expect(bnc.aliases).toEqual(expect.arrayContaining(['BNC', 'NATIONAL BANK OF CUBA']));
    expect(bnc.addresses[0]).toContain('Zurich');
    expect(bnc.countries).toContain('Switzerland');
    // A quoted alias with an apostrophe inside survives.
    expect(entries.some((e) => e.aliases.includes("ABU-'UMAR"))).toBe(true);
  });

  it('names the file and line of a broken row', () => {
    const sdn =
      '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\nX1,"BROKEN",-0- \r\n\x1a';
    expect(() => parseOfacSdn({ sdn, fileNames: { sdn: 'sdn.csv' } })).toThrow(/sdn\.csv, line 2/);
  });
});

describe('UN Security Council consolidated list XML (bundled 2026-02-27 edition)', () => {
  const entries = loadWatchlist(unPath);
  const byId = new Map(entries.map((e) => [e.id, e]));

  it('reads individuals and entities with their REFERENCE_NUMBER as id', () => {
    expect(entries.filter((e) => e.type === 'person')).toHaveLength(730);
    expect(entries.filter((e) => e.type === 'organization')).toHaveLength(273);
    expect(byId.get('CDi.001')?.name).toBe('ERIC BADEGE');
    expect(entries.every((e) => e.list === 'UN-SC')).toBe(true);
  });

  it('keeps aliases of every quality and the original-script name', () => {
    expect(byId.get('CDe.001')?.aliases).toEqual(
      expect.arrayContaining(['Allied Democratic Forces', 'ADF/NALU', 'NALU']),
    );
    expect(byId.get('IQi.001')?.aliases).toContain('صدام حسين التكريتي');
  });

  it('splits an alias field that packs several spellings with ";"', () => {
    expect(byId.get('IRi.040')?.aliases).toEqual(
      expect.arrayContaining(['Ghasim Soleymani', 'Ghasem Sulaymani', 'Ghasem Solaymani']),
    );
  });
});

describe('native watchlist CSV', () => {
  const csv = [
    'id,type,name,country,address,identifier,reason',
    'P1,person,Ivan PETROV,RU,,,customs fraud 2024',
    'P1,person,"PETROV, Ivan Sergeyevich",,,,',
    'C1,organization,Blue Ocean Trading LLC,AE,"Dubai, UAE",,',
    'V1,vessel,SEA STAR,,,IMO 9074729,',
    'K1,container,CSQU 305438-3,,,,',
  ].join('\n');

  it('merges rows with the same id into one entry with aliases', () => {
    const entries = parseNativeWatchlistCsv(csv, 'pcu-local');
    expect(entries).toHaveLength(4);
    const p1 = entries.find((e) => e.id === 'P1')!;
    expect(p1).toMatchObject({
      list: 'pcu-local',
      type: 'person',
      name: 'Ivan PETROV',
      aliases: ['PETROV, Ivan Sergeyevich'],
    });
    expect(p1.reason).toBe('customs fraud 2024');
    expect(entries.find((e) => e.id === 'V1')?.identifiers).toEqual([{ type: 'imo', value: '9074729' }]);
    expect(entries.find((e) => e.id === 'K1')?.identifiers).toEqual([
      { type: 'container', value: 'CSQU 305438-3' },
    ]);
  });

  it('rejects a bad row with an error naming the file and line', () => {
    const bad = `${csv}\nX9,pirate,Captain Hook,,,,\n`;
    try {
      parseNativeWatchlistCsv(bad, 'pcu-local', 'local.csv');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(WatchlistError);
      expect((err as WatchlistError).line).toBe(7);
      expect((err as Error).message).toMatch(/local\.csv, line 7: entry X9: type "pirate"/);
    }
  });

  it('is detected from the path; the list is named after the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcu-watchlist-'));
    const file = join(dir, 'port-of-tema.csv');
    writeFileSync(file, csv);
    expect(detectWatchlistFormat(file)).toBe('native-csv');
    expect(loadWatchlist(file)[0]?.list).toBe('port-of-tema');
    expect(detectWatchlistFormat(ofacPath)).toBe('ofac-sdn');
    expect(detectWatchlistFormat(unPath)).toBe('un-sc-xml');
    const headerless = join(dir, 'names.csv');
    writeFileSync(headerless, 'Ivan,Petrov\n');
    expect(() => loadWatchlist(headerless)).toThrow(/names\.csv, line 1: .*id,type,name/);
    expect(() => loadWatchlist(dir)).toThrow(WatchlistError);
  });
});
