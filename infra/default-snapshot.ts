import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_FILE_NAME } from '../functions/adapters/resource-settings.ts';
import { defaultProfileSet } from '../functions/core/profiling/index.ts';
import { buildSnapshot } from '../functions/core/snapshot/config-snapshot.ts';
import { defaultWatchlistPaths, loadWatchlist } from '../functions/core/watchlists/index.ts';

/** The compiled default configuration, as a file the stack ships and installs at deploy time. */
export type DefaultSnapshot = { version: string; file: string };

/**
 * Compiles the bundled default watchlists (OFAC SDN, UN SC) and the default risk profiles into
 * a config snapshot, exactly as `pcu publish` would, under `{outDir}/{version}/`. The version
 * is a content hash: an unchanged configuration reuses the file already written, so the
 * installer's asset (and the stack) stay unchanged between synths.
 */
export function buildDefaultSnapshot(outDir: string): DefaultSnapshot {
  const entries = defaultWatchlistPaths().flatMap((path) => loadWatchlist(path));
  const built = buildSnapshot({ entries, profileSet: defaultProfileSet() });
  const dir = join(outDir, built.version);
  const file = join(dir, SNAPSHOT_FILE_NAME);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, built.body);
  }
  return { version: built.version, file };
}
