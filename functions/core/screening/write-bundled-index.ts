/**
 * Writes the prebuilt index of the bundled lists (bundled-index.ts reads it): parses the
 * lists, analyses their names and stores the serialized index behind the lists' fingerprint.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { defaultWatchlistPaths, loadWatchlist } from '../watchlists/index.ts';
import { BUNDLED_INDEX_PATH, bundledListsFingerprint } from './bundled-index.ts';
import { buildScreeningIndex } from './screening-index.ts';
import { serializeScreeningIndex } from './serialize-index.ts';

/** The serialized index of the bundled lists as the file stores it (before gzip). */
export function bundledIndexText(): string {
  const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
  return `${bundledListsFingerprint()}\n${serializeScreeningIndex(buildScreeningIndex(entries), { lookup: true })}`;
}

export function writeBundledIndex(path = BUNDLED_INDEX_PATH): void {
  writeFileSync(path, gzipSync(bundledIndexText(), { level: 9 }));
}
