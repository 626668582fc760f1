import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildScreeningIndex } from '#core/screening/index.ts';
import { MAX_TYPO_WORD_LENGTH } from '#core/screening/screening-index.ts';
import {
  loadWatchlist,
  parseNativeWatchlistCsv,
  parseOfacSdn,
  parseUnConsolidatedXml,
  WatchlistError,
} from '#core/watchlists/index.ts';
import { word } from '../../fixtures/watchlists/synthetic-words.ts';

const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'pcu-hostile-lists-'));

/** A UN list with one individual whose FIRST_NAME is `name` (raw XML) and these aliases. */
function unList(name: string, aliases: string[] = [], prolog = ''): string {
  const alias = aliases
    .map((a) => `<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>${a}</ALIAS_NAME></INDIVIDUAL_ALIAS>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>${prolog}<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER><FIRST_NAME>${name}</FIRST_NAME>${alias}</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`;
}

function rejection(xml: string, file: string): WatchlistError {
  try {
    parseUnConsolidatedXml(xml, file);
  } catch (err) {
    expect(err).toBeInstanceOf(WatchlistError);
    return err as WatchlistError;
  }
  throw new Error('the list was accepted');
}

describe('malicious or broken UN XML', () => {
  const billionLaughs =
    '<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">' +
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">' +
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>';
  const cases: [string, string, RegExp][] = [
    [
      'external entity',
      unList('&xxe;', [], '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
      /^evil\.xml, line 1: a DOCTYPE .* is not accepted/,
    ],
    [
      'parameter entity',
      unList('X', [], '<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>'),
      /^evil\.xml, line 1: a DOCTYPE/,
    ],
    [
      'entity expansion over the limit',
      unList('&lol4;'.repeat(1000), [], billionLaughs),
      /^evil\.xml, line 1: a DOCTYPE/,
    ],
    [
      '1e6 nested elements',
      unList(`${'<a>'.repeat(1_000_000)}${'</a>'.repeat(1_000_000)}`),
      /^evil\.xml: elements nested more than \d+ levels deep/,
    ],
    ['a truncated file', unList('X').slice(0, 120), /^evil\.xml, line 1: not well-formed XML/],
    ['not XML at all', '\u0000\u0001PK\u0003\u0004 binary', /^evil\.xml, line 1: not well-formed XML/],
  ];
  for (const [what, xml, message] of cases) {
    it(`rejects ${what} with one line naming the file`, () => {
      const err = rejection(xml, 'evil.xml');
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain('\n');
    });
  }

  it('still reads the character entities a real list uses', () => {
    const [entry] = parseUnConsolidatedXml(unList('AL &amp; SONS', ['O&apos;BRIEN']), 'un.xml');
    expect(entry?.name).toBe('AL & SONS');
    expect(entry?.aliases).toEqual(["O'BRIEN"]);
  });
});

describe('watchlists of any shape load in linear time', () => {
  // Each of these took minutes with a linear `includes` per alias; the test timeout is the bound.
  it('dedupes 200,000 aliases of one native-CSV entry', () => {
    const rows = ['id,type,name'];
    for (let i = 0; i < 200_000; i++) rows.push(`E1,organization,${word(i % 150_000, 12)} TRADING`);
    const [entry] = parseNativeWatchlistCsv(rows.join('\n'), 'port-list');
    expect(entry?.aliases).toHaveLength(150_000 - 1); // the first row is the name; repeats once
  }, 60_000);

  it('dedupes 200,000 aliases of one UN individual', () => {
    const aliases = Array.from({ length: 200_000 }, (_, i) => word(i % 100_000, 10));
    const [entry] = parseUnConsolidatedXml(unList('ANY NAME', aliases), 'un.xml');
    expect(entry?.aliases).toHaveLength(100_000);
  }, 60_000);

  it('dedupes 100,000 alt.csv aliases of one OFAC entry', () => {
    const sdn = '1,"ANY NAME",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n';
    const alt = Array.from({ length: 100_000 }, (_, i) => `1,${i},"aka","${word(i % 50_000, 10)}",-0- `).join(
      '\n',
    );
    const [entry] = parseOfacSdn({ sdn, alt });
    expect(entry?.aliases).toHaveLength(50_000);
  }, 60_000);
});

describe('watchlists of any shape load in bounded memory', () => {
  it(`makes typo variants only for words up to ${MAX_TYPO_WORD_LENGTH} letters, and still finds longer ones exactly`, () => {
    const long = word(1, 60);
    const index = buildScreeningIndex(
      parseNativeWatchlistCsv(`id,type,name\nL1,person,${long}\n`, 'port-list'),
    );
    expect(index.screen(long)[0]?.entityId).toBe('L1');
    const short = `${word(2, 30)}`;
    const withTypo = buildScreeningIndex(
      parseNativeWatchlistCsv(`id,type,name\nS1,person,${short}\n`, 'port-list'),
    );
    expect(withTypo.screen(`${short.slice(0, 10)}x${short.slice(11)}`)[0]?.entityId).toBe('S1');
  });

  it('screens a list with a 100,000-letter word and 2,000 long words in a 256 MB heap', () => {
    const rows = ['id,type,name', `W0,organization,${word(0, 100_000)}`];
    for (let i = 1; i <= 2_000; i++) rows.push(`W${i},organization,${word(i, 400)}`);
    const list = join(dir, 'long-words.csv');
    writeFileSync(list, rows.join('\n'));
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=256', join(root, 'bin/pcu.js'), 'screen', '--watchlist', list],
      { cwd: root, input: `${word(7, 400)}\n`, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).matches[0]).toMatchObject({ entityId: 'W7', score: 1 });
  }, 150_000);

  it('loads the file it is given, naming it in the error', () => {
    const file = join(dir, 'nested.xml');
    writeFileSync(file, unList(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`));
    expect(() => loadWatchlist(file)).toThrow(/nested\.xml: elements nested more than/);
  });
});
