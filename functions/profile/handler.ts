import type { Context, SQSEvent } from 'aws-lambda';
import { dynamoDocumentClient, s3Client } from '#adapters/aws-clients.ts';
import { createClearanceStore } from '#adapters/clearance-store.ts';
import { createFlaggedStore } from '#adapters/flagged-store.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { createManifestStore } from '#adapters/manifest-store.ts';
import { createSnapshotStore } from '#adapters/snapshot-store.ts';
import { loadSnapshot } from '#core/snapshot/load-snapshot.ts';
import { pipelineConfig } from '../commons/pipeline-config.ts';
import { createObservability, processSqsBatch, withPowertools } from '../commons/powertools.ts';
import { createClearanceCache } from './clearance-cache.ts';
import { createProfileRecordHandler } from './profile-chunk.ts';
import { createSnapshotCache } from './snapshot-cache.ts';

/** Profiling queue -> profile. Thin: wiring only; the work is in profile-chunk.ts. */
const observability = createObservability('profile');
/** A new clearance (or revocation) applies to chunks profiled this long after it at most. */
const CLEARANCE_REFRESH_MS = 30_000;
let profileRecord: ReturnType<typeof createProfileRecordHandler> | undefined;

function recordHandler() {
  if (profileRecord) return profileRecord;
  const config = pipelineConfig();
  const s3 = s3Client();
  const doc = dynamoDocumentClient();
  const snapshots = createSnapshotCache({
    store: createSnapshotStore({ s3, bucket: config.bucket }),
    load: loadSnapshot,
    refreshMs: config.snapshotRefreshSeconds * 1000,
    onLoaded: (s, ms) =>
      observability.logger.info('config snapshot loaded', {
        snapshotVersion: s.version,
        loadMs: Math.round(ms),
      }),
    onPointerError: (err) =>
      observability.logger.warn('snapshot pointer unreadable; keeping the loaded version', {
        error: (err as Error)?.name,
      }),
  });
  const clearanceStore = createClearanceStore({ doc, table: config.table });
  const clearances = createClearanceCache({
    load: (port) => clearanceStore.list(port),
    refreshMs: CLEARANCE_REFRESH_MS,
  });
  profileRecord = createProfileRecordHandler({
    manifestStore: createManifestStore({ s3, bucket: config.bucket }),
    flaggedStore: createFlaggedStore({ doc, table: config.table }),
    manifestRecords: createManifestRecords({ doc, table: config.table }),
    snapshot: () => snapshots.current(),
    clearances: (port, at) => clearances.forPort(port, at),
    retentionDays: config.retentionDays,
    observability,
  });
  return profileRecord;
}

export const handler = withPowertools(observability, (event: SQSEvent, context: Context) =>
  processSqsBatch(event, context, (record) => recordHandler()(record), observability.logger),
);
