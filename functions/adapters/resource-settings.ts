/**
 * The names and settings shared by the CDK app (`infra/`), the Lambda handlers, the adapters
 * and the local stack: environment variables, metric names, size caps, the S3 key layout's
 * prefixes, queue settings, and the DynamoDB single table's keys and indexes. Constants only:
 * it imports nothing, so CDK code and the console's build can read it without an SDK. The
 * key shapes and item layouts built from these are in pipeline-resources.ts.
 */
// ---------------------------------------------------------------------------------------
// Environment variables the Lambdas read (set by the CDK app and by the local stack).
// ---------------------------------------------------------------------------------------
export const ENV = {
  /** The pipeline bucket: incoming manifests, reports, oversized chunks, config snapshots. */
  bucketName: 'BUCKET_NAME',
  /** The single DynamoDB table (manifest records + flagged containers). */
  tableName: 'TABLE_NAME',
  /** Where the ingest Lambda sends container chunks. */
  profilingQueueUrl: 'PROFILING_QUEUE_URL',
  /** Where a resume request is sent (the ingest Lambda re-queues the chunks not done). */
  intakeQueueUrl: 'INTAKE_QUEUE_URL',
  /** The profiling dead-letter queue, which the stall detector reads (never empties). */
  profilingDlqUrl: 'PROFILING_DLQ_URL',
  /** The intake dead-letter queue: the stall detector records its uploads as rejected (never empties it). */
  intakeDlqUrl: 'INTAKE_DLQ_URL',
  /** Minutes without progress after which an unfinished manifest is `stalled`. */
  stallAfterMinutes: 'STALL_AFTER_MINUTES',
  /** How long flagged containers and manifest records are kept (days; TTL attribute). */
  retentionDays: 'RETENTION_DAYS',
  /** Containers per profiling chunk (defaults to QUEUES.profiling.chunkSize). */
  chunkSize: 'CHUNK_SIZE',
  /** How often the profile Lambda re-checks the snapshot pointer (seconds). */
  snapshotRefreshSeconds: 'SNAPSHOT_REFRESH_SECONDS',
  /** Largest manifest accepted (bytes); larger files are rejected with FILE_TOO_LARGE. */
  maxManifestBytes: 'MAX_MANIFEST_BYTES',
  /** Powertools: service name and metrics namespace. */
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  /** List refresh: a mirror of the public lists (layout of data/watchlists/); unset = the official addresses. */
  listSourceUrl: 'LIST_SOURCE_URL',
  /** List refresh: manifests received in this many days are re-screened against new entries. */
  rescreenDays: 'RESCREEN_DAYS',
  /** List refresh: the ports (comma-separated UN/LOCODEs) whose manifests are re-screened. */
  ports: 'PCU_PORTS',
} as const;
export type EnvName = (typeof ENV)[keyof typeof ENV];

export const METRICS_NAMESPACE = 'PcuTargeting';
export const METRIC_NAMES = {
  manifestsReceived: 'ManifestsReceived',
  recordsRejected: 'RecordsRejected',
  containersProfiled: 'ContainersProfiled',
  containersFlagged: 'ContainersFlagged',
  processingTime: 'ProcessingTime',
  /** Manifests `stalled` right now (a gauge, emitted by the stall detector on every run). */
  manifestsStalled: 'ManifestsStalled',
  /** Chunks that failed on their last attempt (they go to the profiling DLQ). */
  chunksFailed: 'ChunksFailed',
  /**
   * Uploads recorded as rejected with INGEST_FAILED: their last ingest attempt began (after
   * failed ones) or they were found in the intake DLQ without a manifest record.
   */
  uploadsFailed: 'UploadsFailed',
  /** A list download that failed or was refused (unparsable, implausibly shrunk): the old edition keeps serving. */
  listRefreshFailed: 'ListRefreshFailed',
  /** Flags written or updated by re-screening against new or changed list entries. */
  listRescreenFlags: 'ListRescreenFlags',
} as const;

const MB = 1024 * 1024;

/**
 * Largest manifest the ingest Lambda reads, per format (bytes); a larger one gets a
 * FILE_TOO_LARGE report (checked on the S3 object size, and on the bytes while streaming).
 * Each cap is a size whose whole ingest (parse, validate, chunk, send) peaks at no more than
 * 70% of QUEUES.intake.ingestMemoryMb, as measured by `npm run bench -- intake` (figures in
 * the README, "Size limits"). Every format is streamed (only the cross-record index and the
 * B/Ls still open are held), so peak memory grows with the containers, not the model; the
 * caps keep the upload limit (and the Lambda's time) bounded.
 */
export const MANIFEST_SIZE_CAPS = {
  /** 192 MB (269k containers) peaked at 487 MB (725 MB with the model whole); 122 MB per 100,000 containers. */
  csv: 200 * MB,
  /** 192 MB (226k containers) peaked at 297 MB; 78 MB per 100,000 containers (the index). */
  json: 200 * MB,
  /**
   * Raised from 100 MB once streamed: 205 MB (335k containers) peaked at 645 MB (1,369 MB at
   * 192 MB with the model whole); 96 MB at 451 MB; 195 MB per 100,000 containers.
   */
  cuscar: 200 * MB,
} as const;

/**
 * The ingest Lambda's V8 heap limit (NODE_OPTIONS --max-old-space-size): V8 collects before
 * the heap passes it, so the process stays within its memory; the rest of the memory is for
 * code, buffers and the young generation.
 */
export const INGEST_HEAP_MB = 1280;

export const DEFAULTS = {
  retentionDays: 365,
  snapshotRefreshSeconds: 30,
  /** The upload limit (presigned PUT) and the first check of the ingest: the largest per-format cap. */
  maxManifestBytes: Math.max(...Object.values(MANIFEST_SIZE_CAPS)),
  /**
   * No progress for this long and an unfinished manifest is stalled. A healthy manifest
   * finishes in minutes; a chunk that fails is retried for 5 x 6 min before its DLQ.
   */
  stallAfterMinutes: 30,
  /** How often the stall detector runs on AWS. */
  stallCheckMinutes: 5,
  /** How often the list refresh runs on AWS (OFAC and the UN publish at most daily). */
  listRefreshHours: 6,
  /** Manifests received in the last this-many days are re-screened after a list update. */
  rescreenDays: 30,
  /** A list download that does not answer within this is a failure (the alarm path). */
  listFetchTimeoutMs: 60_000,
} as const;

// ---------------------------------------------------------------------------------------
// S3 key layout (one bucket).
// ---------------------------------------------------------------------------------------
export const S3_PREFIXES = {
  /** `incoming/{port}/{anything}`: officers upload here; ObjectCreated notifies the intake queue. */
  incoming: 'incoming/',
  /** `reports/{manifestId}.json`: the full validation report. */
  reports: 'reports/',
  /** `chunks/{manifestId}/{n}.json`: chunks too large for an SQS message. */
  chunks: 'chunks/',
  /** `config/snapshots/{version}/...` + the `config/current.json` pointer. */
  config: 'config/',
  snapshots: 'config/snapshots/',
} as const;

export const SNAPSHOT_POINTER_KEY = 'config/current.json';
export const SNAPSHOT_FILE_NAME = 'snapshot.json';
/** The deployment's locations file (data/locations/README.md), published by `pcu publish --locations`. */
export const LOCATIONS_FILE_KEY = 'config/locations.csv';
/** The list refresh's record of each list: edition date, entries, last refresh and outcome. */
export const LIST_STATUS_KEY = 'config/lists/status.json';

// ---------------------------------------------------------------------------------------
// Queues. Visibility timeout >= 6x the consumer's timeout (AWS guidance for SQS triggers).
// ---------------------------------------------------------------------------------------
export const QUEUES = {
  intake: {
    /** Ingest Lambda timeout: a manifest at its size cap took 30-70 s on a loaded 2-core machine. */
    consumerTimeoutSeconds: 300,
    visibilityTimeoutSeconds: 1800,
    /** Each record is a whole manifest: few per batch keeps one invocation's work bounded. */
    batchSize: 1,
    maxBatchingWindowSeconds: 0,
    maxReceiveCount: 5,
    retentionDays: 14,
    dlqRetentionDays: 14,
    /** The per-format size caps (MANIFEST_SIZE_CAPS) are measured against this. */
    ingestMemoryMb: 2048,
  },
  profiling: {
    consumerTimeoutSeconds: 60,
    visibilityTimeoutSeconds: 360,
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    maxReceiveCount: 5,
    retentionDays: 14,
    dlqRetentionDays: 14,
    profileMemoryMb: 1024,
    /** Containers per chunk message. */
    chunkSize: 100,
  },
} as const;

/** SQS hard limits (SendMessageBatch). */
export const SQS_LIMITS = {
  maxBatchEntries: 10,
  /** Total payload of one message AND of one batch. */
  maxPayloadBytes: 256 * 1024,
} as const;

/** Chunks whose body is larger than this go to S3 and the message carries a reference. */
export const INLINE_CHUNK_MAX_BYTES = 240 * 1024;

// ---------------------------------------------------------------------------------------
// DynamoDB single table.
//
// item                 pk                       sk
// manifest record      MANIFEST#{manifestId}    META
// flagged container    MANIFEST#{manifestId}    CONTAINER#{containerNumber}
// dead upload          DEAD_UPLOAD#{uploadId}   META   (an intake-DLQ upload already accounted for)
// clearance            PORT#{port}#CLEARANCES   CLEARANCE#{clearanceId}
// clearance audit      PORT#{port}#CLEARANCES   AUDIT#{at}#{clearanceId}#{action}   (immutable)
// search term (flag)   MANIFEST#{manifestId}    TERM#FLAG#{containerNumber}#{term}
// search term (man.)   MANIFEST#{manifestId}    TERM#MANIFEST#{term}
//
// All flags of a manifest: query pk = MANIFEST#{id}, sk begins_with CONTAINER#.
// Deterministic keys: a redelivery or re-upload updates the same item, never adds one.
// ---------------------------------------------------------------------------------------
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * What a flag list row shows (functions/api/views.ts toFlaggedSummary): the lists read these
 * and leave the stored consignment (up to 64 KB) and the decision history behind. Dotted
 * paths name map members (a ProjectionExpression); an index projects the top-level attribute.
 */
export const FLAGGED_LIST_ATTRIBUTES = [
  'manifestId',
  'containerNumber',
  'port',
  'mode',
  'vesselName',
  'voyageNumber',
  'conveyance',
  'score',
  'lane',
  'status',
  'version',
  'flaggedAt',
  'profiledAt',
  'assessment.hits',
] as const;

/**
 * The non-key attributes the flag-list indexes hold (an INCLUDE projection): a list reads
 * ~300 B per flag from them, not the whole item. `assessment` is whole (an index projects
 * top-level attributes only): statistics and re-screening read its hits and evidence.
 * `sourceKeys` is a manifest record's (byPortDate also lists manifests; the local restart reads it).
 */
const FLAG_LIST_PROJECTION = [
  ...new Set(FLAGGED_LIST_ATTRIBUTES.map((path) => path.split('.')[0] as string)),
];

/**
 * Each GSI owns its two key attributes (string). Items without them are not indexed.
 * The flag-list indexes were `by...Summary` until their projection gained `mode` and
 * `conveyance` (a list filters by mode and shows the mode's identifiers): README, "Upgrading".
 * `projection` lists the non-key attributes an INCLUDE index holds (absent: ALL). A projection
 * cannot change in place on AWS: changing one means a new `indexName` (README, "Upgrading").
 */
export const INDEXES = {
  /**
   * Flagged containers of a port by date, newest first (ScanIndexForward=false); manifests under
   * `PORT#{port}#MANIFEST` (their readers fetch the whole records by key).
   */
  byPortDate: {
    indexName: 'byPortDateRow',
    partitionKey: 'portDatePk',
    sortKey: 'portDateSk',
    projection: [...FLAG_LIST_PROJECTION, 'sourceKeys'],
  },
  /** Flagged containers of a port with a given status (open, assigned, ...), by date. */
  byPortStatus: {
    indexName: 'byPortStatusRow',
    partitionKey: 'portStatusPk',
    sortKey: 'portStatusSk',
    projection: FLAG_LIST_PROJECTION,
  },
  /** Flagged containers of a port by score (highest first with ScanIndexForward=false). */
  byPortScore: {
    indexName: 'byPortScoreRow',
    partitionKey: 'portScorePk',
    sortKey: 'portScoreSk',
    projection: FLAG_LIST_PROJECTION,
  },
  /** One container number across ports and manifests; sk `{port}#{flaggedAt}` so a caller's ports are sk prefixes. */
  byContainer: { indexName: 'byContainer', partitionKey: 'containerPk', sortKey: 'containerSk' },
  /**
   * Sparse: only search-term items (functions/adapters/search-index.ts). pk
   * `PORT#{port}#TERM#{term}`, sk `{profiledAt}#{manifestId}#{container}` for a flag's term,
   * `{receivedAt}#{manifestId}` for a manifest's, the id itself under `PORT#{port}#TERM#manifest`:
   * one Query per (port, term), newest first.
   */
  bySearchTerm: { indexName: 'bySearchTerm', partitionKey: 'termPk', sortKey: 'termSk' },
  /**
   * Sparse: only manifest records whose profiling is not finished (received, queued, stalled),
   * for the stall detector and the local restart; the keys are removed on complete or rejected.
   */
  unfinishedManifests: {
    indexName: 'unfinishedManifests',
    partitionKey: 'unfinishedPk',
    sortKey: 'unfinishedSk',
  },
} as const;
export type IndexName = keyof typeof INDEXES;

export const ITEM_TYPES = {
  manifest: 'manifest',
  flagged: 'flagged',
  deadUpload: 'deadUpload',
  searchTerm: 'searchTerm',
} as const;
