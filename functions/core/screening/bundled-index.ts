/**
 * The screening index of the bundled lists (data/watchlists/), prebuilt so that `pcu screen`
 * starts without parsing the OFAC CSV and UN XML and analysing ~40k names. The file holds a
 * fingerprint of the list files it was built from, then the serialized index, gzipped; it is
 * used only while the bundled files still have that fingerprint (a refreshed list without a
 * rebuilt index falls back to building from the lists). Written by write-bundled-index.ts
 * (`npx tsx data/watchlists/build-screening-index.ts`); a test checks it is current. This
 * module only reads it, and imports no list parser: `pcu screen` loads them only when the
 * index cannot be used.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { defaultWatchlistPaths } from '../watchlists/bundled-paths.ts';
import type { ScreeningIndex } from './screening-index.ts';
import { deserializeScreeningIndex } from './serialize-index.ts';

export const BUNDLED_INDEX_PATH = resolve(import.meta.dirname, '../../../data/watchlists/screening-index.gz');

/** The files of the given lists (an OFAC folder's .csv files, sorted), in a fixed order. */
export function listFiles(
  paths: readonly string[] = defaultWatchlistPaths(),
): { path: string; file: string }[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => f.endsWith('.csv'))
          .sort()
          .map((f) => ({ path, file: join(path, f) }))
      : [{ path, file: path }],
  );
}

/** sha256 of the bundled list files, in a fixed order. */
export function bundledListsFingerprint(paths: readonly string[] = defaultWatchlistPaths()): string {
  const hash = createHash('sha256');
  for (const { path, file } of listFiles(paths))
    hash.update(file.slice(path.length)).update(readFileSync(file));
  return hash.digest('hex');
}

/**
 * The prebuilt index of the bundled lists, or undefined when it is missing or stale.
 * `fingerprint` gives the lists' current fingerprint (the CLI remembers it, see
 * cli/lists-fingerprint.ts).
 */
export function loadBundledIndex(
  path = BUNDLED_INDEX_PATH,
  fingerprint: () => string = () => bundledListsFingerprint(),
): ScreeningIndex | undefined {
  if (!existsSync(path)) return undefined;
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  const newline = text.indexOf('\n');
  if (newline < 0 || text.slice(0, newline) !== fingerprint()) return undefined;
  return deserializeScreeningIndex(text.slice(newline + 1));
}
