import type { Decisions } from '#adapters/decisions.ts';
import { lastChange } from '#adapters/decisions.ts';
import type { FlaggedQueries } from '#adapters/flagged-queries.ts';
import { decide } from '#core/decisions/decision-rules.ts';
import { type Actor, FlaggedPatch } from '#schemas/api.ts';
import { type Caller, canAccessPort, hasAnyRole, READ_ROLES } from './access.ts';
import {
  ApiError,
  type ApiEvent,
  type ApiResult,
  flaggedIdParameter,
  header,
  jsonResponse,
  parseBody,
} from './http.ts';
import { toDecisionState, toFlaggedDetail } from './views.ts';

/**
 * PATCH /flagged/{id}: what may change is decided by functions/core/decisions (the permission
 * table in docs/api.md); this route reads the flag, asks, and writes the answer conditionally
 * on the version the caller read.
 */
export type DecideDeps = {
  queries: Pick<FlaggedQueries, 'getFlagged'>;
  decisions: Decisions;
  now(): Date;
};

/** `If-Match: "3"` (or `3`, or `W/"3"`) -> 3. */
function versionFromIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value.trim());
  if (!match)
    throw new ApiError(
      'invalid_request',
      'If-Match must be the version (ETag) you read, e.g. "3"',
      'If-Match',
    );
  return Number(match[1]);
}

/** 409 saying what the caller missed: `version 3 now, changed by maria at 2026-11-28T09:00:00.000Z`. */
function conflict(currentVersion: number, change: { changedBy?: Actor; changedAt?: string }): ApiError {
  const { changedBy, changedAt } = change;
  const who = changedBy && changedAt ? `, changed by ${changedBy.username} at ${changedAt}` : '';
  return new ApiError(
    'version_conflict',
    `the flag changed since you read it (version ${currentVersion} now${who})`,
    'version',
    { currentVersion, ...(changedBy && changedAt && { changedBy, changedAt }) },
  );
}

export async function decideFlagged(event: ApiEvent, caller: Caller, deps: DecideDeps): Promise<ApiResult> {
  if (!hasAnyRole(caller, READ_ROLES)) {
    throw new ApiError('forbidden', 'your account has no role (officer, analyst or admin)');
  }
  const { id, manifestId, containerNumber } = flaggedIdParameter(event);
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

  const item = await deps.queries.getFlagged(manifestId, containerNumber);
  if (!item || typeof item.port !== 'string' || !canAccessPort(caller, item.port)) {
    throw new ApiError('not_found', `no flagged container ${id}`, 'id');
  }
  const actor = { subject: caller.subject, username: caller.username };
  const verdict = decide({
    roles: caller.roles,
    actor,
    current: toDecisionState(item),
    request: patch,
    at: deps.now().toISOString(),
  });
  if (verdict.kind === 'refused') throw new ApiError(verdict.code, verdict.message, verdict.field);

  // Decided on the state just read; the write below holds only if that state is still current.
  const currentVersion = Number(item.version ?? 1);
  if (currentVersion !== expectedVersion) throw conflict(currentVersion, lastChange(item));
  if (verdict.kind === 'unchanged') {
    const detail = toFlaggedDetail(item);
    return jsonResponse(200, detail, { etag: `"${detail.version}"` });
  }

  const result = await deps.decisions.record({
    manifestId,
    containerNumber,
    port: item.port,
    expectedVersion,
    status: verdict.status,
    ...(verdict.decisionChanged && verdict.decision && { decision: verdict.decision }),
    entry: verdict.entry,
  });
  if (result.outcome === 'not-found') throw new ApiError('not_found', `no flagged container ${id}`, 'id');
  if (result.outcome === 'conflict') throw conflict(result.currentVersion, result);
  if (result.outcome === 'too-large') {
    throw new ApiError(
      'unprocessable',
      'this flag holds as much history as it can; nothing was recorded',
      'notes',
    );
  }
  const detail = toFlaggedDetail(result.item);
  return jsonResponse(200, detail, { etag: `"${detail.version}"` });
}
