/**
 * The search terms of a manifest record: its vessel name's words and its IMO number. Kept
 * apart from the party terms (search-terms.ts) because the ingest Lambda writes them and must
 * not carry the screening normaliser's transliteration tables (half a megabyte): vessel names
 * are marked in the Latin alphabet (SOLAS V/ISM), so folding case and diacritics is enough,
 * and a query is folded the same way.
 */
import { normaliseImo } from '#core/identifiers/imo.ts';

/**
 * Longest value kept in a term (UTF-16 units): index keys are limited (1,024 bytes for a sort
 * key, 2,048 for a partition key), and no real B/L number, identifier or word is this long.
 * Queries are cut the same way, so a long value still finds itself.
 */
export const TERM_VALUE_MAX_CHARS = 100;
/** Query words looked up at most; the rest still count when candidates are scored. */
export const MAX_QUERY_WORDS = 6;

export const cutTerm = (value: string) => value.slice(0, TERM_VALUE_MAX_CHARS);

/** `IMO 9074729` -> `9074729`; undefined when it is not seven digits. */
export function normalizedImo(value: string): string | undefined {
  const imo = normaliseImo(value).replace(/\s+/g, '');
  return /^\d{7}$/.test(imo) ? imo : undefined;
}

/** "MSC Gülsün II" -> ["msc", "gulsun", "ii"]: case and diacritics folded, punctuation a break. */
export function vesselWords(name: string): string[] {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[.'`\u2019]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return folded === '' ? [] : folded.split(' ');
}

export const vesselTerm = {
  word: (word: string) => `vw#${cutTerm(word)}`,
  imo: (imo: string) => `imo#${imo}`,
};

/** The terms of a manifest: its vessel name's words and its IMO number (the id is its own key). */
export function manifestTerms(manifest: { vesselName?: string; imoNumber?: string }): string[] {
  const out = new Set<string>();
  for (const word of vesselWords(manifest.vesselName ?? '')) out.add(vesselTerm.word(word));
  const imo = manifest.imoNumber === undefined ? undefined : normalizedImo(manifest.imoNumber);
  if (imo) out.add(vesselTerm.imo(imo));
  return [...out];
}

/** Vessel-name query: every word must be in the name (one term per word). */
export function vesselQueryTerms(query: string): string[] {
  return [...new Set(vesselWords(query).map((w) => vesselTerm.word(w)))].slice(0, MAX_QUERY_WORDS);
}
