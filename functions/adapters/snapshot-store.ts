import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SNAPSHOT_POINTER_KEY, type SnapshotPointer, snapshotKey } from './pipeline-resources.ts';

/**
 * The published config snapshots in S3: `config/snapshots/{version}/snapshot.json` and the
 * small `config/current.json` pointer that names the live one. Readers poll the pointer with
 * a conditional GET (If-None-Match), so an unchanged pointer costs one request and no body.
 */
export type PointerRead =
  | { changed: false }
  | { changed: true; pointer: SnapshotPointer; etag: string | undefined };

export interface SnapshotStore {
  readPointer(knownEtag?: string): Promise<PointerRead>;
  readSnapshot(key: string): Promise<string>;
  putSnapshot(version: string, body: string): Promise<string>;
  /** Written last by a publisher: flips every reader to the new version. */
  putPointer(pointer: SnapshotPointer): Promise<void>;
}

export class SnapshotNotPublishedError extends Error {
  constructor(bucket: string) {
    super(
      `no config snapshot is published in bucket ${bucket} (${SNAPSHOT_POINTER_KEY} is missing): run pcu publish`,
    );
    this.name = 'SnapshotNotPublishedError';
  }
}

export function createSnapshotStore(options: { s3: S3Client; bucket: string }): SnapshotStore {
  const { s3, bucket } = options;
  return {
    async readPointer(knownEtag) {
      try {
        const response = await s3.send(
          new GetObjectCommand({ Bucket: bucket, Key: SNAPSHOT_POINTER_KEY, IfNoneMatch: knownEtag }),
        );
        if (knownEtag && response.ETag === knownEtag) return { changed: false };
        const text = (await response.Body?.transformToString('utf-8')) ?? '';
        return { changed: true, pointer: parsePointer(text), etag: response.ETag };
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        const name = (err as { name?: string }).name;
        if (status === 304 || name === 'NotModified') return { changed: false };
        if (name === 'NoSuchKey' || status === 404) throw new SnapshotNotPublishedError(bucket);
        throw err;
      }
    },
    async readSnapshot(key) {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!response.Body) throw new Error(`snapshot ${key} has no body`);
      return response.Body.transformToString('utf-8');
    },
    async putSnapshot(version, body) {
      const key = snapshotKey(version);
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }),
      );
      return key;
    },
    async putPointer(pointer) {
      await putFreshJson(s3, bucket, SNAPSHOT_POINTER_KEY, pointer);
    },
  };
}

/** A small JSON object readers poll (the pointer, the list status): never served from a cache. */
export async function putFreshJson(s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: 'application/json',
      // Readers must see a change within their polling interval.
      CacheControl: 'no-cache',
    }),
  );
}

function parsePointer(text: string): SnapshotPointer {
  const value = JSON.parse(text) as Partial<SnapshotPointer>;
  if (typeof value.version !== 'string' || typeof value.key !== 'string') {
    throw new Error(`${SNAPSHOT_POINTER_KEY} does not name a version and a key`);
  }
  return { version: value.version, key: value.key, publishedAt: String(value.publishedAt ?? '') };
}

/**
 * Publishes a built snapshot: the immutable snapshot object first, the pointer last, so a
 * reader never sees a pointer to a snapshot that is not there yet.
 */
export async function publishSnapshot(
  store: SnapshotStore,
  built: { version: string; body: string },
  now: Date = new Date(),
): Promise<SnapshotPointer> {
  const key = await store.putSnapshot(built.version, built.body);
  const pointer: SnapshotPointer = { version: built.version, key, publishedAt: now.toISOString() };
  await store.putPointer(pointer);
  return pointer;
}
