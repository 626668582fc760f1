import { randomUUID } from 'node:crypto';
import type { ClearanceStore } from '#adapters/clearance-store.ts';
import type { FlaggedQueries } from '#adapters/flagged-queries.ts';
import { parseFlaggedId } from '#adapters/pipeline-resources.ts';
import {
  type Clearance,
  ClearanceError,
  clearanceInForce,
  clearanceOfEvidence,
  partyOfEvidence,
} from '#core/clearances/clearance-records.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import {
  ClearanceCreateRequest,
  ClearanceListQuery,
  type ClearancePage,
  ClearanceRevokeRequest,
  type ClearanceView,
} from '#schemas/clearance-api.ts';
import { type Caller, canAccessPort, hasAnyRole, READ_ROLES, type Role, resolvePort } from './access.ts';
import {
  ApiError,
  type ApiEvent,
  type ApiResult,
  jsonResponse,
  parseBody,
  parseQuery,
  pathParameter,
} from './http.ts';

/**
 * POST /clearances, GET /clearances, POST /clearances/{id}/revoke. Analysts and admins clear
 * and revoke at their ports; officers read (they see why a party no longer alerts).
 */
export type ClearancesDeps = {
  queries: Pick<FlaggedQueries, 'getFlagged'>;
  clearances: ClearanceStore;
  now(): Date;
  newId?: () => string;
};

export const CLEARANCE_WRITE_ROLES: readonly Role[] = ['analyst', 'admin'];

/** Whether the caller may create or revoke clearances at the port (the role table in docs/api.md). */
export function mayWriteClearances(caller: Caller, port: string): boolean {
  return hasAnyRole(caller, CLEARANCE_WRITE_ROLES) && canAccessPort(caller, port);
}

/** `NLRTM_{uuid}`: the id names its port, so a revoke finds the clearance without a scan. */
const CLEARANCE_ID = /^([A-Z]{2}[A-Z0-9]{3})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function toClearanceView(c: Clearance, at: string): ClearanceView {
  const status = c.revoked ? 'revoked' : clearanceInForce(c, at) ? 'in-force' : 'expired';
  return { ...c, status };
}

function forbidden(): ApiError {
  return new ApiError('forbidden', 'clearances are made and revoked by analysts and admins of the port');
}

export async function createClearance(
  event: ApiEvent,
  caller: Caller,
  deps: ClearancesDeps,
): Promise<ApiResult> {
  if (!hasAnyRole(caller, CLEARANCE_WRITE_ROLES)) throw forbidden();
  const request = parseBody(ClearanceCreateRequest, event);
  const ids = parseFlaggedId(request.flagId);
  if (!ids) throw new ApiError('invalid_request', 'flagId is not a flagged-container id', 'flagId');
  const item = await deps.queries.getFlagged(ids.manifestId, ids.containerNumber);
  if (!item || typeof item.port !== 'string' || !canAccessPort(caller, item.port)) {
    throw new ApiError('not_found', `no flagged container ${request.flagId}`, 'flagId');
  }
  if (!mayWriteClearances(caller, item.port)) throw forbidden();

  const assessment = item.assessment as ContainerAssessment | undefined;
  const hit = assessment?.hits?.find((h) => h.ruleId === request.ruleId);
  if (!hit) throw new ApiError('unprocessable', `the flag has no hit of rule ${request.ruleId}`, 'ruleId');
  const evidence =
    request.evidenceIndex === undefined
      ? hit.evidence.find((e) => partyOfEvidence(e) !== undefined)
      : hit.evidence[request.evidenceIndex];
  if (!evidence) {
    throw new ApiError(
      'unprocessable',
      `hit ${request.ruleId} has no watchlist name match${request.evidenceIndex === undefined ? '' : ` at evidence ${request.evidenceIndex}`}`,
      request.evidenceIndex === undefined ? 'ruleId' : 'evidenceIndex',
    );
  }
  let clearance: Clearance;
  try {
    clearance = clearanceOfEvidence(evidence, {
      id: `${item.port}_${(deps.newId ?? randomUUID)()}`,
      port: item.port,
      reason: request.reason,
      listVersion: typeof item.snapshotVersion === 'string' ? item.snapshotVersion : 'unknown',
      by: { subject: caller.subject, username: caller.username },
      at: deps.now(),
      ...(request.expiresAt && { expiresAt: new Date(request.expiresAt).toISOString() }),
    });
  } catch (err) {
    if (err instanceof ClearanceError) {
      throw new ApiError('unprocessable', err.message, err.field === 'hit' ? 'ruleId' : err.field);
    }
    throw err;
  }
  await deps.clearances.create(clearance);
  return jsonResponse(201, toClearanceView(clearance, deps.now().toISOString()));
}

export async function listClearances(
  event: ApiEvent,
  caller: Caller,
  deps: ClearancesDeps,
): Promise<ApiResult> {
  if (!hasAnyRole(caller, READ_ROLES)) throw new ApiError('forbidden', 'your account has no role');
  const query = parseQuery(ClearanceListQuery, event);
  const resolved = resolvePort(caller, query.port);
  if (!resolved.ok) {
    throw resolved.reason === 'forbidden'
      ? new ApiError('forbidden', resolved.message)
      : new ApiError('unprocessable', resolved.message, 'port');
  }
  const at = deps.now().toISOString();
  const [clearances, audit] = await Promise.all([
    deps.clearances.list(resolved.port),
    deps.clearances.audit(resolved.port),
  ]);
  const page: ClearancePage = {
    port: resolved.port,
    clearances: clearances
      .map((c) => toClearanceView(c, at))
      .sort((a, b) => b.clearedAt.localeCompare(a.clearedAt)),
    audit,
  };
  return jsonResponse(200, page);
}

export async function revokeClearance(
  event: ApiEvent,
  caller: Caller,
  deps: ClearancesDeps,
): Promise<ApiResult> {
  if (!hasAnyRole(caller, CLEARANCE_WRITE_ROLES)) throw forbidden();
  const id = pathParameter(event, 'id');
  const match = CLEARANCE_ID.exec(id);
  if (!match) throw new ApiError('invalid_request', 'id is not a clearance id ({port}_{uuid})', 'id');
  const port = match[1] as string;
  if (!canAccessPort(caller, port)) throw new ApiError('not_found', `no clearance ${id}`, 'id');
  const { reason } = parseBody(ClearanceRevokeRequest, event);
  const at = deps.now().toISOString();
  const result = await deps.clearances.revoke(port, id, {
    by: { subject: caller.subject, username: caller.username },
    at,
    reason,
  });
  if (result.outcome === 'not-found') throw new ApiError('not_found', `no clearance ${id}`, 'id');
  if (result.outcome === 'already-revoked') {
    const revoked = result.clearance.revoked;
    throw new ApiError(
      'version_conflict',
      `the clearance was already revoked${revoked ? ` by ${revoked.by.username} at ${revoked.at}` : ''}`,
      'id',
    );
  }
  return jsonResponse(200, toClearanceView(result.clearance, at));
}
