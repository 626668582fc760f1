import type { ManifestRecords } from '#adapters/manifest-records.ts';
import type { ManifestStore } from '#adapters/manifest-store.ts';
import { expiresAtFor, reportKey } from '#adapters/pipeline-resources.ts';
import { ReportBuilder } from '#core/manifest/report-builder.ts';
import type { ValidationReport } from '#schemas/validation-report.ts';

/**
 * An upload the ingest could not process (it crashed, timed out or ran out of memory on
 * every attempt) is never left without a trace: it gets a `rejected` manifest record with an
 * INGEST_FAILED report, so `GET /manifests` and `pcu manifests list` show it. Used by the
 * ingest before a message's last attempt and by the stall detector for the uploads in the
 * intake DLQ. The record is provisional: a later ingest of the same bytes (a redrive from
 * the DLQ, a re-upload) replaces it with the real one; it never replaces a record itself.
 */
export type FailedUpload = {
  manifestId: string;
  port: string;
  key: string;
  sizeBytes?: number;
  /** Shown to the officer in the report: what happened, in plain words. */
  message: string;
};

export function createFailedUploadRecorder(deps: {
  manifestRecords: ManifestRecords;
  manifestStore: Pick<ManifestStore, 'putReport'>;
  retentionDays: number;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  /** True when the upload had no record and now has the INGEST_FAILED one. */
  return async function recordFailedUpload(upload: FailedUpload): Promise<boolean> {
    const report = ingestFailedReport(`${upload.key}: ${upload.message}`);
    const at = now();
    const { created, record } = await deps.manifestRecords.createIfAbsent({
      manifestId: upload.manifestId,
      port: upload.port,
      sourceKey: upload.key,
      status: 'rejected',
      validationStatus: report.status,
      counts: report.counts,
      reportKey: reportKey(upload.manifestId),
      chunkCount: 0,
      receivedAt: at.toISOString(),
      expiresAt: expiresAtFor(at, deps.retentionDays),
      ...(upload.sizeBytes !== undefined && { sourceBytes: upload.sizeBytes }),
      provisional: true,
    });
    // Record first (conditional), then its report: a real record's report is never overwritten;
    // a provisional one whose report write failed last time gets it now.
    if (created || record.provisional) await deps.manifestStore.putReport(upload.manifestId, report);
    return created;
  };
}
export type RecordFailedUpload = ReturnType<typeof createFailedUploadRecorder>;

export function ingestFailedReport(message: string): ValidationReport {
  const builder = new ReportBuilder();
  builder.fileError('INGEST_FAILED', message);
  return builder.build({ billsOfLading: 0, containers: 0, goodsItems: 0 });
}
