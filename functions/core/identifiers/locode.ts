import locodeData from '../../../data/reference/locodes.json' with { type: 'json' };
import { type Problem, problem } from './problem.ts';

/** Compact UN/LOCODE list (see data/build-reference.ts): per country, 3-char codes concatenated. */
interface CountryCodes {
  ports: Set<string>;
  other: Set<string>;
}

let index: Map<string, CountryCodes> | undefined;

function unpack(packed: string): Set<string> {
  const set = new Set<string>();
  for (let i = 0; i < packed.length; i += 3) set.add(packed.slice(i, i + 3));
  return set;
}

function countryCodes(country: string): CountryCodes | undefined {
  // Decoded lazily, one country at a time: most manifests touch a few dozen countries.
  index ??= new Map();
  let entry = index.get(country);
  if (!entry) {
    const packed = (locodeData.countries as Record<string, { ports: string; other: string }>)[country];
    if (!packed) return undefined;
    entry = { ports: unpack(packed.ports), other: unpack(packed.other) };
    index.set(country, entry);
  }
  return entry;
}

/** `nl rtm`, `NL-RTM`, `NLRTM` -> `NLRTM`. */
export function normaliseLocode(raw: string): string {
  return raw.toUpperCase().replace(/[\s\-.]/g, '');
}

const SHAPE = /^[A-Z]{2}[A-Z0-9]{3}$/;

/** Codes of the deployment's locations file (locations.ts), valid though the UN/LOCODE list lacks them. */
let extra: ReadonlySet<string> = new Set();

/** @internal locations.ts installs the deployment's codes here. */
export function useExtraLocodes(codes: Iterable<string>): void {
  extra = new Set(codes);
  extraVersion++;
}

let extraVersion = 0;

/** Changes whenever the deployment's codes are installed: caches of location checks start over. */
export function extraLocodesVersion(): number {
  return extraVersion;
}

/** In the UN/LOCODE list or the deployment's locations file. */
export function isKnownLocode(code: string): boolean {
  return isListedLocode(code) || extra.has(code);
}

/** In the UN/LOCODE list itself. */
export function isListedLocode(code: string): boolean {
  if (!SHAPE.test(code)) return false;
  const codes = countryCodes(code.slice(0, 2));
  const location = code.slice(2);
  return !!codes && (codes.ports.has(location) || codes.other.has(location));
}

/** Whether the code list flags the location as a maritime port (function 1). */
export function isSeaport(code: string): boolean {
  return SHAPE.test(code) && !!countryCodes(code.slice(0, 2))?.ports.has(code.slice(2));
}

export function locodeProblems(code: string): Problem[] {
  if (!SHAPE.test(code)) return [problem('LOCODE_FORMAT', 'error', `Got "${code}".`)];
  if (!isKnownLocode(code)) return [problem('LOCODE_UNKNOWN', 'error', `Got ${code}.`)];
  if (extra.has(code)) return [];
  // Carriers use codes such as CNSHA (officially not a seaport): warn, never reject.
  if (!isSeaport(code)) return [problem('LOCODE_NOT_SEAPORT', 'warning', `Got ${code}.`)];
  return [];
}
