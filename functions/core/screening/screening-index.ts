/**
 * Party name screening against watchlists.
 *
 * Every name and alias of every entry is analysed once (analyze-name.ts) into weighted
 * tokens. A query is matched in three steps, none of which scans the list:
 * 1. each query word is looked up in the vocabulary of listed words: exactly, by its
 *    one-deletion variants (finds words one typo away) and by its consonant skeleton
 *    (transliteration variants), each hit scored with tokenSimilarity;
 * 2. the posting lists of those words give the candidate names, with an upper bound of
 *    their score; only candidates whose bound reaches the minimum score are scored;
 * 3. a candidate's score is a weighted Dice coefficient over a greedy one-to-one alignment
 *    of query and name tokens, order-insensitive, where each token weighs by rarity
 *    (see nameSimilarity). Results are grouped by entry (best name wins).
 */
import type { EntryType, NameMatch, WatchlistEntry } from '#schemas/watchlist.ts';
import { normalizeIdentifierValue } from '../watchlists/native-csv.ts';
import {
  type AnalyzedName,
  analyzeName,
  TOKEN_LEGAL,
  TOKEN_WORD,
  type TokenKind,
  tokenWeight,
} from './analyze-name.ts';
import { buildIdBuckets, findId, findIds, type IdBuckets, isOneDeletionOf } from './id-buckets.ts';
import { activeScorer, applyScorer, LEARNED_MIN_HAND } from './learned-scorer.ts';
import { phoneticKey, rememberPhoneticKey, tokenSimilarity } from './token-similarity.ts';
import { NAME_ANALYSIS_CAP, readings, visibleName } from './visible-text.ts';

/**
 * Default alert threshold: a match scoring at least this is an alert.
 *
 * What the scores mean: 1 = the same words (order, case, punctuation, script and legal form
 * aside); about 0.9 = the same name with a typo or transliteration variant in one word, or a
 * name contained in a longer one with rare words in common ("IMAMOVIC, Nusret" in
 * "IMAMOVIC, Nusret Sulejman"); 0.8 and below = names sharing some words.
 *
 * Chosen on the development evaluation (bench/screening.bench.ts; `SWEEP=1 EVAL_ONLY=1`
 * prints the trade-off per threshold). At 0.86, screening as the product does: 95% of mangled
 * listed names (typos, swapped or dropped words, transliteration variants) and 94% of held-out
 * aliases spelled close to another name of their entry (trigram overlap >= 0.8) come first,
 * against 2 alerts per 1,000 invented company names and 2 per 1,000 invented person names (7
 * and 10 on the generator's harder material, mostly namesakes of listed parties). 0.84 catches
 * more aliases (81% vs 79% of overlap >= 0.6) but alerts on about 4 and 6 per 1,000 (10 and
 * 19); 0.88 alerts on 2 and 3 (6 and 9) but misses more typos (94%). A PCU that prefers fewer
 * alerts can pass a higher --min-score.
 */
export const DEFAULT_ALERT_THRESHOLD = 0.86;
/** The alert threshold of the hand-set score (no learned scorer), for comparisons. */
export const HAND_ALERT_THRESHOLD = 0.86;

export interface ScreenOptions {
  /** At most this many matches (entries), best first. Default 5. */
  top?: number;
  /** Only matches scoring at least this. Default DEFAULT_ALERT_THRESHOLD. */
  minScore?: number;
  /** Only entries of these types. */
  types?: EntryType[];
}

export interface ScreeningIndex {
  readonly entries: readonly WatchlistEntry[];
  screen(name: string, opts?: ScreenOptions): NameMatch[];
  byIdentifier(type: string, value: string): WatchlistEntry[];
}

const MIN_FUZZY_LOOKUP_LENGTH = 4;
const DELETION_MIN_LENGTH = 5;
/**
 * Typo variants (one-deletion keys) are made for words of at most this many letters. A word
 * of n letters has n variants of n-1 letters each: quadratic memory, harmless for names
 * (the longest listed words have about 25 letters) but gigabytes for a 100,000-letter word
 * in a broken list. Longer words are still found exactly and by their phonetic key.
 */
export const MAX_TYPO_WORD_LENGTH = 40;
/** Names are screened on their first NAME_ANALYSIS_CAP visible characters (see visible-text.ts). */
const MAX_QUERY_LENGTH = NAME_ANALYSIS_CAP;
/** The bound counts only words the lookup found; words compared later (further apart, or written
 * together) can add a little more. */
const BOUND_SLACK = 0.02;
/** Candidates scored per query beyond those whose bound reaches minScore (see screen()). */
const BELOW_BOUND_CANDIDATES = 4;
const SEARCH_FLOOR = 0.5;
/** Candidates scored per query at most, best upper bounds first. */
const MAX_SCORED_CANDIDATES = 200;

interface QueryToken {
  token: string;
  kind: TokenKind;
  weight: number;
  /** Vocabulary token id -> similarity, for the words the lookup finds (candidate sources). */
  similar: Map<number, number>;
  /** Vocabulary token id -> similarity, for other words of scored candidates. */
  compared: Map<number, number>;
  /** Total length of the posting lists of the similar words. */
  volume: number;
  /** The largest weight among the similar words (bounds what they add on the name side). */
  maxSimilarWeight: number;
}

const QUERY_TOKEN_MEMO_SIZE = 50_000;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** What a serialized index stores besides the entries: analysed names and their vocabulary. */
export interface PreparedNames {
  tokens: string[];
  kinds: ArrayLike<number>;
  /** Phonetic key of each fuzzy-matchable word ('' for others). */
  phonetic: string[];
  nameEntry: ArrayLike<number>;
  nameAlias: ArrayLike<number>;
  nameTokenStart: ArrayLike<number>;
  nameTokenIds: ArrayLike<number>;
  /** The vocabulary's lookup tables, as lookupTables() builds them (built when absent). */
  lookup?: LookupTables;
}

/** The vocabulary's lookup tables (see id-buckets.ts), stored as they are by a prebuilt index. */
export interface LookupTables {
  /** Each token under itself. */
  tokens: IdBuckets;
  /** Each typo-variant word under its one-deletion variants. */
  deletions: IdBuckets;
  /** Each fuzzy-matchable word under its phonetic key. */
  phonetic: IdBuckets;
}

/** Whether a vocabulary word is looked up fuzzily (phonetic key; deletions when long enough). */
function isFuzzyWord(token: string, kind: number): boolean {
  return kind === TOKEN_WORD && token.length >= MIN_FUZZY_LOOKUP_LENGTH;
}
// Short words (4 letters) have no typo variants: their deletions are 3-letter strings shared
// by hundreds of words; they are found by their phonetic key and compared when scored.
function hasTypoVariants(token: string, kind: number): boolean {
  return (
    isFuzzyWord(token, kind) && token.length >= DELETION_MIN_LENGTH && token.length <= MAX_TYPO_WORD_LENGTH
  );
}

export function lookupTables(
  tokens: readonly string[],
  kinds: ArrayLike<number>,
  phonetic: readonly string[],
): LookupTables {
  const none: string[] = [];
  return {
    tokens: buildIdBuckets(tokens.length, (id) => [tokens[id]!]),
    deletions: buildIdBuckets(tokens.length, (id) =>
      hasTypoVariants(tokens[id]!, kinds[id]!) ? deletions(tokens[id]!) : none,
    ),
    phonetic: buildIdBuckets(tokens.length, (id) =>
      isFuzzyWord(tokens[id]!, kinds[id]!) ? [phonetic[id]!] : none,
    ),
  };
}

/** The entries of an index, each decoded when first asked for (a prebuilt index's rows). */
export interface EntrySource {
  readonly length: number;
  at(e: number): WatchlistEntry;
}

export class TokenScreeningIndex implements ScreeningIndex {
  private readonly entrySource: EntrySource;
  private allEntries: readonly WatchlistEntry[] | undefined;
  // Name records: one per name or alias.
  private readonly nameEntry: Int32Array;
  /** -1 = primary name, else alias index. */
  private readonly nameAlias: Int32Array;
  private readonly nameTokenStart: Int32Array;
  private readonly nameTokenIds: Int32Array;
  private readonly nameWeight: Float64Array;
  /** Per name: its token ids (a view, made on first use) and its tokens as alignedSimilarity reads them. */
  private readonly nameIdViews: (Int32Array | undefined)[] = [];
  private readonly nameTokens: (WeightedTokens | undefined)[] = [];
  // Vocabulary.
  private readonly tokenText: string[];
  private readonly tokenKinds: TokenKind[];
  private readonly tokenWeights: number[];
  private readonly phoneticKeys: string[];
  private readonly lookup: LookupTables;
  private readonly postingStart: Int32Array;
  private readonly postings: Int32Array;
  private identifierIndexBuilt: Map<string, number[]> | undefined;
  // Per-query scratch space, reused so a query allocates little.
  private readonly accQ: Float64Array;
  private readonly accC: Float64Array;
  private readonly touched: Int32Array;
  private readonly queryTokenMemo = new Map<string, Omit<QueryToken, 'token' | 'kind'>>();

  constructor(entries: readonly WatchlistEntry[] | EntrySource, prepared?: PreparedNames) {
    if (Array.isArray(entries)) {
      const list = entries as readonly WatchlistEntry[];
      this.entrySource = { length: list.length, at: (e) => list[e]! };
      this.allEntries = list;
    } else {
      this.entrySource = entries as EntrySource;
    }
    let nameEntry: ArrayLike<number>;
    let nameAlias: ArrayLike<number>;
    let starts: ArrayLike<number>;
    let ids: ArrayLike<number>;
    if (prepared) {
      // A deserialized index: the names are already analysed, the vocabulary already keyed.
      this.tokenText = prepared.tokens;
      this.tokenKinds = Array.from(prepared.kinds) as TokenKind[];
      this.phoneticKeys = prepared.phonetic;
      ({ nameEntry, nameAlias, nameTokenStart: starts, nameTokenIds: ids } = prepared);
    } else {
      const tokenIds = new Map<string, number>();
      const tokens: string[] = [];
      const kinds: TokenKind[] = [];
      const entryOf: number[] = [];
      const aliasOf: number[] = [];
      const startList: number[] = [0];
      const idList: number[] = [];
      (entries as readonly WatchlistEntry[]).forEach((entry, e) => {
        const names = [entry.name, ...entry.aliases];
        const seen = new Set<string>();
        names.forEach((name, n) => {
          const analyzed = analyzeName(visibleName(name, MAX_QUERY_LENGTH).text);
          if (analyzed.tokens.length === 0) return;
          const key = analyzed.tokens.join(' ');
          if (seen.has(key)) return; // same name once folded: keep the first spelling
          seen.add(key);
          analyzed.tokens.forEach((token, t) => {
            let id = tokenIds.get(token);
            if (id === undefined) {
              id = tokens.length;
              tokenIds.set(token, id);
              tokens.push(token);
              kinds.push(analyzed.kinds[t]!);
            }
            idList.push(id);
          });
          entryOf.push(e);
          aliasOf.push(n - 1);
          startList.push(idList.length);
        });
      });
      this.tokenText = tokens;
      this.tokenKinds = kinds;
      this.phoneticKeys = tokens.map((t, i) => (isFuzzyWord(t, kinds[i]!) ? phoneticKey(t) : ''));
      nameEntry = entryOf;
      nameAlias = aliasOf;
      starts = startList;
      ids = idList;
    }
    const tokenCount = this.tokenText.length;
    this.tokenWeights = new Array<number>(tokenCount);
    for (let t = 0; t < tokenCount; t++) {
      this.tokenWeights[t] = tokenWeight(this.tokenText[t]!, this.tokenKinds[t]!);
      // A stored key is remembered: comparing a listed word then needs no rewriting of it.
      if (this.phoneticKeys[t]) rememberPhoneticKey(this.tokenText[t]!, this.phoneticKeys[t]!);
    }
    this.lookup = prepared?.lookup ?? lookupTables(this.tokenText, this.tokenKinds, this.phoneticKeys);
    this.nameEntry = Int32Array.from(nameEntry);
    this.nameAlias = Int32Array.from(nameAlias);
    this.nameTokenStart = Int32Array.from(starts);
    this.nameTokenIds = Int32Array.from(ids);
    const nameCount = nameEntry.length;
    this.nameWeight = new Float64Array(nameCount);
    for (let n = 0; n < nameCount; n++) {
      let w = 0;
      for (let i = starts[n]!; i < starts[n + 1]!; i++) w += this.tokenWeights[ids[i]!]!;
      this.nameWeight[n] = w;
    }

    // Posting lists (compressed sparse rows): names holding each token, each name once.
    const counts = new Int32Array(tokenCount + 1);
    for (let n = 0; n < nameCount; n++) {
      for (let i = starts[n]!; i < starts[n + 1]!; i++) counts[ids[i]! + 1]!++;
    }
    for (let t = 0; t < tokenCount; t++) counts[t + 1]! += counts[t]!;
    this.postingStart = counts.slice();
    const fill = counts.slice();
    this.postings = new Int32Array(ids.length);
    for (let n = 0; n < nameCount; n++) {
      for (let i = starts[n]!; i < starts[n + 1]!; i++) this.postings[fill[ids[i]!]!++] = n;
    }
    this.accQ = new Float64Array(nameCount);
    this.accC = new Float64Array(nameCount);
    this.touched = new Int32Array(nameCount);
  }

  /** Every entry (a prebuilt index decodes them all on first use). */
  get entries(): readonly WatchlistEntry[] {
    this.allEntries ??= Array.from({ length: this.entrySource.length }, (_, e) => this.entrySource.at(e));
    return this.allEntries;
  }

  private entry(e: number): WatchlistEntry {
    return this.allEntries ? this.allEntries[e]! : this.entrySource.at(e);
  }

  /** The number of entries, without decoding them. */
  get entryCount(): number {
    return this.entrySource.length;
  }

  /** Vocabulary lookups, answering as Maps from key to ascending token ids would. */
  private readonly tokenIds = {
    get: (token: string): number | undefined =>
      findId(this.lookup.tokens, token, (id) => this.tokenText[id] === token),
  };
  private readonly deletionIndex = {
    get: (d: string): number[] | undefined =>
      findIds(this.lookup.deletions, d, (id) => isOneDeletionOf(d, this.tokenText[id]!)),
  };
  private readonly phoneticIndex = {
    get: (key: string): number[] | undefined =>
      findIds(this.lookup.phonetic, key, (id) => this.phoneticKeys[id] === key),
  };

  private nameIds(n: number): Int32Array {
    let view = this.nameIdViews[n];
    if (!view) {
      view = this.nameTokenIds.subarray(this.nameTokenStart[n]!, this.nameTokenStart[n + 1]!);
      this.nameIdViews[n] = view;
    }
    return view;
  }

  private get identifierIndex(): Map<string, number[]> {
    if (this.identifierIndexBuilt) return this.identifierIndexBuilt;
    const index = new Map<string, number[]>();
    this.entries.forEach((entry, e) => {
      for (const identifier of entry.identifiers) {
        const key = `${identifier.type.toLowerCase()}:${normalizeIdentifierValue(identifier.value)}`;
        const list = index.get(key);
        if (!list) index.set(key, [e]);
        else if (!list.includes(e)) list.push(e);
      }
    });
    this.identifierIndexBuilt = index;
    return index;
  }

  /** A name's tokens as alignedSimilarity reads them, built on first use (few names ever are). */
  private weightedName(n: number): WeightedTokens {
    let weighted = this.nameTokens[n];
    if (!weighted) {
      const ids = Array.from(this.nameIds(n));
      const kinds = ids.map((id) => this.tokenKinds[id]!);
      weighted = {
        tokens: ids.map((id) => this.tokenText[id]!),
        kinds,
        weights: ids.map((id) => this.tokenWeights[id]!),
        total: this.nameWeight[n]!,
        wordCount: countWords(kinds),
      };
      this.nameTokens[n] = weighted;
    }
    return weighted;
  }

  /** The analysed names, vocabulary and lookup tables, for serializeScreeningIndex. */
  prepared(): Required<PreparedNames> {
    return {
      tokens: this.tokenText,
      kinds: this.tokenKinds,
      phonetic: this.phoneticKeys,
      nameEntry: this.nameEntry,
      nameAlias: this.nameAlias,
      nameTokenStart: this.nameTokenStart,
      nameTokenIds: this.nameTokenIds,
      lookup: this.lookup,
    };
  }

  /** Vocabulary tokens similar to a query token, with their similarity. */
  private similarTokens(token: string, kind: TokenKind): Map<number, number> {
    const similar = new Map<number, number>();
    const exact = this.tokenIds.get(token);
    if (exact !== undefined) similar.set(exact, 1);
    if (kind !== TOKEN_WORD || token.length < MIN_FUZZY_LOOKUP_LENGTH) return similar;
    const consider = (id: number) => {
      if (similar.has(id)) return;
      const s = tokenSimilarity(token, this.tokenText[id]!);
      if (s > 0) similar.set(id, s);
    };
    // Words one deletion away from the query (the query has an extra letter); beyond the cap
    // no listed word has typo variants.
    if (token.length <= MAX_TYPO_WORD_LENGTH + 1) {
      for (const d of deletions(token)) {
        const id = this.tokenIds.get(d);
        if (id !== undefined && this.tokenKinds[id] === TOKEN_WORD) consider(id);
        for (const other of this.deletionIndex.get(d) ?? []) consider(other); // substitution, transposition
      }
    }
    // Words with one more letter than the query.
    for (const other of this.deletionIndex.get(token) ?? []) consider(other);
    const key = phoneticKey(token);
    for (const other of this.phoneticIndex.get(key) ?? []) consider(other);
    // Transliteration variants a typo apart: one deletion of the phonetic form.
    if (key.length >= MIN_FUZZY_LOOKUP_LENGTH + 1 && key.length <= MAX_TYPO_WORD_LENGTH) {
      for (const d of deletions(key)) for (const other of this.phoneticIndex.get(d) ?? []) consider(other);
    }
    return similar;
  }

  private analyzeQuery(name: string): QueryToken[] {
    const analyzed: AnalyzedName = analyzeName(name);
    return analyzed.tokens.map((token, i) => {
      const kind = analyzed.kinds[i]!;
      // Party names repeat their words ("TRADING", "LTD", "MOHAMMED"): each word's lookup is
      // memoised (bounded), which makes a manifest's thousands of names cheap.
      const key = kind === TOKEN_WORD ? token : `${kind}:${token}`;
      let memo = this.queryTokenMemo.get(key);
      if (!memo) {
        if (this.queryTokenMemo.size >= QUERY_TOKEN_MEMO_SIZE) this.queryTokenMemo.clear();
        const similar = this.similarTokens(token, kind);
        let volume = 0;
        let maxSimilarWeight = 0;
        for (const id of similar.keys()) {
          volume += this.postingStart[id + 1]! - this.postingStart[id]!;
          maxSimilarWeight = Math.max(maxSimilarWeight, this.tokenWeights[id]!);
        }
        memo = { weight: tokenWeight(token, kind), similar, compared: new Map(), volume, maxSimilarWeight };
        this.queryTokenMemo.set(key, memo);
      }
      return { token, kind, ...memo };
    });
  }

  /**
   * Screens a name as a person reads it (visible-text.ts): hidden characters dropped, bidi
   * overrides applied; when bidi controls reorder it, also in stored order (a display without
   * bidi support shows that); when Latin lookalikes are mixed into a word, also as it looks.
   * The best score per entry wins.
   */
  screen(name: string, opts: ScreenOptions = {}): NameMatch[] {
    if (typeof name !== 'string') return [];
    const [read, ...others] = readings(visibleName(name, MAX_QUERY_LENGTH));
    const matches = this.screenVisible(read!, opts);
    if (others.length === 0) return matches;
    const best = new Map<string, NameMatch>();
    for (const m of [...matches, ...others.flatMap((other) => this.screenVisible(other, opts))]) {
      const key = `${m.list}\u0000${m.entityId}`;
      const current = best.get(key);
      if (!current || m.score > current.score) best.set(key, m);
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, opts.top ?? 5);
  }

  private screenVisible(name: string, opts: ScreenOptions): NameMatch[] {
    const top = opts.top ?? 5;
    const minScore = opts.minScore ?? DEFAULT_ALERT_THRESHOLD;
    // Candidates are found and pruned as if the minimum were at most SEARCH_FLOOR: the bounds
    // count only the words the lookup finds, and words it misses (two edits apart, a stem, a
    // compound) can lift a name's score well above its bound.
    const floor = Math.min(minScore, SEARCH_FLOOR);
    if (top <= 0) return [];
    const query = this.analyzeQuery(name);
    if (query.length === 0) return [];
    let queryWeight = 0;
    let minorWeight = 0; // particles and legal forms: not used to find candidates
    for (const q of query) {
      queryWeight += q.weight;
      if (q.kind !== TOKEN_WORD) minorWeight += q.weight;
    }

    // Upper bounds of each candidate's matched weight on both sides, from the posting lists.
    const accQ = this.accQ;
    const accC = this.accC;
    const touched = this.touched;
    let touchedCount = 0;
    const collect = (id: number, s: number, wq: number) => {
      const gq = s * wq;
      const gc = s * this.tokenWeights[id]!;
      for (let p = this.postingStart[id]!; p < this.postingStart[id + 1]!; p++) {
        const n = this.postings[p]!;
        if (accQ[n] === 0 && accC[n] === 0) touched[touchedCount++] = n;
        accQ[n]! += gq;
        accC[n]! += gc;
      }
    };
    // MaxScore-style pruning: the words with the longest posting lists ("TRADING", "ALI") are
    // not used to find candidates as long as a name holding only them could not reach
    // minScore; they still count when the candidates found by rarer words are scored.
    const words = query.filter((q) => q.kind === TOKEN_WORD && q.similar.size > 0);
    words.sort((a, b) => b.volume - a.volume);
    let skipQ = 0;
    let skipC = 0;
    let skipped = 0;
    for (const q of words) {
      if (skipped === words.length - 1) break; // keep at least the rarest word
      const nq = skipQ + q.weight;
      const nc = skipC + q.maxSimilarWeight;
      const dice = Math.min(1, (nq + nc + 2 * minorWeight) / (queryWeight + nc));
      if (dice + (1 - dice) * SUBSET_BONUS >= floor - BOUND_SLACK) break;
      skipQ = nq;
      skipC = nc;
      skipped++;
    }
    for (let i = skipped; i < words.length; i++) {
      const q = words[i]!;
      for (const [id, s] of q.similar) collect(id, s, q.weight);
    }
    // Words written apart in the query but together in the list ("AL SHABAN" / "ALSHABAN").
    for (let i = 0; i + 1 < query.length; i++) {
      const id = this.tokenIds.get(query[i]!.token + query[i + 1]!.token);
      if (id !== undefined) collect(id, 1, query[i]!.weight + query[i + 1]!.weight);
    }
    // A word of the query written apart in the list ("AGROPHEN" / "AGRO-PHEN").
    for (const q of query) {
      if (q.kind !== TOKEN_WORD || q.token.length < 6) continue;
      for (let k = 2; k <= q.token.length - 2; k++) {
        const left = this.tokenIds.get(q.token.slice(0, k));
        const right = this.tokenIds.get(q.token.slice(k));
        if (left === undefined || right === undefined) continue;
        const rarer = this.tokenWeights[left]! > this.tokenWeights[right]! ? left : right;
        collect(rarer, 1, q.weight);
      }
    }

    const candidates: { n: number; b: number }[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const n = touched[i]!;
      // Particles and legal forms can add at most their own weight on both sides.
      const q = accQ[n]! + minorWeight + skipQ;
      const c = accC[n]! + minorWeight + skipC;
      accQ[n] = 0;
      accC[n] = 0;
      const nameWeight = this.nameWeight[n]!;
      const b = scoreBound(q, c, queryWeight, nameWeight);
      if (b >= floor - BOUND_SLACK) candidates.push({ n, b });
    }
    // Candidates below minScore by their bound are scored only a few, the best bounds first:
    // enough for the name the lookup half-missed, not for every name sharing a common word.
    candidates.sort((x, y) => y.b - x.b);
    let keep = 0;
    while (keep < candidates.length && candidates[keep]!.b >= minScore - BOUND_SLACK) keep++;
    candidates.length = Math.min(candidates.length, MAX_SCORED_CANDIDATES, keep + BELOW_BOUND_CANDIDATES);

    const best = new Map<number, { score: number; n: number }>();
    const types = opts.types ? new Set(opts.types) : undefined;
    const queryTokens = query.map((q) => q.token);
    const queryKinds = query.map((q) => q.kind);
    const queryWeights = query.map((q) => q.weight);
    for (const { n } of candidates) {
      const e = this.nameEntry[n]!;
      if (types && !types.has(this.entry(e).type)) continue;
      const ids = this.nameIds(n);
      const score = alignedSimilarity(
        { tokens: queryTokens, kinds: queryKinds, weights: queryWeights, total: queryWeight },
        this.weightedName(n),
        (qi, ci) => {
          const q = query[qi]!;
          const id = ids[ci]!;
          let sim = q.similar.get(id) ?? q.compared.get(id);
          if (sim === undefined) {
            // Words further apart than the lookup reaches: compared once, then remembered.
            sim =
              q.kind === TOKEN_WORD && this.tokenKinds[id] === TOKEN_WORD
                ? tokenSimilarity(q.token, this.tokenText[id]!)
                : 0;
            q.compared.set(id, sim);
          }
          return sim;
        },
      );
      if (score < minScore) continue;
      const current = best.get(e);
      if (!current || score > current.score) best.set(e, { score, n });
    }
    const ranked = [...best.entries()].sort((a, b) => b[1].score - a[1].score || a[0] - b[0]).slice(0, top);
    return ranked.map(([e, { score, n }]) => {
      const entry = this.entry(e);
      const alias = this.nameAlias[n]!;
      return {
        entityId: entry.id,
        list: entry.list,
        name: entry.name,
        matchedName: alias < 0 ? entry.name : entry.aliases[alias]!,
        score: Math.round(score * 1e4) / 1e4,
      };
    });
  }

  byIdentifier(type: string, value: string): WatchlistEntry[] {
    const key = `${type.toLowerCase()}:${normalizeIdentifierValue(value)}`;
    return (this.identifierIndex.get(key) ?? []).map((e) => this.entry(e));
  }
}

export interface WeightedTokens {
  tokens: string[];
  kinds: TokenKind[];
  weights: number[];
  total: number;
  /** How many tokens are words (not particles or legal forms); counted when absent. */
  wordCount?: number;
}

function countWords(kinds: TokenKind[]): number {
  let count = 0;
  for (const k of kinds) if (k === TOKEN_WORD) count++;
  return count;
}

/**
 * Evidence a contained name needs for its full bonus: the matched words' weight above
 * COMMON_WORD_WEIGHT (a rare family name gives about 4; "Dmitry" or "Trading" nearly 0).
 */
const SUBSET_EVIDENCE_WEIGHT = 6;
/** A word's weight above this is evidence; common names and words weigh about this much. */
const COMMON_WORD_WEIGHT = 5;
const SUBSET_BONUS = 0.8;
/** scoreBound() writes this power out as two squarings. */
const COVERAGE_EXPONENT = 4;
/** Two adjacent words against one ("ALI AKBAR" / "ALIAKBAR") match from this similarity. */
const MIN_COMPOUND_SIMILARITY = 0.75;
/** Pair similarity is raised to this power: one misspelt word among exact ones is a typo, several make another name. */
const FUZZY_EXPONENT = 1.5;

interface Matched {
  /** Matched weight on each side (similarity squared times token weight). */
  q: number;
  c: number;
  /** The same, words only (no particles or legal forms): the evidence a contained name needs. */
  wordsQ: number;
  wordsC: number;
  /** Whether each side has at least two words, so that it can count as contained in the other. */
  multiQ: boolean;
  multiC: boolean;
}

function combine(m: Matched, queryTotal: number, nameTotal: number): number {
  const total = queryTotal + nameTotal;
  if (total <= 0) return 0;
  const dice = Math.min(1, (m.q + m.c) / total);
  // One name contained in the other ("IMAMOVIC, Nusret" in "IMAMOVIC, Nusret Sulejman") is
  // common in alias lists, but only counts for names of two words or more, and only when the
  // shared words carry enough evidence (rare words, not "GENERAL TRADING").
  const coverage = Math.min(
    1,
    Math.max(
      m.multiQ && queryTotal > 0 ? m.q / queryTotal : 0,
      m.multiC && nameTotal > 0 ? m.c / nameTotal : 0,
    ),
  );
  const evidence = Math.min(1, Math.min(m.wordsQ, m.wordsC) / SUBSET_EVIDENCE_WEIGHT);
  return Math.min(1, dice + (1 - dice) * SUBSET_BONUS * coverage ** COVERAGE_EXPONENT * evidence);
}

/**
 * An upper bound of combine() from upper bounds of the matched weights (it only grows with
 * them): combine() with every matched weight counted as evidence, written out because it runs
 * for every candidate the posting lists touch.
 */
function scoreBound(matchedQ: number, matchedC: number, queryTotal: number, nameTotal: number): number {
  const q = Math.min(matchedQ, queryTotal);
  const c = Math.min(matchedC, nameTotal);
  const total = queryTotal + nameTotal;
  if (total <= 0) return 0;
  const dice = Math.min(1, (q + c) / total);
  const coverage = Math.min(
    1,
    Math.max(queryTotal > 0 ? q / queryTotal : 0, nameTotal > 0 ? c / nameTotal : 0),
  );
  const evidence = Math.min(1, Math.min(q, c) / SUBSET_EVIDENCE_WEIGHT);
  const squared = coverage * coverage; // coverage ** COVERAGE_EXPONENT, without Math.pow
  return Math.min(1, dice + (1 - dice) * SUBSET_BONUS * squared * squared * evidence);
}

/** An initial against a full word ("M." / "MUHAMMAD") counts as a weak match. */
const INITIAL_SIMILARITY = 0.6;
function isInitialOf(a: string, b: string): boolean {
  return (
    (a.length === 1) !== (b.length === 1) && a.charCodeAt(0) === b.charCodeAt(0) && a.length + b.length > 3
  );
}

interface AlignedPair {
  q0: number;
  q1: number;
  c0: number;
  c1: number;
  s: number;
}

/**
 * The score of two analysed names: tokens aligned one-to-one (or two adjacent words to one
 * written together), greedily by similarity; a weighted Dice coefficient of the matched
 * weight, each pair counting similarity squared (one misspelt word among exact ones is a
 * typo, several make another name), plus a bonus when one name is contained in the other.
 * Word order does not count; a missing rare word costs much, a missing particle or legal
 * form little.
 */
export function alignedSimilarity(
  q: WeightedTokens,
  c: WeightedTokens,
  similarity: (qi: number, ci: number) => number,
): number {
  const alignment = alignTokens(q, c, similarity);
  if (!alignment) return 0;
  const hand = handScore(alignment, q, c);
  return learnedScore(hand, alignment, q, c);
}

interface Alignment {
  matched: Matched;
  usedQ: Uint8Array;
  usedC: Uint8Array;
  /** How many pairs were aligned, how many of them not exactly, and the lowest similarity (1 if none). */
  pairs: number;
  fuzzyPairs: number;
  minSimilarity: number;
}

/** Tokens aligned one-to-one (or two adjacent words to one), greedily by similarity. */
function alignTokens(
  q: WeightedTokens,
  c: WeightedTokens,
  similarity: (qi: number, ci: number) => number,
): Alignment | undefined {
  const pairs: AlignedPair[] = [];
  const m = q.tokens.length;
  const n = c.tokens.length;
  for (let qi = 0; qi < m; qi++) {
    for (let ci = 0; ci < n; ci++) {
      const qk = q.kinds[qi]!;
      const ck = c.kinds[ci]!;
      let s = qk === ck || (qk !== TOKEN_LEGAL && ck !== TOKEN_LEGAL) ? similarity(qi, ci) : 0;
      if (s === 0 && qk !== TOKEN_LEGAL && ck !== TOKEN_LEGAL && isInitialOf(q.tokens[qi]!, c.tokens[ci]!))
        s = INITIAL_SIMILARITY;
      if (s > 0) pairs.push({ q0: qi, q1: qi, c0: ci, c1: ci, s });
    }
  }
  // Compounds: two adjacent words on one side against one word on the other. Lengths and
  // first letters are checked before any string is built.
  for (let side = 0; side < 2; side++) {
    const two = side === 0 ? q : c;
    const one = side === 0 ? c : q;
    for (let i = 0; i + 1 < two.tokens.length; i++) {
      if (two.kinds[i] === TOKEN_LEGAL || two.kinds[i + 1] === TOKEN_LEGAL) continue;
      const first = two.tokens[i]!;
      const joinedLength = first.length + two.tokens[i + 1]!.length;
      let joined: string | undefined;
      for (let j = 0; j < one.tokens.length; j++) {
        const single = one.tokens[j]!;
        if (one.kinds[j] !== TOKEN_WORD || Math.abs(joinedLength - single.length) > 2) continue;
        if (single.charCodeAt(0) !== first.charCodeAt(0)) continue;
        joined ??= first + two.tokens[i + 1]!;
        const s = joined === single ? 1 : tokenSimilarity(joined, single);
        if (s < MIN_COMPOUND_SIMILARITY) continue;
        pairs.push(
          side === 0 ? { q0: i, q1: i + 1, c0: j, c1: j, s } : { q0: j, q1: j, c0: i, c1: i + 1, s },
        );
      }
    }
  }
  if (pairs.length === 0) return undefined;
  // Best first; among equals, compounds first (they explain more words).
  pairs.sort((a, b) => b.s - a.s || b.q1 - b.q0 + b.c1 - b.c0 - (a.q1 - a.q0 + a.c1 - a.c0));
  const usedQ = new Uint8Array(m);
  const usedC = new Uint8Array(n);
  let aligned = 0;
  let fuzzyPairs = 0;
  let minSimilarity = 1;
  const matched: Matched = {
    q: 0,
    c: 0,
    wordsQ: 0,
    wordsC: 0,
    multiQ: (q.wordCount ?? countWords(q.kinds)) >= 2,
    multiC: (c.wordCount ?? countWords(c.kinds)) >= 2,
  };
  for (const p of pairs) {
    if (usedQ[p.q0] || usedQ[p.q1] || usedC[p.c0] || usedC[p.c1]) continue;
    aligned++;
    if (p.s < 1) fuzzyPairs++;
    if (p.s < minSimilarity) minSimilarity = p.s;
    const s2 = p.s ** FUZZY_EXPONENT;
    for (let i = p.q0; i <= p.q1; i++) {
      usedQ[i] = 1;
      matched.q += s2 * q.weights[i]!;
      if (q.kinds[i] === TOKEN_WORD) matched.wordsQ += s2 * Math.max(0, q.weights[i]! - COMMON_WORD_WEIGHT);
    }
    for (let j = p.c0; j <= p.c1; j++) {
      usedC[j] = 1;
      matched.c += s2 * c.weights[j]!;
      if (c.kinds[j] === TOKEN_WORD) matched.wordsC += s2 * Math.max(0, c.weights[j]! - COMMON_WORD_WEIGHT);
    }
  }
  return { matched, usedQ, usedC, pairs: aligned, fuzzyPairs, minSimilarity };
}

/**
 * The hand-set score: a weighted Dice coefficient of the matched weight, each pair counting
 * similarity squared (one misspelt word among exact ones is a typo, several make another
 * name), plus a bonus when one name is contained in the other, less a penalty when legal
 * forms disagree on names of common words.
 */
function handScore(a: Alignment, q: WeightedTokens, c: WeightedTokens): number {
  const score = combine(a.matched, q.total, c.total);
  if (!legalFormsDisagree(q, c, a.usedQ)) return score;
  // Names of common words told apart only by their legal form ("NORTHERN SHIPPING AB" /
  // "JOINT STOCK COMPANY NORTHERN SHIPPING COMPANY") are usually two companies; with rare
  // words in common the form says little (lists and manifests write it every which way).
  const evidence = Math.min(1, Math.min(a.matched.wordsQ, a.matched.wordsC) / SUBSET_EVIDENCE_WEIGHT);
  return score * (1 - LEGAL_MISMATCH_PENALTY * (1 - evidence));
}

/** Unmatched words of one side: how many, and the weight of the heaviest. */
function unmatchedWords(t: WeightedTokens, used: Uint8Array): { count: number; heaviest: number } {
  let count = 0;
  let heaviest = 0;
  for (let i = 0; i < t.tokens.length; i++) {
    if (used[i] || t.kinds[i] !== TOKEN_WORD) continue;
    count++;
    heaviest = Math.max(heaviest, t.weights[i]!);
  }
  return { count, heaviest };
}

/**
 * The features the learned scorer reads (learned-scorer.ts), in SCORER_FEATURES order. All
 * lie in [0, 1].
 */
function alignmentFeatures(hand: number, a: Alignment, q: WeightedTokens, c: WeightedTokens): number[] {
  const m = a.matched;
  const total = q.total + c.total;
  const uq = unmatchedWords(q, a.usedQ);
  const uc = unmatchedWords(c, a.usedC);
  const cap = (x: number) => Math.min(1, Math.max(0, x));
  const wordsQ = q.wordCount ?? countWords(q.kinds);
  const wordsC = c.wordCount ?? countWords(c.kinds);
  return [
    hand,
    total > 0 ? cap((m.q + m.c) / total) : 0,
    q.total > 0 ? cap(m.q / q.total) : 0,
    c.total > 0 ? cap(m.c / c.total) : 0,
    cap(Math.min(m.wordsQ, m.wordsC) / SUBSET_EVIDENCE_WEIGHT),
    cap(Math.min(m.wordsQ, m.wordsC) / (4 * SUBSET_EVIDENCE_WEIGHT)),
    a.minSimilarity,
    a.pairs > 0 ? a.fuzzyPairs / a.pairs : 0,
    cap(uq.heaviest / 12),
    cap(uc.heaviest / 12),
    cap(uq.count / 3),
    cap(uc.count / 3),
    legalFormsDisagree(q, c, a.usedQ) ? 1 : 0,
    wordsQ <= 1 ? 1 : 0,
    wordsC <= 1 ? 1 : 0,
    total > 0 ? cap(Math.min(q.total, c.total) / Math.max(q.total, c.total)) : 0,
  ];
}

/** The learned score where a model is trained (learned-scorer.ts), else the hand-set one. */
function learnedScore(hand: number, a: Alignment, q: WeightedTokens, c: WeightedTokens): number {
  // The same words are the same name; names far below any threshold are not worth the model.
  const model = activeScorer();
  if (!model || hand >= 1 || hand < LEARNED_MIN_HAND) return hand;
  return applyScorer(model, alignmentFeatures(hand, a, q, c));
}

/** Features of two names as nameSimilarity aligns them (best reading by the hand-set score), for training. */
export function nameFeatures(a: string, b: string): { hand: number; features: number[] } | undefined {
  let best: { hand: number; features: number[] } | undefined;
  for (const x of weighted(a))
    for (const y of weighted(b)) {
      if (x.tokens.length === 0 || y.tokens.length === 0) continue;
      const alignment = alignTokens(x, y, wordSimilarity(x, y));
      if (!alignment) continue;
      const hand = handScore(alignment, x, y);
      if (!best || hand > best.hand) best = { hand, features: alignmentFeatures(hand, alignment, x, y) };
    }
  return best;
}

const LEGAL_MISMATCH_PENALTY = 0.12;
/** "Company" says nothing of the form: it agrees with every legal form. */
const ANY_FORM = '~co';

/** Both names state a legal form (not just "company") and none of the query's was matched. */
function legalFormsDisagree(q: WeightedTokens, c: WeightedTokens, usedQ: Uint8Array): boolean {
  let formQ = false;
  for (let i = 0; i < q.tokens.length; i++) {
    if (q.kinds[i] !== TOKEN_LEGAL) continue;
    if (usedQ[i] || q.tokens[i] === ANY_FORM) return false;
    formQ = true;
  }
  if (!formQ) return false;
  for (let j = 0; j < c.tokens.length; j++)
    if (c.kinds[j] === TOKEN_LEGAL && c.tokens[j] === ANY_FORM) return false;
  return c.kinds.includes(TOKEN_LEGAL);
}

/** A name's weighted tokens for each of its readings (see readings()). */
function weighted(name: string): WeightedTokens[] {
  return readings(visibleName(name, MAX_QUERY_LENGTH)).map((text) => {
    const { tokens, kinds } = analyzeName(text);
    const weights = tokens.map((t, i) => tokenWeight(t, kinds[i]!));
    return { tokens, kinds, weights, total: weights.reduce((a, b) => a + b, 0) };
  });
}

/** Similarity of two names in [0,1], the score screen() gives (for labelled pairs and tests). */
export function nameSimilarity(a: string, b: string): number {
  let best = 0;
  for (const x of weighted(a)) for (const y of weighted(b)) best = Math.max(best, tokenSetSimilarity(x, y));
  return best;
}

function tokenSetSimilarity(x: WeightedTokens, y: WeightedTokens): number {
  if (x.tokens.length === 0 || y.tokens.length === 0) return 0;
  return alignedSimilarity(x, y, wordSimilarity(x, y));
}

function wordSimilarity(x: WeightedTokens, y: WeightedTokens): (i: number, j: number) => number {
  return (i, j) => {
    const s = x.tokens[i]!;
    const t = y.tokens[j]!;
    if (x.kinds[i] !== TOKEN_WORD || y.kinds[j] !== TOKEN_WORD) return s === t ? 1 : 0;
    return tokenSimilarity(s, t);
  };
}

export function buildScreeningIndex(entries: readonly WatchlistEntry[]): ScreeningIndex {
  return new TokenScreeningIndex(entries);
}
