import type { Context } from 'aws-lambda';
import { dynamoDocumentClient } from '#adapters/aws-clients.ts';
import { createDecisions } from '#adapters/decisions.ts';
import { createFlaggedQueries } from '#adapters/flagged-queries.ts';
import { createObservability, withPowertools } from '../commons/powertools.ts';
import { apiConfig } from './api-config.ts';
import { type DecideDeps, decideFlagged } from './decide-route.ts';
import { dispatch, type RouteHandler } from './dispatch.ts';
import type { ApiEvent } from './http.ts';

/** PATCH /flagged/{id} (GetItem + conditional UpdateItem on the table). */
const observability = createObservability('api-decide');
let deps: DecideDeps | undefined;

export const decideRoutes: Record<string, RouteHandler<DecideDeps>> = {
  'PATCH /flagged/{id}': decideFlagged,
};

function decideDeps(): DecideDeps {
  if (deps) return deps;
  const config = apiConfig();
  const doc = dynamoDocumentClient();
  deps = {
    queries: createFlaggedQueries({ doc, table: config.table }),
    decisions: createDecisions({ doc, table: config.table }),
    now: () => new Date(),
  };
  return deps;
}

export const handler = withPowertools(observability, (event: ApiEvent, _context: Context) =>
  dispatch(event, decideRoutes, decideDeps(), (message, details) =>
    observability.logger.error(message, details),
  ),
);
