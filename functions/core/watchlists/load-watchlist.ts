/**
 * Reads a watchlist from disk whatever its format, detected from the path: a folder holding
 * sdn.csv (OFAC SDN legacy CSV set), an .xml file (UN Security Council consolidated list), or
 * a .csv with the native `id,type,name` header (its list name is the file's base name).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import { looksLikeNativeHeader, parseNativeWatchlistCsv } from './native-csv.ts';
import { parseOfacSdn } from './ofac-sdn.ts';
import { parseUnConsolidatedXml } from './un-consolidated.ts';
import { WatchlistError } from './watchlist-error.ts';

export type WatchlistFormat = 'ofac-sdn' | 'un-sc-xml' | 'native-csv';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new WatchlistError(
      path,
      undefined,
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

export function detectWatchlistFormat(path: string): WatchlistFormat {
  if (!existsSync(path)) throw new WatchlistError(path, undefined, 'no such file or folder');
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, 'sdn.csv'))) return 'ofac-sdn';
    throw new WatchlistError(
      path,
      undefined,
      'a watchlist folder must hold the OFAC sdn.csv (and alt.csv, add.csv)',
    );
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.xml') return 'un-sc-xml';
  if (ext === '.csv') {
    if (basename(path).toLowerCase() === 'sdn.csv') return 'ofac-sdn';
    const firstLine = readText(path).split(/\r?\n/, 1)[0] ?? '';
    if (looksLikeNativeHeader(firstLine)) return 'native-csv';
    throw new WatchlistError(path, 1, 'a watchlist CSV needs a header row with the columns id,type,name');
  }
  throw new WatchlistError(
    path,
    undefined,
    'not a known watchlist: give an OFAC SDN folder (sdn.csv, alt.csv), a UN consolidated list .xml or a .csv with columns id,type,name',
  );
}

export function loadWatchlist(path: string): WatchlistEntry[] {
  const format = detectWatchlistFormat(path);
  if (format === 'ofac-sdn') {
    const folder = statSync(path).isDirectory() ? path : dirname(path);
    const optional = (file: string) =>
      existsSync(join(folder, file)) ? readText(join(folder, file)) : undefined;
    return parseOfacSdn({
      sdn: readText(join(folder, 'sdn.csv')),
      alt: optional('alt.csv'),
      add: optional('add.csv'),
      fileNames: { sdn: join(folder, 'sdn.csv'), alt: join(folder, 'alt.csv'), add: join(folder, 'add.csv') },
    });
  }
  if (format === 'un-sc-xml') return parseUnConsolidatedXml(readText(path), path);
  return parseNativeWatchlistCsv(readText(path), basename(path, extname(path)), path);
}

export { defaultWatchlistPaths } from './bundled-paths.ts';
