import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type DeploymentLocation,
  parseLocationsFile,
  useDeploymentLocations,
} from '#core/identifiers/locations.ts';
import { BUNDLED_INDEX_PATH, bundledListsFingerprint } from '#core/screening/bundled-index.ts';
import {
  buildScreeningIndex,
  deserializeScreeningIndex,
  type ScreeningIndex,
  serializeScreeningIndex,
} from '#core/screening/index.ts';
import { defaultWatchlistPaths, loadWatchlist, WatchlistError } from '#core/watchlists/index.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import { cacheDir } from './cache-dir.ts';
import { UserError } from './user-error.ts';

/**
 * What the commands read from the user's disk, with the user's mistakes turned into one-line
 * errors (exit 2) that name the file and line.
 */

/** Loads watchlists (OFAC folder, UN XML or native CSV; default: the bundled lists). */
export function readWatchlists(paths: readonly string[] = defaultWatchlistPaths()): WatchlistEntry[] {
  const entries: WatchlistEntry[] = [];
  for (const path of paths) {
    try {
      entries.push(...loadWatchlist(path));
    } catch (err) {
      if (err instanceof WatchlistError) throw new UserError(`watchlist: ${err.message}`);
      // Whatever else a broken file makes a parser throw is still the file's fault: one line.
      const message = String((err as Error)?.message ?? err)
        .replace(/\s+/g, ' ')
        .trim();
      throw new UserError(`watchlist: ${path}: cannot be loaded (${message.slice(0, 200)})`);
    }
  }
  return entries;
}

export { cacheDir } from './cache-dir.ts';

/**
 * The screening index of the user's watchlist files, compiled once per content: the cache file
 * is named by a hash of the files' bytes, so an edited list is compiled afresh (and the old file
 * is left for whoever deletes the folder). The hash also covers the bundled prebuilt index,
 * which is rebuilt (a test checks it) whenever the name analysis changes: an index compiled by
 * an older analysis is never read. `cache: false` (`--no-cache`) compiles in memory only.
 */
export function readScreeningIndex(paths: readonly string[], options: { cache: boolean }): ScreeningIndex {
  if (!options.cache) return buildScreeningIndex(readWatchlists(paths));
  let file: string;
  try {
    const key = createHash('sha256')
      .update(bundledListsFingerprint(paths))
      .update(readFileSync(BUNDLED_INDEX_PATH))
      .digest('hex');
    file = join(cacheDir(), `screening-${key.slice(0, 32)}.gz`);
  } catch {
    // A missing or unreadable list: readWatchlists names it.
    return buildScreeningIndex(readWatchlists(paths));
  }
  try {
    return deserializeScreeningIndex(gunzipSync(readFileSync(file)));
  } catch {
    // Not cached yet (or a damaged cache file): compile and keep it.
  }
  const index = buildScreeningIndex(readWatchlists(paths));
  try {
    mkdirSync(cacheDir(), { recursive: true });
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, gzipSync(serializeScreeningIndex(index, { lookup: true }), { level: 1 }));
    renameSync(staging, file);
  } catch (err) {
    const reason = (err as { code?: string }).code ?? String(err);
    process.stderr.write(
      `pcu: cannot write the watchlist cache in ${cacheDir()} (${reason}); continuing without it\n`,
    );
  }
  return index;
}

export async function assertReadableFile(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UserError(`${file} is not a file.`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as { code?: string }).code;
    throw new UserError(
      code === 'ENOENT' ? `${file}: no such file.` : `${file}: cannot be read (${code ?? err}).`,
    );
  }
}

/**
 * Installs the deployment's locations file (data/locations/README.md): validation then accepts
 * its stations and crossings. A bad row is the user's error, named by line and field; a row
 * whose code UN/LOCODE already has is ignored with a note on stderr.
 */
export async function useLocationsFile(file: string): Promise<void> {
  useDeploymentLocations((await readLocationsFile(file)).locations);
}

/** Reads and checks a locations file (as useLocationsFile); `text` is what pcu publish uploads. */
export async function readLocationsFile(
  file: string,
): Promise<{ text: string; locations: DeploymentLocation[] }> {
  await assertReadableFile(file);
  const text = await readFile(file, 'utf8');
  const read = parseLocationsFile(text);
  const bad = read.problems.find((p) => p.severity === 'error');
  if (bad) throw new UserError(`locations: ${file}: line ${bad.line}, ${bad.field}: ${bad.message}`);
  for (const p of read.problems) process.stderr.write(`locations: ${file}: line ${p.line}: ${p.message}\n`);
  return { text, locations: read.locations };
}
