import { FLAGGED_LIST_ATTRIBUTES, keys } from '#adapters/pipeline-resources.ts';
import type { Item, SearchReader, TermHit } from '#adapters/search-index.ts';
import {
  autoKinds,
  bestPartyMatch,
  manifestIdPrefix,
  normalizeCode,
  normalizedImo,
  partyQueryTerms,
  term,
  vesselQueryTerms,
} from '#core/search/search-terms.ts';
import { type SearchKind, SearchQuery, type SearchResponse, type SearchResult } from '#schemas/api.ts';
import { type Caller, hasAnyRole, READ_ROLES } from './access.ts';
import { type ApiEvent, type ApiResult, jsonResponse, parseQuery } from './http.ts';
import { DEFAULT_PAGE_SIZE, portFor, type QueryDeps } from './query-routes.ts';
import { toFlaggedSummary, toManifestSummary } from './views.ts';

/**
 * GET /search: flags and manifests of the caller's ports by container, B/L, party name
 * (fuzzy, ranked by the screening score), party identifier, vessel name or IMO, manifest id.
 * Every read is a Query whose key names one port (or a GetItem/BatchGetItem of keys those
 * Queries returned), and every item returned is checked against that port again.
 */

/** Term items read per (port, party-name key): the newest ones; a common word finds the newest flags. */
export const PARTY_TERM_HITS = 50;
/** Manifests read per vessel-name word before the words are intersected. */
const VESSEL_TERM_HITS = 200;

/** The ports searched: the one named (403 if not the caller's), else all of the caller's. */
function searchPorts(caller: Caller, requested: string | undefined): string[] {
  if (
    requested !== undefined ||
    caller.ports === 'all' ||
    caller.ports.length <= 1 ||
    !hasAnyRole(caller, READ_ROLES)
  )
    return [portFor(caller, requested)];
  return [...caller.ports];
}

type Found = { hit: TermHit; matched?: string; similarity?: number };

export async function search(event: ApiEvent, caller: Caller, deps: QueryDeps): Promise<ApiResult> {
  const query = parseQuery(SearchQuery, event);
  const ports = searchPorts(caller, query.port);
  const kinds = query.kind === undefined || query.kind === 'auto' ? autoKinds(query.q) : [query.kind];
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const results: SearchResult[] = [];
  for (const port of ports) {
    for (const kind of kinds) {
      results.push(...(await searchKind(deps.queries, port, kind, query.q, limit)));
    }
  }
  const body: SearchResponse = { q: query.q, kinds, ports, results };
  return jsonResponse(200, body);
}

async function searchKind(
  reader: QueryDeps['queries'],
  port: string,
  kind: SearchKind,
  q: string,
  limit: number,
): Promise<SearchResult[]> {
  switch (kind) {
    case 'container': {
      const container = normalizeCode(q);
      if (!container) return [];
      const page = await reader.listFlagged({ port, container, limit });
      return page.items
        .filter((i) => i.port === port)
        .map((i) => ({ kind, matched: container, flag: toFlaggedSummary(i) }));
    }
    case 'bl':
    case 'identifier': {
      const key = kind === 'bl' ? term.bl(q) : term.identifier(q);
      if (key.endsWith('#')) return [];
      const hits = await reader.termHits(port, key, limit);
      return flagResults(
        reader,
        port,
        kind,
        hits.map((hit) => ({ hit, matched: key.slice(key.indexOf('#') + 1) })),
      );
    }
    case 'party':
      return flagResults(reader, port, kind, (await partyMatches(reader, port, q)).slice(0, limit));
    case 'vessel':
      return manifestResults(reader, port, kind, await vesselHits(reader, port, q, limit));
    case 'manifest': {
      const prefix = manifestIdPrefix(q);
      return prefix
        ? manifestResults(reader, port, kind, await reader.manifestIdHits(port, prefix, limit))
        : [];
    }
  }
}

/**
 * Flags holding a name like `q`: the term items of each query word's keys give candidates
 * with the names they hold; each is scored by the screening scorer; best first, then newest.
 */
async function partyMatches(reader: SearchReader, port: string, q: string): Promise<Found[]> {
  const keysPerWord = partyQueryTerms(q);
  const candidates = new Map<string, { hit: TermHit; names: Set<string> }>();
  const lists = await Promise.all(
    keysPerWord.flat().map((key) => reader.termHits(port, key, PARTY_TERM_HITS)),
  );
  for (const hit of lists.flat()) {
    if (hit.containerNumber === undefined) continue;
    const id = `${hit.manifestId}#${hit.containerNumber}`;
    let candidate = candidates.get(id);
    if (!candidate) {
      candidate = { hit, names: new Set() };
      candidates.set(id, candidate);
    }
    for (const name of hit.names ?? []) candidate.names.add(name);
  }
  const found: Found[] = [];
  for (const { hit, names } of candidates.values()) {
    const best = bestPartyMatch(q, [...names]);
    if (best) found.push({ hit, matched: best.name, similarity: best.similarity });
  }
  return found.sort(
    (a, b) => (b.similarity ?? 0) - (a.similarity ?? 0) || b.hit.sortKey.localeCompare(a.hit.sortKey),
  );
}

/** Manifests by IMO number, or by vessel name: every word of `q` in the name. */
async function vesselHits(reader: SearchReader, port: string, q: string, limit: number): Promise<TermHit[]> {
  const imo = normalizedImo(q);
  if (imo) return reader.termHits(port, term.imo(imo), limit);
  const words = vesselQueryTerms(q);
  if (words.length === 0) return [];
  const lists = await Promise.all(words.map((w) => reader.termHits(port, w, VESSEL_TERM_HITS)));
  const [first, ...rest] = lists as [TermHit[], ...TermHit[][]];
  const inAll = first.filter((hit) =>
    rest.every((list) => list.some((h) => h.manifestId === hit.manifestId)),
  );
  return inAll.slice(0, limit);
}

async function flagResults(
  reader: SearchReader,
  port: string,
  kind: SearchKind,
  found: readonly Found[],
): Promise<SearchResult[]> {
  const withContainer = found.filter((f) => f.hit.containerNumber !== undefined);
  const items = await reader.getItems(
    withContainer.map((f) => keys.flagged(f.hit.manifestId, f.hit.containerNumber as string)),
    // What a flag summary needs of the item (not the evidence: a flag may hold 160 KB of it).
    FLAGGED_LIST_ATTRIBUTES,
  );
  const byId = new Map(items.map((i) => [`${i.manifestId}#${i.containerNumber}`, i]));
  const out: SearchResult[] = [];
  for (const f of withContainer) {
    const item = byId.get(`${f.hit.manifestId}#${f.hit.containerNumber}`);
    if (!item || item.port !== port) continue;
    out.push({
      kind,
      ...(f.matched !== undefined && { matched: f.matched }),
      ...(f.similarity !== undefined && { similarity: Math.round(f.similarity * 1000) / 1000 }),
      flag: toFlaggedSummary(item),
    });
  }
  return out;
}

async function manifestResults(
  reader: SearchReader,
  port: string,
  kind: SearchKind,
  hits: readonly TermHit[],
): Promise<SearchResult[]> {
  const items = await reader.getItems(hits.map((h) => keys.manifest(h.manifestId)));
  const byId = new Map<string, Item>(items.map((i) => [String(i.manifestId), i]));
  const out: SearchResult[] = [];
  for (const hit of hits) {
    const item = byId.get(hit.manifestId);
    if (!item || item.port !== port) continue;
    const manifest = toManifestSummary(item);
    out.push({ kind, ...(manifest.vesselName && { matched: manifest.vesselName }), manifest });
  }
  return out;
}
