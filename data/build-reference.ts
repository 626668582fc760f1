/**
 * Compiles the compact reference data in data/reference/ from the public sources in
 * ../shared/data/reference (UN/LOCODE, HS 2022, World Port Index). Run with
 * `npm run build:reference [-- SOURCE_DIR]` when a new edition comes out; the output is
 * committed so a clone (and a Lambda bundle) needs no download.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

const source = resolve(process.argv[2] ?? join(import.meta.dirname, '../../shared/data/reference'));
const out = join(import.meta.dirname, 'reference');

function readCsv(path: string): Record<string, string>[] {
  return parse(readFileSync(join(source, path)), { columns: true, bom: true, skip_empty_lines: true });
}

function write(name: string, value: unknown): void {
  const text = JSON.stringify(value);
  writeFileSync(join(out, name), `${text}\n`);
  console.log(`${name}: ${text.length.toLocaleString()} bytes`);
}

// UN/LOCODE: per country, the 3-character location codes concatenated, seaports (function
// digit 1) apart from the rest. ~116k codes in ~400 kB, decoded into Sets on first use.
const locodeRows = readCsv('unlocode/unlocode-merged.csv');
const byCountry = new Map<string, { ports: Set<string>; other: Set<string> }>();
for (const row of locodeRows) {
  const country = row.Country?.trim();
  const location = row.Location?.trim();
  if (!country || !location || !/^[A-Z]{2}$/.test(country) || !/^[A-Z0-9]{3}$/.test(location)) continue;
  if (row.Change?.trim() === 'X') continue; // marked for deletion
  let entry = byCountry.get(country);
  if (!entry) {
    entry = { ports: new Set(), other: new Set() };
    byCountry.set(country, entry);
  }
  (row.Function?.startsWith('1') ? entry.ports : entry.other).add(location);
}
const locodes: Record<string, { ports: string; other: string }> = {};
for (const [country, { ports, other }] of [...byCountry].sort(([a], [b]) => a.localeCompare(b))) {
  for (const p of ports) other.delete(p);
  locodes[country] = { ports: [...ports].sort().join(''), other: [...other].sort().join('') };
}
write('locodes.json', {
  source: 'UN/LOCODE, UNECE (ODC-PDDL-1.0); editions 2024-2 (GA..ZW) and 2022-1 (AD..FR)',
  countries: locodes,
});

// ISO 3166 countries (as listed with UN/LOCODE).
const countries: Record<string, string> = {};
for (const row of readCsv('unlocode/country-codes.csv')) {
  const code = row.CountryCode?.trim();
  if (code && /^[A-Z]{2}$/.test(code)) countries[code] = (row.CountryName ?? '').trim();
}
write('countries.json', countries);

// HS 2022: the 6-digit subheadings (validation) and their descriptions (generator, reports).
// UN Comtrade pseudo-codes (TOTAL, 99, 9999, 999999) are not WCO HS codes.
const hsRows = readCsv('hs2022/harmonized-system.csv');
const subheadings = hsRows
  .filter((r) => r.level === '6' && /^\d{6}$/.test(r.hscode ?? '') && r.hscode !== '999999')
  .map((r) => [r.hscode as string, (r.description ?? '').trim()] as const)
  .sort(([a], [b]) => a.localeCompare(b));
write('hs2022.json', {
  source: 'Harmonized System 2022, datasets/harmonized-system (UN Comtrade), ODC-PDDL-1.0',
  subheadings: subheadings.map(([code]) => code).join(''),
});
const headings = hsRows
  .filter((r) => r.level === '4' && /^\d{4}$/.test(r.hscode ?? '') && r.hscode !== '9999')
  .map((r) => [r.hscode as string, (r.description ?? '').trim()]);
write('hs2022-descriptions.json', { headings, subheadings });

// Container ports: World Port Index ports with container facilities or cranes and a valid
// UN/LOCODE, for realistic generated voyages.
const containerPorts = readCsv('ports/NGA_WPI_UpdatedPub150.csv')
  .filter((r) => r['Facilities - Container'] === 'Yes' || r['Cranes Container'] === 'Yes')
  .map((r) => {
    const locode = (r['UN/LOCODE'] ?? '').replace(/\s+/g, '');
    return {
      locode,
      name: (r['Main Port Name'] ?? '').trim(),
      size: (r['Harbor Size'] ?? '').trim(),
      lat: Math.round(Number(r.Latitude) * 100) / 100,
      lon: Math.round(Number(r.Longitude) * 100) / 100,
    };
  })
  .filter((p) => {
    const known = locodes[p.locode.slice(0, 2)];
    const code = p.locode.slice(2);
    return (
      /^[A-Z]{2}[A-Z0-9]{3}$/.test(p.locode) && known && (has(known.ports, code) || has(known.other, code))
    );
  })
  .sort((a, b) => a.locode.localeCompare(b.locode));
write('container-ports.json', containerPorts);

function has(packed: string, code: string): boolean {
  for (let i = 0; i < packed.length; i += 3) if (packed.slice(i, i + 3) === code) return true;
  return false;
}
