import type { DecisionRecord, Decisions } from '#adapters/decisions.ts';
import type { FlaggedQueries } from '#adapters/flagged-queries.ts';
import { type FlagStatus, parseFlaggedId } from '#adapters/pipeline-resources.ts';
import { FlaggedPatch } from '#schemas/api.ts';
import { type Caller, canAccessPort, hasAnyRole, patchPermission, READ_ROLES } from './access.ts';
import {
  ApiError,
  type ApiEvent,
  type ApiResult,
  header,
  jsonResponse,
  parseBody,
  pathParameter,
} from './http.ts';
import { toFlaggedDetail } from './views.ts';

/** PATCH /flagged/{id}: record an outcome, with optimistic concurrency on `version`. */
export type DecideDeps = {
  queries: Pick<FlaggedQueries, 'getFlagged'>;
  decisions: Decisions;
  now(): Date;
};

/** `If-Match: "3"` (or `3`, or `W/"3"`) -> 3. */
function versionFromIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(value.trim());
  if (!match)
    throw new ApiError(
      'invalid_request',
      'If-Match must be the version (ETag) you read, e.g. "3"',
      'If-Match',
    );
  return Number(match[1]);
}

export async function decideFlagged(event: ApiEvent, caller: Caller, deps: DecideDeps): Promise<ApiResult> {
  if (!hasAnyRole(caller, READ_ROLES)) {
    throw new ApiError('forbidden', 'your account has no role (officer, analyst or admin)');
  }
  const id = pathParameter(event, 'id');
  const parsed = parseFlaggedId(id);
  if (!parsed)
    throw new ApiError(
      'invalid_request',
      'id is not a flagged-container id ({manifestId}_{containerNumber})',
      'id',
    );
  const patch = parseBody(FlaggedPatch, event);

  const ifMatch = versionFromIfMatch(header(event, 'if-match'));
  if (patch.version !== undefined && ifMatch !== undefined && patch.version !== ifMatch) {
    throw new ApiError('invalid_request', 'version and If-Match disagree', 'version');
  }
  const expectedVersion = patch.version ?? ifMatch;
  if (expectedVersion === undefined) {
    throw new ApiError(
      'invalid_request',
      'version is required: send the version you read (body or If-Match)',
      'version',
    );
  }
  if (patch.status === undefined && patch.notes === undefined) {
    throw new ApiError('invalid_request', 'nothing to record: send status and/or notes', 'status');
  }
  if (patch.status === 'inspected-seizure' && !patch.seizure) {
    throw new ApiError('unprocessable', 'a seizure needs its details (substance, quantity, unit)', 'seizure');
  }
  if (patch.seizure && patch.status !== 'inspected-seizure') {
    throw new ApiError('unprocessable', 'seizure details go only with status inspected-seizure', 'seizure');
  }

  const item = await deps.queries.getFlagged(parsed.manifestId, parsed.containerNumber);
  if (!item || typeof item.port !== 'string' || !canAccessPort(caller, item.port)) {
    throw new ApiError('not_found', `no flagged container ${id}`, 'id');
  }
  const current = (typeof item.status === 'string' ? item.status : 'open') as FlagStatus;
  const permission = patchPermission(caller, current, patch.status);
  if (!permission.allowed) throw new ApiError('forbidden', permission.message, 'status');

  const currentVersion = Number(item.version ?? 1);
  if (currentVersion !== expectedVersion) {
    throw new ApiError(
      'version_conflict',
      `the flag changed since you read it (version ${currentVersion} now)`,
      'version',
      {
        currentVersion,
      },
    );
  }

  const status = patch.status ?? current;
  const decision: DecisionRecord = {
    status,
    ...(patch.notes !== undefined && { notes: patch.notes }),
    ...(patch.seizure && { seizure: patch.seizure }),
    by: { subject: caller.subject, username: caller.username },
    at: deps.now().toISOString(),
  };
  const result = await deps.decisions.record({
    ...parsed,
    port: item.port,
    expectedVersion,
    status,
    ...(patch.notes !== undefined && { notes: patch.notes }),
    decision,
  });
  if (result.outcome === 'not-found') throw new ApiError('not_found', `no flagged container ${id}`, 'id');
  if (result.outcome === 'conflict') {
    throw new ApiError(
      'version_conflict',
      `the flag changed since you read it (version ${result.currentVersion} now)`,
      'version',
      { currentVersion: result.currentVersion },
    );
  }
  const detail = toFlaggedDetail(result.item);
  return jsonResponse(200, detail, { etag: `"${detail.version}"` });
}
