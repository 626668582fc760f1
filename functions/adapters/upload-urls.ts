import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/**
 * Presigned PUT URLs for officers' manifest uploads. Content-Type and Content-Length are
 * signed headers, so S3 refuses a body of another size or type than the one requested (a
 * presigned PUT has no content-length-range; signing the exact length is the size limit).
 * Who asked is stored as object metadata (hoisted into the signed query string).
 */
export type UploadUrlRequest = {
  key: string;
  contentType: string;
  contentLength: number;
  uploadedBy: string;
  expiresInSeconds: number;
};

export interface UploadUrls {
  presignPut(request: UploadUrlRequest): Promise<{ url: string; headers: Record<string, string> }>;
}

export function createUploadUrls(options: { s3: S3Client; bucket: string }): UploadUrls {
  const { s3, bucket } = options;
  return {
    async presignPut(request) {
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: request.key,
        ContentType: request.contentType,
        ContentLength: request.contentLength,
        Metadata: { 'uploaded-by': request.uploadedBy },
      });
      const url = await getSignedUrl(s3, command, {
        expiresIn: request.expiresInSeconds,
        signableHeaders: new Set(['content-type', 'content-length']),
      });
      return {
        url,
        headers: { 'Content-Type': request.contentType, 'Content-Length': String(request.contentLength) },
      };
    },
  };
}
