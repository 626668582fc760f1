/**
 * Locally, the queues live in memory: a restart with `--data-dir` keeps the table and the
 * bucket but loses every message in flight. On start the local stack therefore finishes
 * what was under way, as an admin's resume would on AWS:
 *  - every unfinished manifest (received, queued or stalled) is resumed: its stored file is
 *    re-chunked and only the chunks not done are queued again;
 *  - every uploaded file that has no manifest record yet (the stack stopped before ingest
 *    recorded it) gets its S3 notification again.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDeadLetters } from '../functions/adapters/dead-letters.ts';
import { createManifestRecords } from '../functions/adapters/manifest-records.ts';
import { createManifestStore } from '../functions/adapters/manifest-store.ts';
import {
  DEFAULTS,
  INDEXES,
  keys,
  portFromIncomingKey,
  S3_PREFIXES,
} from '../functions/adapters/pipeline-resources.ts';
import { createResumeRequests, resumeManifest } from '../functions/adapters/resume-requests.ts';
import { createObservability } from '../functions/commons/powertools.ts';
import { createStallDetector } from '../functions/stall-detector/detect-stalls.ts';
import { repairEmulatorIndexes } from './index-repair.ts';
import { s3NotificationBody } from './s3-notifications.ts';

export type ResumeOnStartReport = { manifestsResumed: string[]; uploadsRenotified: string[] };

export async function resumeUnfinishedWork(options: {
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  sqs: SQSClient;
  table: string;
  bucket: string;
  intakeQueueUrl: string;
  region: string;
  now?: () => Date;
}): Promise<ResumeOnStartReport> {
  const now = options.now ?? (() => new Date());
  await repairEmulatorIndexes(options.doc, options.table);
  const records = createManifestRecords({ doc: options.doc, table: options.table });
  const requests = createResumeRequests({ sqs: options.sqs, queueUrl: options.intakeQueueUrl });

  const manifestsResumed: string[] = [];
  for (const record of await records.listUnfinished()) {
    const resumed = await resumeManifest(
      { records, requests },
      record.manifestId,
      'local-restart',
      now().toISOString(),
    );
    if (resumed.outcome === 'resumed') manifestsResumed.push(record.manifestId);
  }

  const uploadsRenotified: string[] = [];
  const uploads = await listIncoming(options.s3, options.bucket);
  const ports = new Set(
    uploads.map((u) => portFromIncomingKey(u.key)).filter((p): p is string => Boolean(p)),
  );
  const known = new Set<string>();
  for (const port of ports)
    for (const key of await sourceKeysOf(options.doc, options.table, port)) known.add(key);
  for (const upload of uploads) {
    if (known.has(upload.key) || !portFromIncomingKey(upload.key)) continue;
    await options.sqs.send(
      new SendMessageCommand({
        QueueUrl: options.intakeQueueUrl,
        MessageBody: s3NotificationBody(
          {
            bucket: options.bucket,
            key: upload.key,
            size: upload.size,
            eTag: upload.eTag,
            sequencer: '0',
            eventName: 'ObjectCreated:Put',
          },
          options.region,
        ),
      }),
    );
    uploadsRenotified.push(upload.key);
  }
  return { manifestsResumed, uploadsRenotified };
}

async function listIncoming(s3: S3Client, bucket: string) {
  const found: { key: string; size: number; eTag: string }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: S3_PREFIXES.incoming, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key) found.push({ key: object.Key, size: object.Size ?? 0, eTag: object.ETag ?? '' });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return found;
}

/** Every file name recorded on a manifest of the port (a record lists each upload of its content). */
async function sourceKeysOf(doc: DynamoDBDocumentClient, table: string, port: string): Promise<string[]> {
  const index = INDEXES.byPortDate;
  const found: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey, '#keys': 'sourceKeys' },
        ExpressionAttributeValues: { ':pk': keys.portManifestsPk(port) },
        ProjectionExpression: '#keys',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? [])
      found.push(...((item.sourceKeys as Iterable<string> | undefined) ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
}

/**
 * The local stack's part of recovery: `resume()` (once; the stack calls it after the config is
 * published, so resumed chunks never race a snapshot being rewritten) resumes what a previous
 * run with the same data directory left unfinished; the stall detector runs every
 * `checkSeconds`, as the schedule does on AWS.
 */
export async function startRecovery(options: {
  endpoints: { s3: string; dynamodb: string };
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  sqs: SQSClient;
  table: string;
  bucket: string;
  intakeQueueUrl: string;
  profilingDlqUrl?: string;
  /** Uploads in the intake DLQ without a manifest record get a rejected one (INGEST_FAILED). */
  intakeDlqUrl?: string;
  resumeUnfinished: boolean;
  stallAfterMinutes?: number;
  checkSeconds?: number;
  onError?: (err: unknown) => void;
}): Promise<{ resume(): Promise<ResumeOnStartReport>; stop(): Promise<void> }> {
  const base = { region: options.region, credentials: options.credentials };
  const dynamo = new DynamoDBClient({ ...base, endpoint: options.endpoints.dynamodb });
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const s3 = new S3Client({ ...base, endpoint: options.endpoints.s3, forcePathStyle: true });
  let resumed: Promise<ResumeOnStartReport> | undefined;
  const detect = createStallDetector({
    manifestRecords: createManifestRecords({ doc, table: options.table }),
    ...(options.profilingDlqUrl && {
      deadLetters: createDeadLetters({ sqs: options.sqs, queueUrl: options.profilingDlqUrl, hideSeconds: 1 }),
    }),
    ...(options.intakeDlqUrl && {
      intake: {
        deadLetters: createDeadLetters({ sqs: options.sqs, queueUrl: options.intakeDlqUrl, hideSeconds: 1 }),
        manifestStore: createManifestStore({ s3, bucket: options.bucket }),
        maxManifestBytes: DEFAULTS.maxManifestBytes,
        retentionDays: DEFAULTS.retentionDays,
      },
    }),
    stallAfterMinutes: options.stallAfterMinutes ?? DEFAULTS.stallAfterMinutes,
    observability: createObservability('stall-detector'),
  });
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      running = detect().catch((err) => options.onError?.(err));
    },
    (options.checkSeconds ?? 60) * 1000,
  );
  timer.unref();
  return {
    resume() {
      resumed ??= options.resumeUnfinished
        ? resumeUnfinishedWork({ ...options, doc, s3 })
        : Promise.resolve({ manifestsResumed: [], uploadsRenotified: [] });
      return resumed;
    },
    async stop() {
      await resumed?.catch(() => {});
      clearInterval(timer);
      await running;
      dynamo.destroy();
      s3.destroy();
    },
  };
}
