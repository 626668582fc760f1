/**
 * What a person sees of a name, which is what must be screened. A manifest can hide a listed
 * name from a matcher that reads code points without changing what an officer reads on
 * screen: a right-to-left override followed by the name written backwards, zero-width
 * characters or soft hyphens inside words, noncharacters, NULs and other controls, or
 * Cyrillic and Greek letters that look like Latin ones mixed into a Latin word.
 *
 * visibleName() drops the invisible characters, applies the bidirectional algorithm when the
 * name holds bidi controls (bidi.ts) and reports which kinds of hidden characters it found,
 * so that the assessment can show them (the `hiddenCharacters` profile indicator).
 */
import { HIDDEN_CHARACTER_KINDS, type HiddenCharacterKind } from '#schemas/hidden-characters.ts';
import { isBidiControl, readingOrder } from './bidi.ts';

export { HIDDEN_CHARACTER_KINDS, type HiddenCharacterKind };

export interface VisibleName {
  /** The name as a person reads it: hidden characters removed, in reading order. */
  text: string;
  /** The same with Latin lookalikes in place of Cyrillic and Greek ones, when any were mixed in. */
  lookalike?: string;
  /**
   * When bidi controls reorder the name: the characters in stored order, controls removed
   * (what a display without bidi support, such as many terminals, shows). Screened too.
   */
  logical?: string;
  /** The kinds of hidden characters found (in HIDDEN_CHARACTER_KINDS order); empty for a clean name. */
  hidden: HiddenCharacterKind[];
  /** Some of the hidden code points (distinct, at most MAX_SAMPLES), for evidence: `U+202E`. */
  samples?: string[];
}

const MAX_SAMPLES = 6;
const codePointLabel = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Plain printable ASCII, or common non-ASCII text without any character this module handles. */
const PLAIN = /^[\x20-\x7e]*$/;
const SUSPECT =
  /[\x00-\x1f\x7f-\x9f\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}\p{Surrogate}\u061c]/u;
const DEFAULT_IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const NONCHARACTER = /^\p{Noncharacter_Code_Point}$/u;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC_OR_GREEK = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** Cyrillic and Greek letters a reader takes for Latin ones (Unicode confusables, the letters only). */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  А: 'A',
  В: 'B',
  С: 'C',
  Е: 'E',
  Н: 'H',
  І: 'I',
  Ј: 'J',
  К: 'K',
  М: 'M',
  О: 'O',
  Р: 'P',
  Ѕ: 'S',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  Ү: 'Y',
  Ԛ: 'Q',
  Ԝ: 'W',
  Ӏ: 'I',
  Ԁ: 'D',
  а: 'a',
  с: 'c',
  е: 'e',
  і: 'i',
  ј: 'j',
  о: 'o',
  р: 'p',
  ѕ: 's',
  х: 'x',
  у: 'y',
  ү: 'y',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ɡ: 'g',
  // Greek
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ϲ: 'c',
  ϳ: 'j',
  ο: 'o',
  ν: 'v',
  ρ: 'p',
  α: 'a',
  κ: 'k',
  υ: 'u',
  χ: 'x',
  ι: 'i',
};

/**
 * Joiners, variation selectors and tags have a visible job after an emoji (👍🏽, 🏴 flags), a
 * Han character (ideographic variants) or a letter of a script that joins (ZWNJ in Persian,
 * ZWJ in Indic scripts); there they are dropped without being reported.
 */
const isSequenceFormat = (cp: number) =>
  cp === 0x200c ||
  cp === 0x200d ||
  (cp >= 0xfe00 && cp <= 0xfe0f) ||
  (cp >= 0xe0020 && cp <= 0xe007f) ||
  (cp >= 0xe0100 && cp <= 0xe01ef);
const SEQUENCE_BASE =
  /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]$|^(?![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Common}])[\p{L}\p{M}]$/u;

/** The kind of hidden character a code point is, or undefined for one a person sees. */
function hiddenKind(cp: number): HiddenCharacterKind | 'space' | undefined {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
    // Tab and line breaks separate words as a space does.
    return cp === 0x09 || cp === 0x0a || cp === 0x0b || cp === 0x0c || cp === 0x0d || cp === 0x85
      ? 'space'
      : 'control';
  }
  if (cp < 0xad) return undefined;
  // Most letters of most scripts (Latin to Cyrillic, Indic to CJK) hold none: no look-up.
  if ((cp > 0xad && cp < 0x34f) || (cp > 0x3164 && cp < 0xd800) || (cp > 0x206f && cp < 0x3164))
    return undefined;
  if (isBidiControl(cp)) return 'bidi-control';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'noncharacter'; // unpaired surrogate
  const ch = String.fromCodePoint(cp);
  if (NONCHARACTER.test(ch)) return 'noncharacter';
  if (DEFAULT_IGNORABLE.test(ch)) return 'invisible';
  return undefined;
}

/**
 * A name as a person reads it, from its first `maxLength` visible code points (the analysis
 * cap; hidden characters do not count towards it, so they cannot push the name out of view).
 * Hidden characters are reported from the whole value.
 */
export function visibleName(raw: string, maxLength = Number.POSITIVE_INFINITY): VisibleName {
  if (PLAIN.test(raw) || !SUSPECT.test(raw)) {
    const text = raw.length > maxLength ? truncateCodePoints(raw, maxLength) : raw;
    return withLookalikes(text, []);
  }
  const found = new Set<HiddenCharacterKind>();
  const samples = new Set<string>();
  const note = (kind: HiddenCharacterKind, cp: number) => {
    found.add(kind);
    if (samples.size < MAX_SAMPLES) samples.add(codePointLabel(cp));
  };
  const kept: number[] = [];
  let hasBidi = false;
  let sequence = false; // the previous character starts (or continues) an emoji or joining sequence
  for (let i = 0; i < raw.length; i++) {
    let cp = raw.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < raw.length) {
      const low = raw.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    const kind = hiddenKind(cp);
    if (kind === 'bidi-control') {
      note(kind, cp);
      hasBidi = true;
      if (kept.length < maxLength) kept.push(cp); // the algorithm needs them; dropped by it
      continue;
    }
    if (kind === 'space') {
      if (kept.length < maxLength) kept.push(0x20);
      continue;
    }
    if (kind) {
      if (!(sequence && kind === 'invisible' && isSequenceFormat(cp))) {
        note(kind, cp);
        sequence = false;
      }
      continue;
    }
    sequence = cp > 0x7f && SEQUENCE_BASE.test(String.fromCodePoint(cp));
    if (kept.length < maxLength) kept.push(cp);
  }
  // Isolate controls keep a level in the algorithm; none of them is seen.
  const ordered = hasBidi ? readingOrder(kept).filter((cp) => !isBidiControl(cp)) : kept;
  const text = fromCodePoints(ordered);
  const logical = hasBidi ? fromCodePoints(kept.filter((cp) => !isBidiControl(cp))) : text;
  const hidden = HIDDEN_CHARACTER_KINDS.filter((k) => found.has(k));
  let seen = withLookalikes(text, hidden);
  if (logical !== text) seen = { ...seen, logical };
  return samples.size ? { ...seen, samples: [...samples] } : seen;
}

/** Names are analysed on their first 500 visible characters (code points): a party name is short, and a pasted paragraph must not cost quadratic time. */
export const NAME_ANALYSIS_CAP = 500;

/** The kinds of hidden characters in a value (empty when it has none). */
export function hiddenCharacterKinds(raw: string): HiddenCharacterKind[] {
  return visibleName(raw, NAME_ANALYSIS_CAP).hidden;
}

function fromCodePoints(cps: readonly number[]): string {
  let out = '';
  for (let i = 0; i < cps.length; i += 4096) out += String.fromCodePoint(...cps.slice(i, i + 4096));
  return out;
}

/** Every reading of a name worth screening: as read, as stored (if bidi reorders it), as it looks. */
export function readings(seen: VisibleName): string[] {
  const out = [seen.text];
  if (seen.logical !== undefined) out.push(seen.logical);
  if (seen.lookalike !== undefined) out.push(seen.lookalike);
  return out;
}

function withLookalikes(text: string, hidden: HiddenCharacterKind[]): VisibleName {
  if (PLAIN.test(text) || !CYRILLIC_OR_GREEK.test(text) || !LATIN.test(text)) return { text, hidden };
  // Only words that mix Latin letters with lookalikes are rewritten: a Cyrillic or Greek word
  // on its own is transliterated as usual ("СОКОЛ" is SOKOL, not COKOL).
  let mixed = false;
  const lookalike = text.replace(/[\p{L}\p{M}]+/gu, (word) => {
    if (!LATIN.test(word) || !CYRILLIC_OR_GREEK.test(word)) return word;
    mixed = true;
    let out = '';
    for (const ch of word) out += LOOKALIKES[ch] ?? ch;
    return out;
  });
  if (!mixed) return { text, hidden };
  const kinds = hidden.includes('lookalike') ? hidden : [...hidden, 'lookalike' as const];
  return { text, lookalike, hidden: HIDDEN_CHARACTER_KINDS.filter((k) => kinds.includes(k)) };
}

/** The first `max` code points of a string (never half a surrogate pair). */
export function truncateCodePoints(s: string, max: number): string {
  let units = 0;
  let count = 0;
  while (units < s.length && count < max) {
    const c = s.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < s.length ? 2 : 1;
    count++;
  }
  return s.slice(0, units);
}
