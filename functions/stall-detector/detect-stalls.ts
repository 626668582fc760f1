import type { DeadLetters } from '#adapters/dead-letters.ts';
import type { ManifestRecord, ManifestRecords } from '#adapters/manifest-records.ts';
import { METRIC_NAMES } from '#adapters/pipeline-resources.ts';
import { idleCutoff, idleStallReason } from '#core/pipeline/manifest-progress.ts';
import { MetricUnit, type Observability } from '../commons/powertools.ts';

/**
 * One run of the stall detector (scheduled): every unfinished manifest with no progress for
 * `stallAfterMinutes` becomes `stalled` with the reason, and the number of stalled manifests
 * is emitted as the ManifestsStalled gauge (the alarm fires while it is >= 1). A chunk that
 * reaches the DLQ marks its manifest stalled itself (profile handler, last attempt); one that
 * died without its handler knowing (a timeout, a crash) is found in the DLQ here. A DLQ
 * message sent before the manifest's last resume is history, not a failure of the resumed run.
 */
export type StallDetectorDeps = {
  manifestRecords: ManifestRecords;
  /** The profiling DLQ (optional: without it, only the no-progress rule applies). */
  deadLetters?: DeadLetters;
  stallAfterMinutes: number;
  observability: Observability;
  now?: () => Date;
};

export type StallReport = { unfinished: number; stalled: number; newlyStalled: string[] };

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
    return { unfinished: unfinished.length, stalled, newlyStalled };
  };

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
