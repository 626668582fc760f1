import countries from '../../../data/reference/countries.json' with { type: 'json' };

/**
 * Watchlists write countries as names, and not all alike ("Russia", "Russian Federation",
 * "Korea, North", "Democratic People's Republic of Korea"); manifests use ISO 3166 alpha-2.
 * This resolves a listed country to its code so a party's declared country can corroborate
 * a name match. Unknown spellings resolve to undefined (no corroboration, never a false one).
 */
const key = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\((the)\)/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();

// Spellings used by the OFAC SDN and UN SC lists that differ from the ISO short names.
const ALIASES: Record<string, string> = {
  russia: 'RU',
  iran: 'IR',
  syria: 'SY',
  'korea north': 'KP',
  'north korea': 'KP',
  'democratic people s republic of korea': 'KP',
  'korea south': 'KR',
  'south korea': 'KR',
  'republic of korea': 'KR',
  burma: 'MM',
  venezuela: 'VE',
  bolivia: 'BO',
  'congo democratic republic of the': 'CD',
  'democratic republic of the congo': 'CD',
  'congo republic of the': 'CG',
  tanzania: 'TZ',
  vietnam: 'VN',
  'viet nam': 'VN',
  laos: 'LA',
  moldova: 'MD',
  taiwan: 'TW',
  'united kingdom': 'GB',
  'united states': 'US',
  'west bank': 'PS',
  'gaza strip': 'PS',
  palestinian: 'PS',
  'cote d ivoire': 'CI',
  'ivory coast': 'CI',
  turkey: 'TR',
  turkiye: 'TR',
  macedonia: 'MK',
  'north macedonia': 'MK',
  kosovo: 'XK',
  'hong kong': 'HK',
  macau: 'MO',
  brunei: 'BN',
  micronesia: 'FM',
  'the bahamas': 'BS',
  bahamas: 'BS',
  gambia: 'GM',
  'the gambia': 'GM',
  'czech republic': 'CZ',
  czechia: 'CZ',
  'united kingdom of great britain and northern ireland': 'GB',
  'north macedonia the republic of': 'MK',
  'united republic of tanzania': 'TZ',
  'state of palestine': 'PS',
  'region gaza': 'PS',
  'region west bank': 'PS',
  'region crimea': 'UA',
  'bahamas the': 'BS',
  'british virgin islands': 'VG',
  'man isle of': 'IM',
  'st vincent and the grenadines': 'VC',
  'st kitts and nevis': 'KN',
  'st kitts nevis': 'KN',
  'china hong kong special administrative region': 'HK',
};

const byName = new Map<string, string>();
for (const [code, name] of Object.entries(countries as Record<string, string>)) {
  byName.set(key(name), code);
  // "Iran, Islamic Republic of" -> also "iran"
  const head = name.split(',')[0];
  if (head && head !== name) byName.set(key(head), code);
}
for (const [name, code] of Object.entries(ALIASES)) byName.set(key(name), code);

/** ISO 3166 alpha-2 for a country as a watchlist writes it (a code passes through). */
export function countryCodeOf(name: string): string | undefined {
  const trimmed = name.trim();
  if (/^[A-Z]{2}$/.test(trimmed)) return trimmed;
  return byName.get(key(trimmed));
}
