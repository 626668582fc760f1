import type { ManifestRecords } from '#adapters/manifest-records.ts';
import { isManifestId } from '#adapters/pipeline-resources.ts';
import { type ResumeRequests, resumeManifest } from '#adapters/resume-requests.ts';
import type { ManifestResumeResponse } from '#schemas/api.ts';
import { type Caller, hasAnyRole } from './access.ts';
import { ApiError, type ApiEvent, type ApiResult, jsonResponse, pathParameter } from './http.ts';
import { toManifestSummary } from './views.ts';

/**
 * POST /manifests/{id}/resume (admin): an unfinished manifest (stalled, or received/queued and
 * stuck) goes back to `queued` and its missing chunks are re-queued from the stored file.
 * Idempotent: a complete manifest answers 200 with nothing done; a second request while the
 * first is under way re-sends only chunks that profiling counts once anyway.
 */
export type ResumeDeps = {
  records: ManifestRecords;
  requests: ResumeRequests;
  now(): Date;
};

export async function resumeManifestRoute(
  event: ApiEvent,
  caller: Caller,
  deps: ResumeDeps,
): Promise<ApiResult> {
  if (!hasAnyRole(caller, ['admin'])) {
    throw new ApiError('forbidden', 'only admin may resume a manifest');
  }
  const id = pathParameter(event, 'id');
  if (!isManifestId(id))
    throw new ApiError('invalid_request', 'id is not a manifest id (32 hex digits)', 'id');
  const result = await resumeManifest(deps, id, caller.username, deps.now().toISOString());
  if (result.outcome === 'missing') throw new ApiError('not_found', `no manifest ${id}`, 'id');
  if (result.outcome === 'rejected') {
    throw new ApiError(
      'unprocessable',
      'the manifest was rejected: nothing of it can be profiled; upload a corrected file',
      'id',
    );
  }
  const body: ManifestResumeResponse = {
    outcome: result.outcome === 'resumed' ? 'requeued' : 'complete',
    chunksToRequeue: result.chunksToRequeue,
    manifest: toManifestSummary(result.record as unknown as Record<string, unknown>),
  };
  return jsonResponse(result.outcome === 'resumed' ? 202 : 200, body);
}
