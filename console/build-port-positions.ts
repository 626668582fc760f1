/**
 * Writes console/src/port-positions.json, where the console's route map draws ports: the
 * 3,300 ports of the World Port Index (NGA Pub. 150, public domain; copied in
 * ../shared/data/reference) that have a UN/LOCODE, to 0.1 degree (a world map needs no more;
 * 24 KB gzipped, in the map's own chunk). Places without a position are listed, not drawn.
 * Run: npx tsx console/build-port-positions.ts [../shared/data/reference]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

const source = resolve(process.argv[2] ?? join(import.meta.dirname, '../../shared/data/reference'));
const read = (path: string) =>
  parse(readFileSync(join(source, path)), { columns: true, bom: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];

const positions: Record<string, [number, number]> = {};
for (const r of read('ports/NGA_WPI_UpdatedPub150.csv')) {
  const locode = (r['UN/LOCODE'] ?? '').replace(/\s+/g, '');
  const lat = Number(r.Latitude);
  const lon = Number(r.Longitude);
  if (/^[A-Z]{2}[A-Z0-9]{3}$/.test(locode) && Number.isFinite(lat) && Number.isFinite(lon)) {
    positions[locode] = [Math.round(lat * 10) / 10, Math.round(lon * 10) / 10];
  }
}
const sorted = Object.fromEntries(Object.entries(positions).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(join(import.meta.dirname, 'src/port-positions.json'), `${JSON.stringify(sorted)}\n`);
console.log(`${Object.keys(sorted).length} port positions`);
