import type { Context } from 'aws-lambda';
import { dynamoDocumentClient, s3Client } from '#adapters/aws-clients.ts';
import { createFlaggedQueries } from '#adapters/flagged-queries.ts';
import { createValidationReports } from '#adapters/validation-reports.ts';
import { createObservability, withPowertools } from '../commons/powertools.ts';
import { apiConfig } from './api-config.ts';
import { dispatch, type RouteHandler } from './dispatch.ts';
import type { ApiEvent } from './http.ts';
import {
  getFlagged,
  getManifest,
  getStats,
  listFlagged,
  listManifests,
  type QueryDeps,
} from './query-routes.ts';

/** GET /manifests, /manifests/{id}, /flagged, /flagged/{id}, /stats (read-only role). */
const observability = createObservability('api-query');
let deps: QueryDeps | undefined;

export const queryRoutes: Record<string, RouteHandler<QueryDeps>> = {
  'GET /manifests': listManifests,
  'GET /manifests/{id}': getManifest,
  'GET /flagged': listFlagged,
  'GET /flagged/{id}': getFlagged,
  'GET /stats': getStats,
};

function queryDeps(): QueryDeps {
  if (deps) return deps;
  const config = apiConfig();
  deps = {
    queries: createFlaggedQueries({ doc: dynamoDocumentClient(), table: config.table }),
    reports: createValidationReports({ s3: s3Client(), bucket: config.bucket }),
    now: () => new Date(),
  };
  return deps;
}

export const handler = withPowertools(observability, (event: ApiEvent, _context: Context) =>
  dispatch(event, queryRoutes, queryDeps(), (message, details) =>
    observability.logger.error(message, details),
  ),
);
