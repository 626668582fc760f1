import anyAscii from 'any-ascii';

/**
 * Folds a name to lower-case ASCII words: Unicode compatibility forms (NFKC), transliteration
 * of any script (any-ascii: Cyrillic, Arabic, Chinese ...), dots and apostrophes dropped so
 * "S.A." = "SA" and "GAMA'AT" = "GAMAAT", "&" read as "and", every other punctuation mark a
 * word break, emoji dropped. Shared by the runtime and data/build-name-forms.ts so both fold alike.
 */
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u20e3/gu;

export function foldToWords(text: string): string[] {
  let s = text.normalize('NFKC');
  if (!/^[\x00-\x7f]*$/.test(s)) {
    // Emoji are pictures, not words of the name (any-ascii would spell them ":ship:", "RU").
    s = anyAscii(s.replace(EMOJI, ' '));
  }
  s = s
    .toLowerCase()
    .replace(/[.'`\u2019]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return s === '' ? [] : s.split(' ');
}
