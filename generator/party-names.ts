/**
 * Company names, person names and addresses in the style of many countries and scripts,
 * built from the hand-compiled material in data/generator/name-material.json (common words,
 * names and legal forms per country; nothing taken from a watchlist).
 */
import type { Party } from '#schemas/manifest.ts';
import material from '../data/generator/name-material.json' with { type: 'json' };
import type { Prng } from './prng.ts';

interface NameGroup {
  script: string;
  company: string[];
  legal: string[];
  words: string[];
  industries: string[];
  industriesEn?: string[];
  given: string[];
  family: string[];
  person: string[];
  streets: string[];
  address: string[];
}

interface CountryMaterial {
  groups: [string, number][];
  cities: string[];
  scriptCities?: Record<string, string[]>;
  postcode: string;
}

const groups = material.groups as unknown as Record<string, NameGroup>;
const countries = material.countries as unknown as Record<string, CountryMaterial>;

/** Countries the material covers: other countries get international-style names. */
export const namedCountries: readonly string[] = Object.keys(countries);

export function hasNameMaterial(country: string): boolean {
  return country in countries;
}

interface Style {
  group: NameGroup;
  groupId: string;
  cities: string[];
  postcode: string;
}

function style(prng: Prng, country: string, fallbackCity: string, latinOnly = false): Style {
  const c = countries[country];
  if (!c) {
    return {
      group: groups.intl as NameGroup,
      groupId: 'intl',
      cities: [fallbackCity.toUpperCase()],
      postcode: '',
    };
  }
  const options = latinOnly ? c.groups.filter(([id]) => groups[id]?.script === 'Latn') : c.groups;
  const groupId = prng.weighted(options.length > 0 ? options : [['intl', 1] as [string, number]]);
  const group = groups[groupId] as NameGroup;
  const cities = c.scriptCities?.[groupId] ?? c.cities;
  return { group, groupId, cities, postcode: c.postcode };
}

function postcode(prng: Prng, pattern: string): string {
  let out = '';
  for (const ch of pattern) out += ch === '#' ? String(prng.int(0, 9)) : ch === 'A' ? prng.letters(1) : ch;
  return out;
}

function fill(prng: Prng, template: string, s: Style, city: string): string {
  const g = s.group;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case 'word':
      case 'word2':
        return prng.pick(g.words);
      case 'industry':
        return prng.pick(g.industries);
      case 'industryEn':
        return prng.pick(g.industriesEn ?? g.industries);
      case 'legal':
        return prng.pick(g.legal);
      case 'given':
      case 'given2':
        return prng.pick(g.given);
      case 'family':
      case 'family2':
        return prng.pick(g.family);
      case 'street':
        return fill(prng, prng.pick(g.streets), s, city);
      case 'city':
        return city;
      case 'n':
        return String(prng.int(1, 999));
      case 'n2':
        return String(prng.int(1, 99));
      case 'n3':
        return String(prng.int(100, 2999));
      case 'n5':
        return String(prng.int(10000, 99999));
      case 'postcode':
        return postcode(prng, s.postcode || '#####');
      default:
        return '';
    }
  });
}

function cityOf(prng: Prng, s: Style): string {
  return prng.pick(s.cities);
}

function address(prng: Prng, s: Style, city: string): string {
  return fill(prng, prng.pick(s.group.address), s, city).replace(/\s+,/g, ',').trim();
}

/** Tax or registration number in the country's usual shape, as declared on B/Ls. */
function identifier(prng: Prng, country: string): string {
  switch (country) {
    case 'CN':
      return `USCI ${prng.digits(2)}${prng.digits(6)}${prng.letters(1)}${prng.digits(8)}${prng.letters(1)}`;
    case 'US':
      return `EIN ${prng.digits(2)}-${prng.digits(7)}`;
    case 'IN':
      return `IEC ${prng.letters(5)}${prng.digits(4)}${prng.letters(1)}`;
    case 'BR':
      return `CNPJ ${prng.digits(2)}.${prng.digits(3)}.${prng.digits(3)}/0001-${prng.digits(2)}`;
    case 'DE':
    case 'FR':
    case 'NL':
    case 'BE':
    case 'ES':
    case 'IT':
    case 'PL':
    case 'GR':
    case 'PT':
      return `EORI ${country}${prng.digits(prng.int(9, 12))}`;
    default:
      return `TIN ${prng.digits(prng.int(8, 11))}`;
  }
}

export interface PartyOptions {
  /** Used for the address when the country has no name material. */
  portCity?: string;
  /** Share of parties written in the country's own script (when it has one). */
  latinOnly?: boolean;
  /** Probability of a declared tax or registration number. */
  identifierRate?: number;
}

export function companyName(prng: Prng, country: string, opts: PartyOptions = {}): string {
  const s = style(prng, country, opts.portCity ?? 'PORT', opts.latinOnly);
  return fill(prng, prng.pick(s.group.company), s, cityOf(prng, s)).replace(/\s+/g, ' ').trim();
}

export function company(prng: Prng, country: string, opts: PartyOptions = {}): Party {
  const s = style(prng, country, opts.portCity ?? 'PORT', opts.latinOnly);
  const city = cityOf(prng, s);
  const party: Party = {
    name: fill(prng, prng.pick(s.group.company), s, city).replace(/\s+/g, ' ').trim(),
    address: address(prng, s, city),
    country,
  };
  if (prng.chance(opts.identifierRate ?? 0.3)) party.identifier = identifier(prng, country);
  return party;
}

export function person(prng: Prng, country: string, opts: PartyOptions = {}): Party {
  const s = style(prng, country, opts.portCity ?? 'PORT', opts.latinOnly);
  const city = cityOf(prng, s);
  const party: Party = {
    name: fill(prng, prng.pick(s.group.person), s, city).replace(/\s+/g, ' ').trim(),
    address: address(prng, s, city),
    country,
  };
  if (prng.chance(opts.identifierRate ?? 0.15)) party.identifier = identifier(prng, country);
  return party;
}

/** A freight forwarder or NVOCC: Latin script, logistics-style name. */
export function forwarder(prng: Prng, country: string, opts: PartyOptions = {}): Party {
  const s = style(prng, country, opts.portCity ?? 'PORT', true);
  const city = cityOf(prng, s);
  const word = prng.pick(s.group.words);
  const kind = prng.pick([
    'LOGISTICS',
    'SHIPPING',
    'FREIGHT SERVICES',
    'GLOBAL LOGISTICS',
    'CARGO',
    'FORWARDING',
  ]);
  const legal = prng.pick(s.group.legal);
  return {
    name: `${word} ${kind} ${legal}`.toUpperCase().replace(/\s+/g, ' ').trim(),
    address: address(prng, s, city),
    country,
  };
}
