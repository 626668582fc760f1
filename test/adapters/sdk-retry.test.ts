import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoDocumentClient, s3Client } from '#adapters/aws-clients.ts';
import { createFlaggedStore } from '#adapters/flagged-store.ts';
import { SINGLE_CALL_RETRY } from '#adapters/sdk-retry.ts';
import { sqsClient } from '#adapters/sqs-client.ts';

/**
 * One retry layer: single calls are retried by the SDK (adaptive mode). These tests use real
 * SDK clients, not aws-sdk-client-mock, which replaces `send` and so skips the SDK's retries.
 */
process.env.AWS_REGION ??= 'eu-west-1';

describe('flagged store under throttling', () => {
  it('retries throttled writes until every flagged container is stored (the SDK adaptive retry, no loop of ours)', async () => {
    // A real SDK client with the product's retry settings, against an endpoint that throttles
    // the first two requests as DynamoDB does: the SDK retries, the store has no loop of its own.
    const requests: string[] = [];
    const requestHandler = {
      async handle(request: { body?: unknown }) {
        requests.push(String(request.body ?? ''));
        const throttle = requests.length <= 2;
        const body = throttle
          ? JSON.stringify({
              __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
              message: 'Rate of requests exceeds the allowed throughput.',
            })
          : '{}';
        return {
          response: {
            statusCode: throttle ? 400 : 200,
            reason: '',
            headers: {
              'content-type': 'application/x-amz-json-1.0',
              'x-amzn-requestid': `r${requests.length}`,
            },
            body: Readable.from([Buffer.from(body)]),
          },
        };
      },
    };
    const store = createFlaggedStore({
      doc: DynamoDBDocumentClient.from(
        new DynamoDBClient({
          ...SINGLE_CALL_RETRY,
          region: 'eu-west-1',
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
          requestHandler: requestHandler as never,
        }),
      ),
      table: 't',
    });
    const flagged = ['MSKU7351770', 'TGHU9123458', 'CAIU2345671'].map((containerNumber) => ({
      containerNumber,
      score: 100,
      lane: 'red',
      assessment: { containerNumber },
    }));
    await store.writeFlagged(
      {
        manifestId: 'a'.repeat(32),
        port: 'NLRTM',
        snapshotVersion: 'v',
        profiledAt: '2026-11-28T00:00:00Z',
        expiresAt: 1,
      },
      flagged,
    );
    const updates = requests.filter((r) => r.includes('"UpdateExpression"'));
    // 3 containers + 2 throttled attempts; every container was finally written.
    expect(updates).toHaveLength(5);
    const written = new Set(updates.slice(2).map((r) => JSON.parse(r).Key.sk.S));
    expect(written).toEqual(new Set(flagged.map((f) => `CONTAINER#${f.containerNumber}`)));
  }, 30_000);

  it('configures every Lambda client for adaptive retries, so single calls need no loop of their own', async () => {
    for (const client of [dynamoDocumentClient(), s3Client(), sqsClient()]) {
      const strategy = (await client.config.retryStrategy()) as { mode?: string };
      expect(strategy.mode).toBe('adaptive');
      expect(await client.config.maxAttempts()).toBe(8);
    }
  });
});
