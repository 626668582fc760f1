import { readFile, stat } from 'node:fs/promises';
import {
  type DeploymentLocation,
  parseLocationsFile,
  useDeploymentLocations,
} from '#core/identifiers/locations.ts';
import { defaultWatchlistPaths, loadWatchlist, WatchlistError } from '#core/watchlists/index.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
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
