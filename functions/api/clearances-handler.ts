import { dynamoDocumentClient } from '#adapters/aws-clients.ts';
import { createClearanceStore } from '#adapters/clearance-store.ts';
import { createFlaggedQueries } from '#adapters/flagged-queries.ts';
import { apiConfig } from './api-config.ts';
import { apiLambda } from './api-lambda.ts';
import { type ClearancesDeps, createClearance, listClearances, revokeClearance } from './clearances-route.ts';
import type { RouteHandler } from './dispatch.ts';

/** The clearance routes (GetItem on the flag; Put/Update/Query on the port's clearance partition). */
export const clearancesRoutes: Record<string, RouteHandler<ClearancesDeps>> = {
  'POST /clearances': createClearance,
  'GET /clearances': listClearances,
  'POST /clearances/{id}/revoke': revokeClearance,
};

export const handler = apiLambda('api-clearances', clearancesRoutes, (): ClearancesDeps => {
  const config = apiConfig();
  const doc = dynamoDocumentClient();
  return {
    queries: createFlaggedQueries({ doc, table: config.table }),
    clearances: createClearanceStore({ doc, table: config.table }),
    now: () => new Date(),
  };
});
