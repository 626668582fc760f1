import { ListStatusQuery, type ListStatusResponse } from '#schemas/api.ts';
import { type Caller, hasAnyRole, READ_ROLES } from './access.ts';
import { ApiError, type ApiEvent, type ApiResult, jsonResponse, parseQuery } from './http.ts';

/**
 * GET /lists: each watchlist the pipeline screens against, with its edition date, entry count
 * and last refresh (outcome and error). Lists are the same for every port, so any role may read it.
 */
export type ListsDeps = { status: { read(): Promise<ListStatusResponse> } };

export async function listStatusRoute(event: ApiEvent, caller: Caller, deps: ListsDeps): Promise<ApiResult> {
  if (!hasAnyRole(caller, READ_ROLES)) {
    throw new ApiError('forbidden', 'your account has no role (officer, analyst or admin)');
  }
  parseQuery(ListStatusQuery, event);
  return jsonResponse(200, await deps.status.read());
}
