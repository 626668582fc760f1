import { GetObjectCommand } from '@aws-sdk/client-s3';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { reportKey, SNAPSHOT_POINTER_KEY, snapshotKey } from '#adapters/pipeline-resources.ts';
import { splitIntoChunks } from '#adapters/profiling-queue.ts';
import { containerUnits } from '#core/manifest/container-units.ts';
import { defaultProfileSet } from '#core/profiling/index.ts';
import { buildSnapshot } from '#core/snapshot/config-snapshot.ts';
import { Manifest } from '#schemas/manifest.ts';
import {
  BUCKET,
  mockS3AndSqs,
  S3_TEST_EVENT,
  s3Notification,
  sampleManifest,
  sqsRecord,
  TEST_WATCHLIST,
} from './pipeline-fixtures.ts';

const INTAKE_DLQ = 'https://sqs.eu-west-1.amazonaws.com/123456789012/intake-dlq';

// The deployed entry points (middy + Powertools + env wiring), with every AWS client mocked.
const context = {
  functionName: 'test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60_000,
} as Context;
let aws: ReturnType<typeof mockS3AndSqs>;
const ddb = mockClient(DynamoDBDocumentClient);

beforeAll(() => {
  vi.stubEnv('BUCKET_NAME', BUCKET);
  vi.stubEnv('TABLE_NAME', 'pcu-table');
  vi.stubEnv('PROFILING_QUEUE_URL', 'https://sqs.eu-west-1.amazonaws.com/123456789012/profiling');
  vi.stubEnv('PROFILING_DLQ_URL', 'https://sqs.eu-west-1.amazonaws.com/123456789012/profiling-dlq');
  vi.stubEnv('INTAKE_DLQ_URL', INTAKE_DLQ);
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  aws = mockS3AndSqs();
});
afterAll(() => {
  aws.restore();
  ddb.restore();
  vi.unstubAllEnvs();
});

describe('deployed handlers', () => {
  it('ingest: answers an S3 test event with an empty partial batch response', async () => {
    const { handler } = await import('../../functions/ingest/handler.ts');
    const event: SQSEvent = { Records: [sqsRecord(S3_TEST_EVENT)] };
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(aws.s3Mock).not.toHaveReceivedCommand(GetObjectCommand);
  });

  it('profile: stores every flagged container, with a client that rides out throttling itself (SDK adaptive retry)', async () => {
    const built = buildSnapshot({ entries: TEST_WATCHLIST, profileSet: defaultProfileSet() });
    aws.put(snapshotKey(built.version), built.body);
    aws.put(
      SNAPSHOT_POINTER_KEY,
      JSON.stringify({ version: built.version, key: snapshotKey(built.version) }),
    );
    const manifest = Manifest.parse(sampleManifest(4, { seed: 30 }));
    const [chunk] = splitIntoChunks('c'.repeat(32), 'NLRTM', containerUnits(manifest), 4);
    // Throttled writes are retried by the SDK inside the invocation (test/adapters/sdk-retry.test.ts
    // shows it against a throttling endpoint); the mock replaces the SDK's send, so here the
    // client's settings are checked and the writes answered.
    const { dynamoDocumentClient } = await import('../../functions/adapters/aws-clients.ts');
    const client = dynamoDocumentClient();
    expect(((await client.config.retryStrategy()) as { mode?: string }).mode).toBe('adaptive');
    expect(await client.config.maxAttempts()).toBe(8);
    const flaggedWrites: string[] = [];
    ddb.on(UpdateCommand).callsFake((input: { Key: { sk: string } }) => {
      if (input.Key.sk === 'META') {
        return {
          Attributes: { chunksDone: new Set([0]), chunkCount: 1, status: 'queued', containersProfiled: 4 },
        };
      }
      flaggedWrites.push(input.Key.sk);
      return {};
    });
    ddb.on(GetCommand).resolves({});
    // The recount of the manifest's flag items once its last chunk is done.
    ddb.on(QueryCommand).resolves({ Count: 2 });
    ddb.on(PutCommand).resolves({});
    // The flags' search terms (B/L numbers, party words), 25 to a request.
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });

    const { handler } = await import('../../functions/profile/handler.ts');
    const result = await handler({ Records: [sqsRecord({ v: 1, chunk }, 'chunk-0')] }, context);
    expect(result).toEqual({ batchItemFailures: [] });
    // The two flagged containers (watchlisted consignee, watchlisted container) are both written.
    expect(new Set(flaggedWrites)).toEqual(
      new Set([`CONTAINER#${manifest.containers[0]?.number}`, `CONTAINER#${manifest.containers[1]?.number}`]),
    );
    expect(aws.s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Key: snapshotKey(built.version) });
    expect(ddb).toHaveReceivedCommand(BatchWriteCommand);
  }, 20_000);

  it('stall detector: an upload in the intake DLQ without a record gets a rejected one and its INGEST_FAILED report', async () => {
    const key = 'incoming/NLRTM/voyage-31.json';
    const body = JSON.stringify(sampleManifest(3, { seed: 31 }));
    aws.put(key, body);
    aws.sqsMock.on(ReceiveMessageCommand).resolves({ Messages: [] });
    aws.sqsMock.on(ReceiveMessageCommand, { QueueUrl: INTAKE_DLQ }).resolves({
      Messages: [
        {
          MessageId: 'dead-31',
          Body: JSON.stringify(s3Notification(key, Buffer.byteLength(body))),
          Attributes: { SentTimestamp: '1764288000000' },
        },
      ],
    });
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    // The rejected record's search terms (its manifest id, vessel words).
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
    const { handler } = await import('../../functions/stall-detector/handler.ts');
    const report = await handler({}, context);
    expect(report.failedUploads).toHaveLength(1);
    const id = report.failedUploads[0] as string;
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ manifestId: id, status: 'rejected', provisional: true, port: 'NLRTM' }),
    });
    expect(aws.getJson(reportKey(id))).toMatchObject({ issues: [{ code: 'INGEST_FAILED' }] });
  });
});
