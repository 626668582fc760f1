import { parse } from 'csv-parse/sync';
import airportData from '../../../data/reference/iata-airports.json' with { type: 'json' };
import functionData from '../../../data/reference/locode-functions.json' with { type: 'json' };
import locodeData from '../../../data/reference/locodes.json' with { type: 'json' };
import { isKnownLocode, isListedLocode, normaliseLocode, useExtraLocodes } from './locode.ts';
import { type Problem, problem } from './problem.ts';

/**
 * Locations of every mode: the UN/LOCODE functions (port, rail, road, airport, border
 * crossing, dry port), IATA airport codes mapped to UN/LOCODE, and the deployment's own
 * locations file for the stations and crossings the list lacks (data/locations/README.md).
 */
export const LOCATION_KINDS = ['port', 'rail', 'road', 'airport', 'border', 'dry-port'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** The bit of each kind in data/reference/locode-functions.json (UN/LOCODE function 1, 2, 3, 4, B, 6). */
const KIND_BIT: Record<LocationKind, number> = {
  port: functionData.bits['1'],
  rail: functionData.bits['2'],
  road: functionData.bits['3'],
  airport: functionData.bits['4'],
  border: functionData.bits.B,
  'dry-port': functionData.bits['6'],
};

const AIRPORTS = airportData.airports as unknown as Record<string, [string, number?, number?]>;

export interface DeploymentLocation {
  code: string;
  name: string;
  country: string;
  kind: LocationKind;
  latitude?: number;
  longitude?: number;
}

let deployment = new Map<string, DeploymentLocation>();

/** Installs the deployment's locations (replacing any installed before): validation accepts their codes. */
export function useDeploymentLocations(locations: readonly DeploymentLocation[]): void {
  deployment = new Map(locations.map((l) => [l.code, l]));
  useExtraLocodes(deployment.keys());
}

export function deploymentLocation(code: string): DeploymentLocation | undefined {
  return deployment.get(code);
}

/** The kinds the UN/LOCODE list (or the deployment file) gives a code; undefined when the code is unknown. */
export function locationKinds(code: string): LocationKind[] | undefined {
  const own = deployment.get(code);
  if (own) return [own.kind];
  const bits = functionBits(code);
  if (bits === undefined) return undefined;
  return LOCATION_KINDS.filter((kind) => (bits & KIND_BIT[kind]) !== 0);
}

/** Per country, location code -> function bits; decoded on first use, like locode.ts's sets. */
const bitsByCountry = new Map<string, Map<string, number>>();

function functionBits(code: string): number | undefined {
  if (!isListedLocode(code)) return undefined;
  const country = code.slice(0, 2);
  let bits = bitsByCountry.get(country);
  if (!bits) {
    bits = new Map();
    const packed = (locodeData.countries as Record<string, { ports: string; other: string }>)[country];
    const chars = (functionData.countries as Record<string, string>)[country] ?? '';
    const all = packed ? packed.ports + packed.other : '';
    for (let i = 0; i < all.length; i += 3) bits.set(all.slice(i, i + 3), chars.charCodeAt(i / 3) - 48);
    bitsByCountry.set(country, bits);
  }
  return bits.get(code.slice(2));
}

/**
 * Problems of a location used as `kind` (an airport of an air waybill, a border station of a
 * train): format and code list as for ports; a known code without that function is a warning.
 */
export function locationProblems(code: string, kind: LocationKind): Problem[] {
  if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(code)) return [problem('LOCODE_FORMAT', 'error', `Got "${code}".`)];
  if (!isKnownLocode(code)) return [problem('LOCODE_UNKNOWN', 'error', `Got ${code}.`)];
  const kinds = locationKinds(code) ?? [];
  // A border station is usually listed as a rail or road location: any of the three will do;
  // a rail or road place may be a border crossing or a dry port.
  const fits =
    kind === 'border'
      ? kinds.some((k) => k === 'border' || k === 'rail' || k === 'road')
      : kind === 'rail' || kind === 'road'
        ? kinds.some((k) => k === kind || k === 'border' || k === 'dry-port')
        : kinds.includes(kind);
  if (!fits) return [problem('LOCODE_FUNCTION', 'warning', `${code} is not listed as ${kind}.`)];
  return [];
}

/** IATA airport code (`PVG`) -> UN/LOCODE (`CNPVG`), from the UN/LOCODE list's IATA codes. */
export function airportLocode(iata: string): string | undefined {
  return AIRPORTS[iata.trim().toUpperCase()]?.[0];
}

/** Where a location is, when the deployment file or the airport list knows. */
export function locationPoint(code: string): { latitude: number; longitude: number } | undefined {
  const own = deployment.get(code);
  if (own?.latitude !== undefined && own.longitude !== undefined) {
    return { latitude: own.latitude, longitude: own.longitude };
  }
  if (!airportPoints) {
    airportPoints = new Map();
    for (const [locode, latitude, longitude] of Object.values(AIRPORTS)) {
      if (latitude !== undefined && longitude !== undefined)
        airportPoints.set(locode, { latitude, longitude });
    }
  }
  return airportPoints.get(code);
}

let airportPoints: Map<string, { latitude: number; longitude: number }> | undefined;

export interface LocationsFileRead {
  locations: DeploymentLocation[];
  /** Row problems, each naming its line and column; a warning's row (a code UN/LOCODE has) is ignored harmlessly. */
  problems: { line: number; field: string; message: string; severity: 'error' | 'warning' }[];
}

/** Reads a locations file (CSV, header `code,name,country,latitude,longitude,kind`). Never throws. */
export function parseLocationsFile(text: string): LocationsFileRead {
  const problems: LocationsFileRead['problems'] = [];
  let rows: Record<string, string>[];
  try {
    rows = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (err) {
    return {
      locations: [],
      problems: [
        {
          line: 1,
          field: 'file',
          message: `Not a readable CSV: ${(err as Error).message}`,
          severity: 'error',
        },
      ],
    };
  }
  const locations: DeploymentLocation[] = [];
  for (const [i, row] of rows.entries()) {
    const read = readLocationRow(row);
    if ('field' in read) problems.push({ line: i + 2, severity: read.severity ?? 'error', ...read });
    else locations.push(read);
  }
  return { locations, problems };
}

function readLocationRow(
  row: Record<string, string>,
): DeploymentLocation | { field: string; message: string; severity?: 'warning' } {
  const code = normaliseLocode(row.code ?? '');
  const kind = (row.kind ?? '').toLowerCase() as LocationKind;
  const country = (row.country ?? code.slice(0, 2)).toUpperCase();
  const latitude = row.latitude ? Number(row.latitude) : undefined;
  const longitude = row.longitude ? Number(row.longitude) : undefined;
  if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(code)) {
    return { field: 'code', message: `"${row.code ?? ''}" is not 2 letters and 3 letters or digits.` };
  }
  if (!row.name) return { field: 'name', message: `${code} has no name.` };
  if (!LOCATION_KINDS.includes(kind)) {
    return {
      field: 'kind',
      message: `${code}: "${row.kind ?? ''}" is not one of ${LOCATION_KINDS.join(', ')}.`,
    };
  }
  if (country !== code.slice(0, 2)) {
    return {
      field: 'country',
      message: `${code}: the country ${country} is not the code's ${code.slice(0, 2)}.`,
    };
  }
  if (isListedLocode(code)) {
    return {
      field: 'code',
      message: `${code} is a UN/LOCODE already; the list's entry is kept and this row ignored.`,
      severity: 'warning',
    };
  }
  if (latitude !== undefined && !(Math.abs(latitude) <= 90)) {
    return { field: 'latitude', message: `${code}: "${row.latitude}" is not a latitude.` };
  }
  if (longitude !== undefined && !(Math.abs(longitude) <= 180)) {
    return { field: 'longitude', message: `${code}: "${row.longitude}" is not a longitude.` };
  }
  return {
    code,
    name: row.name,
    country,
    kind,
    ...(latitude !== undefined && { latitude }),
    ...(longitude !== undefined && { longitude }),
  };
}
