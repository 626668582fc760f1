import type { ManifestRecords } from '#adapters/manifest-records.ts';
import { METRIC_NAMES } from '#adapters/pipeline-resources.ts';
import { idleCutoff, idleStallReason } from '#core/pipeline/manifest-progress.ts';
import { MetricUnit, type Observability } from '../commons/powertools.ts';

/**
 * One run of the stall detector (scheduled): every unfinished manifest with no progress for
 * `stallAfterMinutes` becomes `stalled` with the reason, and the number of stalled manifests
 * is emitted as the ManifestsStalled gauge (the alarm fires while it is >= 1). Chunks that
 * reach the DLQ mark their manifest stalled themselves (profile handler, last attempt).
 */
export type StallDetectorDeps = {
  manifestRecords: ManifestRecords;
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
    for (const record of unfinished) {
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
}
