import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dispatch, type RouteHandler } from './dispatch.ts';
import type { ApiEvent, ApiResult } from './http.ts';

/**
 * A Lambda entry point for a group of API routes: middy + the Powertools logger (request id
 * and cold start in every line). No metrics middleware: API Gateway already publishes
 * request counts, latency and 4xx/5xx per route, and an empty EMF flush on every request
 * would only add a warning. Dependencies are built on the first request, once per instance.
 */
export function apiLambda<D>(
  serviceName: string,
  routes: Record<string, RouteHandler<D>>,
  createDeps: () => D,
) {
  const logger = new Logger({ serviceName });
  let deps: D | undefined;
  return middy(async (event: ApiEvent, _context: Context): Promise<ApiResult> => {
    deps ??= createDeps();
    return dispatch(event, routes, deps, (message, details) => logger.error(message, details));
  }).use(injectLambdaContext(logger));
}
