import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ConveyanceIdentifiers } from '#core/pipeline/conveyance.ts';
import { manifestTerms } from '#core/search/manifest-terms.ts';
import { excerpt } from '#core/text/excerpt.ts';
import type { TransportModeName } from '#schemas/transport-mode.ts';
import type { ValidationReport } from '#schemas/validation-report.ts';
import { INDEXES, ITEM_TYPES, keys, type ManifestStatus } from './pipeline-resources.ts';
import { manifestTermPuts, writeTerms } from './search-index.ts';

/**
 * Manifest records in DynamoDB: one item per manifest (pk MANIFEST#{id}, sk META) with its
 * status, counts and profiling progress. Progress is idempotent without transactions: the
 * chunk index is ADDed to a number set in the same conditional update that adds the
 * chunk's counts, so a redelivered chunk is never counted twice. When the last chunk is done
 * the flag count is recounted from the flag items (one per manifest and container), so the
 * manifest's count always equals what the listings show, whatever was redelivered.
 *
 * Progress is measurable: chunks expected (`chunkCount`), done (`chunksDone`), failed for good
 * (`chunksFailed`, on their last attempt), and `lastProgressAt`. An unfinished record carries
 * the sparse `unfinishedManifests` index keys, so the stall detector and the local restart
 * find every manifest that still needs work without scanning.
 */
export type ManifestRecordInput = {
  manifestId: string;
  port: string;
  sourceKey: string;
  status: Extract<ManifestStatus, 'received' | 'rejected'>;
  format?: string;
  /** The validation report's status: accepted, partial or rejected. */
  validationStatus?: string;
  /** The transport mode (sea when the manifest does not say) and its conveyance identifiers. */
  mode?: TransportModeName;
  conveyance?: ConveyanceIdentifiers;
  vesselName?: string;
  imoNumber?: string;
  voyageNumber?: string;
  eta?: string;
  counts: ValidationReport['counts'];
  reportKey: string;
  chunkCount: number;
  receivedAt: string;
  expiresAt: number;
  /** Size of the uploaded file: a resume re-reads it within the same size cap. */
  sourceBytes?: number;
  /**
   * Only says that the upload could not be processed (INGEST_FAILED): written before a last
   * attempt, or for an upload found in the intake DLQ. Any later ingest of the same bytes
   * replaces it; it never replaces a record itself.
   */
  provisional?: boolean;
};

export type ManifestRecord = Omit<ManifestRecordInput, 'sourceKey' | 'status'> & {
  status: ManifestStatus;
  sourceKeys: string[];
  chunksDone: number[];
  /** Chunks that failed on their last attempt and are not done since. */
  chunksFailed: number[];
  containersProfiled: number;
  containersFlagged: number;
  queuedAt?: string;
  completedAt?: string;
  lastProgressAt?: string;
  stalledAt?: string;
  stalledReason?: string;
  resumedAt?: string;
  resumeCount?: number;
};

export type ChunkProgress = { counted: boolean; complete: boolean; record: ManifestRecord };

export type ResumeRequest =
  | { outcome: 'resumed'; record: ManifestRecord }
  | { outcome: 'complete' | 'rejected'; record: ManifestRecord }
  | { outcome: 'missing' };

export interface ManifestRecords {
  /**
   * Creates the record unless one exists (a provisional one is replaced by one that is not);
   * either way returns it (with `sourceKey` added).
   */
  createIfAbsent(input: ManifestRecordInput): Promise<{ created: boolean; record: ManifestRecord }>;
  /** The manifest an intake-DLQ upload was found to be, if the stall detector already noted it. */
  deadUploadNoted(uploadId: string): Promise<string | undefined>;
  /** Notes an intake-DLQ upload as accounted for (until `expiresAt`, the DLQ's retention). */
  noteDeadUpload(uploadId: string, manifestId: string, at: string, expiresAt: number): Promise<void>;
  /** received -> queued, once every chunk is on the profiling queue. */
  markQueued(manifestId: string, at: string): Promise<void>;
  recordChunkDone(
    manifestId: string,
    chunkIndex: number,
    counts: { profiled: number; flagged: number },
    at: string,
  ): Promise<ChunkProgress>;
  get(manifestId: string): Promise<ManifestRecord | undefined>;
  /**
   * A chunk failed on its last attempt (it goes to the DLQ): the manifest is `stalled` with
   * the reason, unless the chunk was done meanwhile or the manifest is finished.
   */
  markChunkFailed(manifestId: string, chunkIndex: number, reason: string, at: string): Promise<boolean>;
  /** `stalled` with the reason, if the manifest is still received/queued with no progress since `idleSince`. */
  markStalledIfIdle(manifestId: string, reason: string, at: string, idleSince: string): Promise<boolean>;
  /** `stalled` with the reason whatever its progress (a resume that cannot be done). */
  markStalled(manifestId: string, reason: string, at: string): Promise<boolean>;
  /**
   * An unfinished manifest (received, queued or stalled) goes back to `queued`, its failures
   * cleared; the caller then re-queues the chunks not done. A finished one is left alone.
   */
  requestResume(manifestId: string, at: string): Promise<ResumeRequest>;
  /** Sets the flag count to the number of flag items of the manifest; returns it. */
  recountFlags(manifestId: string): Promise<number>;
  /** Every manifest whose profiling is not finished (received, queued, stalled), oldest first. */
  listUnfinished(): Promise<ManifestRecord[]>;
}

const UNFINISHED = { ':received': 'received', ':queued': 'queued', ':stalled': 'stalled' } as const;

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

  /** The manifest's search terms (vessel name words, IMO, id) as stored on the record (bounded excerpts). */
  async function writeTermsOf(stored: Record<string, unknown>) {
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const manifestId = text(stored.manifestId);
    const port = text(stored.port);
    const receivedAt = text(stored.receivedAt);
    if (!manifestId || !port || !receivedAt) return;
    const terms = manifestTerms({ vesselName: text(stored.vesselName), imoNumber: text(stored.imoNumber) });
    const context = { manifestId, port, receivedAt, expiresAt: Number(stored.expiresAt) || 0 };
    await writeTerms(doc, table, manifestTermPuts(table, context, terms));
  }

  const records: ManifestRecords = {
    async createIfAbsent(input) {
      const { sourceKey, ...rest } = input;
      const item = {
        ...keys.manifest(input.manifestId),
        ...keys.portManifests(input.port, input.receivedAt, input.manifestId),
        type: ITEM_TYPES.manifest,
        ...stripUndefined(rest),
        // A value of any size from the file is stored as a bounded excerpt (DynamoDB items are <= 400 KB).
        ...stripUndefined({
          vesselName: boundedOptional(rest.vesselName),
          imoNumber: boundedOptional(rest.imoNumber),
          voyageNumber: boundedOptional(rest.voyageNumber),
          eta: boundedOptional(rest.eta),
          format: boundedOptional(rest.format),
        }),
        sourceKeys: new Set([sourceKey]),
        containersProfiled: 0,
        containersFlagged: 0,
        lastProgressAt: input.receivedAt,
        ...(input.chunkCount === 0 && input.status === 'received'
          ? { status: 'complete' as const, completedAt: input.receivedAt }
          : input.status === 'received'
            ? keys.unfinishedManifest(input.receivedAt, input.manifestId)
            : {}),
      };
      try {
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: item,
            ...(input.provisional
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: 'attribute_not_exists(pk) OR provisional = :yes',
                  ExpressionAttributeValues: { ':yes': true },
                }),
          }),
        );
        await writeTermsOf(item);
        return { created: true, record: toRecord(item) };
      } catch (err) {
        if (
          !(err instanceof ConditionalCheckFailedException) &&
          (err as Error).name !== 'ConditionalCheckFailedException'
        )
          throw err;
      }
      const updated = await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.manifest(input.manifestId),
          UpdateExpression: 'ADD sourceKeys :key',
          ExpressionAttributeValues: { ':key': new Set([sourceKey]) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      // Rewritten on every delivery (the same items): a crash between the record and its terms heals.
      await writeTermsOf(updated.Attributes ?? {});
      return { created: false, record: toRecord(updated.Attributes ?? {}) };
    },

    async deadUploadNoted(uploadId) {
      const result = await doc.send(
        new GetCommand({ TableName: table, Key: keys.deadUpload(uploadId), ConsistentRead: true }),
      );
      return result.Item?.manifestId as string | undefined;
    },

    async noteDeadUpload(uploadId, manifestId, at, expiresAt) {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.deadUpload(uploadId),
            type: ITEM_TYPES.deadUpload,
            manifestId,
            notedAt: at,
            expiresAt,
          },
        }),
      );
    },

    async markQueued(manifestId, at) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.manifest(manifestId),
            UpdateExpression: 'SET #status = :queued, queuedAt = :at, lastProgressAt = :at',
            // Chunks may all finish before this runs; never move a complete manifest back.
            ConditionExpression: '#status = :received',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':queued': 'queued', ':received': 'received', ':at': at },
          }),
        );
      } catch (err) {
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      }
    },

    async recordChunkDone(manifestId, chunkIndex, counts, at) {
      let record: ManifestRecord;
      let counted = true;
      try {
        const result = await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.manifest(manifestId),
            UpdateExpression:
              'ADD chunksDone :chunk, containersProfiled :profiled, containersFlagged :flagged SET lastProgressAt = :at DELETE chunksFailed :chunk',
            ConditionExpression: 'attribute_exists(pk) AND NOT contains(chunksDone, :index)',
            ExpressionAttributeValues: {
              ':chunk': new Set([chunkIndex]),
              ':index': chunkIndex,
              ':profiled': counts.profiled,
              ':flagged': counts.flagged,
              ':at': at,
            },
            ReturnValues: 'ALL_NEW',
          }),
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
      if (allDone) {
        // Recounted on the completing chunk and on any redelivery after it: a chunk profiled
        // twice with different outcomes can leave more flag items than its first count.
        const flagged = await records.recountFlags(manifestId);
        if (record.status !== 'complete') await markComplete(manifestId, at);
        record = {
          ...record,
          containersFlagged: flagged,
          status: 'complete',
          completedAt: record.completedAt ?? at,
          chunksFailed: [],
        };
      }
      return { counted, complete: allDone, record };
    },

    async markChunkFailed(manifestId, chunkIndex, reason, at) {
      return conditionalUpdate({
        Key: keys.manifest(manifestId),
        UpdateExpression:
          'ADD chunksFailed :chunk SET #status = :stalled, stalledAt = if_not_exists(stalledAt, :at), stalledReason = :reason',
        ConditionExpression:
          'attribute_exists(pk) AND #status IN (:received, :queued, :stalled) AND NOT contains(chunksDone, :index)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ...UNFINISHED,
          ':chunk': new Set([chunkIndex]),
          ':index': chunkIndex,
          ':at': at,
          ':reason': excerpt(reason),
        },
      });
    },

    async markStalledIfIdle(manifestId, reason, at, idleSince) {
      return conditionalUpdate({
        Key: keys.manifest(manifestId),
        UpdateExpression: 'SET #status = :stalled, stalledAt = :at, stalledReason = :reason',
        ConditionExpression:
          'attribute_exists(pk) AND #status IN (:received, :queued) AND lastProgressAt <= :since',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':received': 'received',
          ':queued': 'queued',
          ':stalled': 'stalled',
          ':at': at,
          ':since': idleSince,
          ':reason': excerpt(reason),
        },
      });
    },

    async markStalled(manifestId, reason, at) {
      return conditionalUpdate({
        Key: keys.manifest(manifestId),
        UpdateExpression: 'SET #status = :stalled, stalledAt = :at, stalledReason = :reason',
        ConditionExpression: 'attribute_exists(pk) AND #status IN (:received, :queued, :stalled)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...UNFINISHED, ':at': at, ':reason': excerpt(reason) },
      });
    },

    async requestResume(manifestId, at) {
      try {
        const result = await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.manifest(manifestId),
            UpdateExpression:
              'SET #status = :queued, resumedAt = :at, lastProgressAt = :at ADD resumeCount :one REMOVE stalledAt, stalledReason, chunksFailed',
            ConditionExpression: 'attribute_exists(pk) AND #status IN (:received, :queued, :stalled)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ...UNFINISHED, ':at': at, ':one': 1 },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { outcome: 'resumed', record: toRecord(result.Attributes ?? {}) };
      } catch (err) {
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      }
      const existing = await records.get(manifestId);
      if (!existing) return { outcome: 'missing' };
      return { outcome: existing.status === 'rejected' ? 'rejected' : 'complete', record: existing };
    },

    async recountFlags(manifestId) {
      let count = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: {
              ':pk': keys.manifestPartition(manifestId),
              ':prefix': keys.flaggedSkPrefix,
            },
            Select: 'COUNT',
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        count += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.manifest(manifestId),
            UpdateExpression: 'SET containersFlagged = :count',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':count': count },
          }),
        );
      } catch (err) {
        // The record is gone (expired): nothing to count on.
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      }
      return count;
    },

    async listUnfinished() {
      const index = INDEXES.unfinishedManifests;
      const found: ManifestRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: index.indexName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': index.partitionKey },
            ExpressionAttributeValues: { ':pk': keys.unfinishedManifestsPk },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) found.push(toRecord(item));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return found;
    },

    async get(manifestId) {
      const result = await doc.send(
        new GetCommand({ TableName: table, Key: keys.manifest(manifestId), ConsistentRead: true }),
      );
      return result.Item ? toRecord(result.Item) : undefined;
    },
  };

  async function markComplete(manifestId: string, at: string) {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.manifest(manifestId),
          UpdateExpression:
            'SET #status = :complete, completedAt = :at REMOVE unfinishedPk, unfinishedSk, stalledAt, stalledReason, chunksFailed',
          ConditionExpression: '#status <> :complete',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':complete': 'complete', ':at': at },
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }

  /** An update that may be refused by its condition: true when it was applied. */
  async function conditionalUpdate(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    try {
      await doc.send(new UpdateCommand({ TableName: table, ...input }));
      return true;
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      return false;
    }
  }

  return records;
}

function boundedOptional(value: string | undefined): string | undefined {
  return value === undefined ? undefined : excerpt(value);
}

function toRecord(item: Record<string, unknown>): ManifestRecord {
  const {
    pk,
    sk,
    type,
    portDatePk,
    portDateSk,
    unfinishedPk,
    unfinishedSk,
    sourceKeys,
    chunksDone,
    chunksFailed,
    ...rest
  } = item;
  const numbers = (set: unknown) =>
    [...((set as Iterable<number> | undefined) ?? [])].map(Number).sort((a, b) => a - b);
  return {
    ...(rest as Omit<ManifestRecord, 'sourceKeys' | 'chunksDone' | 'chunksFailed'>),
    sourceKeys: [...((sourceKeys as Iterable<string> | undefined) ?? [])].sort(),
    chunksDone: numbers(chunksDone),
    chunksFailed: numbers(chunksFailed),
    containersProfiled: Number(rest.containersProfiled ?? 0),
    containersFlagged: Number(rest.containersFlagged ?? 0),
    chunkCount: Number(rest.chunkCount ?? 0),
  };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
