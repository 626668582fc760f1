import { s3Client } from '#adapters/aws-clients.ts';
import { createListStatusReader } from '#adapters/list-status-store.ts';
import { apiConfig } from './api-config.ts';
import { apiLambda } from './api-lambda.ts';
import type { RouteHandler } from './dispatch.ts';
import { type ListsDeps, listStatusRoute } from './lists-route.ts';

/** GET /lists (reads the snapshot pointer, the live snapshot's header and the list status under config/). */
export const listsRoutes: Record<string, RouteHandler<ListsDeps>> = {
  'GET /lists': listStatusRoute,
};

export const handler = apiLambda('api-lists', listsRoutes, (): ListsDeps => {
  const config = apiConfig();
  return { status: createListStatusReader({ s3: s3Client(), bucket: config.bucket }) };
});
