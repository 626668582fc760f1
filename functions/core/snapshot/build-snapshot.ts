import { createHash } from 'node:crypto';
import { buildScreeningIndex, serializeScreeningIndex } from '#core/screening/index.ts';
import { ProfileSet, type ProfileSetInput } from '#schemas/risk-profile.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import { type BuiltSnapshot, SNAPSHOT_FORMAT, type SnapshotHeader } from './load-snapshot.ts';

/**
 * Builds a config snapshot (see load-snapshot.ts for the format). Kept apart from loading so
 * the profile Lambda's bundle carries neither the schema validation nor the index builder's
 * callers it does not need.
 */
export function buildSnapshot(input: {
  entries: readonly WatchlistEntry[];
  profileSet: ProfileSetInput | ProfileSet;
  builtAt?: Date;
}): BuiltSnapshot {
  const profileSet = ProfileSet.parse(input.profileSet);
  const indexText = serializeScreeningIndex(buildScreeningIndex(input.entries));
  const counts = new Map<string, number>();
  for (const entry of input.entries) counts.set(entry.list, (counts.get(entry.list) ?? 0) + 1);
  const watchlists = [...counts]
    .map(([list, entries]) => ({ list, entries }))
    .sort((a, b) => a.list.localeCompare(b.list));

  const hash = createHash('sha256');
  hash.update(JSON.stringify({ profileSet, watchlists }));
  hash.update('\n');
  hash.update(indexText);
  const version = hash.digest('hex').slice(0, 16);

  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    version,
    builtAt: (input.builtAt ?? new Date()).toISOString(),
    profileVersion: profileSet.version,
    watchlists,
    profileSet,
  };
  return { version, header, body: `${JSON.stringify(header)}\n${indexText}` };
}
