import type { S3Event, S3EventRecord, SQSRecord } from 'aws-lambda';
import type { ManifestRecords } from '#adapters/manifest-records.ts';
import type { ManifestStore } from '#adapters/manifest-store.ts';
import {
  decodeS3EventKey,
  expiresAtFor,
  METRIC_NAMES,
  portFromIncomingKey,
  QUEUES,
  reportKey,
} from '#adapters/pipeline-resources.ts';
import type { ProfilingChunk, ProfilingQueue } from '#adapters/profiling-queue.ts';
import { isResumeMessage, type ResumeOf, resumeEventRecord } from '#adapters/resume-requests.ts';
import type { IntakeRead } from '#core/manifest/parse-manifest.ts';
import { ReportBuilder } from '#core/manifest/report-builder.ts';
import { conveyanceOf } from '#core/pipeline/conveyance.ts';
import { manifestIdHash, manifestIdOfDigest, manifestIdOfUnread } from '#core/pipeline/manifest-id.ts';
import { isUnfinished } from '#core/pipeline/manifest-progress.ts';
import { excerpt } from '#core/text/excerpt.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import type { ManifestFormat, ValidationReport } from '#schemas/validation-report.ts';
import { createFailedUploadRecorder, ingestFailedReport } from '../commons/failed-uploads.ts';
import { MetricUnit, type Observability } from '../commons/powertools.ts';

/**
 * Ingest of one intake-queue message (an S3 event notification): stream the uploaded
 * manifest, parse and validate it, dedupe by content, record it, write its validation
 * report and queue its containers for profiling.
 *
 * Idempotency: the manifest id is a hash of the port and the file's bytes, so the same
 * notification twice, or the same file under two keys, lands on one manifest record (created
 * with a condition). A record that is not finished (received, queued or stalled: a previous
 * attempt stopped half way, a restart lost the queue, a chunk reached the DLQ) is resumed by a
 * re-upload of the same file or a resume request: the file is re-chunked deterministically and
 * only the chunks not done are queued again (harmless if some were in flight: profiling is
 * idempotent).
 *
 * Never a silent loss: a crash (out of memory, a timeout) cannot be caught, so before a
 * message's last attempt (`ApproximateReceiveCount` >= maxReceiveCount) the upload gets a
 * provisional `rejected` record with an INGEST_FAILED report; the attempt replaces it if it
 * succeeds, and if it dies too the officer sees the report while the message goes to the DLQ.
 */
export type ManifestSource = { name?: string; open(): AsyncIterable<Uint8Array> };
/** readManifestForIntake (core): validates, reports, and hands out the container units. */
export type ReadManifest = (
  source: ManifestSource,
  opts: {
    reportingPort?: string;
    sizeBytes?: number;
    maxBytes?: Partial<Record<ManifestFormat, number>>;
  },
) => Promise<IntakeRead>;

export type IngestDeps = {
  manifestStore: ManifestStore;
  manifestRecords: ManifestRecords;
  profilingQueue: ProfilingQueue;
  readManifest: ReadManifest;
  chunkSize: number;
  retentionDays: number;
  /** Larger objects are rejected before they are read (the largest of the per-format caps). */
  maxManifestBytes: number;
  /** Per-format caps (MANIFEST_SIZE_CAPS), checked on the object size and while streaming. */
  maxBytesPerFormat?: Partial<Record<ManifestFormat, number>>;
  observability: Observability;
  now?: () => Date;
  /** Receives after which SQS moves a message to the intake DLQ (the queue's maxReceiveCount). */
  maxReceiveCount?: number;
  /**
   * A `queued` manifest with no progress for this long is resumed by a re-upload of the same
   * file (sooner, its chunks may still be in flight; a duplicate notification changes nothing).
   */
  resumeQueuedAfterMs?: number;
};

/** Chunks are sent as they fill, this many at a time (one SQS batch), so few are held at once. */
const CHUNKS_PER_SEND = 10;

export type IngestOutcome =
  | { outcome: 'test-event' }
  | { outcome: 'ignored'; key: string; reason: string }
  | { outcome: 'duplicate'; key: string; manifestId: string }
  | { outcome: 'rejected'; key: string; manifestId: string }
  | { outcome: 'queued'; key: string; manifestId: string; chunks: number; containers: number }
  | { outcome: 'stalled'; key: string; manifestId: string; reason: string };

export function createIngestRecordHandler(deps: IngestDeps) {
  const { logger, metrics } = deps.observability;
  const now = deps.now ?? (() => new Date());
  const maxReceiveCount = deps.maxReceiveCount ?? QUEUES.intake.maxReceiveCount;
  const recordFailedUpload = createFailedUploadRecorder({ ...deps, now });

  return async function ingestRecord(record: SQSRecord): Promise<IngestOutcome[]> {
    const attempt = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    const event = parseNotification(record.body);
    if ('Event' in event && event.Event === 's3:TestEvent') {
      logger.info('skipping the S3 test event');
      return [{ outcome: 'test-event' }];
    }
    if (isResumeMessage(event)) return [await resumeObject(event.pcuResume)];
    const outcomes: IngestOutcome[] = [];
    for (const s3Record of (event as S3Event).Records ?? []) {
      outcomes.push(await ingestObject(s3Record, undefined, attempt));
    }
    return outcomes;
  };

  /** A resume request: the stored file is ingested again as if re-uploaded (same manifest id). */
  async function resumeObject(resume: ResumeOf): Promise<IngestOutcome> {
    const at = () => now().toISOString();
    try {
      const outcome = await ingestObject(resumeEventRecord(resume), resume);
      if ('manifestId' in outcome && outcome.manifestId !== resume.manifestId) {
        const reason =
          'cannot resume: the stored file no longer has the content of this manifest; upload it again';
        await deps.manifestRecords.markStalled(resume.manifestId, reason, at());
        return { outcome: 'stalled', key: resume.sourceKey, manifestId: resume.manifestId, reason };
      }
      return outcome;
    } catch (err) {
      if ((err as Error)?.name !== 'NoSuchKey') throw err;
      const reason =
        'cannot resume: the uploaded file is no longer stored (expired or deleted); upload it again';
      await deps.manifestRecords.markStalled(resume.manifestId, reason, at());
      logger.warn('resume impossible, the source is gone', { manifestId: resume.manifestId });
      return { outcome: 'stalled', key: resume.sourceKey, manifestId: resume.manifestId, reason };
    }
  }

  async function ingestObject(
    s3Record: S3EventRecord,
    resume?: ResumeOf,
    attempt = 1,
  ): Promise<IngestOutcome> {
    const started = performance.now();
    const key = decodeS3EventKey(s3Record.s3.object.key);
    if (!s3Record.eventName?.startsWith('ObjectCreated')) {
      return { outcome: 'ignored', key, reason: `event ${s3Record.eventName}` };
    }
    const port = portFromIncomingKey(key);
    if (!port) {
      logger.warn('object is not under incoming/{port}/, ignored', { key });
      return { outcome: 'ignored', key, reason: 'not under incoming/{port}/' };
    }
    const fileName = key.slice(key.lastIndexOf('/') + 1);
    const size = s3Record.s3.object.size ?? 0;

    let manifestId: string;
    let parsed: IntakeRead;
    if (size > deps.maxManifestBytes) {
      // Not read at all: the id comes from the object's ETag (identical for identical bytes).
      manifestId = manifestIdOfUnread(port, s3Record.s3.object.eTag ?? key);
      parsed = unitless(
        fileRejectedReport('FILE_TOO_LARGE', `${size} bytes; the limit is ${deps.maxManifestBytes}`),
      );
    } else {
      const hashed = hashingSource(port, fileName, () => deps.manifestStore.read(key));
      if (attempt >= maxReceiveCount && !resume) {
        // Hashing streams (bounded memory): the id is known before the parse that may crash.
        await recordBeforeLastAttempt({
          manifestId: manifestIdOfDigest(await hashed.digest()),
          port,
          key,
          size,
          attempt,
        });
      }
      // The port from the key fills in a manifest that names none (e.g. CBP CUSCAR's Schedule D codes).
      parsed = await parseOrReject(hashed.source, {
        reportingPort: port,
        ...(s3Record.s3.object.size !== undefined && { sizeBytes: size }),
        ...(deps.maxBytesPerFormat && { maxBytes: deps.maxBytesPerFormat }),
      });
      hashed.rethrowReadError();
      manifestId = manifestIdOfDigest(await hashed.digest());
    }
    const { report, voyage } = parsed;
    const accepted = voyage !== undefined && report.status !== 'rejected';
    const unitCount = accepted ? parsed.unitCount : 0;
    const chunkCount = Math.ceil(unitCount / deps.chunkSize);
    const receivedAt = now().toISOString();

    const { created, record } = await deps.manifestRecords.createIfAbsent({
      manifestId,
      port,
      sourceKey: key,
      status: accepted ? 'received' : 'rejected',
      format: report.format,
      validationStatus: report.status,
      ...(voyage && conveyanceOf(voyage)),
      vesselName: voyage?.vesselName,
      imoNumber: voyage?.imoNumber,
      voyageNumber: voyage?.voyageNumber,
      eta: voyage?.eta,
      counts: report.counts,
      reportKey: reportKey(manifestId),
      chunkCount,
      receivedAt,
      expiresAt: expiresAtFor(now(), deps.retentionDays),
      sourceBytes: size,
      // Not a verdict on the content: the same bytes ingested later (after a fix) replace it.
      ...(report.issues.some((i) => i.code === 'INGEST_FAILED') && { provisional: true }),
    });
    const resumeQueuedAfterMs = deps.resumeQueuedAfterMs ?? QUEUES.profiling.visibilityTimeoutSeconds * 1000;
    const stuck =
      record.status !== 'queued' ||
      (record.lastProgressAt ?? record.receivedAt) <=
        new Date(now().getTime() - resumeQueuedAfterMs).toISOString();
    const unfinished = !created && isUnfinished(record.status) && (resume !== undefined || stuck);
    if (!created && !unfinished && record.status !== 'rejected') {
      logger.info('duplicate manifest, already ingested', { key, manifestId, status: record.status });
      return { outcome: 'duplicate', key, manifestId };
    }

    await deps.manifestStore.putReport(manifestId, report);
    if (created) {
      metrics.addMetric(METRIC_NAMES.manifestsReceived, MetricUnit.Count, 1);
      metrics.addMetric(METRIC_NAMES.recordsRejected, MetricUnit.Count, report.counts.rejectedRecords);
    }
    if (!accepted || !voyage) {
      logger.warn('manifest rejected', { key, manifestId, codes: issueCodes(report) });
      return { outcome: 'rejected', key, manifestId };
    }
    if (voyage.reportingPort !== port) {
      logger.warn('reporting port differs from the upload folder; the folder wins', {
        key,
        manifestId,
        reportingPort: voyage.reportingPort,
      });
    }

    // Deterministic chunking: the same file gives the same chunks; on a resume only the ones not done go.
    let done: ReadonlySet<number> = new Set();
    if (unfinished) {
      if (chunkCount !== record.chunkCount) {
        const reason = `cannot resume: the file now gives ${chunkCount} chunks, the manifest expects ${record.chunkCount}`;
        await deps.manifestRecords.markStalled(manifestId, reason, now().toISOString());
        return { outcome: 'stalled', key, manifestId, reason };
      }
      if (!resume) await deps.manifestRecords.requestResume(manifestId, now().toISOString());
      done = new Set(record.chunksDone);
      logger.info('resuming an unfinished manifest', { key, manifestId, chunks: chunkCount - done.size });
    }

    // Units are chunked as they come and chunks sent as they fill: only CHUNKS_PER_SEND chunks are held.
    let units: Array<Omit<ContainerUnit, 'voyage'>> = [];
    let pending: ProfilingChunk[] = [];
    let chunks = 0;
    let sentChunks = 0;
    let viaS3 = 0;
    const cut = () => {
      if (units.length === 0) return;
      const chunkIndex = chunks++;
      if (!done.has(chunkIndex))
        pending.push({ context: { manifestId, port, chunkIndex, chunkCount }, voyage, units });
      units = [];
    };
    const send = async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      viaS3 += (await deps.profilingQueue.sendChunks(batch)).viaS3;
      sentChunks += batch.length;
    };
    try {
      await parsed.forEachUnit(async ({ container, billsOfLading }) => {
        units.push({ container, billsOfLading });
        if (units.length >= deps.chunkSize) {
          cut();
          if (pending.length >= CHUNKS_PER_SEND) await send();
        }
      });
      cut();
      await send();
    } catch (err) {
      if ((err as Error)?.name !== 'ChunkSendError') throw err;
      // Refused for good (not throttling): retrying cannot help; the record says why.
      const reason = `cannot queue the chunks: ${(err as Error).message}`;
      await deps.manifestRecords.markStalled(manifestId, reason, now().toISOString());
      return { outcome: 'stalled', key, manifestId, reason };
    }
    if (chunks !== chunkCount) {
      // The object changed between the two readings (it cannot otherwise): retry from the start.
      throw new Error(`the manifest gave ${chunks} chunks on its second reading, ${chunkCount} on its first`);
    }
    await deps.manifestRecords.markQueued(manifestId, now().toISOString());
    metrics.addMetric(METRIC_NAMES.processingTime, MetricUnit.Milliseconds, performance.now() - started);
    logger.info('manifest queued for profiling', {
      key,
      manifestId,
      port,
      containers: unitCount,
      chunks: sentChunks,
      chunksViaS3: viaS3,
      rejectedRecords: report.counts.rejectedRecords,
    });
    return { outcome: 'queued', key, manifestId, chunks: sentChunks, containers: unitCount };
  }

  /** The provisional INGEST_FAILED record, unless the upload has a record already. */
  async function recordBeforeLastAttempt(upload: {
    manifestId: string;
    port: string;
    key: string;
    size: number;
    attempt: number;
  }): Promise<void> {
    const failed = upload.attempt - 1;
    const created = await recordFailedUpload({
      manifestId: upload.manifestId,
      port: upload.port,
      key: upload.key,
      sizeBytes: upload.size,
      message: `the file could not be processed after ${failed} attempt${failed === 1 ? '' : 's'} (the ingest crashed, timed out, ran out of memory or could not reach a store); a last attempt was made and the file is kept for the operators`,
    });
    if (!created) return;
    metrics.addMetric(METRIC_NAMES.uploadsFailed, MetricUnit.Count, 1);
    logger.warn('last ingest attempt: the upload is recorded as INGEST_FAILED until it succeeds', {
      key: upload.key,
      manifestId: upload.manifestId,
      attempt: upload.attempt,
    });
  }

  /**
   * A parser exception on bad bytes must not become a retry storm: it is turned into a
   * rejected report. Running out of a resource (a string or buffer too large to allocate, a
   * stack overflow) happens again on every attempt: INGEST_FAILED. S3 and network errors
   * (they carry `$metadata` or a system `code`) are rethrown so SQS retries the message.
   */
  async function parseOrReject(
    source: ManifestSource,
    opts: Parameters<ReadManifest>[1],
  ): Promise<IntakeRead> {
    try {
      return await deps.readManifest(source, opts);
    } catch (err) {
      if (isInfrastructureError(err)) throw err;
      logger.error('the parser failed on this file', { error: (err as Error)?.name });
      if (isResourceExhaustion(err)) {
        const error = err as Error;
        metrics.addMetric(METRIC_NAMES.uploadsFailed, MetricUnit.Count, 1);
        return unitless(
          ingestFailedReport(
            `the file could not be processed (${error.name}: ${excerpt(error.message, 200)}); it is kept for the operators`,
          ),
        );
      }
      return unitless(fileRejectedReport('FILE_FORMAT_UNKNOWN', 'the file could not be read as a manifest'));
    }
  }
}

function parseNotification(body: string): S3Event | { Event: string } {
  try {
    return JSON.parse(body);
  } catch {
    throw new Error('the intake message is not JSON (not an S3 event notification)');
  }
}

/**
 * Wraps the S3 stream so the bytes are hashed while the parser reads them. If the parser
 * stops early (a file rejected on its first bytes), `digest()` reads the rest itself.
 * A read error is remembered: the parser reports unreadable input as a rejected file, but
 * an S3 failure is transient and must be retried, not recorded as a rejection.
 */
function hashingSource(port: string, name: string, read: () => AsyncIterable<Uint8Array>) {
  let digest: string | undefined;
  let readError: unknown;
  const hashAll = async function* (): AsyncGenerator<Uint8Array> {
    const hash = manifestIdHash(port);
    try {
      for await (const chunk of read()) {
        hash.update(chunk);
        yield chunk;
      }
    } catch (err) {
      readError ??= err;
      throw err;
    }
    digest ??= hash.digest('hex');
  };
  return {
    source: { name, open: hashAll } satisfies ManifestSource,
    /** Throws the first read error, if any happened while the parser read. */
    rethrowReadError(): void {
      if (readError !== undefined) throw readError;
    },
    async digest(): Promise<string> {
      if (digest === undefined) for await (const _ of hashAll());
      return digest as string;
    },
  };
}

function unitless(report: ValidationReport): IntakeRead {
  return { report, unitCount: 0, async forEachUnit() {} };
}

function fileRejectedReport(
  code: 'FILE_TOO_LARGE' | 'FILE_FORMAT_UNKNOWN',
  message: string,
): ValidationReport {
  const builder = new ReportBuilder();
  builder.fileError(code, message);
  return builder.build({ billsOfLading: 0, containers: 0, goodsItems: 0 });
}

/** V8's RangeErrors for an allocation or a stack too large: the same bytes fail the same way. */
function isResourceExhaustion(err: unknown): boolean {
  return (
    err instanceof RangeError &&
    /allocation failed|invalid (string|array|typed array) length|maximum call stack|out of memory/i.test(
      err.message,
    )
  );
}

function isInfrastructureError(err: unknown): boolean {
  const e = err as { $metadata?: unknown; code?: unknown; name?: string };
  return (
    e?.$metadata !== undefined ||
    (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) ||
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError'
  );
}

function issueCodes(report: ValidationReport): string[] {
  return [...new Set(report.issues.filter((i) => i.severity === 'error').map((i) => i.code))].slice(0, 10);
}
