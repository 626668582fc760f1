import { GetObjectCommand } from '@aws-sdk/client-s3';
import {
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
import { SNAPSHOT_POINTER_KEY, snapshotKey } from '#adapters/pipeline-resources.ts';
import { splitIntoChunks } from '#adapters/profiling-queue.ts';
import { containerUnits } from '#core/manifest/container-units.ts';
import { defaultProfileSet } from '#core/profiling/index.ts';
import { buildSnapshot } from '#core/snapshot/config-snapshot.ts';
import { Manifest } from '#schemas/manifest.ts';
import {
  BUCKET,
  mockS3AndSqs,
  S3_TEST_EVENT,
  sampleManifest,
  sqsRecord,
  TEST_WATCHLIST,
} from './pipeline-fixtures.ts';

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

  it('profile: retries throttled DynamoDB writes inside the invocation, so nothing is lost or failed', async () => {
    const built = buildSnapshot({ entries: TEST_WATCHLIST, profileSet: defaultProfileSet() });
    aws.put(snapshotKey(built.version), built.body);
    aws.put(
      SNAPSHOT_POINTER_KEY,
      JSON.stringify({ version: built.version, key: snapshotKey(built.version) }),
    );
    const manifest = Manifest.parse(sampleManifest(4, { seed: 30 }));
    const [chunk] = splitIntoChunks('c'.repeat(32), 'NLRTM', containerUnits(manifest), 4);
    const throttled = Object.assign(new Error('Throughput exceeds the current capacity of your table'), {
      name: 'ProvisionedThroughputExceededException',
      $metadata: { httpStatusCode: 400 },
    });
    const flaggedWrites: string[] = [];
    ddb
      .on(UpdateCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .callsFake((input: { Key: { sk: string } }) => {
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

    const { handler } = await import('../../functions/profile/handler.ts');
    const result = await handler({ Records: [sqsRecord({ v: 1, chunk }, 'chunk-0')] }, context);
    expect(result).toEqual({ batchItemFailures: [] });
    // The two flagged containers (watchlisted consignee, watchlisted container) are both written.
    expect(new Set(flaggedWrites)).toEqual(
      new Set([`CONTAINER#${manifest.containers[0]?.number}`, `CONTAINER#${manifest.containers[1]?.number}`]),
    );
    expect(aws.s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Key: snapshotKey(built.version) });
  }, 20_000);
});
