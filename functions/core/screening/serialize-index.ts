/**
 * A prebuilt screening index for cold starts: the entries' screening fields only (no
 * addresses or reasons), as compact JSON. Loading it rebuilds the token index from the
 * already-parsed entries, which skips reading and parsing the source lists.
 */
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import { buildScreeningIndex, type ScreeningIndex } from './screening-index.ts';

const FORMAT = 'pcu-screening-index/1';

export function serializeScreeningIndex(index: ScreeningIndex): string {
  const rows = index.entries.map((e) => [
    e.id,
    e.list,
    e.type,
    e.name,
    e.aliases,
    e.identifiers.map((i) => [i.type, i.value]),
    e.countries,
  ]);
  return JSON.stringify({ format: FORMAT, rows });
}

export function deserializeScreeningIndex(data: string | Uint8Array): ScreeningIndex {
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  const parsed = JSON.parse(text) as { format?: string; rows?: unknown[][] };
  if (parsed.format !== FORMAT || !Array.isArray(parsed.rows)) {
    throw new Error(`not a serialized screening index (expected format ${FORMAT})`);
  }
  const entries = parsed.rows.map(
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
  return buildScreeningIndex(entries);
}
