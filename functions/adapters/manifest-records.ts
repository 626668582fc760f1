import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ValidationReport } from '#schemas/validation-report.ts';
import { ITEM_TYPES, keys, type ManifestStatus } from './pipeline-resources.ts';
import { withBackoff } from './retry-with-backoff.ts';

/**
 * Manifest records in DynamoDB: one item per manifest (pk MANIFEST#{id}, sk META) with its
 * status, counts and profiling progress. Progress is idempotent without transactions: the
 * chunk index is ADDed to a number set in the same conditional update that adds the
 * chunk's counts, so a redelivered chunk is never counted twice.
 */
export type ManifestRecordInput = {
  manifestId: string;
  port: string;
  sourceKey: string;
  status: Extract<ManifestStatus, 'received' | 'rejected'>;
  format?: string;
  /** The validation report's status: accepted, partial or rejected. */
  validationStatus?: string;
  vesselName?: string;
  imoNumber?: string;
  voyageNumber?: string;
  eta?: string;
  counts: ValidationReport['counts'];
  reportKey: string;
  chunkCount: number;
  receivedAt: string;
  expiresAt: number;
};

export type ManifestRecord = Omit<ManifestRecordInput, 'sourceKey' | 'status'> & {
  status: ManifestStatus;
  sourceKeys: string[];
  chunksDone: number[];
  containersProfiled: number;
  containersFlagged: number;
  queuedAt?: string;
  completedAt?: string;
};

export type ChunkProgress = { counted: boolean; complete: boolean; record: ManifestRecord };

export interface ManifestRecords {
  /** Creates the record unless one exists; either way returns it (with `sourceKey` added). */
  createIfAbsent(input: ManifestRecordInput): Promise<{ created: boolean; record: ManifestRecord }>;
  /** received -> queued, once every chunk is on the profiling queue. */
  markQueued(manifestId: string, at: string): Promise<void>;
  recordChunkDone(
    manifestId: string,
    chunkIndex: number,
    counts: { profiled: number; flagged: number },
    at: string,
  ): Promise<ChunkProgress>;
  get(manifestId: string): Promise<ManifestRecord | undefined>;
}

export class ManifestRecordMissingError extends Error {
  constructor(manifestId: string) {
    super(`manifest record ${manifestId} does not exist`);
    this.name = 'ManifestRecordMissingError';
  }
}

export function createManifestRecords(options: {
  doc: DynamoDBDocumentClient;
  table: string;
}): ManifestRecords {
  const { doc, table } = options;
  const send = <T>(op: () => Promise<T>) => withBackoff(op);

  const records: ManifestRecords = {
    async createIfAbsent(input) {
      const { sourceKey, ...rest } = input;
      const item = {
        ...keys.manifest(input.manifestId),
        ...keys.portManifests(input.port, input.receivedAt, input.manifestId),
        type: ITEM_TYPES.manifest,
        ...stripUndefined(rest),
        sourceKeys: new Set([sourceKey]),
        containersProfiled: 0,
        containersFlagged: 0,
        ...(input.chunkCount === 0 && input.status === 'received'
          ? { status: 'complete' as const, completedAt: input.receivedAt }
          : {}),
      };
      try {
        await send(() =>
          doc.send(
            new PutCommand({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
          ),
        );
        return { created: true, record: toRecord(item) };
      } catch (err) {
        if (
          !(err instanceof ConditionalCheckFailedException) &&
          (err as Error).name !== 'ConditionalCheckFailedException'
        )
          throw err;
      }
      const updated = await send(() =>
        doc.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.manifest(input.manifestId),
            UpdateExpression: 'ADD sourceKeys :key',
            ExpressionAttributeValues: { ':key': new Set([sourceKey]) },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return { created: false, record: toRecord(updated.Attributes ?? {}) };
    },

    async markQueued(manifestId, at) {
      try {
        await send(() =>
          doc.send(
            new UpdateCommand({
              TableName: table,
              Key: keys.manifest(manifestId),
              UpdateExpression: 'SET #status = :queued, queuedAt = :at',
              // Chunks may all finish before this runs; never move a complete manifest back.
              ConditionExpression: '#status = :received',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':queued': 'queued', ':received': 'received', ':at': at },
            }),
          ),
        );
      } catch (err) {
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      }
    },

    async recordChunkDone(manifestId, chunkIndex, counts, at) {
      let record: ManifestRecord;
      let counted = true;
      try {
        const result = await send(() =>
          doc.send(
            new UpdateCommand({
              TableName: table,
              Key: keys.manifest(manifestId),
              UpdateExpression:
                'ADD chunksDone :chunk, containersProfiled :profiled, containersFlagged :flagged',
              ConditionExpression: 'attribute_exists(pk) AND NOT contains(chunksDone, :index)',
              ExpressionAttributeValues: {
                ':chunk': new Set([chunkIndex]),
                ':index': chunkIndex,
                ':profiled': counts.profiled,
                ':flagged': counts.flagged,
              },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        record = toRecord(result.Attributes ?? {});
      } catch (err) {
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
        // Already counted (a redelivery), or the record is missing.
        const existing = await records.get(manifestId);
        if (!existing) throw new ManifestRecordMissingError(manifestId);
        record = existing;
        counted = false;
      }
      const allDone = record.chunksDone.length >= record.chunkCount;
      if (allDone && record.status !== 'complete') {
        await markComplete(manifestId, at);
        record = { ...record, status: 'complete', completedAt: at };
      }
      return { counted, complete: allDone, record };
    },

    async get(manifestId) {
      const result = await send(() =>
        doc.send(new GetCommand({ TableName: table, Key: keys.manifest(manifestId), ConsistentRead: true })),
      );
      return result.Item ? toRecord(result.Item) : undefined;
    },
  };

  async function markComplete(manifestId: string, at: string) {
    try {
      await send(() =>
        doc.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.manifest(manifestId),
            UpdateExpression: 'SET #status = :complete, completedAt = :at',
            ConditionExpression: '#status <> :complete',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':complete': 'complete', ':at': at },
          }),
        ),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }

  return records;
}

function toRecord(item: Record<string, unknown>): ManifestRecord {
  const { pk, sk, type, portDatePk, portDateSk, sourceKeys, chunksDone, ...rest } = item;
  return {
    ...(rest as Omit<ManifestRecord, 'sourceKeys' | 'chunksDone'>),
    sourceKeys: [...((sourceKeys as Iterable<string> | undefined) ?? [])].sort(),
    chunksDone: [...((chunksDone as Iterable<number> | undefined) ?? [])].map(Number).sort((a, b) => a - b),
    containersProfiled: Number(rest.containersProfiled ?? 0),
    containersFlagged: Number(rest.containersFlagged ?? 0),
    chunkCount: Number(rest.chunkCount ?? 0),
  };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
