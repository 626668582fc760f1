import { randomUUID } from 'node:crypto';
import { incomingKey } from '#adapters/pipeline-resources.ts';
import type { UploadUrls } from '#adapters/upload-urls.ts';
import { UploadRequest, type UploadResponse } from '#schemas/api.ts';
import { type Caller, hasAnyRole, resolvePort, UPLOAD_ROLES } from './access.ts';
import { ApiError, type ApiEvent, type ApiResult, jsonResponse, parseBody } from './http.ts';

/** POST /uploads: a presigned PUT for `incoming/{port}/{date}/{uuid}-{file}`. */
export type UploadDeps = {
  uploads: UploadUrls;
  maxUploadBytes: number;
  now(): Date;
  newId?(): string;
};

export const UPLOAD_URL_SECONDS = 15 * 60;

/** Keeps a file name recognisable but safe as an S3 key segment. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '');
  return (cleaned || 'manifest').slice(0, 120);
}

export async function createUpload(event: ApiEvent, caller: Caller, deps: UploadDeps): Promise<ApiResult> {
  if (!hasAnyRole(caller, UPLOAD_ROLES)) {
    throw new ApiError('forbidden', `only ${UPLOAD_ROLES.join(', ')} may upload manifests`);
  }
  const request = parseBody(UploadRequest, event);
  const resolved = resolvePort(caller, request.port);
  if (!resolved.ok) {
    throw new ApiError(
      resolved.reason === 'forbidden' ? 'forbidden' : 'invalid_request',
      resolved.message,
      'port',
    );
  }
  if (request.contentLength > deps.maxUploadBytes) {
    throw new ApiError(
      'unprocessable',
      `the file is ${request.contentLength} bytes; the limit is ${deps.maxUploadBytes}`,
      'contentLength',
    );
  }
  const now = deps.now();
  const key = incomingKey(
    resolved.port,
    `${now.toISOString().slice(0, 10)}/${deps.newId?.() ?? randomUUID()}-${safeFileName(request.fileName)}`,
  );
  const signed = await deps.uploads.presignPut({
    key,
    contentType: request.contentType,
    contentLength: request.contentLength,
    uploadedBy: caller.subject,
    expiresInSeconds: UPLOAD_URL_SECONDS,
  });
  const body: UploadResponse = {
    uploadUrl: signed.url,
    method: 'PUT',
    headers: signed.headers,
    key,
    port: resolved.port,
    expiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
    maxBytes: deps.maxUploadBytes,
  };
  return jsonResponse(201, body);
}
