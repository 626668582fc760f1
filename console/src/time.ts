/**
 * Times are shown in the port's time zone, labelled, in the user's locale format. The zone
 * comes from a small table: the demo and programme ports by UN/LOCODE, then by country for
 * countries with a single zone (a UN/LOCODE starts with its ISO country code). A port in a
 * country with several zones that is not in the table is shown in UTC, labelled so. The table
 * is data/reference/port-time-zones.json, which the API's statistics count days with too.
 */
import zones from '../../data/reference/port-time-zones.json';

const PORT_ZONES: Record<string, string> = zones.ports;
const COUNTRY_ZONES: Record<string, string> = zones.countries;

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
