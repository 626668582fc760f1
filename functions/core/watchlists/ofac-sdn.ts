/**
 * Importer for the OFAC SDN legacy CSV set: sdn.csv (one row per entry), alt.csv (a.k.a.,
 * f.k.a., n.k.a.) and the optional add.csv (addresses). No header rows, `-0-` means empty,
 * CRLF line ends and a trailing 0x1A (DOS end-of-file) byte.
 */
import { parse } from 'csv-parse/sync';
import type { EntryType, WatchlistEntry } from '#schemas/watchlist.ts';
import { CONVEYANCE_IDENTIFIER_TYPES } from '#schemas/watchlist-constants.ts';
import { WatchlistError } from './watchlist-error.ts';

export const OFAC_LIST_NAME = 'OFAC-SDN';

export interface OfacSdnFiles {
  sdn: string;
  alt?: string;
  add?: string;
  /** Names used in error messages (the paths the texts were read from). */
  fileNames?: { sdn?: string; alt?: string; add?: string };
}

/** Rows of one OFAC CSV with their 1-based line numbers. */
function readRows(text: string, file: string, minColumns: number): { line: number; cells: string[] }[] {
  // The 0x1A byte is an end-of-file marker, not data.
  const clean = text.replace(/\x1a\s*$/, '');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(clean, {
      relax_column_count: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new WatchlistError(file, line, `not a readable OFAC CSV file (${(err as Error).message})`);
  }
  return records.map(({ record, info }) => {
    if (record.length < minColumns) {
      throw new WatchlistError(file, info.lines, `expected ${minColumns} columns, found ${record.length}`);
    }
    return { line: info.lines, cells: record.map((c) => (c === '-0-' ? '' : c)) };
  });
}

const TYPES: Record<string, EntryType> = {
  individual: 'person',
  vessel: 'vessel',
  aircraft: 'aircraft',
  '': 'organization',
};

/** IMO numbers written in Remarks: "IMO 7406784" or "Vessel Registration Identification IMO 7406784". */
const IMO_IN_REMARKS = /\bIMO\s*(\d{7})\b/g;
/** Tail numbers written in Remarks: "Aircraft Tail Number EP-ABC" / "Previous Aircraft Tail Number YI-NAE". */
const TAIL_IN_REMARKS = /\bAircraft Tail Number\s+([A-Z0-9]{1,3}-?[A-Z0-9]{1,6})\b/gi;
/** A registration as OFAC names an aircraft: nationality mark, optional dash, mark (EP-GOM, EX-35011, N123AB). */
const REGISTRATION_NAME = /^[A-Z0-9]{1,3}-?[A-Z0-9]{1,6}$/;
/** Weak and former names written in Remarks: "a.k.a. 'BNC'." / "f.k.a. 'ANA I';" (quotes may nest: 'ABU-'UMAR'). */
const ALIASES_IN_REMARKS = /\b[afn]\.k\.a\.\s+'(.+?)'(?=\s*(?:[;.,]|$))/g;

export function parseOfacSdn(files: OfacSdnFiles): WatchlistEntry[] {
  const names = { sdn: 'sdn.csv', alt: 'alt.csv', add: 'add.csv', ...files.fileNames };
  const byId = new Map<string, WatchlistEntry>();
  const entries: WatchlistEntry[] = [];
  // What each entry already holds, so that de-duplicating stays linear however many aliases
  // or addresses one entry has.
  const held = new Map<WatchlistEntry, Set<string>>();
  const addOnce = (entry: WatchlistEntry, field: 'aliases' | 'addresses' | 'countries', value: string) => {
    let set = held.get(entry);
    if (!set) {
      set = new Set();
      held.set(entry, set);
    }
    const key = `${field}\u0000${value}`;
    if (set.has(key)) return;
    set.add(key);
    entry[field].push(value);
  };

  for (const { line, cells } of readRows(files.sdn, names.sdn, 12)) {
    const [id, name, sdnType, program, title, callSign, , , , flag, , remarks] = cells as string[];
    if (!/^\d+$/.test(id ?? '')) throw new WatchlistError(names.sdn, line, `ent_num "${id}" is not a number`);
    if (!name) throw new WatchlistError(names.sdn, line, `entry ${id} has no SDN_Name`);
    const type = TYPES[(sdnType ?? '').toLowerCase()];
    if (!type) throw new WatchlistError(names.sdn, line, `entry ${id} has an unknown SDN_Type "${sdnType}"`);
    const entry: WatchlistEntry = {
      id: id!,
      list: OFAC_LIST_NAME,
      type,
      name,
      aliases: [],
      countries: [],
      addresses: [],
      identifiers: [],
      reason: [program && `programme ${program}`, title].filter(Boolean).join('; ') || undefined,
    };
    const imos = new Set<string>();
    for (const m of (remarks ?? '').matchAll(IMO_IN_REMARKS)) {
      if (!imos.has(m[1]!)) {
        imos.add(m[1]!);
        entry.identifiers.push({ type: 'imo', value: m[1]! });
      }
    }
    if (type === 'aircraft') {
      const tails = new Set<string>();
      const addTail = (tail: string) => {
        const value = tail.toUpperCase();
        if (tails.has(value)) return;
        tails.add(value);
        entry.identifiers.push({ type: CONVEYANCE_IDENTIFIER_TYPES.aircraft, value });
      };
      if (REGISTRATION_NAME.test(name.trim().toUpperCase())) addTail(name.trim());
      for (const m of (remarks ?? '').matchAll(TAIL_IN_REMARKS)) addTail(m[1]!);
    }
    for (const m of (remarks ?? '').matchAll(ALIASES_IN_REMARKS)) {
      const alias = m[1]!.trim();
      if (alias && alias !== name) addOnce(entry, 'aliases', alias);
    }
    if (callSign) entry.identifiers.push({ type: 'call-sign', value: callSign });
    if (flag) addOnce(entry, 'countries', flag);
    if (byId.has(entry.id)) throw new WatchlistError(names.sdn, line, `ent_num ${id} appears twice`);
    byId.set(entry.id, entry);
    entries.push(entry);
  }

  if (files.alt) {
    for (const { line, cells } of readRows(files.alt, names.alt, 4)) {
      const [id, , , altName] = cells;
      const entry = byId.get(id ?? '');
      if (!entry) throw new WatchlistError(names.alt, line, `ent_num ${id} is not in ${names.sdn}`);
      if (altName && altName !== entry.name) addOnce(entry, 'aliases', altName);
    }
  }

  if (files.add) {
    for (const { line, cells } of readRows(files.add, names.add, 5)) {
      const [id, , address, cityState, country] = cells;
      const entry = byId.get(id ?? '');
      if (!entry) throw new WatchlistError(names.add, line, `ent_num ${id} is not in ${names.sdn}`);
      const full = [address, cityState, country].filter(Boolean).join(', ');
      if (full) addOnce(entry, 'addresses', full);
      if (country) addOnce(entry, 'countries', country);
    }
  }
  return entries;
}
