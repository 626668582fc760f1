/**
 * The S3 key shapes and the DynamoDB item layout of the pipeline, built from the shared
 * names and settings of resource-settings.ts (re-exported here for the stores and handlers).
 * Nothing here talks to AWS.
 */
export * from './resource-settings.ts';

import { INDEXES, S3_PREFIXES, SNAPSHOT_FILE_NAME, TABLE_KEYS } from './resource-settings.ts';

/** A PCU port is a UN/LOCODE without the space. */
const PORT_PATTERN = /^[A-Z]{2}[A-Z0-9]{3}$/;

export function incomingKey(port: string, fileName: string): string {
  return `${S3_PREFIXES.incoming}${port}/${fileName}`;
}

/**
 * The port an incoming object belongs to (`incoming/NLRTM/2026/file.csv` -> `NLRTM`), or
 * undefined when the key is not under `incoming/{LOCODE}/`. Takes the decoded key.
 */
export function portFromIncomingKey(key: string): string | undefined {
  if (!key.startsWith(S3_PREFIXES.incoming)) return undefined;
  const port = key.slice(S3_PREFIXES.incoming.length).split('/')[0] ?? '';
  const upper = port.toUpperCase();
  return PORT_PATTERN.test(upper) && key.length > S3_PREFIXES.incoming.length + port.length + 1
    ? upper
    : undefined;
}

export function reportKey(manifestId: string): string {
  return `${S3_PREFIXES.reports}${manifestId}.json`;
}

export function chunkKey(manifestId: string, chunkIndex: number): string {
  return `${S3_PREFIXES.chunks}${manifestId}/${chunkIndex}.json`;
}

export function snapshotPrefix(version: string): string {
  return `${S3_PREFIXES.snapshots}${version}/`;
}

export function snapshotKey(version: string): string {
  return `${snapshotPrefix(version)}${SNAPSHOT_FILE_NAME}`;
}

/** What `config/current.json` holds: the published version and where its snapshot lives. */
export type SnapshotPointer = { version: string; key: string; publishedAt: string };

/** How S3 writes a key into an event notification: each segment form-encoded (`+` for a space). */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

/** S3 object keys arrive URL-encoded in event notifications, with `+` for a space. */
export function decodeS3EventKey(rawKey: string): string {
  return decodeURIComponent(rawKey.replace(/\+/g, ' '));
}

// Statuses are domain vocabulary, defined once in schemas/statuses.ts (re-exported here for the stores).
export {
  FLAG_STATUSES,
  type FlagStatus,
  INITIAL_FLAG_STATUS,
  MANIFEST_STATUSES,
  type ManifestStatus,
  UNFINISHED_MANIFEST_STATUSES,
} from '../../schemas/statuses.ts';

/**
 * Attributes of a flagged item only an officer/analyst writes (through the API). The pipeline
 * never SETs these except with `if_not_exists` on first creation.
 */
export const OFFICER_ATTRIBUTES = [
  'status',
  'notes',
  'decision',
  'decisionHistory',
  'decisionUpdatedAt',
  'version',
  'portStatusPk',
  'portStatusSk',
] as const;

export const keys = {
  manifest(manifestId: string) {
    return { pk: `MANIFEST#${manifestId}`, sk: 'META' };
  },
  flagged(manifestId: string, containerNumber: string) {
    return { pk: `MANIFEST#${manifestId}`, sk: `CONTAINER#${containerNumber}` };
  },
  /**
   * An upload seen in the intake DLQ (uploadId: a hash of its key, ETag and sequencer), with
   * the manifest it was found to be: the stall detector reads a file there once, not every run.
   */
  deadUpload(uploadId: string) {
    return { pk: `DEAD_UPLOAD#${uploadId}`, sk: 'META' };
  },
  /** Prefix of the sk of every flagged container of a manifest. */
  flaggedSkPrefix: 'CONTAINER#',
  manifestPartition(manifestId: string) {
    return `MANIFEST#${manifestId}`;
  },
  /** byPortDate, for a flagged container. */
  portDate(port: string, flaggedAt: string, manifestId: string, containerNumber: string) {
    return { portDatePk: `PORT#${port}`, portDateSk: `${flaggedAt}#${manifestId}#${containerNumber}` };
  },
  /** byPortDate, for a manifest record (a separate partition from the flags). */
  portManifests(port: string, receivedAt: string, manifestId: string) {
    return { portDatePk: `PORT#${port}#MANIFEST`, portDateSk: `${receivedAt}#${manifestId}` };
  },
  portDatePk(port: string) {
    return `PORT#${port}`;
  },
  portManifestsPk(port: string) {
    return `PORT#${port}#MANIFEST`;
  },
  /** unfinishedManifests, for a manifest record not yet complete or rejected. */
  unfinishedManifest(receivedAt: string, manifestId: string) {
    return { unfinishedPk: keys.unfinishedManifestsPk, unfinishedSk: `${receivedAt}#${manifestId}` };
  },
  unfinishedManifestsPk: 'MANIFESTS#UNFINISHED',
  portStatus(port: string, status: string, flaggedAt: string, manifestId: string, containerNumber: string) {
    return {
      portStatusPk: keys.portStatusPk(port, status),
      portStatusSk: `${flaggedAt}#${manifestId}#${containerNumber}`,
    };
  },
  portStatusPk(port: string, status: string) {
    return `PORT#${port}#STATUS#${status}`;
  },
  /** No date in the sort key: a re-profiling moves the item by score only. */
  portScore(port: string, score: number, manifestId: string, containerNumber: string) {
    return {
      portScorePk: `PORT#${port}`,
      portScoreSk: `${scoreSortKey(score)}#${manifestId}#${containerNumber}`,
    };
  },
  portScorePk(port: string) {
    return `PORT#${port}`;
  },
  /** Sort-key lower bound for `score >= minScore` on byPortScore. */
  portScoreSkFrom(minScore: number) {
    return scoreSortKey(minScore);
  },
  container(containerNumber: string, port: string, flaggedAt: string) {
    return { containerPk: `CONTAINER#${containerNumber}`, containerSk: `${port}#${flaggedAt}` };
  },
  containerPk(containerNumber: string) {
    return `CONTAINER#${containerNumber}`;
  },
  /** An analyst's "not this entry" for a party at a port (functions/core/clearances). */
  clearance(port: string, clearanceId: string) {
    return { pk: keys.clearancesPk(port), sk: `${keys.clearanceSkPrefix}${clearanceId}` };
  },
  /** One immutable audit entry (created, revoked) of a port's clearances, in time order. */
  clearanceAudit(port: string, at: string, clearanceId: string, action: string) {
    return {
      pk: keys.clearancesPk(port),
      sk: `${keys.clearanceAuditSkPrefix}${at}#${clearanceId}#${action}`,
    };
  },
  clearancesPk(port: string) {
    return `PORT#${port}#CLEARANCES`;
  },
  clearanceSkPrefix: 'CLEARANCE#',
  clearanceAuditSkPrefix: 'AUDIT#',
  /** A search term of a flagged container, in its manifest's partition (deterministic: rewriting it is a no-op). */
  flagTerm(manifestId: string, containerNumber: string, term: string) {
    return { pk: `MANIFEST#${manifestId}`, sk: `TERM#FLAG#${containerNumber}#${term}` };
  },
  manifestTerm(manifestId: string, term: string) {
    return { pk: `MANIFEST#${manifestId}`, sk: `TERM#MANIFEST#${term}` };
  },
  /** bySearchTerm: every item of one port holding one term. */
  termPk(port: string, term: string) {
    return `PORT#${port}#TERM#${term}`;
  },
  /** bySearchTerm: a port's manifest ids (the sort key is the id, so a prefix is a key condition). */
  manifestIdTermPk(port: string) {
    return `PORT#${port}#TERM#manifest`;
  },
};

/**
 * Scores sort as strings: the score in thousandths, zero-padded to 9 digits (any score from
 * 0 to 999,999.999 points keeps its order; negative scores sort as 0).
 */
export function scoreSortKey(score: number): string {
  const scaled = Math.max(0, Math.min(999_999_999, Math.round(score * 1000)));
  return String(scaled).padStart(9, '0');
}

export { flaggedId, isManifestId, MANIFEST_ID_LENGTH, parseFlaggedId } from '../core/pipeline/manifest-id.ts';
// Domain vocabulary (flagged ids, manifest ids, retention), defined in the core; re-exported for the stores.
export { expiresAtFor } from '../core/pipeline/retention.ts';

// ---------------------------------------------------------------------------------------
// Message shapes on the profiling queue.
// ---------------------------------------------------------------------------------------

/** Everything the profile Lambda needs to know about the manifest a chunk belongs to. */
export type ChunkContext = {
  manifestId: string;
  port: string;
  chunkIndex: number;
  chunkCount: number;
};

// ---------------------------------------------------------------------------------------
// Message shapes on the intake queue besides S3 notifications.
// ---------------------------------------------------------------------------------------

/**
 * Resume an unfinished manifest: the ingest function re-reads the stored file, re-chunks it
 * (deterministically) and queues the chunks not done. Sent by `POST /manifests/{id}/resume`
 * and by the local stack on start.
 */
export type ResumeMessage = {
  pcuResume: {
    manifestId: string;
    port: string;
    sourceKey: string;
    sourceBytes?: number;
    requestedBy: string;
  };
};

/**
 * The table as a CreateTable input (plain object, no SDK import): used by the local stack
 * and the tests to create exactly the table the CDK app declares from INDEXES.
 */
export function tableDefinition(tableName: string) {
  const attributes = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const index of Object.values(INDEXES)) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: Object.values(INDEXES).map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: indexProjection(index),
    })),
  };
}

/** An index's projection as CreateTable takes it: INCLUDE its `projection`, or ALL. */
export function indexProjection(index: {
  indexName: string;
  projection?: readonly string[];
}): { ProjectionType: 'ALL' } | { ProjectionType: 'INCLUDE'; NonKeyAttributes: string[] } {
  return index.projection
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] }
    : { ProjectionType: 'ALL' };
}
