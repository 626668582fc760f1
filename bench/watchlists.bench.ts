/**
 * Watchlists of any shape: load time and memory for hostile shapes, and the cost of reading
 * names as a person sees them.
 *
 * - one native-CSV entry with 50,000 / 100,000 / 200,000 aliases, and one UN individual with
 *   100,000 / 200,000: parse time (linear: doubling the aliases should about double it) and
 *   the screening index build over it;
 * - a list with a 100,000-letter word and 2,000 words of 400 letters: index build time and
 *   heap (typo variants only for words up to MAX_TYPO_WORD_LENGTH letters);
 * - a UN XML of 1e6 nested elements and a billion-laughs DOCTYPE: time to the one-line error;
 * - screening: median time per query for clean names and the same names with hidden
 *   characters (zero-width, RLO + reversed, Cyrillic lookalikes), bundled OFAC + UN lists.
 *
 * `npm run bench -- watchlists`. Figures are medians of a few runs; the machine is shared.
 */
import { buildScreeningIndex, visibleName } from '#core/screening/index.ts';
import { MAX_TYPO_WORD_LENGTH } from '#core/screening/screening-index.ts';
import {
  defaultWatchlistPaths,
  loadWatchlist,
  parseNativeWatchlistCsv,
  parseUnConsolidatedXml,
} from '#core/watchlists/index.ts';
import { word } from '../test/fixtures/watchlists/synthetic-words.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
function timed<T>(f: () => T, runs = 3): { ms: number; value: T } {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = f();
    times.push(performance.now() - t);
  }
  return { ms: round(median(times)), value };
}
const heapMb = () => round(process.memoryUsage().heapUsed / 1e6);

// 1. Many aliases on one entry.
for (const n of [50_000, 100_000, 200_000]) {
  const rows = ['id,type,name'];
  for (let i = 0; i < n; i++) rows.push(`E1,organization,${word(i, 10)} TRADING`);
  const csv = rows.join('\n');
  const parsed = timed(() => parseNativeWatchlistCsv(csv, 'port-list'));
  const built = timed(() => buildScreeningIndex(parsed.value), 1);
  console.log(`native CSV, one entry with ${n} aliases: parse ${parsed.ms} ms, index ${built.ms} ms`);
  console.log(
    `BENCH ${JSON.stringify({ bench: 'watchlist-aliases', format: 'native-csv', aliases: n, parseMs: parsed.ms, indexMs: built.ms })}`,
  );
}
for (const n of [100_000, 200_000]) {
  const aliases = Array.from(
    { length: n },
    (_, i) =>
      `<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>${word(i, 10)}</ALIAS_NAME></INDIVIDUAL_ALIAS>`,
  ).join('');
  const xml = `<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER><FIRST_NAME>X</FIRST_NAME>${aliases}</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`;
  const parsed = timed(() => parseUnConsolidatedXml(xml, 'un.xml'));
  console.log(`UN XML, one individual with ${n} aliases: parse ${parsed.ms} ms`);
  console.log(
    `BENCH ${JSON.stringify({ bench: 'watchlist-aliases', format: 'un-xml', aliases: n, parseMs: parsed.ms })}`,
  );
}

// 2. Long words.
{
  const rows = ['id,type,name', `W0,organization,${word(0, 100_000)}`];
  for (let i = 1; i <= 2_000; i++) rows.push(`W${i},organization,${word(i, 400)}`);
  const entries = parseNativeWatchlistCsv(rows.join('\n'), 'long-words');
  globalThis.gc?.();
  const before = heapMb();
  const built = timed(() => buildScreeningIndex(entries), 1);
  const after = heapMb();
  const query = timed(() => built.value.screen(word(7, 400)), 5);
  console.log(
    `a 100,000-letter word and 2,000 words of 400 letters: index ${built.ms} ms, heap +${round(after - before)} MB (typo variants up to ${MAX_TYPO_WORD_LENGTH} letters), query ${query.ms} ms`,
  );
  console.log(
    `BENCH ${JSON.stringify({ bench: 'watchlist-long-words', indexMs: built.ms, heapMb: round(after - before), queryMs: query.ms })}`,
  );
}

// 3. Malicious XML.
{
  const nested = `<CONSOLIDATED_LIST>${'<a>'.repeat(1_000_000)}${'</a>'.repeat(1_000_000)}</CONSOLIDATED_LIST>`;
  const lol =
    '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>';
  const bomb = `${lol}<CONSOLIDATED_LIST>${'&c;'.repeat(100_000)}</CONSOLIDATED_LIST>`;
  for (const [what, xml] of [
    ['1e6 nested elements', nested],
    ['entity expansion', bomb],
  ] as const) {
    const r = timed(() => {
      try {
        parseUnConsolidatedXml(xml, 'evil.xml');
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    }, 1);
    console.log(`${what}: ${r.ms} ms -> ${r.value}`);
    console.log(`BENCH ${JSON.stringify({ bench: 'watchlist-malicious-xml', case: what, ms: r.ms })}`);
  }
}

// 4. Screening names with hidden characters.
{
  const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
  const index = buildScreeningIndex(entries);
  const names = entries.filter((_, i) => i % 13 === 0).map((e) => e.name);
  const disguise = {
    clean: (s: string) => s,
    'zero-width': (s: string) => [...s].join('\u200B'),
    'rlo-reversed': (s: string) => `\u202E${[...s].reverse().join('')}`,
    lookalike: (s: string) =>
      s.replace(/[AEOPCHX]/g, (c) => ({ A: 'А', E: 'Е', O: 'О', P: 'Р', C: 'С', H: 'Н', X: 'Х' })[c]!),
  };
  for (const [what, f] of Object.entries(disguise)) {
    const queries = names.map(f);
    const perQuery = timed(() => {
      const t = performance.now();
      for (const q of queries) index.screen(q);
      return ((performance.now() - t) * 1000) / queries.length;
    }).value;
    const normalise = timed(() => {
      const t = performance.now();
      for (const q of queries) visibleName(q, 500);
      return ((performance.now() - t) * 1000) / queries.length;
    }).value;
    console.log(
      `${what}: ${round(perQuery)} us per query (${round(normalise, 2)} us of it reading the name), ${queries.length} names`,
    );
    console.log(
      `BENCH ${JSON.stringify({ bench: 'screening-hidden-characters', case: what, usPerQuery: round(perQuery), usVisibleName: round(normalise, 2) })}`,
    );
  }
}
