/**
 * CloudFormation custom resource that installs the default configuration snapshot (default
 * risk profiles + bundled watchlists, compiled at synth time and shipped inside this
 * function's bundle) into the pipeline bucket, then points `config/current.json` at it only
 * if no pointer exists yet: a redeploy never replaces a configuration an analyst published
 * with `pcu publish`.
 *
 * CloudFormation invokes this function directly (no provider framework), so it must always
 * answer on the response URL, whatever fails; otherwise the stack waits for an hour.
 */
import { readFile } from 'node:fs/promises';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { SNAPSHOT_POINTER_KEY, type SnapshotPointer } from '../../functions/adapters/pipeline-resources.ts';
import { createSnapshotStore } from '../../functions/adapters/snapshot-store.ts';
import { BUNDLED_SNAPSHOT_FILE } from './bundle-layout.ts';

export type InstallResult = { version: string; key: string; pointerWritten: boolean };

/** Uploads the snapshot under `config/snapshots/{version}/`, then writes the pointer if there is none. */
export async function installDefaultConfig(
  s3: S3Client,
  bucket: string,
  version: string,
  body: string,
): Promise<InstallResult> {
  const key = await createSnapshotStore({ s3, bucket }).putSnapshot(version, body);
  const pointer: SnapshotPointer = { version, key, publishedAt: new Date().toISOString() };
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: SNAPSHOT_POINTER_KEY,
        Body: JSON.stringify(pointer),
        ContentType: 'application/json',
        CacheControl: 'no-cache',
        IfNoneMatch: '*',
      }),
    );
    return { version, key, pointerWritten: true };
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    // 412: a pointer exists (published earlier); 409: a concurrent conditional write won.
    if (status === 412 || status === 409) return { version, key, pointerWritten: false };
    throw error;
  }
}

type ResponseBody = {
  Status: 'SUCCESS' | 'FAILED';
  Reason: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  Data?: Record<string, string>;
};

async function respond(event: CloudFormationCustomResourceEvent, body: ResponseBody): Promise<void> {
  // The response URL is presigned without a content type: send none.
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'content-type': '' },
  });
  if (!response.ok) throw new Error(`CloudFormation response rejected: HTTP ${response.status}`);
}

/** The custom resource handler, given its S3 client and the snapshot file to install. */
export function createInstaller(deps: { s3: S3Client; snapshotFile: URL | string }) {
  return async (event: CloudFormationCustomResourceEvent): Promise<void> => {
    const base = {
      PhysicalResourceId: 'PhysicalResourceId' in event ? event.PhysicalResourceId : 'pcu-default-config',
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    };
    try {
      if (event.RequestType === 'Delete') {
        // Snapshots stay: the bucket's removal policy decides what happens to them.
        await respond(event, { ...base, Status: 'SUCCESS', Reason: 'nothing to delete' });
        return;
      }
      const bucket = String(event.ResourceProperties.BucketName);
      const version = String(event.ResourceProperties.Version);
      const body = await readFile(deps.snapshotFile, 'utf8');
      const result = await installDefaultConfig(deps.s3, bucket, version, body);
      console.log(JSON.stringify({ message: 'default configuration installed', ...result }));
      await respond(event, {
        ...base,
        Status: 'SUCCESS',
        Reason: result.pointerWritten ? 'default configuration published' : 'snapshot uploaded; pointer kept',
        Data: { Version: version, PointerWritten: String(result.pointerWritten) },
      });
    } catch (error) {
      console.error(JSON.stringify({ message: 'default configuration failed', error: String(error) }));
      await respond(event, { ...base, Status: 'FAILED', Reason: String(error).slice(0, 500) });
    }
  };
}

export const handler = createInstaller({
  s3: new S3Client({}),
  snapshotFile: new URL(`./${BUNDLED_SNAPSHOT_FILE}`, import.meta.url),
});
