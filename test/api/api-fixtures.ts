import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createDecisions } from '#adapters/decisions.ts';
import { createFlaggedQueries } from '#adapters/flagged-queries.ts';
import { type FlaggedContext, flaggedUpdate } from '#adapters/flagged-store.ts';
import { ITEM_TYPES, keys, tableDefinition } from '#adapters/pipeline-resources.ts';
import type { ValidationReports } from '#adapters/validation-reports.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import type { ApiEvent } from '../../functions/api/http.ts';

/**
 * A real single table in dynalite (same keys and indexes as the stack, from
 * pipeline-resources.ts), filled by the pipeline's own flagged-store writer, and API Gateway
 * v2 events carrying JWT claims the way the HTTP API's JWT authorizer passes them.
 */
export const TABLE = 'pcu-test';

export async function startTable() {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // The table the CDK app and the local stack declare (its indexes' projections included).
  await client.send(new CreateTableCommand(tableDefinition(TABLE)));
  return {
    doc,
    queries: createFlaggedQueries({ doc, table: TABLE }),
    decisions: createDecisions({ doc, table: TABLE }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type TestTable = Awaited<ReturnType<typeof startTable>>;

/** A 32-hex manifest id derived from a label. */
export function manifestIdFor(label: string): string {
  return Buffer.from(label.padEnd(16, '.')).toString('hex').slice(0, 32);
}

export function assessmentFor(
  containerNumber: string,
  hits: { ruleId: string; weight: number; description?: string }[],
): ContainerAssessment {
  return {
    containerNumber,
    billsOfLading: ['MAEU123456789'],
    score: hits.reduce((s, h) => s + h.weight, 0),
    lane: hits.some((h) => h.weight >= 50) ? 'red' : 'yellow',
    flagged: true,
    randomlySelected: false,
    threshold: 40,
    profileVersion: 'test-1',
    hits: hits.map((h) => ({
      ruleId: h.ruleId,
      description: h.description ?? `rule ${h.ruleId}`,
      weight: h.weight,
      evidence: [
        {
          field: 'parties.consignee',
          detail: 'name matches a sanctioned entity',
          watchlist: {
            entityId: 'OFAC-12345',
            list: 'OFAC SDN',
            name: 'EXAMPLE SHIPPING LLC',
            matchedName: 'EXAMPLE SHIPPING',
            score: 0.93,
            matchedOn: 'name',
          },
        },
      ],
    })),
  };
}

/** Writes one flagged container exactly as the profile Lambda does. */
export async function writeFlag(
  table: TestTable,
  input: {
    port: string;
    manifestId: string;
    containerNumber: string;
    profiledAt: string;
    hits?: { ruleId: string; weight: number }[];
    /** The profiler's own assessment (default: one built from `hits`). */
    assessment?: ContainerAssessment;
    /** The manifest's mode and conveyance (default: a sea manifest written before modes existed). */
    conveyance?: Pick<FlaggedContext, 'mode' | 'conveyance' | 'vesselName' | 'voyageNumber'>;
  },
) {
  const hits = input.hits ?? [{ ruleId: 'SANCTIONED_CONSIGNEE', weight: 60 }];
  const assessment = input.assessment ?? assessmentFor(input.containerNumber, hits);
  const context: FlaggedContext = {
    manifestId: input.manifestId,
    port: input.port,
    vesselName: 'MSC EXAMPLE',
    voyageNumber: '245W',
    ...input.conveyance,
    snapshotVersion: 'snap-1',
    profiledAt: input.profiledAt,
    expiresAt: 2_000_000_000,
  };
  await table.doc.send(
    new UpdateCommand(
      flaggedUpdate(TABLE, context, {
        containerNumber: input.containerNumber,
        score: assessment.score,
        lane: assessment.lane,
        assessment: assessment as unknown as Record<string, unknown>,
      }),
    ),
  );
  return assessment;
}

export async function writeManifest(
  table: TestTable,
  input: {
    port: string;
    manifestId: string;
    receivedAt: string;
    containersProfiled: number;
    /** Absent: a record written before modes existed (a sea manifest). */
    mode?: string;
  },
) {
  await table.doc.send(
    new PutCommand({
      TableName: TABLE,
      Item: {
        ...keys.manifest(input.manifestId),
        ...keys.portManifests(input.port, input.receivedAt, input.manifestId),
        type: ITEM_TYPES.manifest,
        manifestId: input.manifestId,
        port: input.port,
        status: 'complete',
        ...(input.mode && { mode: input.mode }),
        validationStatus: 'partial',
        format: 'csv',
        vesselName: 'MSC EXAMPLE',
        voyageNumber: '245W',
        counts: {
          billsOfLading: 10,
          containers: input.containersProfiled,
          goodsItems: 12,
          recordsRead: 14,
          rejectedRecords: 1,
          errors: 1,
          warnings: 2,
        },
        reportKey: `reports/${input.manifestId}.json`,
        chunkCount: 1,
        chunksDone: new Set([0]),
        containersProfiled: input.containersProfiled,
        containersFlagged: 3,
        receivedAt: input.receivedAt,
        sourceKeys: new Set([`incoming/${input.port}/m.csv`]),
        expiresAt: 2_000_000_000,
      },
    }),
  );
}

/** Claims as API Gateway's JWT authorizer hands them over (arrays as `[a b]`). */
export function claimsFor(username: string, groups: string[]): Record<string, string> {
  return {
    sub: `sub-${username}`,
    'cognito:username': username,
    'cognito:groups': `[${groups.join(' ')}]`,
    iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST',
    token_use: 'id',
    aud: 'client-123',
    exp: '2000000000',
  };
}

export const USERS = {
  analystRtm: claimsFor('analyst-rtm', ['analyst', 'port:NLRTM']),
  officerRtm: claimsFor('officer-rtm', ['officer', 'port:NLRTM']),
  analystAnr: claimsFor('analyst-anr', ['analyst', 'port:BEANR']),
  officerAnr: claimsFor('officer-anr', ['officer', 'port:BEANR']),
  analystBoth: claimsFor('analyst-both', ['analyst', 'port:NLRTM', 'port:BEANR']),
  admin: claimsFor('admin', ['admin']),
  noRole: claimsFor('visitor', ['port:NLRTM']),
};

export function apiEvent(input: {
  routeKey: string;
  claims?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}): ApiEvent {
  const [method, pathTemplate] = input.routeKey.split(' ') as [string, string];
  const rawPath = pathTemplate.replace(/\{(\w+)\}/g, (_, name: string) => input.pathParameters?.[name] ?? '');
  const rawQueryString = new URLSearchParams(input.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath,
    rawQueryString,
    headers: { host: 'api.example.com', 'content-type': 'application/json', ...(input.headers ?? {}) },
    ...(input.query && { queryStringParameters: input.query }),
    ...(input.pathParameters && { pathParameters: input.pathParameters }),
    ...(input.body !== undefined && {
      body: typeof input.body === 'string' ? input.body : JSON.stringify(input.body),
    }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: input.routeKey,
      stage: '$default',
      time: '28/Nov/2026:00:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: input.claims ?? {}, scopes: [] } },
    },
  } as ApiEvent;
}

export function bodyOf(result: { body?: string }) {
  return JSON.parse(result.body ?? 'null');
}

export const noReports: ValidationReports = {
  link: async (key) => `https://bucket.s3.amazonaws.com/${key}?X-Amz-Signature=test`,
  rejectedRecords: async () => ({ records: [], truncated: false }),
};
