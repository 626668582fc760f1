/**
 * Importer for the native watchlist a PCU keeps in a spreadsheet: a CSV with a header row,
 * columns `id,type,name` and optional `country,address,identifier,reason`. Several rows with
 * the same id are one entry: the first row's name is the primary name, the others aliases.
 * `identifier` is `type:value` (`imo:9074729`) or a bare value whose kind is recognised (a
 * 7-digit IMO number, an ISO 6346 container number, a 12-digit UIC wagon number; conveyance
 * types may be written `tail:`, `plate:`, `truck:`, `wagon:` ...). For a container the name is
 * its number; for an aircraft its registration; for a vehicle (truck, trailer, wagon) its
 * plate or wagon number.
 */
import { parse } from 'csv-parse/sync';
import type { EntryType, WatchlistEntry } from '#schemas/watchlist.ts';
import { CONVEYANCE_IDENTIFIER_TYPES, ENTRY_TYPES } from '#schemas/watchlist-constants.ts';
import { WatchlistError } from './watchlist-error.ts';

export const NATIVE_REQUIRED_COLUMNS = ['id', 'type', 'name'] as const;
const NATIVE_OPTIONAL_COLUMNS = ['country', 'address', 'identifier', 'reason'];

/** True when the first line of a CSV is a native watchlist header. */
export function looksLikeNativeHeader(firstLine: string): boolean {
  const columns = firstLine
    .replace(/^\uFEFF/, '')
    .split(/[,;]/)
    .map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return NATIVE_REQUIRED_COLUMNS.every((c) => columns.includes(c));
}

const TYPE_WORDS: Record<string, EntryType> = {
  person: 'person',
  individual: 'person',
  organization: 'organization',
  organisation: 'organization',
  company: 'organization',
  entity: 'organization',
  vessel: 'vessel',
  ship: 'vessel',
  aircraft: 'aircraft',
  container: 'container',
  vehicle: 'vehicle',
  truck: 'vehicle',
  trailer: 'vehicle',
  wagon: 'vehicle',
  railcar: 'vehicle',
};

/** Words a PCU writes before the `:` of a conveyance identifier, by the type they stand for. */
const IDENTIFIER_TYPE_WORDS: Record<string, string> = {
  tail: CONVEYANCE_IDENTIFIER_TYPES.aircraft,
  'tail-number': CONVEYANCE_IDENTIFIER_TYPES.aircraft,
  aircraft: CONVEYANCE_IDENTIFIER_TYPES.aircraft,
  plate: CONVEYANCE_IDENTIFIER_TYPES.vehicle,
  'licence-plate': CONVEYANCE_IDENTIFIER_TYPES.vehicle,
  'license-plate': CONVEYANCE_IDENTIFIER_TYPES.vehicle,
  truck: CONVEYANCE_IDENTIFIER_TYPES.vehicle,
  trailer: CONVEYANCE_IDENTIFIER_TYPES.vehicle,
  vehicle: CONVEYANCE_IDENTIFIER_TYPES.vehicle,
  'wagon-number': CONVEYANCE_IDENTIFIER_TYPES.wagon,
  railcar: CONVEYANCE_IDENTIFIER_TYPES.wagon,
};

/** Normalised form of an identifier for lookups: upper case, no spaces, dashes or dots. */
export function normalizeIdentifierValue(value: string): string {
  return value.toUpperCase().replace(/[\s\-./]/g, '');
}

function parseIdentifier(raw: string): { type: string; value: string } {
  const typed = /^([A-Za-z-]+)\s*[:=]\s*(.+)$/.exec(raw);
  if (typed) {
    const word = typed[1]!.toLowerCase();
    return { type: IDENTIFIER_TYPE_WORDS[word] ?? word, value: typed[2]!.trim() };
  }
  const imo = /^IMO\s*(\d{7})$/i.exec(raw.trim()) ?? /^(\d{7})$/.exec(raw.trim());
  if (imo) return { type: 'imo', value: imo[1]! };
  if (/^[A-Z]{4}\d{7}$/.test(normalizeIdentifierValue(raw))) return { type: 'container', value: raw.trim() };
  // Twelve digits are a UIC wagon number; eight digits may be a 1520 mm wagon or anything else.
  if (/^\d{12}$/.test(normalizeIdentifierValue(raw))) return { type: 'wagon', value: raw.trim() };
  return { type: 'other', value: raw.trim() };
}

/**
 * An aircraft or vehicle entry is listed by its registration (OFAC names aircraft by tail
 * number): the name is also its identifier, as a container's name is its number.
 */
function nameIdentifier(type: EntryType, name: string): { type: string; value: string } | undefined {
  if (type === 'aircraft') return { type: CONVEYANCE_IDENTIFIER_TYPES.aircraft, value: name };
  if (type !== 'vehicle') return undefined;
  const wagon = /^(?:\d{8}|\d{12})$/.test(normalizeIdentifierValue(name));
  return {
    type: wagon ? CONVEYANCE_IDENTIFIER_TYPES.wagon : CONVEYANCE_IDENTIFIER_TYPES.vehicle,
    value: name,
  };
}

export function parseNativeWatchlistCsv(
  text: string,
  listName: string,
  file = `${listName}.csv`,
): WatchlistEntry[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      trim: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
  } catch (err) {
    throw new WatchlistError(
      file,
      (err as { lines?: number }).lines,
      `not a readable CSV file (${(err as Error).message})`,
    );
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (!looksLikeNativeHeader(firstLine)) {
    throw new WatchlistError(
      file,
      1,
      `the header must name the columns id,type,name (optional: ${NATIVE_OPTIONAL_COLUMNS.join(',')})`,
    );
  }
  const byId = new Map<string, WatchlistEntry>();
  // What each entry already holds (aliases, countries, addresses, identifiers), so that one
  // entry with 100,000 rows is read in linear time.
  const held = new Map<WatchlistEntry, Set<string>>();
  const addOnce = (entry: WatchlistEntry, key: string): boolean => {
    let set = held.get(entry);
    if (!set) {
      set = new Set();
      held.set(entry, set);
    }
    if (set.has(key)) return false;
    set.add(key);
    return true;
  };
  for (const { record, info } of rows) {
    const line = info.lines;
    const id = record.id ?? '';
    const name = record.name ?? '';
    const typeWord = (record.type ?? '').toLowerCase();
    if (!id) throw new WatchlistError(file, line, 'the id is empty');
    if (!name) throw new WatchlistError(file, line, `entry ${id}: the name is empty`);
    const type = TYPE_WORDS[typeWord];
    if (!type || !ENTRY_TYPES.includes(type)) {
      throw new WatchlistError(
        file,
        line,
        `entry ${id}: type "${record.type ?? ''}" is not one of person, organization, vessel, aircraft, container, vehicle`,
      );
    }
    let entry = byId.get(id);
    if (!entry) {
      entry = { id, list: listName, type, name, aliases: [], countries: [], addresses: [], identifiers: [] };
      byId.set(id, entry);
    } else {
      if (entry.type !== type) {
        throw new WatchlistError(
          file,
          line,
          `entry ${id}: type ${type} differs from ${entry.type} on an earlier row`,
        );
      }
      if (name !== entry.name && addOnce(entry, `a\u0000${name}`)) entry.aliases.push(name);
    }
    if (type === 'container' && addOnce(entry, `i\u0000container\u0000${name}`)) {
      entry.identifiers.push({ type: 'container', value: name });
    }
    const named = nameIdentifier(type, name);
    if (named && addOnce(entry, `i\u0000${named.type}\u0000${named.value}`)) entry.identifiers.push(named);
    const country = record.country ?? '';
    if (country && addOnce(entry, `c\u0000${country}`)) entry.countries.push(country);
    const address = record.address ?? '';
    if (address && addOnce(entry, `d\u0000${address}`)) entry.addresses.push(address);
    if (record.identifier) {
      const identifier = parseIdentifier(record.identifier);
      if (addOnce(entry, `i\u0000${identifier.type}\u0000${identifier.value}`)) {
        entry.identifiers.push(identifier);
      }
    }
    if (record.reason && !entry.reason) entry.reason = record.reason;
  }
  return [...byId.values()];
}
