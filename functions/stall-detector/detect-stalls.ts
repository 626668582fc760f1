import { createHash } from 'node:crypto';
import type { DeadLetters, DeadUpload } from '#adapters/dead-letters.ts';
import type { ManifestRecord, ManifestRecords } from '#adapters/manifest-records.ts';
import type { ManifestStore } from '#adapters/manifest-store.ts';
import { expiresAtFor, METRIC_NAMES, portFromIncomingKey, QUEUES } from '#adapters/pipeline-resources.ts';
import { manifestIdOfBytes, manifestIdOfUnread } from '#core/pipeline/manifest-id.ts';
import { idleCutoff, idleStallReason } from '#core/pipeline/manifest-progress.ts';
import { createFailedUploadRecorder } from '../commons/failed-uploads.ts';
import { MetricUnit, type Observability } from '../commons/powertools.ts';

/**
 * One run of the stall detector (scheduled): every unfinished manifest with no progress for
 * `stallAfterMinutes` becomes `stalled` with the reason, and the number of stalled manifests
 * is emitted as the ManifestsStalled gauge (the alarm fires while it is >= 1). A chunk that
 * reaches the DLQ marks its manifest stalled itself (profile handler, last attempt); one that
 * died without its handler knowing (a timeout, a crash) is found in the DLQ here. A DLQ
 * message sent before the manifest's last resume is history, not a failure of the resumed run.
 *
 * An upload whose notification is in the intake DLQ (the ingest crashed or timed out on every
 * attempt before the last one could record it) and that has no manifest record gets a
 * `rejected` one with an INGEST_FAILED report naming the file, and counts in UploadsFailed.
 * Its id is the content hash the ingest uses (the file is streamed through the hash, so
 * memory stays small); each upload is read once: a note in the table remembers it.
 */
export type StallDetectorDeps = {
  manifestRecords: ManifestRecords;
  /** The profiling DLQ (optional: without it, only the no-progress rule applies). */
  deadLetters?: DeadLetters;
  stallAfterMinutes: number;
  observability: Observability;
  now?: () => Date;
  /** The intake DLQ and what recording its uploads needs (optional: without it, not looked at). */
  intake?: {
    deadLetters: DeadLetters;
    manifestStore: Pick<ManifestStore, 'read' | 'putReport'>;
    /** Larger files are not read (the ingest does not read them either): their id comes from the ETag. */
    maxManifestBytes: number;
    retentionDays: number;
    /** Files read (hashed) per run; the uploads beyond wait for the next run (those noted cost a GetItem). */
    maxFilesReadPerRun?: number;
  };
};

export type StallReport = {
  unfinished: number;
  stalled: number;
  newlyStalled: string[];
  /** Manifests recorded as rejected (INGEST_FAILED) in this run for uploads in the intake DLQ. */
  failedUploads: string[];
};

export function createStallDetector(deps: StallDetectorDeps) {
  const { logger, metrics } = deps.observability;
  const now = deps.now ?? (() => new Date());

  return async function detectStalls(): Promise<StallReport> {
    const at = now();
    const unfinished = await deps.manifestRecords.listUnfinished();
    let stalled = 0;
    const newlyStalled: string[] = [];
    const deadFor = await deadChunksOf(unfinished);
    for (const record of unfinished) {
      const dead = deadFor.get(record.manifestId) ?? [];
      if (dead.length > 0) {
        const reason = `${dead.length === 1 ? `chunk ${(dead[0] as number) + 1}` : `${dead.length} chunks`} of ${record.chunkCount} in the profiling dead-letter queue (failed 5 times; see the profile function's log)`;
        let marked = false;
        for (const index of dead)
          marked =
            (await deps.manifestRecords.markChunkFailed(
              record.manifestId,
              index,
              reason,
              at.toISOString(),
            )) || marked;
        if (marked) {
          stalled++;
          if (record.status !== 'stalled') newlyStalled.push(record.manifestId);
          continue;
        }
      }
      if (record.status === 'stalled') {
        stalled++;
        continue;
      }
      const reason = idleStallReason(
        { ...record, chunksDone: record.chunksDone.length, chunksFailed: record.chunksFailed.length },
        at,
        deps.stallAfterMinutes,
      );
      if (!reason) continue;
      // Conditional on the same cutoff: a chunk finishing meanwhile keeps the manifest moving.
      const marked = await deps.manifestRecords.markStalledIfIdle(
        record.manifestId,
        reason,
        at.toISOString(),
        idleCutoff(at, deps.stallAfterMinutes),
      );
      if (marked) {
        stalled++;
        newlyStalled.push(record.manifestId);
        logger.warn('manifest stalled', {
          manifestId: record.manifestId,
          port: record.port,
          chunksDone: record.chunksDone.length,
          chunkCount: record.chunkCount,
        });
      }
    }
    metrics.addMetric(METRIC_NAMES.manifestsStalled, MetricUnit.Count, stalled);
    const { recorded, errors } = await recordDeadUploads(at);
    if (deps.intake) metrics.addMetric(METRIC_NAMES.uploadsFailed, MetricUnit.Count, recorded.length);
    // After the rest is done; the failure makes the detector's error alarm fire and the next run retries.
    if (errors.length > 0)
      throw new Error(
        `could not record ${errors.length} upload(s) of the intake dead-letter queue: ${errors.slice(0, 3).join('; ')}`,
      );
    return { unfinished: unfinished.length, stalled, newlyStalled, failedUploads: recorded };
  };

  /** Every upload in the intake DLQ without a manifest record gets its INGEST_FAILED one. */
  async function recordDeadUploads(at: Date): Promise<{ recorded: string[]; errors: string[] }> {
    const recorded: string[] = [];
    const errors: string[] = [];
    const intake = deps.intake;
    if (!intake) return { recorded, errors };
    const recordFailedUpload = createFailedUploadRecorder({
      manifestRecords: deps.manifestRecords,
      manifestStore: intake.manifestStore,
      retentionDays: intake.retentionDays,
      now: () => at,
    });
    // Every upload in view, so the ones already noted never keep a new one out; only the reads are capped.
    const uploads = await intake.deadLetters.peekUploads();
    const maxReads = intake.maxFilesReadPerRun ?? 20;
    let reads = 0;
    for (const upload of uploads) {
      const port = portFromIncomingKey(upload.key);
      if (!port) continue; // the ingest ignores such keys; they never reach the DLQ through it
      const uploadId = deadUploadId(upload);
      try {
        if (await deps.manifestRecords.deadUploadNoted(uploadId)) continue;
        if (reads++ >= maxReads) {
          logger.info('more intake DLQ uploads than one run reads; the next run goes on', { maxReads });
          break;
        }
        const { manifestId, stored } = await manifestIdOf(upload, port, intake);
        const created = await recordFailedUpload({
          manifestId,
          port,
          key: upload.key,
          ...(upload.size !== undefined && { sizeBytes: upload.size }),
          message: `the file could not be processed: the ingest failed on every one of its ${QUEUES.intake.maxReceiveCount} attempts (a crash, a timeout, too little memory or a store error) and set it aside in the intake dead-letter queue; ${stored ? 'the file is kept for the operators' : 'the file is no longer stored (expired or deleted): upload it again'}`,
        });
        await deps.manifestRecords.noteDeadUpload(
          uploadId,
          manifestId,
          at.toISOString(),
          expiresAtFor(at, QUEUES.intake.dlqRetentionDays + 1),
        );
        if (created) {
          recorded.push(manifestId);
          logger.error('an upload in the intake dead-letter queue is recorded as rejected (INGEST_FAILED)', {
            key: upload.key,
            manifestId,
            sentAt: upload.sentAt,
          });
        }
      } catch (err) {
        errors.push(`${upload.key}: ${(err as Error)?.name ?? 'Error'}`);
        logger.error('could not record an upload of the intake dead-letter queue', {
          key: upload.key,
          error: (err as Error)?.name,
        });
      }
    }
    return { recorded, errors };
  }

  /** The id the ingest gives these bytes; from the ETag when the file is not read (too large, or gone). */
  async function manifestIdOf(
    upload: DeadUpload,
    port: string,
    intake: NonNullable<StallDetectorDeps['intake']>,
  ): Promise<{ manifestId: string; stored: boolean }> {
    const unread = () => manifestIdOfUnread(port, upload.eTag ?? upload.key);
    if ((upload.size ?? 0) > intake.maxManifestBytes) return { manifestId: unread(), stored: true };
    try {
      return {
        manifestId: await manifestIdOfBytes(port, intake.manifestStore.read(upload.key)),
        stored: true,
      };
    } catch (err) {
      if ((err as Error)?.name !== 'NoSuchKey') throw err;
      return { manifestId: unread(), stored: false };
    }
  }

  /** Chunk indexes in the DLQ per unfinished manifest: not done, not yet counted failed, sent since the last resume. */
  async function deadChunksOf(unfinished: ManifestRecord[]): Promise<Map<string, number[]>> {
    const result = new Map<string, number[]>();
    if (!deps.deadLetters || unfinished.length === 0) return result;
    const byId = new Map(unfinished.map((r) => [r.manifestId, r]));
    for (const { context, sentAt } of await deps.deadLetters.peekChunks()) {
      const record = byId.get(context.manifestId);
      if (!record) continue;
      if (record.chunksDone.includes(context.chunkIndex) || record.chunksFailed.includes(context.chunkIndex))
        continue;
      if (sentAt < (record.resumedAt ?? record.receivedAt)) continue;
      const list = result.get(context.manifestId) ?? [];
      if (!list.includes(context.chunkIndex)) list.push(context.chunkIndex);
      result.set(
        context.manifestId,
        list.sort((a, b) => a - b),
      );
    }
    return result;
  }
}

/** One uploaded object (the same notification twice in the DLQ is one upload). */
function deadUploadId(upload: DeadUpload): string {
  return createHash('sha256')
    .update(`${upload.key}\n${upload.eTag ?? ''}\n${upload.sequencer ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}
