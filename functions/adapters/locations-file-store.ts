import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { LOCATIONS_FILE_KEY } from './resource-settings.ts';

/**
 * The deployment's locations file in the pipeline bucket (`config/locations.csv`). Readers ask
 * with the ETag they hold (If-None-Match), so an unchanged file costs one request and no body.
 */
export type LocationsFileRead =
  | { changed: false }
  | { changed: true; text: string | undefined; etag: string | undefined };

export interface LocationsFileStore {
  /** `text` undefined: no file is published (the deployment uses UN/LOCODE alone). */
  read(knownEtag?: string): Promise<LocationsFileRead>;
  put(text: string): Promise<void>;
}

export function createLocationsFileStore(options: { s3: S3Client; bucket: string }): LocationsFileStore {
  const { s3, bucket } = options;
  return {
    async read(knownEtag) {
      try {
        const response = await s3.send(
          new GetObjectCommand({ Bucket: bucket, Key: LOCATIONS_FILE_KEY, IfNoneMatch: knownEtag }),
        );
        if (knownEtag && response.ETag === knownEtag) return { changed: false };
        const text = (await response.Body?.transformToString('utf-8')) ?? '';
        return { changed: true, text, etag: response.ETag };
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        const name = (err as { name?: string }).name;
        if (status === 304 || name === 'NotModified') return { changed: false };
        // The ingest may read this one key of config/ (no ListBucket), and S3 then answers a
        // missing key with 403, not 404 (as for the list status).
        if (name === 'NoSuchKey' || name === 'AccessDenied' || status === 404 || status === 403) {
          return knownEtag === 'none' ? { changed: false } : { changed: true, text: undefined, etag: 'none' };
        }
        throw err;
      }
    },
    async put(text) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: LOCATIONS_FILE_KEY,
          Body: text,
          ContentType: 'text/csv',
        }),
      );
    },
  };
}
