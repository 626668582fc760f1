/**
 * Similarity of two folded name words in [0,1]: 1 when equal, 1 - edits/length for a few
 * typing or transliteration edits (optimal string alignment distance, so "BADEGE"/"BADEEG"
 * is one edit), and a floor for words that share their consonant skeleton ("MOHAMMED" /
 * "MUHAMMAD", "QAIDA" / "QAEDA"). Short words must be equal: a typo in a 3-letter word
 * makes another name.
 */
import { wordWeight } from './analyze-name.ts';

export const MIN_TOKEN_SIMILARITY = 0.7;
const PHONETIC_SIMILARITY = 0.9;
const SKELETON_SIMILARITY = 0.75;
const MIN_FUZZY_LENGTH = 4;

/** Optimal string alignment distance, giving up (returning max + 1) beyond `max`. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (lb + 1 > rowSize) growRows(lb + 1);
  // Three reused rows (the two previous ones for transpositions): no allocation per call.
  let prevPrev = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, prevPrev[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb]!;
}
let rowSize = 64;
let rowA = new Int32Array(rowSize);
let rowB = new Int32Array(rowSize);
let rowC = new Int32Array(rowSize);
function growRows(size: number): void {
  rowSize = size * 2;
  rowA = new Int32Array(rowSize);
  rowB = new Int32Array(rowSize);
  rowC = new Int32Array(rowSize);
}

/** First letter and consonants, vowels dropped ("MOHAMMED" and "MUHAMMAD" both give "mhmd"). */
export function consonantSkeleton(word: string): string {
  let out = word[0] ?? '';
  let last = '';
  for (let i = 1; i < word.length; i++) {
    const c = word[i]!;
    if ('aeiouyhw'.includes(c)) {
      last = '';
      continue;
    }
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

const PHONETIC_RULES: [RegExp, string][] = [
  [/tsch|tch/g, 'ch'],
  [/sch/g, 'sh'],
  [/ks|cks|x/g, 'x'],
  [/kh/g, 'h'],
  [/ph/g, 'f'],
  [/gh/g, 'g'],
  [/dj|dzh|zh/g, 'j'],
  [/ck|q|c(?=[aou])/g, 'k'],
  [/ou|oo/g, 'u'],
  [/ee|ie|iy|yi|ey$|ei$/g, 'i'],
  [/y/g, 'i'],
  [/w/g, 'v'],
  [/z/g, 's'],
  [/(.)\1+/g, '$1'],
];

/**
 * A spelling-neutral form of a transliterated word: the same name written by different
 * transliteration habits ("ALEKSANDR"/"ALEXANDER", "VARFOLOMEYEV"/"VARFOLOMEEV",
 * "QAIDA"/"KAIDA", "DJORDJEVIC"/"JORDJEVIC") folds to (nearly) the same letters.
 */
export function phoneticKey(word: string): string {
  let key = phoneticCache.get(word);
  if (key !== undefined) return key;
  key = word;
  for (const [re, to] of PHONETIC_RULES) key = key.replace(re, to);
  // Bounded memo: listed words recur in every query; rare query words must not grow it forever.
  if (phoneticCache.size >= 200_000) phoneticCache.clear();
  phoneticCache.set(word, key);
  return key;
}
const phoneticCache = new Map<string, string>();

/** Seeds the memo with a key computed before (a deserialized index's listed words). */
export function rememberPhoneticKey(word: string, key: string): void {
  if (phoneticCache.size < 200_000) phoneticCache.set(word, key);
}

/** A phonetic key with every run of vowels as one 'a'. */
function vowelFold(key: string): string {
  return key.replace(/[aeiou]+/g, 'a');
}
const VOWEL_SIMILARITY = 0.88;

/** English and Romance plural endings: "LOTTERIES"/"LOTTERY", "FOODS"/"FOOD". */
function singular(word: string): string {
  if (word.length < 5) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
const SINGULAR_SIMILARITY = 0.95;
const SHORT_PHONETIC_SIMILARITY = 0.85;

export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (Math.min(a.length, b.length) < MIN_FUZZY_LENGTH) {
    // Short words: only the same sounds in another spelling ("YU"/"IU", "ALY"/"ALI").
    return a.length >= 2 && b.length >= 2 && phoneticKey(a) === phoneticKey(b)
      ? SHORT_PHONETIC_SIMILARITY
      : 0;
  }
  if (singular(a) === singular(b)) return SINGULAR_SIMILARITY;
  let best = editSimilarity(a, b);
  if (best > 0 && best < ONE_TYPO_SIMILARITY && isKeyboardTypo(a, b)) best = ONE_TYPO_SIMILARITY;
  if (best < PHONETIC_SIMILARITY) {
    const pa = phoneticKey(a);
    const pb = phoneticKey(b);
    if (pa === pb) return PHONETIC_SIMILARITY;
    // Vowels are the least certain letters of a transliteration (Arabic and Persian write
    // short vowels rarely): "MAHIR"/"MAHER", "ZAHID"/"ZAHED", "DOOST"/"DOST".
    // Same first letter, about the same length (not "HOSSEIN"/"HASAN"), and not two short
    // syllables ("ZHOU"/"ZHAO" are different names).
    if (
      a[0] === b[0] &&
      Math.abs(a.length - b.length) <= 1 &&
      Math.max(a.length, b.length) >= 5 &&
      vowelFold(pa) === vowelFold(pb)
    )
      return VOWEL_SIMILARITY;
    if (pa.length >= MIN_FUZZY_LENGTH && pb.length >= MIN_FUZZY_LENGTH) {
      best = Math.max(best, editSimilarity(pa, pb) * PHONETIC_SIMILARITY);
    }
    if (best < SKELETON_SIMILARITY) {
      const ka = consonantSkeleton(a);
      if (ka.length >= 4 && ka === consonantSkeleton(b)) best = SKELETON_SIMILARITY;
    }
  }
  if (best < PREFIX_SIMILARITY && isStemOf(a, b)) best = PREFIX_SIMILARITY;
  return best >= MIN_TOKEN_SIMILARITY ? best : 0;
}

/**
 * A word and its longer derived form ("COAST"/"COASTAL", "KRYLOV"/"KRYLOVSKY",
 * "MARKET"/"MARKETPLACE"): the shorter, at least MIN_STEM_LENGTH letters and half the longer,
 * begins the longer.
 */
function isStemOf(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= MIN_STEM_LENGTH && 2 * short.length >= long.length && long.startsWith(short);
}
const PREFIX_SIMILARITY = 0.75;
const MIN_STEM_LENGTH = 5;

/** 1 - edits/length within a few edits (more for longer words), else 0. */
export function editSimilarity(a: string, b: string): number {
  const maxLen = Math.max(a.length, b.length);
  const maxEdits = maxLen >= 9 ? 3 : maxLen >= 6 ? 2 : 1;
  const d = boundedEditDistance(a, b, maxEdits);
  return d <= maxEdits ? 1 - d / maxLen : 0;
}

/**
 * One slip of the keyboard in a rare word of 5 letters or more, after its first letter ("ZVZDA"
 * / "ZVEZDA": a letter dropped, doubled, swapped with the next or hit on a neighbouring key),
 * scores at least ONE_TYPO_SIMILARITY: by length alone a short word's only typo would cost
 * more than a long word's, and the typo would hide the one distinctive word of a name ("PAO
 * ZVZDA"). Common words and names are left out: there one letter more or less often makes
 * another person ("SMIRNOV" / "SMIRNOVA").
 */
function isKeyboardTypo(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < MIN_TYPO_LENGTH || a.charCodeAt(0) !== b.charCodeAt(0)) return false;
  if (wordWeight(a) < MIN_TYPO_WORD_WEIGHT || wordWeight(b) < MIN_TYPO_WORD_WEIGHT) return false;
  if (a.length !== b.length) return boundedEditDistance(a, b, 1) === 1;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i === a.length) return false;
  if (a.slice(i + 1) === b.slice(i + 1)) return KEYBOARD_NEIGHBOURS.get(a[i]!)?.includes(b[i]!) ?? false;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
export const ONE_TYPO_SIMILARITY = 0.92;
const MIN_TYPO_LENGTH = 5;
/** About a document frequency of 35 in the background table (common names weigh about 5.5). */
const MIN_TYPO_WORD_WEIGHT = 7;
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
/** Letters next to each other on a QWERTY keyboard (same row, or the row above or below). */
const KEYBOARD_NEIGHBOURS = new Map<string, string>();
KEYBOARD_ROWS.forEach((row, r) => {
  for (let c = 0; c < row.length; c++) {
    let near = (row[c - 1] ?? '') + (row[c + 1] ?? '');
    for (const other of [KEYBOARD_ROWS[r - 1], KEYBOARD_ROWS[r + 1]])
      if (other) near += other.slice(Math.max(0, c - 1), c + 2);
    KEYBOARD_NEIGHBOURS.set(row[c]!, near);
  }
});
