/**
 * Plants watchlisted parties, vessels and containers in a generated manifest, the way they
 * turn up in real ones: misspelt, with tokens reordered, transliterated differently, without
 * the legal form, or under an alias. The ground truth says where each one went, so screening
 * can be measured (recall at a threshold) against it.
 */
import anyAscii from 'any-ascii';
import { isValidImo, normaliseContainerNumber, normaliseImo } from '#core/identifiers/index.ts';
import type { EntryType, WatchlistEntry } from '#schemas/watchlist.ts';
import countryNames from '../data/reference/countries.json' with { type: 'json' };
import type { Prng } from './prng.ts';

export type PlantVariant =
  | 'exact'
  | 'case-and-punctuation'
  | 'misspelling'
  | 'reordered'
  | 'transliteration'
  | 'dropped-legal-form'
  | 'alias';

export type PlantRole = 'shipper' | 'consignee' | 'notify' | 'vessel' | 'container';

/** One planted watchlist entry: where it is in the manifest and how it is spelt there. */
export interface PlantedTruth {
  entryId: string;
  list: string;
  entryType: EntryType;
  /** The entry's primary name as the list writes it. */
  entryName: string;
  role: PlantRole;
  /** What was written in the manifest: the party or vessel name, or the container number. */
  plantedValue: string;
  variant: PlantVariant;
  /** For a party: the B/L it was planted in. */
  billOfLading?: string;
  /** The containers carrying that B/L's goods, or the planted container, or none (vessel). */
  containers: string[];
  /** For a vessel: the IMO number written in the voyage. */
  imoNumber?: string;
}

export function imoOf(entry: WatchlistEntry): string | undefined {
  for (const id of entry.identifiers) {
    if (id.type.toLowerCase() !== 'imo') continue;
    const imo = normaliseImo(id.value);
    if (isValidImo(imo)) return imo;
  }
  return undefined;
}

export function containerOf(entry: WatchlistEntry): string | undefined {
  for (const id of entry.identifiers) {
    if (id.type.toLowerCase() === 'container') return normaliseContainerNumber(id.value);
  }
  return undefined;
}

function plantable(entry: WatchlistEntry): boolean {
  switch (entry.type) {
    case 'person':
    case 'organization':
      return /\p{L}.*\p{L}.*\p{L}/u.test(entry.name);
    case 'vessel':
      return imoOf(entry) !== undefined;
    case 'container':
      return containerOf(entry) !== undefined;
    default:
      return false;
  }
}

/** Picks `count` entries deterministically: persons, organisations, at most one vessel, containers. */
export function pickEntries(prng: Prng, entries: readonly WatchlistEntry[], count: number): WatchlistEntry[] {
  const eligible = entries.filter(plantable);
  if (count > eligible.length) {
    throw new Error(
      `cannot plant ${count} entries: the watchlist has ${eligible.length} that can be planted`,
    );
  }
  const picked: WatchlistEntry[] = [];
  let vessel = false;
  for (const entry of prng.shuffle(eligible)) {
    if (picked.length === count) break;
    if (entry.type === 'vessel') {
      if (vessel) continue;
      vessel = true;
    }
    picked.push(entry);
  }
  if (picked.length < count) throw new Error(`cannot plant ${count} entries: too few that are not vessels`);
  return picked;
}

// --- Name variants -------------------------------------------------------------------------

const LEGAL_FORM =
  /(?:^|[\s,])(?:CO\.?,?\s*LTD\.?|PTE\.?\s*LTD\.?|SDN\.?\s*BHD\.?|PVT\.?\s*LTD\.?|LTD\.?|LIMITED|L\.?L\.?C\.?|INC\.?|CORP(?:ORATION)?\.?|COMPANY|CO\.?|S\.?A\.?|S\.?R\.?L\.?|GMBH|AG|PLC|P?JSC|OJSC|CJSC|OOO|ZAO|OAO|FZE|FZCO|FZ-?LLC|B\.?V\.?|N\.?V\.?|EST\.?|A\.?S\.?|SA\s?DE\s?CV|LLP)\s*$/i;
const LEADING_FORM = /^(?:OOO|ZAO|OAO|AO|PAO|TOO|PT|CV)\s+/i;

export function dropLegalForm(name: string): string {
  let out = name.trim();
  for (let i = 0; i < 3; i++) {
    const next = out
      .replace(LEGAL_FORM, '')
      .replace(LEADING_FORM, '')
      .replace(/[\s,]+$/, '')
      .trim();
    if (next === out) break;
    out = next;
  }
  return out;
}

/** OFAC writes individuals "LAST, First": manifests write "First LAST". */
export function naturalOrder(name: string): string {
  const m = /^([^,]+),\s*([\p{L}' -]+)$/u.exec(name.trim());
  if (!m || LEGAL_FORM.test(` ${m[2]}`)) return name.trim();
  return `${m[2]} ${m[1]}`;
}

const TRANSLITERATIONS: [RegExp, string][] = [
  [/MOHAMMED|MOHAMMAD|MOHAMED/i, 'MUHAMMAD'],
  [/MUHAMMAD/i, 'MOHAMED'],
  [/AHMED/i, 'AHMAD'],
  [/AHMAD/i, 'AHMED'],
  [/HUSSEIN|HUSSAIN/i, 'HUSAYN'],
  [/YOUSSEF|YOUSEF|YUSSEF/i, 'YUSUF'],
  [/ABDUL\s?/i, 'ABD AL-'],
  [/\bAL-/i, 'AL '],
  [/\bEL\s/i, 'AL-'],
  [/OU/i, 'U'],
  [/KH/i, 'H'],
  [/SH/i, 'SCH'],
  [/Q/i, 'K'],
  [/EE/i, 'I'],
  [/IY/i, 'I'],
  [/YA/i, 'IA'],
  [/YU/i, 'IU'],
  [/EV\b/i, 'EW'],
  [/J/i, 'DJ'],
  [/PH/i, 'F'],
  [/Y/i, 'I'],
];

function matchCase(replacement: string, original: string): string {
  return original === original.toUpperCase() ? replacement.toUpperCase() : replacement.toLowerCase();
}

function transliterate(prng: Prng, name: string): string | undefined {
  const folded = anyAscii(name);
  if (folded !== name) return folded;
  for (const [pattern, replacement] of prng.shuffle(TRANSLITERATIONS)) {
    if (pattern.test(name)) return name.replace(pattern, (m) => matchCase(replacement, m));
  }
  return undefined;
}

const CONFUSABLE: Record<string, string> = {
  A: 'E',
  E: 'A',
  I: 'Y',
  Y: 'I',
  O: 'U',
  U: 'O',
  C: 'K',
  K: 'C',
  S: 'Z',
  Z: 'S',
  M: 'N',
  N: 'M',
  V: 'W',
  W: 'V',
  B: 'P',
  P: 'B',
  D: 'T',
  T: 'D',
  G: 'K',
  L: 'R',
  R: 'L',
  F: 'V',
  H: 'KH',
  J: 'G',
  X: 'KS',
  Q: 'K',
};

function misspellToken(prng: Prng, token: string): string {
  const chars = [...token];
  // Never the first letter: people get initials right.
  const i = prng.int(1, chars.length - 1);
  const ch = chars[i] as string;
  const op = prng.int(0, 3);
  if (op === 0 && chars.length > 4) chars.splice(i, 1);
  else if (op === 1) chars.splice(i, 0, ch);
  else if (op === 2 && i < chars.length - 1) [chars[i], chars[i + 1]] = [chars[i + 1] as string, ch];
  else {
    const upper = ch.toUpperCase();
    const sub = CONFUSABLE[upper] ?? 'E';
    chars[i] = ch === upper ? sub : sub.toLowerCase();
  }
  return chars.join('');
}

function misspell(prng: Prng, name: string): string | undefined {
  const tokens = name.split(' ');
  const editable = tokens.map((t, i) => [t, i] as const).filter(([t]) => /^\p{L}{4,}$/u.test(t));
  if (editable.length === 0) return undefined;
  const letters = name.replace(/[^\p{L}]/gu, '').length;
  const edits = letters > 14 && editable.length > 1 ? 2 : 1;
  for (const [, index] of prng.shuffle(editable).slice(0, edits)) {
    tokens[index] = misspellToken(prng, tokens[index] as string);
  }
  const out = tokens.join(' ');
  return out === name ? undefined : out;
}

function reorder(prng: Prng, name: string): string | undefined {
  const tokens = name.split(/\s+/).filter(Boolean);
  if (tokens.length < 2) return undefined;
  if (tokens.length === 2) return `${tokens[1]} ${tokens[0]}`;
  const k = prng.int(1, tokens.length - 1);
  return [...tokens.slice(k), ...tokens.slice(0, k)].join(' ');
}

function casePunctuation(name: string): string {
  return name
    .toUpperCase()
    .replace(/[.,'"()-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A realistic spelling of `entry` for a manifest, and how it was made. */
export function plantedSpelling(prng: Prng, entry: WatchlistEntry): { value: string; variant: PlantVariant } {
  const base = entry.type === 'person' ? naturalOrder(entry.name) : entry.name.trim();
  const hasLegalForm =
    entry.type === 'organization' && dropLegalForm(base) !== base && dropLegalForm(base).length >= 3;
  const options: [PlantVariant, number][] =
    entry.type === 'person'
      ? [
          ['exact', 1],
          ['case-and-punctuation', 1],
          ['misspelling', 3],
          ['reordered', 3],
          ['transliteration', 2],
          ['alias', entry.aliases.length > 0 ? 1 : 0],
        ]
      : [
          ['exact', 1],
          ['case-and-punctuation', 2],
          ['misspelling', 3],
          ['dropped-legal-form', hasLegalForm ? 3 : 0],
          ['alias', entry.aliases.length > 0 ? 2 : 0],
          ['transliteration', 1],
          ['reordered', 0.5],
        ];
  const usable = options.filter(([, w]) => w > 0);
  for (let attempt = 0; attempt < 6; attempt++) {
    const variant = prng.weighted(usable);
    let value: string | undefined;
    switch (variant) {
      case 'exact':
        value = base;
        break;
      case 'case-and-punctuation':
        value = casePunctuation(base);
        break;
      case 'misspelling':
        value = misspell(prng, base);
        break;
      case 'reordered':
        value = reorder(prng, base);
        break;
      case 'transliteration':
        value = transliterate(prng, base);
        break;
      case 'dropped-legal-form':
        value = dropLegalForm(base);
        break;
      case 'alias':
        value = prng.pick(entry.aliases).trim();
        if (entry.type === 'person') value = naturalOrder(value);
        break;
    }
    if (value && value.length >= 2 && (value !== base || variant === 'exact')) {
      // Most manifests are typed in capitals.
      if (variant !== 'alias' && prng.chance(0.5)) value = value.toUpperCase();
      return { value, variant };
    }
  }
  return { value: base, variant: 'exact' };
}

// --- Countries -------------------------------------------------------------------------------

const COUNTRY_ALIASES: Record<string, string> = {
  russia: 'RU',
  iran: 'IR',
  syria: 'SY',
  'north korea': 'KP',
  'korea, north': 'KP',
  'south korea': 'KR',
  burma: 'MM',
  venezuela: 'VE',
  'united kingdom': 'GB',
  'united states': 'US',
  vietnam: 'VN',
  laos: 'LA',
  bolivia: 'BO',
  tanzania: 'TZ',
  moldova: 'MD',
  'democratic republic of the congo': 'CD',
  'congo, democratic republic of the': 'CD',
  'the bahamas': 'BS',
  turkey: 'TR',
  'west bank': 'PS',
  palestinian: 'PS',
  taiwan: 'TW',
  'czech republic': 'CZ',
};
const countryByName = new Map<string, string>();
for (const [code, name] of Object.entries(countryNames as Record<string, string>)) {
  countryByName.set(normaliseCountry(name), code);
}

function normaliseCountry(name: string): string {
  return anyAscii(name)
    .toLowerCase()
    .replace(/\s*\(the\)\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** ISO code for a watchlist's country name (`Iran`, `Russia`, `United Arab Emirates`). */
export function countryCode(name: string): string | undefined {
  const n = normaliseCountry(name);
  if (/^[a-z]{2}$/.test(n) && countryByName.size && (countryNames as Record<string, string>)[n.toUpperCase()])
    return n.toUpperCase();
  return (
    COUNTRY_ALIASES[n] ?? countryByName.get(n) ?? [...countryByName].find(([k]) => k.startsWith(`${n},`))?.[1]
  );
}
