import type { SQSRecord } from 'aws-lambda';
import type { FlaggedContainerWrite, FlaggedStore } from '#adapters/flagged-store.ts';
import type { ManifestRecords } from '#adapters/manifest-records.ts';
import type { ManifestStore } from '#adapters/manifest-store.ts';
import { expiresAtFor, METRIC_NAMES, QUEUES } from '#adapters/pipeline-resources.ts';
import { chunkContextOf, type ProfilingChunk, resolveChunkMessage } from '#adapters/profiling-queue.ts';
import { applyClearances, type ClearanceIndex } from '#core/clearances/suppression.ts';
import { consignmentOf } from '#core/pipeline/consignment.ts';
import { conveyanceOf } from '#core/pipeline/conveyance.ts';
import { excerpt } from '#core/text/excerpt.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import { MetricUnit, type Observability } from '../commons/powertools.ts';

/**
 * Profiling of one chunk message: score every container with the current snapshot, write
 * the flagged ones, then count the chunk on the manifest record (idempotently) and mark the
 * manifest complete when its last chunk is done. Any failure throws, so only this message
 * is reported failed and redelivered; a redelivery rewrites the same items and is not
 * counted twice. On its last attempt (the next stop is the DLQ) a failing chunk marks its
 * manifest `stalled` with the reason, so nobody has to find out from a DLQ which manifest is
 * incomplete; an admin resumes it once the cause is fixed.
 */
export type ScoringSnapshot = {
  version: string;
  assess(unit: ContainerUnit, opts?: { reportingPort?: string; session?: unknown }): ContainerAssessment;
  newSession?(): unknown;
};

export type ProfileDeps = {
  manifestStore: ManifestStore;
  flaggedStore: FlaggedStore;
  manifestRecords: ManifestRecords;
  snapshot: () => Promise<ScoringSnapshot>;
  /** The port's clearances in force at a time: a cleared party's watchlist hit does not alert. */
  clearances?: (port: string, at: Date) => Promise<ClearanceIndex>;
  retentionDays: number;
  observability: Observability;
  now?: () => Date;
  /** Receives after which SQS moves a message to the DLQ (the queue's maxReceiveCount). */
  maxReceiveCount?: number;
};

export type ChunkOutcome = {
  manifestId: string;
  chunkIndex: number;
  profiled: number;
  flagged: number;
  counted: boolean;
  complete: boolean;
  snapshotVersion: string;
};

/** Sessions kept per container instance (the chunks of one manifest mostly arrive together). */
const MAX_SESSIONS = 4;
/** A session that has screened this many distinct names is replaced, bounding its memory. */
const MAX_SESSION_NAMES = 50_000;

export function createProfileRecordHandler(deps: ProfileDeps) {
  const { logger, metrics } = deps.observability;
  const now = deps.now ?? (() => new Date());
  // One screening session per manifest and snapshot version, reused across its chunks: the same
  // shippers and consignees recur across a vessel's containers, so each name is screened once
  // per container instance instead of once per chunk (about twice the throughput).
  const sessions = new Map<string, unknown>();

  function sessionFor(snapshot: ScoringSnapshot, manifestId: string): unknown {
    if (!snapshot.newSession) return undefined;
    const key = `${snapshot.version}:${manifestId}`;
    let session = sessions.get(key);
    const screened = (session as { partyNamesScreened?: number } | undefined)?.partyNamesScreened ?? 0;
    if (session === undefined || screened > MAX_SESSION_NAMES) {
      session = snapshot.newSession();
      sessions.delete(key);
      while (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
    } else {
      sessions.delete(key); // re-insert below: most recently used last
    }
    sessions.set(key, session);
    return session;
  }

  const maxReceiveCount = deps.maxReceiveCount ?? QUEUES.profiling.maxReceiveCount;

  return async function profileRecord(record: SQSRecord): Promise<ChunkOutcome> {
    let chunk: ProfilingChunk | undefined;
    try {
      chunk = await resolveChunkMessage(record.body, deps.manifestStore);
      return await profileChunk(chunk);
    } catch (err) {
      const attempts = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      if (attempts >= maxReceiveCount) await recordLastFailure(record, chunk, attempts, err);
      throw err;
    }
  };

  /** Best effort: the failure itself is what SQS acts on; a failure to record it is logged. */
  async function recordLastFailure(
    record: SQSRecord,
    chunk: ProfilingChunk | undefined,
    attempts: number,
    err: unknown,
  ): Promise<void> {
    const context = chunk?.context ?? chunkContextOf(record.body);
    if (!context) return;
    const { manifestId, chunkIndex, chunkCount } = context;
    const error = err as Error;
    const reason = `chunk ${chunkIndex + 1} of ${chunkCount} failed ${attempts} times and went to the profiling dead-letter queue (${error?.name ?? 'Error'}: ${excerpt(String(error?.message ?? ''), 200)})`;
    try {
      const marked = await deps.manifestRecords.markChunkFailed(
        manifestId,
        chunkIndex,
        reason,
        now().toISOString(),
      );
      metrics.addMetric(METRIC_NAMES.chunksFailed, MetricUnit.Count, 1);
      logger.error('chunk failed for good; manifest stalled', {
        manifestId,
        chunkIndex,
        attempts,
        marked,
        error: error?.name,
      });
    } catch (recordErr) {
      logger.error('could not record a chunk failure on its manifest', {
        manifestId,
        chunkIndex,
        error: (recordErr as Error)?.name,
      });
    }
  }

  async function profileChunk(chunk: ProfilingChunk): Promise<ChunkOutcome> {
    const started = performance.now();
    const { manifestId, port, chunkIndex } = chunk.context;
    const snapshot = await deps.snapshot();
    const clearances = await deps.clearances?.(port, now());

    const flagged: FlaggedContainerWrite[] = [];
    // The upload folder's port selects the rules and threshold (it is what the PCU is authorised for).
    const options = { reportingPort: port, session: sessionFor(snapshot, manifestId) };
    for (const part of chunk.units) {
      const unit = { voyage: chunk.voyage, container: part.container, billsOfLading: part.billsOfLading };
      const scored = snapshot.assess(unit, options);
      const assessment = clearances ? applyClearances(scored, clearances) : scored;
      if (!assessment.flagged) continue;
      flagged.push({
        containerNumber: assessment.containerNumber,
        score: assessment.score,
        lane: assessment.lane,
        assessment: assessment as unknown as Record<string, unknown>,
        consignment: consignmentOf(unit),
      });
    }

    const at = now();
    await deps.flaggedStore.writeFlagged(
      {
        manifestId,
        port,
        ...conveyanceOf(chunk.voyage),
        vesselName: chunk.voyage?.vesselName,
        voyageNumber: chunk.voyage?.voyageNumber,
        snapshotVersion: snapshot.version,
        profiledAt: at.toISOString(),
        expiresAt: expiresAtFor(at, deps.retentionDays),
      },
      flagged,
    );
    const progress = await deps.manifestRecords.recordChunkDone(
      manifestId,
      chunkIndex,
      { profiled: chunk.units.length, flagged: flagged.length },
      at.toISOString(),
    );

    if (progress.counted) {
      metrics.addMetric(METRIC_NAMES.containersProfiled, MetricUnit.Count, chunk.units.length);
      metrics.addMetric(METRIC_NAMES.containersFlagged, MetricUnit.Count, flagged.length);
    }
    metrics.addMetric(METRIC_NAMES.processingTime, MetricUnit.Milliseconds, performance.now() - started);
    logger.debug('chunk profiled', {
      manifestId,
      chunkIndex,
      containers: chunk.units.length,
      flagged: flagged.length,
    });
    if (progress.complete && progress.counted) {
      logger.info('manifest profiled', {
        manifestId,
        port,
        containers: progress.record.containersProfiled,
        flagged: progress.record.containersFlagged,
        snapshotVersion: snapshot.version,
      });
    }
    return {
      manifestId,
      chunkIndex,
      profiled: chunk.units.length,
      flagged: flagged.length,
      counted: progress.counted,
      complete: progress.complete,
      snapshotVersion: snapshot.version,
    };
  }
}
