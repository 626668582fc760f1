/**
 * Value conversions shared by the CUSCAR parser and writer: EDIFACT dates (code list 2379),
 * measurement units, and text split into components of a maximum length.
 */

/** EDIFACT date/time (format code 2379) -> ISO 8601 accepted by the manifest model, or undefined. */
export function edifactDateToIso(value: string, format: string): string | undefined {
  const v = value.trim();
  let m: RegExpMatchArray | null;
  switch (format || guessFormat(v)) {
    case '101':
      m = v.match(/^(\d{2})(\d{2})(\d{2})$/);
      return m ? isoDate(century(m[1] as string), m[2] as string, m[3] as string) : undefined;
    case '102':
      m = v.match(/^(\d{4})(\d{2})(\d{2})$/);
      return m ? isoDate(m[1] as string, m[2] as string, m[3] as string) : undefined;
    case '201':
      m = v.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/);
      return m ? isoDateTime(century(m[1] as string), m[2], m[3], m[4], m[5], '00', 'Z') : undefined;
    case '203':
      m = v.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/);
      return m ? isoDateTime(m[1] as string, m[2], m[3], m[4], m[5], '00', 'Z') : undefined;
    case '204':
      m = v.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/);
      return m ? isoDateTime(m[1] as string, m[2], m[3], m[4], m[5], m[6], 'Z') : undefined;
    case '205':
      m = v.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})([+-])(\d{2})(\d{2})$/);
      return m
        ? isoDateTime(m[1] as string, m[2], m[3], m[4], m[5], '00', `${m[6]}${m[7]}:${m[8]}`)
        : undefined;
    case '303':
      // CCYYMMDDHHMMZZZ: the zone is a name (UTC, GMT) or absent; anything else is not trusted.
      m = v.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(UTC|GMT|Z)?$/);
      return m ? isoDateTime(m[1] as string, m[2], m[3], m[4], m[5], '00', 'Z') : undefined;
    default:
      return undefined;
  }
}

function guessFormat(v: string): string {
  if (/^\d{8}$/.test(v)) return '102';
  if (/^\d{12}$/.test(v)) return '203';
  if (/^\d{14}$/.test(v)) return '204';
  return '';
}

function century(yy: string): string {
  const n = Number(yy);
  return String(n < 70 ? 2000 + n : 1900 + n);
}

function isoDate(y: string, mo: string, d: string): string | undefined {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${y}-${mo}-${d}`;
}

function isoDateTime(
  y: string,
  mo: string | undefined,
  d: string | undefined,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  zone: string,
): string | undefined {
  const date = isoDate(y, mo as string, d as string);
  if (!date || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4)) > 59)) return undefined;
  return `${date}T${h}:${mi}:${s}${zone}`;
}

/** ISO 8601 from the model -> [value, format code] for a DTM segment. */
export function isoToEdifactDate(iso: string): [string, string] | undefined {
  const date = iso.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (date) return [`${date[1]}${date[2]}${date[3]}`, '102'];
  // Keep the sender's offset when the time is to the minute (format 205); otherwise UTC.
  const local = iso.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::00(?:\.0+)?)?([+-])(\d{2}):?(\d{2})$/);
  if (local)
    return [
      `${local[1]}${local[2]}${local[3]}${local[4]}${local[5]}${local[6]}${local[7]}${local[8]}`,
      '205',
    ];
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const s = new Date(t).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const compact = `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}${s.slice(11, 13)}${s.slice(14, 16)}`;
  const seconds = s.slice(17, 19);
  return seconds === '00' ? [compact, '203'] : [`${compact}${seconds}`, '204'];
}

/** A decimal number as EDIFACT writes it (either `.` or `,` as decimal mark). */
export function parseEdifactNumber(raw: string): number | undefined {
  const v = raw.trim().replace(',', '.');
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function formatEdifactNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const s = String(n);
  return s.includes('e') ? n.toFixed(6).replace(/\.?0+$/, '') : s;
}

/** Factors to kilograms (mass) and cubic metres (volume) for the unit codes seen in CUSCARs. */
const MASS_UNITS: Record<string, number> = {
  KGM: 1,
  KG: 1,
  KGS: 1,
  // US CBP ACE: K = kilograms, L = pounds.
  K: 1,
  TNE: 1000,
  LBR: 0.45359237,
  LB: 0.45359237,
  LBS: 0.45359237,
  L: 0.45359237,
};
const VOLUME_UNITS: Record<string, number> = {
  MTQ: 1,
  M3: 1,
  CBM: 1,
  LTR: 0.001,
  FTQ: 0.028316846592,
  CFT: 0.028316846592,
};

export function massToKg(value: number, unit: string): number | undefined {
  const f = MASS_UNITS[unit.toUpperCase()];
  if (f === undefined) return undefined;
  return f === 1 ? value : roundTo(value * f, 3);
}

export function volumeToM3(value: number, unit: string): number | undefined {
  const f = VOLUME_UNITS[unit.toUpperCase()];
  if (f === undefined) return undefined;
  return f === 1 ? value : roundTo(value * f, 4);
}

export function isMassUnit(unit: string): boolean {
  return Object.hasOwn(MASS_UNITS, unit.toUpperCase());
}

export function isVolumeUnit(unit: string): boolean {
  return Object.hasOwn(VOLUME_UNITS, unit.toUpperCase());
}

function roundTo(n: number, digits: number): number {
  if (Number.isInteger(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * Splits text into pieces of at most `max` characters at spaces, so that joining the pieces
 * with one space gives the text back (line breaks become spaces: EDIFACT has none in data).
 * A word longer than `max` is cut, the only case where the round trip adds a space.
 */
export function splitText(text: string, max: number): string[] {
  const words = text.replace(/\r\n|[\r\n]/g, ' ').split(' ');
  const out: string[] = [];
  let current: string | undefined;
  for (let word of words) {
    while (word.length > max) {
      if (current !== undefined) out.push(current);
      current = undefined;
      out.push(word.slice(0, max));
      word = word.slice(max);
    }
    if (current === undefined) current = word;
    else if (current.length + 1 + word.length <= max) current += ` ${word}`;
    else {
      out.push(current);
      current = word;
    }
  }
  if (current !== undefined && current !== '') out.push(current);
  return out;
}
