import { createHash } from 'node:crypto';
import type { WatchlistEntry } from '#schemas/watchlist.ts';

/**
 * A hash of what screening matches on: any change to the entry's type, names, countries or
 * identifiers gives another fingerprint. Addresses and reasons are left out because the
 * published snapshot does not carry them, and `pcu profile` must agree with the pipeline.
 */
export function entryFingerprint(entry: WatchlistEntry): string {
  const fields = [
    entry.list,
    entry.id,
    entry.type,
    entry.name,
    [...entry.aliases].sort(),
    [...entry.countries].sort(),
    entry.identifiers.map((i) => `${i.type}:${i.value}`).sort(),
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 20);
}
