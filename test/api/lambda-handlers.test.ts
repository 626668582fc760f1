import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENV, flaggedId, INDEXES, keys } from '#adapters/pipeline-resources.ts';
import { apiEvent, assessmentFor, bodyOf, manifestIdFor, USERS } from './api-fixtures.ts';

/**
 * The deployed Lambda entry points (middy + Powertools + the real adapters) with DynamoDB
 * mocked by aws-sdk-client-mock: what happens when the table says something unusual.
 */
const dynamo = mockClient(DynamoDBDocumentClient);
const context = {
  functionName: 'api-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:api-test',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-req-1',
  logGroupName: '/aws/lambda/api-test',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

const MANIFEST = manifestIdFor('lambda-m1');
const ID = flaggedId(MANIFEST, 'MSCU1000001');
const item = (port: string, version: number, status = 'open') => ({
  ...keys.flagged(MANIFEST, 'MSCU1000001'),
  manifestId: MANIFEST,
  containerNumber: 'MSCU1000001',
  port,
  score: 60,
  lane: 'red',
  status,
  version,
  flaggedAt: '2026-11-27T10:00:00.000Z',
  assessment: assessmentFor('MSCU1000001', [{ ruleId: 'SANCTIONED_CONSIGNEE', weight: 60 }]),
});

let query: typeof import('../../functions/api/query-handler.ts').handler;
let decide: typeof import('../../functions/api/decide-handler.ts').handler;

beforeAll(async () => {
  process.env[ENV.tableName] = 'pcu-table';
  process.env[ENV.bucketName] = 'pcu-bucket';
  process.env.AWS_REGION = 'eu-west-1';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  query = (await import('../../functions/api/query-handler.ts')).handler;
  decide = (await import('../../functions/api/decide-handler.ts')).handler;
});
beforeEach(() => dynamo.reset());

describe('Lambda handlers over a mocked table', () => {
  it("GET /flagged/{id}: own port 200, another port's item 404", async () => {
    dynamo.on(GetCommand).resolves({ Item: item('NLRTM', 3) });
    const ok = await query(
      apiEvent({ routeKey: 'GET /flagged/{id}', claims: USERS.analystRtm, pathParameters: { id: ID } }),
      context,
    );
    expect(ok).toMatchObject({ statusCode: 200 });
    expect(bodyOf(ok as { body: string })).toMatchObject({
      id: ID,
      version: 3,
      rules: ['SANCTIONED_CONSIGNEE'],
    });
    const other = await query(
      apiEvent({ routeKey: 'GET /flagged/{id}', claims: USERS.analystAnr, pathParameters: { id: ID } }),
      context,
    );
    expect(other).toMatchObject({ statusCode: 404 });
  });

  it('GET /flagged: the query names the caller port in its key condition, whatever the filters', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [item('NLRTM', 1)] });
    await query(
      apiEvent({ routeKey: 'GET /flagged', claims: USERS.analystRtm, query: { lane: 'red' } }),
      context,
    );
    const input = dynamo.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input?.IndexName).toBe(INDEXES.byPortDate.indexName);
    expect(input?.ExpressionAttributeValues?.[':pk']).toBe('PORT#NLRTM');
    expect(input?.ScanIndexForward).toBe(false);
  });

  it('PATCH: a write that loses the race gets 409 with the version now stored', async () => {
    const by = { subject: 'sub-analyst-2', username: 'analyst-2' };
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: item('NLRTM', 1) })
      .resolves({
        Item: {
          ...item('NLRTM', 2, 'assigned'),
          decisionHistory: [
            { status: 'assigned', previousStatus: 'open', by, at: '2026-11-28T08:59:58.000Z' },
          ],
        },
      });
    dynamo
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const result = await decide(
      apiEvent({
        routeKey: 'PATCH /flagged/{id}',
        claims: USERS.analystRtm,
        pathParameters: { id: ID },
        body: { version: 1, status: 'released' },
      }),
      context,
    );
    expect(result).toMatchObject({ statusCode: 409 });
    expect(bodyOf(result as { body: string }).error).toMatchObject({
      code: 'version_conflict',
      currentVersion: 2,
      changedBy: by,
      changedAt: '2026-11-28T08:59:58.000Z',
      message:
        'the flag changed since you read it (version 2 now, changed by analyst-2 at 2026-11-28T08:59:58.000Z)',
    });
    const update = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.ConditionExpression).toContain('#version = :expected');
    expect(update?.ExpressionAttributeValues?.[':port']).toBe('NLRTM');
    // Only officer attributes are written.
    expect(Object.values(update?.ExpressionAttributeNames ?? {}).sort()).toEqual(
      [
        'decision',
        'decisionHistory',
        'decisionUpdatedAt',
        'pk',
        'port',
        'portStatusPk',
        'status',
        'version',
      ].sort(),
    );
  });

  it('PATCH: an item DynamoDB finds too large is a 422 naming notes, and nothing is written', async () => {
    dynamo.on(GetCommand).resolves({ Item: item('NLRTM', 1) });
    dynamo.on(UpdateCommand).rejects(
      Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
        name: 'ValidationException',
      }),
    );
    const result = await decide(
      apiEvent({
        routeKey: 'PATCH /flagged/{id}',
        claims: USERS.analystRtm,
        pathParameters: { id: ID },
        body: { version: 1, notes: 'x-ray at terminal 2' },
      }),
      context,
    );
    expect(result).toMatchObject({ statusCode: 422 });
    expect(bodyOf(result as { body: string }).error).toMatchObject({ code: 'unprocessable', field: 'notes' });
  });

  it('PATCH: a notes-only change leaves the outcome in force alone (no `decision` in the update)', async () => {
    dynamo.on(GetCommand).resolves({
      Item: {
        ...item('NLRTM', 3, 'inspected-seizure'),
        decision: {
          status: 'inspected-seizure',
          seizure: { substance: 'cocaine', quantity: 42.5, unit: 'kg' },
          by: { subject: 'sub-officer-rtm', username: 'officer-rtm' },
          at: '2026-11-28T08:00:00.000Z',
        },
      },
    });
    dynamo.on(UpdateCommand).resolves({ Attributes: item('NLRTM', 4, 'inspected-seizure') });
    const result = await decide(
      apiEvent({
        routeKey: 'PATCH /flagged/{id}',
        claims: USERS.analystRtm,
        pathParameters: { id: ID },
        body: { version: 3, notes: 'lab confirms' },
      }),
      context,
    );
    expect(result).toMatchObject({ statusCode: 200 });
    const update = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(Object.values(update?.ExpressionAttributeNames ?? {})).not.toContain('decision');
    expect(update?.UpdateExpression).toContain('list_append');
    expect(update?.ExpressionAttributeValues?.[':entry']).toEqual([
      {
        status: 'inspected-seizure',
        notes: 'lab confirms',
        by: { subject: 'sub-analyst-rtm', username: 'analyst-rtm' },
        at: expect.any(String),
      },
    ]);
  });

  it('an unexpected DynamoDB failure is a 500 that reveals nothing', async () => {
    dynamo
      .on(GetCommand)
      .rejects(
        Object.assign(new Error('Internal server error on table pcu-table'), { name: 'InternalServerError' }),
      );
    const result = await query(
      apiEvent({ routeKey: 'GET /flagged/{id}', claims: USERS.analystRtm, pathParameters: { id: ID } }),
      context,
    );
    expect(result).toMatchObject({ statusCode: 500 });
    const body = bodyOf(result as { body: string });
    expect(body.error.code).toBe('internal');
    expect(JSON.stringify(body)).not.toContain('pcu-table');
  });

  it('a route the function does not serve is 404 in the error shape', async () => {
    const result = await query(
      apiEvent({ routeKey: 'DELETE /flagged/{id}', claims: USERS.admin, pathParameters: { id: ID } }),
      context,
    );
    expect(result).toMatchObject({ statusCode: 404 });
  });
});
