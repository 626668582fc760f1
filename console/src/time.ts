/**
 * Times are shown in the port's time zone, labelled, in the user's locale format. The zone
 * comes from a small table: the demo and programme ports by UN/LOCODE, then by country for
 * countries with a single zone (a UN/LOCODE starts with its ISO country code). A port in a
 * country with several zones that is not in the table is shown in UTC, labelled so.
 */
const PORT_ZONES: Record<string, string> = {
  NLRTM: 'Europe/Amsterdam',
  ECGYE: 'America/Guayaquil',
  ECPSJ: 'America/Guayaquil',
  KZKGS: 'Asia/Almaty', // Khorgos Gateway dry port (Kazakh-Chinese border)
  KZALA: 'Asia/Almaty',
  KZAKX: 'Asia/Aqtobe',
  USNYC: 'America/New_York',
  USLAX: 'America/Los_Angeles',
  USMIA: 'America/New_York',
  USHOU: 'America/Chicago',
  BRSSZ: 'America/Sao_Paulo',
  RULED: 'Europe/Moscow',
  RUNVS: 'Europe/Moscow',
  RUVVO: 'Asia/Vladivostok',
  CAVAN: 'America/Vancouver',
  CAMTR: 'America/Toronto',
  MXZLO: 'America/Mexico_City',
  MXVER: 'America/Mexico_City',
  AUSYD: 'Australia/Sydney',
  AUMEL: 'Australia/Melbourne',
  IDJKT: 'Asia/Jakarta',
};

const COUNTRY_ZONES: Record<string, string> = {
  NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels',
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  IT: 'Europe/Rome',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  GR: 'Europe/Athens',
  TR: 'Europe/Istanbul',
  UA: 'Europe/Kyiv',
  PL: 'Europe/Warsaw',
  EC: 'America/Guayaquil',
  CO: 'America/Bogota',
  PE: 'America/Lima',
  PA: 'America/Panama',
  CR: 'America/Costa_Rica',
  GT: 'America/Guatemala',
  DO: 'America/Santo_Domingo',
  JM: 'America/Jamaica',
  VE: 'America/Caracas',
  UY: 'America/Montevideo',
  PY: 'America/Asuncion',
  BO: 'America/La_Paz',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  CU: 'America/Havana',
  KZ: 'Asia/Almaty',
  KG: 'Asia/Bishkek',
  UZ: 'Asia/Tashkent',
  TJ: 'Asia/Dushanbe',
  TM: 'Asia/Ashgabat',
  AZ: 'Asia/Baku',
  GE: 'Asia/Tbilisi',
  AM: 'Asia/Yerevan',
  CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong',
  TW: 'Asia/Taipei',
  JP: 'Asia/Tokyo',
  KR: 'Asia/Seoul',
  SG: 'Asia/Singapore',
  MY: 'Asia/Kuala_Lumpur',
  TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh',
  PH: 'Asia/Manila',
  IN: 'Asia/Kolkata',
  PK: 'Asia/Karachi',
  BD: 'Asia/Dhaka',
  LK: 'Asia/Colombo',
  AE: 'Asia/Dubai',
  OM: 'Asia/Muscat',
  IR: 'Asia/Tehran',
  SA: 'Asia/Riyadh',
  IL: 'Asia/Jerusalem',
  EG: 'Africa/Cairo',
  MA: 'Africa/Casablanca',
  DZ: 'Africa/Algiers',
  TN: 'Africa/Tunis',
  SN: 'Africa/Dakar',
  CI: 'Africa/Abidjan',
  GH: 'Africa/Accra',
  TG: 'Africa/Lome',
  BJ: 'Africa/Porto-Novo',
  NG: 'Africa/Lagos',
  CM: 'Africa/Douala',
  GA: 'Africa/Libreville',
  CG: 'Africa/Brazzaville',
  AO: 'Africa/Luanda',
  GN: 'Africa/Conakry',
  SL: 'Africa/Freetown',
  LR: 'Africa/Monrovia',
  GM: 'Africa/Banjul',
  GW: 'Africa/Bissau',
  CV: 'Atlantic/Cape_Verde',
  MR: 'Africa/Nouakchott',
  KE: 'Africa/Nairobi',
  TZ: 'Africa/Dar_es_Salaam',
  MZ: 'Africa/Maputo',
  ZA: 'Africa/Johannesburg',
  NA: 'Africa/Windhoek',
  DJ: 'Africa/Djibouti',
};

export function portTimeZone(port: string | undefined): string {
  if (!port) return 'UTC';
  return PORT_ZONES[port] ?? COUNTRY_ZONES[port.slice(0, 2)] ?? 'UTC';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, zone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      dateStyle: 'medium',
      ...(withTime && { timeStyle: 'short' }),
    });
    formatters.set(key, f);
  }
  return f;
}

/** `2 déc. 2026, 07:05` in the port's zone (the zone is labelled once per screen, and in the title). */
export function formatPortTime(iso: string | undefined, port: string | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, portTimeZone(port), true).format(date);
}

export function formatPortDate(iso: string | undefined, port: string | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, portTimeZone(port), false).format(date);
}

/** The zone as people read it: `Europe/Amsterdam (UTC+1)`. */
export function zoneLabel(port: string | undefined, at: Date = new Date()): string {
  const zone = portTimeZone(port);
  const offset = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const utc = offset === 'GMT' ? 'UTC' : (offset ?? '').replace('GMT', 'UTC');
  return zone === 'UTC' ? 'UTC' : `${zone} (${utc})`;
}

/**
 * A date typed in a filter (`2026-12-02`, meaning that day at the port) as UTC bounds for
 * the API: the start of that local day, or its last millisecond.
 */
export function portDayBound(day: string, port: string | undefined, end: boolean): string {
  const zone = portTimeZone(port);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // The zone's offset at local midnight, found from the UTC midnight's wall clock.
  const guess = Date.UTC(y, m - 1, d + (end ? 1 : 0));
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(guess));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const offset = wall - guess;
  const instant = guess - offset - (end ? 1 : 0);
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, end ? '.999Z' : 'Z');
}
