import { dynamoDocumentClient, s3Client } from '#adapters/aws-clients.ts';
import { createFlaggedQueries } from '#adapters/flagged-queries.ts';
import { createValidationReports } from '#adapters/validation-reports.ts';
import { apiConfig } from './api-config.ts';
import { apiLambda } from './api-lambda.ts';
import type { RouteHandler } from './dispatch.ts';
import {
  getFlagged,
  getManifest,
  getStats,
  listFlagged,
  listManifestFlagged,
  listManifests,
  type QueryDeps,
} from './query-routes.ts';
import { search } from './search-route.ts';

/** GET /manifests, /manifests/{id}, /manifests/{id}/flagged, /flagged, /flagged/{id}, /stats, /search (read-only role). */
export const queryRoutes: Record<string, RouteHandler<QueryDeps>> = {
  'GET /manifests': listManifests,
  'GET /manifests/{id}': getManifest,
  'GET /manifests/{id}/flagged': listManifestFlagged,
  'GET /flagged': listFlagged,
  'GET /flagged/{id}': getFlagged,
  'GET /stats': getStats,
  'GET /search': search,
};

export const handler = apiLambda('api-query', queryRoutes, (): QueryDeps => {
  const config = apiConfig();
  return {
    queries: createFlaggedQueries({ doc: dynamoDocumentClient(), table: config.table }),
    reports: createValidationReports({ s3: s3Client(), bucket: config.bucket }),
    now: () => new Date(),
  };
});
