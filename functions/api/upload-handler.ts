import type { Context } from 'aws-lambda';
import { s3Client } from '#adapters/aws-clients.ts';
import { createUploadUrls } from '#adapters/upload-urls.ts';
import { createObservability, withPowertools } from '../commons/powertools.ts';
import { apiConfig } from './api-config.ts';
import { dispatch, type RouteHandler } from './dispatch.ts';
import type { ApiEvent } from './http.ts';
import { createUpload, type UploadDeps } from './upload-route.ts';

/** POST /uploads (signs PUTs under incoming/; never reads anything). */
const observability = createObservability('api-upload');
let deps: UploadDeps | undefined;

export const uploadRoutes: Record<string, RouteHandler<UploadDeps>> = { 'POST /uploads': createUpload };

function uploadDeps(): UploadDeps {
  if (deps) return deps;
  const config = apiConfig();
  deps = {
    uploads: createUploadUrls({ s3: s3Client(), bucket: config.bucket }),
    maxUploadBytes: config.maxUploadBytes,
    now: () => new Date(),
  };
  return deps;
}

export const handler = withPowertools(observability, (event: ApiEvent, _context: Context) =>
  dispatch(event, uploadRoutes, uploadDeps(), (message, details) =>
    observability.logger.error(message, details),
  ),
);
