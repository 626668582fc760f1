/**
 * A prebuilt screening index for cold starts (the profile Lambda loads it from its snapshot):
 * the entries' screening fields (no addresses or reasons), the analysed names and their
 * vocabulary with phonetic keys, as one JSON document with the integer arrays in base64.
 * Loading it skips reading the source lists and analysing ~40k names. With `lookup: true` it
 * also holds the vocabulary's lookup tables (2.9 MB more before gzip), which loading then
 * decodes as they are instead of hashing every word anew (~100 ms and as much garbage): the
 * CLI's prebuilt and cached indexes store them; the profile snapshot does not.
 */
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import type { IdBuckets } from './id-buckets.ts';
import {
  type LookupTables,
  type PreparedNames,
  type ScreeningIndex,
  TokenScreeningIndex,
} from './screening-index.ts';

const FORMAT = 'pcu-screening-index/2';
const TABLES = ['tokens', 'deletions', 'phonetic'] as const;

function encodeInts(values: ArrayLike<number>): string {
  const ints = Int32Array.from(values as ArrayLike<number>);
  return Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength).toString('base64');
}

function decodeInts(text: string): Int32Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Int32Array(copy.buffer);
}

export function serializeScreeningIndex(index: ScreeningIndex, options: { lookup?: boolean } = {}): string {
  if (!(index instanceof TokenScreeningIndex))
    throw new Error('only a built screening index can be serialized');
  const rows = index.entries.map((e) => [
    e.id,
    e.list,
    e.type,
    e.name,
    e.aliases,
    e.identifiers.map((i) => [i.type, i.value]),
    e.countries,
  ]);
  const p = index.prepared();
  return JSON.stringify({
    format: FORMAT,
    rows,
    tokens: p.tokens,
    kinds: encodeInts(p.kinds),
    phonetic: p.phonetic,
    nameEntry: encodeInts(p.nameEntry),
    nameAlias: encodeInts(p.nameAlias),
    nameTokenStart: encodeInts(p.nameTokenStart),
    nameTokenIds: encodeInts(p.nameTokenIds),
    lookup: options.lookup
      ? Object.fromEntries(
          TABLES.map((t) => [t, { start: encodeInts(p.lookup[t].start), ids: encodeInts(p.lookup[t].ids) }]),
        )
      : undefined,
  });
}

export function deserializeScreeningIndex(data: string | Uint8Array): ScreeningIndex {
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`not a serialized screening index (expected format ${FORMAT})`);
  }
  if (parsed.format !== FORMAT || !Array.isArray(parsed.rows)) {
    throw new Error(`not a serialized screening index (expected format ${FORMAT})`);
  }
  const entries = (parsed.rows as unknown[][]).map(
    ([id, list, type, name, aliases, identifiers, countries]) =>
      ({
        id,
        list,
        type,
        name,
        aliases,
        identifiers: (identifiers as [string, string][]).map(([t, value]) => ({ type: t, value })),
        countries,
        addresses: [],
      }) as WatchlistEntry,
  );
  const prepared: PreparedNames = {
    tokens: parsed.tokens as string[],
    kinds: Array.from(decodeInts(parsed.kinds as string)),
    phonetic: parsed.phonetic as string[],
    nameEntry: decodeInts(parsed.nameEntry as string),
    nameAlias: decodeInts(parsed.nameAlias as string),
    nameTokenStart: decodeInts(parsed.nameTokenStart as string),
    nameTokenIds: decodeInts(parsed.nameTokenIds as string),
    lookup: parsed.lookup
      ? decodeLookup(parsed.lookup as Record<string, { start: string; ids: string }>)
      : undefined,
  };
  return new TokenScreeningIndex(entries, prepared);
}

function decodeLookup(stored: Record<string, { start: string; ids: string }>): LookupTables {
  const table = (t: (typeof TABLES)[number]): IdBuckets => ({
    start: decodeInts(stored[t]!.start),
    ids: decodeInts(stored[t]!.ids),
  });
  return { tokens: table('tokens'), deletions: table('deletions'), phonetic: table('phonetic') };
}
