import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffWatchlist, implausibleShrink, isUnchanged } from '#core/watchlists/list-diff.ts';
import { listSourcesAt, parseEdition } from '#core/watchlists/list-sources.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';

function entry(id: string, name: string, extra: Partial<WatchlistEntry> = {}): WatchlistEntry {
  return {
    id,
    list: 'OFAC-SDN',
    type: 'organization',
    name,
    aliases: [],
    countries: [],
    addresses: [],
    identifiers: [],
    ...extra,
  };
}

describe('diffWatchlist', () => {
  it('names the entries added, changed (a new alias, a new IMO) and removed', () => {
    const before = [entry('1', 'ALPHA SHIPPING'), entry('2', 'BETA TRADING'), entry('3', 'GAMMA LLC')];
    const after = [
      entry('1', 'ALPHA SHIPPING'),
      entry('2', 'BETA TRADING', { aliases: ['BETA TRADING FZE'] }),
      entry('4', 'DELTA MARINE', { type: 'vessel', identifiers: [{ type: 'imo', value: '9074729' }] }),
    ];
    const diff = diffWatchlist('OFAC-SDN', before, after);
    expect(diff.added.map((e) => e.id)).toEqual(['4']);
    expect(diff.changed.map((e) => e.id)).toEqual(['2']);
    expect(diff.removed.map((e) => e.id)).toEqual(['3']);
  });

  it('ignores the order of aliases, and addresses and reasons (the snapshot does not carry them)', () => {
    const before = [
      entry('1', 'A', { aliases: ['X', 'Y'], addresses: ['Havana'], reason: 'programme CUBA' }),
    ];
    const after = [entry('1', 'A', { aliases: ['Y', 'X'] })];
    expect(isUnchanged(diffWatchlist('OFAC-SDN', before, after))).toBe(true);
  });

  it('accounts for every entry of both editions exactly once (property)', () => {
    const ids = fc.uniqueArray(fc.integer({ min: 1, max: 60 }).map(String), { maxLength: 40 });
    fc.assert(
      fc.property(ids, ids, fc.boolean(), (a, b, rename) => {
        const before = a.map((id) => entry(id, `NAME ${id}`));
        const after = b.map((id) => entry(id, rename && Number(id) % 2 === 0 ? `OTHER ${id}` : `NAME ${id}`));
        const diff = diffWatchlist('OFAC-SDN', before, after);
        const inBoth = a.filter((id) => b.includes(id));
        expect(diff.added.length).toBe(b.length - inBoth.length);
        expect(diff.removed.length).toBe(a.length - inBoth.length);
        expect(diff.changed.length).toBe(rename ? inBoth.filter((id) => Number(id) % 2 === 0).length : 0);
      }),
    );
  });
});

describe('implausibleShrink', () => {
  it('accepts a few delistings and refuses an edition below 90% of the one in use, or an empty one', () => {
    expect(implausibleShrink('OFAC-SDN', 12_000, 11_950)).toBeUndefined();
    expect(implausibleShrink('OFAC-SDN', 12_000, 10_800)).toBeUndefined();
    expect(implausibleShrink('OFAC-SDN', 12_000, 10_799)).toMatch(
      /10799 entries, fewer than 90% of the 12000/,
    );
    expect(implausibleShrink('UN-SC', 0, 0)).toMatch(/no entries/);
    expect(implausibleShrink('UN-SC', 0, 5)).toBeUndefined();
  });
});

describe('parseEdition', () => {
  it('takes the UN edition date from dateGenerated and names the address of a broken file', () => {
    const [, un] = listSourcesAt('http://127.0.0.1:8080/lists');
    const xml =
      '<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-11-30T00:00:02.1Z"><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>ERIC</FIRST_NAME><SECOND_NAME>BADEGE</SECOND_NAME><REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>';
    const edition = parseEdition(un!, { xml });
    expect(edition.listDate).toBe('2026-11-30T00:00:02.1Z');
    expect(edition.entries.map((e) => e.name)).toEqual(['ERIC BADEGE']);
    expect(() => parseEdition(un!, { xml: xml.slice(0, 120) })).toThrow(
      'http://127.0.0.1:8080/lists/un-sc-consolidated.xml',
    );
  });
});
