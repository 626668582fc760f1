import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ValidationReport } from '#schemas/validation-report.ts';
import { chunkKey, reportKey } from './pipeline-resources.ts';

/**
 * S3 storage of what the pipeline reads and writes about one manifest: the uploaded file
 * (streamed, never buffered), its validation report, and chunks too large for SQS.
 */
export interface ManifestStore {
  /** Streams an object's bytes; each call is a fresh GET. */
  read(key: string): AsyncIterable<Uint8Array>;
  putReport(manifestId: string, report: ValidationReport): Promise<string>;
  putChunk(manifestId: string, chunkIndex: number, body: string): Promise<string>;
  getChunk(key: string): Promise<string>;
}

export function createManifestStore(options: { s3: S3Client; bucket: string }): ManifestStore {
  const { s3, bucket } = options;
  return {
    async *read(key) {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!response.Body) return;
      for await (const chunk of response.Body as AsyncIterable<Uint8Array | string>) {
        yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      }
    },
    async putReport(manifestId, report) {
      const key = reportKey(manifestId);
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(report),
          ContentType: 'application/json',
        }),
      );
      return key;
    },
    async putChunk(manifestId, chunkIndex, body) {
      const key = chunkKey(manifestId, chunkIndex);
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
      );
      return key;
    },
    async getChunk(key) {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!response.Body) throw new Error(`chunk ${key} has no body`);
      return response.Body.transformToString('utf-8');
    },
  };
}
