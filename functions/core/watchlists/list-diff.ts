/**
 * What changed between two editions of one watchlist: entries added, changed and removed,
 * keyed by the list's own id. Two entries are the same when everything the screening reads
 * of them is the same (type, names, aliases, countries, identifiers), whatever the order the
 * list writes them in. Addresses and reasons are not compared: the config snapshot does not
 * carry them (the screening index keeps only what it matches on), and a changed address alone
 * cannot make a new match.
 */
import type { WatchlistEntry } from '#schemas/watchlist.ts';

export type ListDiff = {
  list: string;
  added: WatchlistEntry[];
  changed: WatchlistEntry[];
  removed: WatchlistEntry[];
};

/**
 * A new edition with fewer than this share of the previous edition's entries is refused: real
 * lists shrink by a handful of delistings a week (OFAC: a few dozen at most), never by a tenth,
 * while a truncated download or a half-published file does.
 */
export const MIN_KEPT_SHARE = 0.9;

/** The key of an entry across editions: list and the list's own id. */
export function entryKey(entry: Pick<WatchlistEntry, 'list' | 'id'>): string {
  return `${entry.list}\u0000${entry.id}`;
}

function canonical(entry: WatchlistEntry): string {
  const sorted = (values: readonly string[]) => [...values].sort();
  return JSON.stringify([
    entry.type,
    entry.name,
    sorted(entry.aliases),
    sorted(entry.countries),
    sorted(entry.identifiers.map((i) => `${i.type}\u0000${i.value}`)),
  ]);
}

export function diffWatchlist(
  list: string,
  previous: readonly WatchlistEntry[],
  next: readonly WatchlistEntry[],
): ListDiff {
  const before = new Map(previous.map((e) => [e.id, e]));
  const after = new Set<string>();
  const diff: ListDiff = { list, added: [], changed: [], removed: [] };
  for (const entry of next) {
    after.add(entry.id);
    const old = before.get(entry.id);
    if (!old) diff.added.push(entry);
    else if (canonical(old) !== canonical(entry)) diff.changed.push(entry);
  }
  for (const entry of previous) if (!after.has(entry.id)) diff.removed.push(entry);
  return diff;
}

export function isUnchanged(diff: ListDiff): boolean {
  return diff.added.length === 0 && diff.changed.length === 0 && diff.removed.length === 0;
}

/**
 * Why a new edition is refused as implausibly small, or undefined when it is acceptable. An
 * empty list is always refused (a list that parsed to nothing is a broken download).
 */
export function implausibleShrink(
  list: string,
  previousCount: number,
  nextCount: number,
  minKeptShare: number = MIN_KEPT_SHARE,
): string | undefined {
  if (nextCount === 0) return `${list}: the new edition has no entries`;
  if (previousCount > 0 && nextCount < previousCount * minKeptShare) {
    return `${list}: the new edition has ${nextCount} entries, fewer than ${Math.round(minKeptShare * 100)}% of the ${previousCount} of the edition in use (a truncated or partial file?)`;
  }
  return undefined;
}
