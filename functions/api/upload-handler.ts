import { s3Client } from '#adapters/aws-clients.ts';
import { createUploadUrls } from '#adapters/upload-urls.ts';
import { apiConfig } from './api-config.ts';
import { apiLambda } from './api-lambda.ts';
import type { RouteHandler } from './dispatch.ts';
import { createUpload, type UploadDeps } from './upload-route.ts';

/** POST /uploads (signs PUTs under incoming/; never reads anything). */
export const uploadRoutes: Record<string, RouteHandler<UploadDeps>> = { 'POST /uploads': createUpload };

export const handler = apiLambda('api-upload', uploadRoutes, (): UploadDeps => {
  const config = apiConfig();
  return {
    uploads: createUploadUrls({ s3: s3Client(), bucket: config.bucket }),
    maxUploadBytes: config.maxUploadBytes,
    now: () => new Date(),
  };
});
