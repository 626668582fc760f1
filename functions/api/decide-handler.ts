import { dynamoDocumentClient } from '#adapters/aws-clients.ts';
import { createDecisions } from '#adapters/decisions.ts';
import { createFlaggedQueries } from '#adapters/flagged-queries.ts';
import { apiConfig } from './api-config.ts';
import { apiLambda } from './api-lambda.ts';
import { type DecideDeps, decideFlagged } from './decide-route.ts';
import type { RouteHandler } from './dispatch.ts';

/** PATCH /flagged/{id} (GetItem + conditional UpdateItem on the table). */
export const decideRoutes: Record<string, RouteHandler<DecideDeps>> = {
  'PATCH /flagged/{id}': decideFlagged,
};

export const handler = apiLambda('api-decide', decideRoutes, (): DecideDeps => {
  const config = apiConfig();
  const doc = dynamoDocumentClient();
  return {
    queries: createFlaggedQueries({ doc, table: config.table }),
    decisions: createDecisions({ doc, table: config.table }),
    now: () => new Date(),
  };
});
