/**
 * Compiles the compact reference data in data/reference/ from the public sources in
 * ../shared/data/reference (UN/LOCODE with its functions and IATA airport codes, HS 2022,
 * World Port Index). Run with
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

// UN/LOCODE functions, one character per code of locodes.json (its ports, then its other
// codes): the bits of FUNCTION_BITS (written into the file as `bits`) added to 48, `0` = none.
const FUNCTION_BITS: Record<string, number> = { '1': 1, '2': 2, '3': 4, '4': 8, '6': 16, B: 32 };
const functionOf = new Map<string, number>();
for (const row of locodeRows) {
  if (row.Change?.trim() === 'X') continue;
  let bits = 0;
  for (const ch of row.Function ?? '') bits |= FUNCTION_BITS[ch] ?? 0;
  const code = `${row.Country?.trim()}${row.Location?.trim()}`;
  functionOf.set(code, (functionOf.get(code) ?? 0) | bits);
}
const functions: Record<string, string> = {};
for (const [country, { ports, other }] of Object.entries(locodes)) {
  let chars = '';
  for (const packed of [ports, other]) {
    for (let i = 0; i < packed.length; i += 3) {
      chars += String.fromCharCode(48 + (functionOf.get(country + packed.slice(i, i + 3)) ?? 0));
    }
  }
  functions[country] = chars;
}
write('locode-functions.json', {
  source: 'UN/LOCODE, UNECE (ODC-PDDL-1.0); editions 2024-2 (GA..ZW) and 2022-1 (AD..FR)',
  bits: FUNCTION_BITS,
  countries: functions,
});

// IATA airport codes -> UN/LOCODE. A location's IATA code is its IATA column, or its own
// 3-character code when the column is empty. Where one IATA code names several locations
// (ICN: the port KRINC and the airport KRICN), the airport (function 4) wins, then the code
// adopted by IATA (status AI); a tie that remains is left out rather than guessed.
const airportCandidates = new Map<string, { code: string; rank: number; coordinates: string }[]>();
for (const row of locodeRows) {
  const country = row.Country?.trim() ?? '';
  const location = row.Location?.trim() ?? '';
  if (row.Change?.trim() === 'X' || !/^[A-Z]{2}$/.test(country) || !/^[A-Z0-9]{3}$/.test(location)) continue;
  const explicit = (row.IATA ?? '').trim();
  const airport = (row.Function ?? '')[3] === '4';
  if (!explicit && !airport) continue;
  const iata = explicit || location;
  if (!/^[A-Z]{3}$/.test(iata)) continue;
  const rank = (airport ? 4 : 0) + (row.Status?.trim() === 'AI' ? 2 : 0) + (explicit ? 1 : 0);
  const list = airportCandidates.get(iata) ?? [];
  list.push({ code: country + location, rank, coordinates: (row.Coordinates ?? '').trim() });
  airportCandidates.set(iata, list);
}
const airports: Record<string, [string] | [string, number, number]> = {};
let ambiguous = 0;
for (const [iata, list] of [...airportCandidates].sort(([a], [b]) => a.localeCompare(b))) {
  list.sort((a, b) => b.rank - a.rank);
  const [best, second] = list;
  if (!best) continue;
  if (second && second.rank === best.rank) {
    ambiguous++;
    continue;
  }
  const point = parseCoordinates(best.coordinates);
  airports[iata] = point ? [best.code, point.lat, point.lon] : [best.code];
}
write('iata-airports.json', {
  source:
    'UN/LOCODE, UNECE (ODC-PDDL-1.0): IATA column and function-4 locations; [UN/LOCODE, latitude, longitude]',
  ambiguousLeftOut: ambiguous,
  airports,
});

/** UN/LOCODE coordinates `4230N 00131E` (degrees and minutes) -> decimal degrees, 2 decimals. */
function parseCoordinates(text: string): { lat: number; lon: number } | undefined {
  const m = /^(\d{2})(\d{2})([NS]) (\d{3})(\d{2})([EW])$/.exec(text);
  if (!m) return undefined;
  const round = (n: number) => Math.round(n * 100) / 100;
  const lat = (Number(m[1]) + Number(m[2]) / 60) * (m[3] === 'S' ? -1 : 1);
  const lon = (Number(m[4]) + Number(m[5]) / 60) * (m[6] === 'W' ? -1 : 1);
  return { lat: round(lat), lon: round(lon) };
}

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
