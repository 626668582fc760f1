/**
 * Turns a party name into weighted tokens for comparison: folded words (see fold-text.ts),
 * legal forms replaced by the generic form they mean ("Co., Ltd" / "OOO" / "GmbH" -> `~llc`),
 * leading honorifics dropped ("Dr.", "Mr", "His Excellency"), particles ("al", "bin", "de",
 * "of") marked so they weigh little, and each word weighted by its rarity in a background
 * table of listed names: rare words identify a party, common ones ("TRADING", "MOHAMMED")
 * barely do.
 */
import nameForms from '../../../data/reference/name-forms.json' with { type: 'json' };
import { foldToWords } from './fold-text.ts';

export const TOKEN_WORD = 0;
export const TOKEN_PARTICLE = 1;
export const TOKEN_LEGAL = 2;
export type TokenKind = typeof TOKEN_WORD | typeof TOKEN_PARTICLE | typeof TOKEN_LEGAL;

export interface AnalyzedName {
  tokens: string[];
  kinds: TokenKind[];
}

const legalForms = new Map<string, string>(Object.entries(nameForms.legalForms));
let longestLegalForm = 1;
for (const phrase of legalForms.keys()) {
  const words = phrase.split(' ');
  longestLegalForm = Math.max(longestLegalForm, words.length);
}
const honorifics = new Set(nameForms.honorifics);
const honorificFirstWords = new Set(nameForms.honorifics.map((h) => h.split(' ')[0]!));
const particles = new Set(nameForms.particles);
const wordFrequencies = new Map<string, number>(Object.entries(nameForms.wordFrequencies));
const backgroundNames = nameForms.backgroundNames;

/** Weight of a word: inverse document frequency in the background table of listed names. */
export function wordWeight(word: string): number {
  const df = wordFrequencies.get(word) ?? 0;
  return Math.log(1 + backgroundNames / (df + 1));
}
export const PARTICLE_WEIGHT = 0.8;
export const LEGAL_WEIGHT = 1;

export function tokenWeight(token: string, kind: TokenKind): number {
  if (kind === TOKEN_PARTICLE) return PARTICLE_WEIGHT;
  if (kind === TOKEN_LEGAL) return LEGAL_WEIGHT;
  const w = wordWeight(token);
  return isPatronymic(token) ? Math.min(w, PATRONYMIC_WEIGHT) : w;
}

/**
 * Patronymics ("Vladimirovich", "Sergeevna", "Ryhoravich") are often left out of one alias
 * and present in another: they identify less than a given or family name.
 */
export const PATRONYMIC_WEIGHT = 5;
const PATRONYMIC = /(?:ov|ev|av|iv)(?:ich|ych|na)$/;
function isPatronymic(word: string): boolean {
  return word.length >= 8 && PATRONYMIC.test(word);
}

/** Abbreviations of common name words, compared as the full word. */
const ABBREVIATIONS = new Map([
  ['intl', 'international'],
  ['natl', 'national'],
  ['mfg', 'manufacturing'],
  ['bros', 'brothers'],
  ['svcs', 'services'],
  ['assn', 'association'],
  ['assoc', 'association'],
  ['dept', 'department'],
  ['univ', 'university'],
  ['inst', 'institute'],
  ['engg', 'engineering'],
  ['tech', 'technology'],
  ['ind', 'industries'],
  ['inds', 'industries'],
  ['indus', 'industries'],
  ['trdg', 'trading'],
  ['shpg', 'shipping'],
  ['mgmt', 'management'],
  ['st', 'saint'],
  ['mohd', 'mohammed'],
  ['muhd', 'muhammad'],
  ['abd', 'abdul'],
]);

/** Two-letter legal forms that really begin names. */
const LEADING_FORMS = new Set(['ao', 'pt', 'ip', 'cv', 'ch']);

/**
 * Legal-form words are recognised with one typo ("COMPANI", "LIMTED", "LABILITY"), but only
 * where the corrected words make a legal form: a typo there would otherwise turn a form worth
 * little into a rare word worth much. Words of the lists' names (frequency table) are
 * themselves, never a typo.
 */
const MIN_TYPO_LEGAL_WORD_LENGTH = 5;
/** Every word sequence that begins a legal-form phrase ("limited", "limited liability" ...). */
const legalPrefixes = new Set<string>();
const legalWordByDeletion = new Map<string, string[]>();
for (const phrase of legalForms.keys()) {
  const words = phrase.split(' ');
  for (let k = 1; k <= words.length; k++) legalPrefixes.add(words.slice(0, k).join(' '));
  for (const word of words) {
    if (word.length < MIN_TYPO_LEGAL_WORD_LENGTH) continue;
    for (const key of [word, ...deletionsOf(word)]) {
      const list = legalWordByDeletion.get(key);
      if (!list) legalWordByDeletion.set(key, [word]);
      else if (!list.includes(word)) list.push(word);
    }
  }
}
function deletionsOf(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
/** The word itself and the legal-form words one deletion, insertion or substitution away. */
function legalReadings(word: string): string[] {
  if (word.length < MIN_TYPO_LEGAL_WORD_LENGTH || wordFrequencies.has(word)) return [word];
  let out = readingsMemo.get(word);
  if (out) return out;
  const readings = [word];
  const add = (candidate: string) => {
    if (candidate.length >= MIN_CORRECTED_LEGAL_WORD_LENGTH && !readings.includes(candidate))
      readings.push(candidate);
  };
  for (const c of legalWordByDeletion.get(word) ?? []) if (c.length === word.length + 1) add(c); // a letter missing
  for (const d of deletionsOf(word)) {
    for (const c of legalWordByDeletion.get(d) ?? []) if (c.length === word.length || c === d) add(c); // wrong or extra letter
  }
  out = readings;
  if (readingsMemo.size >= 50_000) readingsMemo.clear();
  readingsMemo.set(word, out);
  return out;
}
/** Shorter legal words ("stock", "cong") are not guessed from a typo: too many words are one edit away. */
const MIN_CORRECTED_LEGAL_WORD_LENGTH = 6;
const readingsMemo = new Map<string, string[]>();

/**
 * The longest legal form starting at words[i], its words read with at most one typo each:
 * how many words it takes and the form it means, or undefined. A form read with typos needs a
 * word of it written right ("LIMITE LABILITY COMPANY"), or to be one of the commonest words
 * ("COMPANI"): a rare name word one letter from some form of another language is the name.
 */
function legalFormAt(words: string[], i: number, end: number): { length: number; form: string } | undefined {
  let found: { length: number; form: string } | undefined;
  const extend = (prefix: string, at: number, typos: number, exact: number) => {
    if (at - i >= longestLegalForm || at >= end) return;
    for (const reading of legalReadings(words[at]!)) {
      const phrase = prefix ? `${prefix} ${reading}` : reading;
      if (!legalPrefixes.has(phrase)) continue;
      const typo = reading === words[at] ? 0 : 1;
      const form = legalForms.get(phrase);
      const trusted = typos + typo === 0 || exact + 1 - typo > 0 || TYPO_TOLERANT_LEGAL_WORDS.has(phrase);
      if (form !== undefined && trusted && (!found || at + 1 - i > found.length))
        found = { length: at + 1 - i, form };
      extend(phrase, at + 1, typos + typo, exact + 1 - typo);
    }
  };
  extend('', i, 0, 0);
  return found;
}
/** Legal-form words common enough to be recognised with a typo on their own. */
const TYPO_TOLERANT_LEGAL_WORDS = new Set(['company', 'limited', 'corporation', 'incorporated']);

/**
 * Places written abbreviated or in full ("HK" / "HONG KONG", "UAE" / "UNITED ARAB EMIRATES"):
 * one place token each, weighing like a particle (a place is weak evidence of who a party is).
 */
const places = new Map<string, string>(Object.entries(nameForms.places));
const placeFirstWords = new Set<string>();
let longestPlace = 1;
for (const phrase of places.keys()) {
  const words = phrase.split(' ');
  placeFirstWords.add(words[0]!);
  longestPlace = Math.max(longestPlace, words.length);
}
const PLACE_MARK = '@';
function placeAt(words: string[], i: number): { length: number; code: string } | undefined {
  if (!placeFirstWords.has(words[i]!)) return undefined;
  for (let len = Math.min(longestPlace, words.length - i); len >= 1; len--) {
    const code = places.get(len === 1 ? words[i]! : words.slice(i, i + len).join(' '));
    if (code !== undefined) return { length: len, code };
  }
  return undefined;
}

export function analyzeName(name: string): AnalyzedName {
  const words = foldToWords(name);
  // Drop leading honorifics, but never the whole name.
  let start = 0;
  // Not in a company name: "EMPEROR AVIATION LTD" keeps its first word.
  const looksLikeCompany = words.length > 1 && legalForms.has(words[words.length - 1]!);
  while (!looksLikeCompany && start < words.length - 1 && honorificFirstWords.has(words[start]!)) {
    let matched = 0;
    for (let len = Math.min(4, words.length - 1 - start); len >= 1; len--) {
      if (honorifics.has(words.slice(start, start + len).join(' '))) {
        matched = len;
        break;
      }
    }
    if (matched === 0) break;
    start += matched;
  }
  // "LAST, Dr. First" (OFAC's order): the title stands after the comma.
  const comma = looksLikeCompany ? -1 : name.indexOf(',');
  if (comma > 0 && comma === name.lastIndexOf(',')) {
    const at = Math.max(start, foldToWords(name.slice(0, comma)).length);
    let drop = 0;
    while (at + drop < words.length - 1 && honorificFirstWords.has(words[at + drop]!)) {
      let matched = 0;
      for (let len = Math.min(4, words.length - 1 - at - drop); len >= 1; len--) {
        if (honorifics.has(words.slice(at + drop, at + drop + len).join(' '))) {
          matched = len;
          break;
        }
      }
      if (matched === 0) break;
      drop += matched;
    }
    if (drop > 0) words.splice(at, drop);
  }
  const tokens: string[] = [];
  const kinds: TokenKind[] = [];
  const phrases: string[][] = [];
  for (let i = start; i < words.length; ) {
    const word = words[i]!;
    let consumed = 0;
    // A legal form needs another word beside it: "AG" alone or "Limited" alone is a name.
    if (words.length - start > 1) {
      const legal = legalFormAt(words, i, words.length);
      if (legal && legal.length < words.length - start) {
        tokens.push(`~${legal.form}`);
        kinds.push(TOKEN_LEGAL);
        phrases.push(words.slice(i, i + legal.length));
        consumed = legal.length;
      }
    }
    if (consumed > 0) {
      i += consumed;
      continue;
    }
    const place = words.length - start > 1 ? placeAt(words, i) : undefined;
    if (place && place.length < words.length - start) {
      tokens.push(`${PLACE_MARK}${place.code}`);
      kinds.push(TOKEN_PARTICLE);
      phrases.push(words.slice(i, i + place.length));
      i += place.length;
      continue;
    }
    const full = ABBREVIATIONS.get(word) ?? word;
    tokens.push(full);
    kinds.push(particles.has(full) || full.length === 1 ? TOKEN_PARTICLE : TOKEN_WORD);
    phrases.push([full]);
    i++;
  }
  // Legal forms stand at the start ("OOO ...", "PT ...") or the end ("... Co., Ltd."); a
  // legal-form look-alike inside a name ("YK-ANH", "OPG GLOBAL") is a word. At the start,
  // short abbreviations only count when they are the usual prefixes.
  let lead = 0;
  while (lead < tokens.length && kinds[lead] === TOKEN_LEGAL) lead++;
  let trail = tokens.length;
  while (trail > lead && kinds[trail - 1] === TOKEN_LEGAL) trail--;
  if (lead === 0 && trail === tokens.length) return { tokens, kinds };
  const outTokens: string[] = [];
  const outKinds: TokenKind[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrase = phrases[i]!;
    const keep =
      kinds[i] !== TOKEN_LEGAL ||
      i >= trail ||
      (i < lead && (phrase.length > 1 || phrase[0]!.length > 2 || LEADING_FORMS.has(phrase[0]!)));
    if (keep) {
      outTokens.push(tokens[i]!);
      outKinds.push(kinds[i]!);
    } else {
      for (const w of phrase) {
        outTokens.push(w);
        outKinds.push(particles.has(w) || w.length === 1 ? TOKEN_PARTICLE : TOKEN_WORD);
      }
    }
  }
  return { tokens: outTokens, kinds: outKinds };
}

/**
 * "LAST, First" (how OFAC writes individuals) as "First LAST"; other names unchanged. Used
 * for display and for order-sensitive comparisons; the screening score ignores word order.
 */
export function reorderPersonName(name: string): string {
  const parts = name.split(',');
  if (parts.length !== 2) return name;
  const [last, first] = parts.map((p) => p.trim());
  return first && last ? `${first} ${last}` : name;
}
