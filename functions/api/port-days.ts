import zones from '../../data/reference/port-time-zones.json' with { type: 'json' };

/**
 * The day at the port of a moment: statistics count flags per day as the port lives it (a
 * flag at 00:30 in Rotterdam is that day's, though it is still the day before in UTC). The
 * zone table is the one the console shows times with (data/reference/port-time-zones.json).
 */
const PORT_ZONES: Record<string, string> = zones.ports;
const COUNTRY_ZONES: Record<string, string> = zones.countries;

/** The port's IANA zone: by UN/LOCODE, else by its country when that has one zone, else UTC. */
export function portTimeZone(port: string): string {
  return PORT_ZONES[port] ?? COUNTRY_ZONES[port.slice(0, 2)] ?? 'UTC';
}

/** `isoInstant` as the port's calendar day (`2026-12-02`); undefined when it names no moment. */
export function portDayOf(zone: string): (isoInstant: string) => string | undefined {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  // Flags come in bursts of the same minute (one manifest): compute each minute once.
  const byMinute = new Map<string, string | undefined>();
  return (isoInstant) => {
    const minute = isoInstant.slice(0, 16);
    if (byMinute.has(minute)) return byMinute.get(minute);
    const date = new Date(isoInstant);
    let day: string | undefined;
    if (!Number.isNaN(date.getTime())) {
      const parts = format.formatToParts(date);
      const part = (type: string) => parts.find((p) => p.type === type)?.value;
      day = `${part('year')}-${part('month')}-${part('day')}`;
    }
    byMinute.set(minute, day);
    return day;
  };
}
