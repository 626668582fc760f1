import anyAscii from 'any-ascii';

/**
 * Folds a name to lower-case ASCII words: Unicode compatibility forms (NFKC), transliteration
 * of any script (any-ascii: Cyrillic, Arabic, Chinese ...), dots and apostrophes dropped so
 * "S.A." = "SA" and "GAMA'AT" = "GAMAAT", "&" read as "and", every other punctuation mark a
 * word break. Shared by the runtime and data/build-name-forms.ts so both fold alike.
 */
export function foldToWords(text: string): string[] {
  let s = text.normalize('NFKC');
  if (!/^[\x00-\x7f]*$/.test(s)) s = anyAscii(s);
  s = s
    .toLowerCase()
    .replace(/[.'`\u2019]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return s === '' ? [] : s.split(' ');
}
