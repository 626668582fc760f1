import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SNAPSHOT_POINTER_KEY, snapshotKey } from '../../functions/adapters/pipeline-resources.ts';
import { createInstaller, handler, installDefaultConfig } from '../../infra/config-publisher/handler.ts';

const s3 = mockClient(S3Client);
const BUCKET = 'pcu-pipeline-bucket';
const VERSION = '0123456789abcdef';

function preconditionFailed() {
  return new S3ServiceException({
    name: 'PreconditionFailed',
    $fault: 'client',
    $metadata: { httpStatusCode: 412 },
    message: 'At least one of the pre-conditions you specified did not hold',
  });
}

function putsTo(key: string) {
  return s3.commandCalls(PutObjectCommand).filter((c) => c.args[0].input.Key === key);
}

beforeEach(() => s3.reset());

describe('installDefaultConfig', () => {
  it('uploads the snapshot, then points config/current.json at it when nothing is published yet', async () => {
    s3.on(PutObjectCommand).resolves({});
    const result = await installDefaultConfig(new S3Client({}), BUCKET, VERSION, 'header\nindex');
    expect(result).toEqual({ version: VERSION, key: snapshotKey(VERSION), pointerWritten: true });
    const calls = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Key)).toEqual([snapshotKey(VERSION), SNAPSHOT_POINTER_KEY]);
    expect(calls[0]!.Body).toBe('header\nindex');
    expect(calls[1]!.IfNoneMatch).toBe('*');
    expect(JSON.parse(String(calls[1]!.Body))).toMatchObject({ version: VERSION, key: snapshotKey(VERSION) });
  });

  it('leaves a pointer an analyst published in place (conditional write refused)', async () => {
    s3.on(PutObjectCommand, { Key: SNAPSHOT_POINTER_KEY }).rejects(preconditionFailed());
    s3.on(PutObjectCommand, { Key: snapshotKey(VERSION) }).resolves({});
    const result = await installDefaultConfig(new S3Client({}), BUCKET, VERSION, 'body');
    expect(result.pointerWritten).toBe(false);
    expect(putsTo(snapshotKey(VERSION))).toHaveLength(1);
  });

  it('fails on any other S3 error', async () => {
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'Access Denied',
      }),
    );
    await expect(installDefaultConfig(new S3Client({}), BUCKET, VERSION, 'body')).rejects.toThrow(
      /Access Denied/,
    );
  });
});

describe('custom resource handler', () => {
  const responses: Array<{ url: string; body: Record<string, unknown>; headers: unknown }> = [];
  beforeEach(() => {
    responses.length = 0;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      responses.push({ url, body: JSON.parse(String(init.body)), headers: init.headers });
      return new Response(null, { status: 200 });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const event = (type: 'Create' | 'Update' | 'Delete') =>
    ({
      RequestType: type,
      ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:installer',
      ResponseURL: 'https://cloudformation-custom-resource-response.example/presigned',
      StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/PcuTargeting-dev/1',
      RequestId: 'req-1',
      LogicalResourceId: 'DefaultConfigSnapshot',
      ResourceType: 'Custom::PcuDefaultConfig',
      ResourceProperties: { ServiceToken: 'x', BucketName: BUCKET, Version: VERSION },
      ...(type === 'Create' ? {} : { PhysicalResourceId: 'pcu-default-config', OldResourceProperties: {} }),
    }) as unknown as CloudFormationCustomResourceEvent;

  it('installs the bundled snapshot on create and reports whether it published the pointer', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pcu-installer-')), 'default-snapshot.json');
    writeFileSync(file, 'header\nindex');
    vi.spyOn(console, 'log').mockImplementation(() => {});
    s3.on(PutObjectCommand).resolves({});
    await createInstaller({ s3: new S3Client({}), snapshotFile: file })(event('Create'));
    expect(putsTo(snapshotKey(VERSION))[0]!.args[0].input.Body).toBe('header\nindex');
    expect(responses[0]!.body).toMatchObject({
      Status: 'SUCCESS',
      Data: { Version: VERSION, PointerWritten: 'true' },
    });

    // A later update (new defaults) uploads the new snapshot but keeps the published pointer.
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
    s3.on(PutObjectCommand, { Key: SNAPSHOT_POINTER_KEY }).rejects(preconditionFailed());
    await createInstaller({ s3: new S3Client({}), snapshotFile: file })(event('Update'));
    expect(responses[1]!.body).toMatchObject({ Status: 'SUCCESS', Data: { PointerWritten: 'false' } });
  });

  it('answers CloudFormation with FAILED and the reason when the bundled snapshot is missing', async () => {
    // In the unit test the snapshot is not bundled next to the handler: the read fails.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await handler(event('Create'));
    expect(responses).toHaveLength(1);
    expect(responses[0]!.body).toMatchObject({
      Status: 'FAILED',
      RequestId: 'req-1',
      PhysicalResourceId: 'pcu-default-config',
    });
    expect(String(responses[0]!.body.Reason)).toMatch(/default-snapshot\.json/);
    expect(responses[0]!.headers).toEqual({ 'content-type': '' });
  });

  it('succeeds on delete without touching the bucket (the bucket removal policy decides)', async () => {
    await handler(event('Delete'));
    expect(s3.calls()).toHaveLength(0);
    expect(responses[0]!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'pcu-default-config' });
  });
});
