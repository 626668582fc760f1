import type { z } from 'zod';
import type { FlaggedQueries } from '#adapters/flagged-queries.ts';
import { flaggedListPlan, manifestFlaggedPlan, manifestListPlan } from '#adapters/flagged-queries.ts';
import { reportKey } from '#adapters/pipeline-resources.ts';
import type { ValidationReports } from '#adapters/validation-reports.ts';
import {
  FlaggedListQuery,
  type FlaggedPage,
  type ManifestDetail,
  type ManifestFlaggedPage,
  ManifestFlaggedQuery,
  ManifestListQuery,
  type ManifestPage,
  StatsQuery,
  type StatsResponse,
} from '#schemas/api.ts';
import { type Caller, canAccessPort, hasAnyRole, READ_ROLES, resolvePort } from './access.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  ApiError,
  type ApiEvent,
  type ApiResult,
  checkDateRange,
  flaggedIdParameter,
  jsonResponse,
  manifestIdParameter,
  parseQuery,
  upperBound,
} from './http.ts';
import { portTimeZone } from './port-days.ts';
import { ruleStatistics } from './rule-stats.ts';
import { toFlaggedDetail, toFlaggedSummary, toManifestSummary } from './views.ts';

/** GET routes: manifests, flagged containers, statistics. Read-only. */
export type QueryDeps = {
  queries: FlaggedQueries;
  reports: ValidationReports;
  now(): Date;
};

export const DEFAULT_PAGE_SIZE = 25;
/** Presigned report links live as long as a person needs to click them. */
export const REPORT_LINK_SECONDS = 15 * 60;
export const REJECTED_RECORDS_SHOWN = 100;

function requireReader(caller: Caller): void {
  if (!hasAnyRole(caller, READ_ROLES)) {
    throw new ApiError('forbidden', 'your account has no role (officer, analyst or admin)');
  }
}

/** The port of a listing: only one the token grants (403 naming `port` otherwise). */
export function portFor(caller: Caller, requested: string | undefined): string {
  requireReader(caller);
  const resolved = resolvePort(caller, requested);
  if (resolved.ok) return resolved.port;
  throw resolved.reason === 'forbidden'
    ? new ApiError('forbidden', resolved.message, 'port')
    : new ApiError('invalid_request', resolved.message, 'port');
}

export async function listFlagged(event: ApiEvent, caller: Caller, deps: QueryDeps): Promise<ApiResult> {
  const query = parseQuery(FlaggedListQuery, event);
  checkDateRange(query.from, query.to);
  // A container number is searched across all the caller's ports unless one is named.
  const acrossPorts =
    query.container !== undefined &&
    query.port === undefined &&
    (caller.ports === 'all' || caller.ports.length > 1) &&
    hasAnyRole(caller, READ_ROLES);
  const port = acrossPorts ? undefined : portFor(caller, query.port);
  const filters = {
    port,
    ...(acrossPorts && { ports: caller.ports }),
    from: query.from,
    upTo: upperBound(query.to),
    status: query.status,
    lane: query.lane,
    mode: query.mode,
    minScore: query.minScore,
    container: query.container,
    sort: query.sort,
  };
  const plan = flaggedListPlan(filters);
  const scope = {
    query: { route: 'flagged', ...filters },
    partition: plan.partition,
    attributes: plan.attributes,
  };
  const startKey = decodeCursor(query.cursor, scope);
  const page = await deps.queries.listFlagged({
    ...filters,
    limit: query.limit ?? DEFAULT_PAGE_SIZE,
    startKey,
  });
  const body: z.infer<typeof FlaggedPage> = {
    // The key condition names the port already; this re-check costs nothing.
    items: page.items
      .filter(
        (i) =>
          typeof i.port === 'string' &&
          (port === undefined ? canAccessPort(caller, i.port) : i.port === port),
      )
      .map(toFlaggedSummary),
    ...(page.lastKey && { nextCursor: encodeCursor(scope, page.lastKey) }),
  };
  return jsonResponse(200, body);
}

/** A flag the caller may see, or 404 (another port's flag is "not found", never "forbidden"). */
async function visibleFlag(event: ApiEvent, caller: Caller, queries: FlaggedQueries) {
  requireReader(caller);
  const { id, ...parsed } = flaggedIdParameter(event);
  const item = await queries.getFlagged(parsed.manifestId, parsed.containerNumber);
  if (!item || typeof item.port !== 'string' || !canAccessPort(caller, item.port)) {
    throw new ApiError('not_found', `no flagged container ${id}`, 'id');
  }
  return { item, ...parsed };
}

export async function getFlagged(event: ApiEvent, caller: Caller, deps: QueryDeps): Promise<ApiResult> {
  const { item } = await visibleFlag(event, caller, deps.queries);
  const detail = toFlaggedDetail(item);
  return jsonResponse(200, detail, { etag: `"${detail.version}"` });
}

export async function listManifests(event: ApiEvent, caller: Caller, deps: QueryDeps): Promise<ApiResult> {
  const query = parseQuery(ManifestListQuery, event);
  checkDateRange(query.from, query.to);
  const port = portFor(caller, query.port);
  const filters = { port, from: query.from, upTo: upperBound(query.to), mode: query.mode };
  const plan = manifestListPlan(port);
  const scope = {
    query: { route: 'manifests', ...filters },
    partition: plan.partition,
    attributes: plan.attributes,
  };
  const startKey = decodeCursor(query.cursor, scope);
  const page = await deps.queries.listManifests({
    ...filters,
    limit: query.limit ?? DEFAULT_PAGE_SIZE,
    startKey,
  });
  const body: z.infer<typeof ManifestPage> = {
    items: page.items.filter((i) => i.port === port).map(toManifestSummary),
    ...(page.lastKey && { nextCursor: encodeCursor(scope, page.lastKey) }),
  };
  return jsonResponse(200, body);
}

export async function getManifest(event: ApiEvent, caller: Caller, deps: QueryDeps): Promise<ApiResult> {
  requireReader(caller);
  const id = manifestIdParameter(event);
  const item = await deps.queries.getManifest(id);
  if (!item || typeof item.port !== 'string' || !canAccessPort(caller, item.port)) {
    throw new ApiError('not_found', `no manifest ${id}`, 'id');
  }
  const key = typeof item.reportKey === 'string' ? item.reportKey : reportKey(id);
  const rejected = await deps.reports.rejectedRecords(key, REJECTED_RECORDS_SHOWN);
  const expiresAt = new Date(deps.now().getTime() + REPORT_LINK_SECONDS * 1000).toISOString();
  const detail: ManifestDetail = {
    ...toManifestSummary(item),
    ...(rejected && {
      reportUrl: await deps.reports.link(key, REPORT_LINK_SECONDS),
      reportUrlExpiresAt: expiresAt,
    }),
    rejectedRecords: rejected?.records ?? [],
    rejectedRecordsTruncated: rejected?.truncated ?? false,
  };
  return jsonResponse(200, detail);
}

/** The inspection list of a vessel call: every flag of one manifest in full, by container number. */
export async function listManifestFlagged(
  event: ApiEvent,
  caller: Caller,
  deps: QueryDeps,
): Promise<ApiResult> {
  requireReader(caller);
  const query = parseQuery(ManifestFlaggedQuery, event);
  const id = manifestIdParameter(event);
  const manifest = await deps.queries.getManifest(id);
  if (!manifest || typeof manifest.port !== 'string' || !canAccessPort(caller, manifest.port)) {
    throw new ApiError('not_found', `no manifest ${id}`, 'id');
  }
  const plan = manifestFlaggedPlan(id);
  const scope = {
    query: { route: 'manifest-flagged', manifestId: id },
    partition: plan.partition,
    attributes: plan.attributes,
  };
  const page = await deps.queries.listFlaggedOfManifest({
    manifestId: id,
    limit: query.limit ?? DEFAULT_PAGE_SIZE,
    startKey: decodeCursor(query.cursor, scope),
  });
  const body: z.infer<typeof ManifestFlaggedPage> = {
    items: page.items.filter((i) => i.port === manifest.port).map(toFlaggedDetail),
    ...(page.lastKey && { nextCursor: encodeCursor(scope, page.lastKey) }),
  };
  return jsonResponse(200, body);
}

export async function getStats(event: ApiEvent, caller: Caller, deps: QueryDeps): Promise<ApiResult> {
  const query = parseQuery(StatsQuery, event);
  checkDateRange(query.from, query.to);
  const port = portFor(caller, query.port);
  const range = { port, from: query.from, upTo: upperBound(query.to) };
  const flags: Record<string, unknown>[] = [];
  for await (const flag of deps.queries.allFlagged(range)) flags.push(flag);
  let manifests = 0;
  let containersProfiled = 0;
  for await (const manifest of deps.queries.allManifests(range)) {
    manifests++;
    containersProfiled += Number(manifest.containersProfiled ?? 0) || 0;
  }
  const body: StatsResponse = {
    port,
    ...(query.from && { from: query.from }),
    ...(query.to && { to: query.to }),
    manifests,
    containersProfiled,
    ...ruleStatistics(flags, portTimeZone(port)),
  };
  return jsonResponse(200, body);
}
