import type { Caller } from './access.ts';
import { ApiError, type ApiEvent, type ApiResult, errorResponse, requireCaller } from './http.ts';

/**
 * Runs the route an API Gateway event is for (by its `routeKey`, e.g. `GET /flagged/{id}`)
 * and turns every failure into the API's one error shape. Unexpected errors become a 500
 * whose message says nothing about the data; the log gets the error's name and message only
 * (SDK errors carry no item contents, so no personal data reaches the logs).
 */
export type RouteHandler<D> = (event: ApiEvent, caller: Caller, deps: D) => Promise<ApiResult>;

export type ErrorLogger = (message: string, details: Record<string, unknown>) => void;

export async function dispatch<D>(
  event: ApiEvent,
  handlers: Record<string, RouteHandler<D>>,
  deps: D,
  logError: ErrorLogger = () => {},
): Promise<ApiResult> {
  try {
    const handler = handlers[event.routeKey];
    if (!handler) throw new ApiError('not_found', `no route ${event.routeKey}`);
    return await handler(event, requireCaller(event), deps);
  } catch (err) {
    if (err instanceof ApiError) return errorResponse(err);
    logError('unexpected error', {
      routeKey: event.routeKey,
      requestId: event.requestContext?.requestId,
      error: (err as Error)?.name,
      reason: (err as Error)?.message,
    });
    return errorResponse(
      new ApiError('internal', 'something went wrong; try again, then tell your administrator'),
    );
  }
}
