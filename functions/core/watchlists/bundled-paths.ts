/**
 * Where the bundled lists are, in a module of its own: `pcu screen` with the prebuilt index
 * needs the paths (to check the index is current) but none of the parsers.
 */
import { join, resolve } from 'node:path';

/** The bundled public lists (OFAC SDN and UN SC, see data/watchlists/ATTRIBUTION.md). */
export function defaultWatchlistPaths(): string[] {
  const folder = resolve(import.meta.dirname, '../../../data/watchlists');
  return [join(folder, 'ofac-sdn'), join(folder, 'un-sc-consolidated.xml')];
}
