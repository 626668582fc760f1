/**
 * Creates, on the emulators, the bucket, queues (with DLQs and the same maxReceiveCount) and
 * table that the CDK stack creates, from the same definitions (pipeline-resources.ts).
 */

import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { QUEUES, tableDefinition } from '../functions/adapters/pipeline-resources.ts';
import type { Emulators } from './emulators.ts';

export interface LocalResources {
  bucketName: string;
  tableName: string;
  queues: {
    intake: LocalQueue;
    profiling: LocalQueue;
  };
}

export interface LocalQueue {
  url: string;
  arn: string;
  dlqUrl: string;
  dlqName: string;
  visibilityTimeoutSeconds: number;
}

export const LOCAL_NAMES = {
  bucket: 'pcu-local',
  table: 'pcu-local',
  intakeQueue: 'pcu-local-intake',
  profilingQueue: 'pcu-local-profiling',
} as const;

/** Tests shorten visibility timeouts so a redelivery (and the DLQ) is reached in seconds. */
export type VisibilityOverrides = { intake?: number; profiling?: number };

export async function provisionResources(
  emulators: Emulators,
  visibility: VisibilityOverrides = {},
): Promise<LocalResources> {
  const clientConfig = { region: emulators.region, credentials: emulators.credentials };
  const s3 = new S3Client({ ...clientConfig, endpoint: emulators.endpoints.s3, forcePathStyle: true });
  const dynamodb = new DynamoDBClient({ ...clientConfig, endpoint: emulators.endpoints.dynamodb });
  try {
    await ensureBucket(s3, LOCAL_NAMES.bucket);
    await ensureTable(dynamodb, LOCAL_NAMES.table);
  } finally {
    s3.destroy();
    dynamodb.destroy();
  }
  return {
    bucketName: LOCAL_NAMES.bucket,
    tableName: LOCAL_NAMES.table,
    queues: {
      intake: queueWithDlq(emulators, LOCAL_NAMES.intakeQueue, QUEUES.intake, visibility.intake),
      profiling: queueWithDlq(emulators, LOCAL_NAMES.profilingQueue, QUEUES.profiling, visibility.profiling),
    },
  };
}

function queueWithDlq(
  emulators: Emulators,
  name: string,
  settings: { visibilityTimeoutSeconds: number; maxReceiveCount: number; retentionDays: number },
  visibilityTimeoutSeconds = settings.visibilityTimeoutSeconds,
): LocalQueue {
  const dlqName = `${name}-dlq`;
  const dlq = emulators.createQueue(dlqName, { MessageRetentionPeriod: String(14 * 86_400) });
  const queue = emulators.createQueue(name, {
    VisibilityTimeout: String(visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(settings.retentionDays * 86_400),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.queueArn,
      maxReceiveCount: settings.maxReceiveCount,
    }),
  });
  return {
    url: queue.queueUrl,
    arn: queue.queueArn,
    dlqUrl: dlq.queueUrl,
    dlqName,
    visibilityTimeoutSeconds,
  };
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}

/** Creates the table, or checks one persisted from an earlier run has the indexes this version reads. */
export async function ensureTable(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  const wanted = tableDefinition(tableName);
  let existing: TableDescription | undefined;
  try {
    existing = (await dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  if (!existing) {
    await dynamodb.send(new CreateTableCommand(wanted));
    return;
  }
  // Persisted from an earlier run (--data-dir): usable only with the indexes this version reads.
  const had = indexSignatures(existing.GlobalSecondaryIndexes ?? []);
  const want = indexSignatures(wanted.GlobalSecondaryIndexes);
  if (had.join('\n') !== want.join('\n')) {
    const names = (list: string[]) => list.map((s) => s.split(' ')[0]).join(', ');
    throw new Error(
      `The table ${tableName} in the data directory was created with other indexes (${names(had)}; this version needs ${names(want)}): start with a new --data-dir, or delete the old one, to recreate it.`,
    );
  }
}

/** Each index as `name keys projection`, sorted: what a query depends on. */
function indexSignatures(
  indexes: readonly {
    IndexName?: string | undefined;
    KeySchema?: readonly { AttributeName?: string | undefined; KeyType?: string | undefined }[] | undefined;
    Projection?:
      | { ProjectionType?: string | undefined; NonKeyAttributes?: readonly string[] | undefined }
      | undefined;
  }[],
): string[] {
  return indexes
    .map((index) =>
      [
        index.IndexName,
        (index.KeySchema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(','),
        index.Projection?.ProjectionType,
        [...(index.Projection?.NonKeyAttributes ?? [])].sort().join(','),
      ].join(' '),
    )
    .sort();
}
