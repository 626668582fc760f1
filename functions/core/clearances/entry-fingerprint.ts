import { createHash } from 'node:crypto';
import type { WatchlistEntry } from '#schemas/watchlist.ts';

/**
 * A hash of what the list says about the entry: any change to its names, countries,
 * addresses, identifiers, type or reason gives another fingerprint.
 */
export function entryFingerprint(entry: WatchlistEntry): string {
  const fields = [
    entry.list,
    entry.id,
    entry.type,
    entry.name,
    [...entry.aliases].sort(),
    [...entry.countries].sort(),
    [...entry.addresses].sort(),
    entry.identifiers.map((i) => `${i.type}:${i.value}`).sort(),
    entry.reason ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 20);
}
