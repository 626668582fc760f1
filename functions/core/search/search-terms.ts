/**
 * Search terms: what is written beside each flagged container and each manifest so an analyst
 * can find them by B/L number, party name or identifier, vessel name or IMO number, and what a
 * query looks up. Pure: the adapter (functions/adapters/search-index.ts) turns each term into
 * one DynamoDB item whose index key is `PORT#{port}#TERM#{term}`, so a query is one Query per
 * (port, term) and never a scan.
 *
 * Party names are keyed the way watchlist screening keys listed names (analyze-name.ts): each
 * word, its phonetic key, and its one-deletion variants, so a query word one typo away still
 * meets it. The candidates found are then ranked with screening's own scorer (nameSimilarity);
 * the keys only find candidates, they never decide a match.
 */
import { analyzeName, TOKEN_WORD } from '#core/screening/analyze-name.ts';
import { nameSimilarity } from '#core/screening/screening-index.ts';
import { phoneticKey } from '#core/screening/token-similarity.ts';
import { normalizeIdentifierValue } from '#core/watchlists/native-csv.ts';
import type { SearchKind } from '#schemas/api.ts';
import { cutTerm, MAX_QUERY_WORDS, TERM_VALUE_MAX_CHARS, vesselTerm } from './manifest-terms.ts';

export {
  MAX_QUERY_WORDS,
  manifestTerms,
  normalizedImo,
  TERM_VALUE_MAX_CHARS,
  vesselQueryTerms,
} from './manifest-terms.ts';

/** Terms written per flagged container at most (a box with hundreds of B/Ls keeps its first). */
export const MAX_TERMS_PER_FLAG = 300;
/** Party names carried on a word term (to rank without reading the flag), and their length. */
export const MAX_NAMES_PER_TERM = 8;
export const TERM_NAME_MAX_CHARS = 300;
/**
 * As in screening (screening-index.ts): words of 4+ letters get a phonetic key, of 5+ letters
 * typo (one-deletion) variants, up to a length where variants stop being useful.
 */
const PHONETIC_MIN_LENGTH = 4;
const DELETION_MIN_LENGTH = 5;
const DELETION_MAX_LENGTH = 24;
/**
 * Lowest screening score a party shown as a search result has. Below the alert threshold
 * (0.86): a search for one word of a name ("Petrov" in "IVAN PETROV" scores 0.67) or a typo
 * in a short name ("Pertov": 0.57) must still find it; results are ranked by the score.
 */
export const PARTY_SEARCH_MIN_SCORE = 0.55;

const cut = cutTerm;

/** B/L and container numbers: upper case, letters and digits only ("MAEU 1234-56" = "MAEU123456"). */
export function normalizeCode(value: string): string {
  return cut(value.toUpperCase().replace(/[^A-Z0-9]/g, ''));
}

/** Tax ids and EORIs as watchlist identifiers are compared (case, spaces, dashes, dots, slashes aside). */
export function normalizeIdentifier(value: string): string {
  return cut(normalizeIdentifierValue(value));
}

function deletions(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return [...out];
}

/** The words of a party name that identify it (not particles nor legal forms), deduplicated. */
function nameWords(name: string): string[] {
  const { tokens, kinds } = analyzeName(name);
  return [...new Set(tokens.filter((_, i) => kinds[i] === TOKEN_WORD).map(cut))];
}

/** Term spellings; the prefix says what kind of value follows. */
export const term = {
  bl: (number: string) => `bl#${normalizeCode(number)}`,
  identifier: (value: string) => `id#${normalizeIdentifier(value)}`,
  word: (word: string) => `pw#${word}`,
  phonetic: (word: string) => `pp#${phoneticKey(word)}`,
  deletion: (variant: string) => `pd#${variant}`,
  vesselWord: vesselTerm.word,
  imo: vesselTerm.imo,
};

/** The keys a listed party word is written under (its own spelling first). */
function partyWordTerms(word: string): string[] {
  const out = [term.word(word)];
  if (word.length >= PHONETIC_MIN_LENGTH) out.push(term.phonetic(word));
  if (word.length >= DELETION_MIN_LENGTH && word.length <= DELETION_MAX_LENGTH)
    for (const d of deletions(word)) out.push(term.deletion(d));
  return out;
}

export type ConsignmentParties = {
  billsOfLading?: {
    number?: string;
    shipper?: DeclaredParty;
    consignee?: DeclaredParty;
    notifyParties?: DeclaredParty[];
  }[];
};
type DeclaredParty = { name?: string; identifier?: string };

/** A term written for a flag, with the party names it was found in (for word terms). */
export type FlagTerm = { term: string; names?: string[] };

/**
 * The terms of one flagged container, from its consignment as declared: each B/L number,
 * each party identifier, and each party name word's keys. Exact terms come first, typo
 * variants last, so the MAX_TERMS_PER_FLAG cap drops the least useful ones.
 */
export function flagTerms(consignment: ConsignmentParties | undefined): FlagTerm[] {
  const exact = new Map<string, FlagTerm>();
  const fuzzy = new Map<string, FlagTerm>();
  const add = (into: Map<string, FlagTerm>, key: string, name?: string) => {
    if (key.endsWith('#')) return; // nothing left once normalised
    let entry = into.get(key);
    if (!entry) {
      entry = { term: key };
      into.set(key, entry);
    }
    if (name !== undefined) {
      entry.names ??= [];
      const shown = name.slice(0, TERM_NAME_MAX_CHARS);
      if (entry.names.length < MAX_NAMES_PER_TERM && !entry.names.includes(shown)) entry.names.push(shown);
    }
  };
  for (const bl of consignment?.billsOfLading ?? []) {
    if (bl.number) add(exact, term.bl(bl.number));
    for (const party of [bl.shipper, bl.consignee, ...(bl.notifyParties ?? [])]) {
      if (!party) continue;
      if (party.identifier) add(exact, term.identifier(party.identifier));
      if (!party.name) continue;
      for (const word of nameWords(party.name)) {
        const [own, ...variants] = partyWordTerms(word);
        add(exact, own as string, party.name);
        for (const v of variants) if (!exact.has(v)) add(fuzzy, v, party.name);
      }
    }
  }
  for (const key of exact.keys()) fuzzy.delete(key);
  return [...exact.values(), ...fuzzy.values()].slice(0, MAX_TERMS_PER_FLAG);
}

/**
 * The keys a party-name query looks up, per query word: the word itself, its phonetic key,
 * the listed words it is a typo variant of (their deletions equal it), the listed words one
 * letter shorter (its deletions), and words one substitution away (deletions on both sides).
 */
export function partyQueryTerms(query: string): string[][] {
  return nameWords(query)
    .slice(0, MAX_QUERY_WORDS)
    .map((word) => {
      const out = new Set<string>([term.word(word)]);
      if (word.length >= PHONETIC_MIN_LENGTH) out.add(term.phonetic(word));
      if (word.length >= DELETION_MIN_LENGTH - 1 && word.length <= DELETION_MAX_LENGTH)
        out.add(term.deletion(word));
      if (word.length >= DELETION_MIN_LENGTH && word.length <= DELETION_MAX_LENGTH + 1) {
        for (const d of deletions(word)) {
          out.add(term.word(d));
          out.add(term.deletion(d));
        }
      }
      return [...out];
    });
}

/** The best screening score of a party-name query against the names a candidate holds. */
export function bestPartyMatch(
  query: string,
  names: readonly string[],
): { name: string; similarity: number } | undefined {
  let best: { name: string; similarity: number } | undefined;
  for (const name of names) {
    const similarity = nameSimilarity(query, name);
    if (similarity >= PARTY_SEARCH_MIN_SCORE && (!best || similarity > best.similarity))
      best = { name, similarity };
  }
  return best;
}

const CONTAINER_NUMBER = /^[A-Z]{4}\d{7}$/;
const MANIFEST_ID_PREFIX = /^[0-9a-f]{8,}$/;

/**
 * What `kind=auto` searches for a query: a container number, an IMO number or a manifest id
 * when it looks like one (each is only ever that); otherwise every kind written as text.
 */
export function autoKinds(query: string): SearchKind[] {
  const trimmed = query.trim();
  if (CONTAINER_NUMBER.test(normalizeCode(trimmed))) return ['container', 'bl'];
  if (/^(IMO)?\s*\d{7}$/i.test(trimmed)) return ['vessel', 'identifier'];
  if (MANIFEST_ID_PREFIX.test(trimmed.toLowerCase()) && /\d/.test(trimmed)) return ['manifest', 'bl'];
  return ['bl', 'identifier', 'party', 'vessel'];
}

/** A manifest id or its start (at least 8 hex digits), lower case; undefined otherwise. */
export function manifestIdPrefix(query: string): string | undefined {
  const value = query.trim().toLowerCase();
  return MANIFEST_ID_PREFIX.test(value) ? value.slice(0, TERM_VALUE_MAX_CHARS) : undefined;
}
