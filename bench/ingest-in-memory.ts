/**
 * The ingest Lambda's whole path (createIngestRecordHandler: read, parse, validate, report,
 * chunk, send) over a manifest file, with in-memory stand-ins for S3, DynamoDB and SQS, so
 * its peak memory can be measured in a process of its own. The stand-ins do what costs memory
 * in the real adapters: the file is streamed in 64 KiB chunks as S3 would, and every chunk
 * and the report are serialised as the real adapters serialise them (then dropped).
 *
 * Used by `npm run bench -- intake` (at the real caps) and by test/functions/ingest-memory.test.ts
 * (at scaled-down caps, in a child node with a small heap). As a script:
 * `node [--max-old-space-size=N] --import tsx bench/ingest-in-memory.ts FILE [CAPS_JSON]`
 * prints one JSON line: the outcome, the report's status and error codes, units queued and
 * the process's peak RSS.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManifestRecords } from '#adapters/manifest-records.ts';
import type { ManifestStore } from '#adapters/manifest-store.ts';
import type { ProfilingQueue } from '#adapters/profiling-queue.ts';
import { readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import type { ManifestFormat, ValidationReport } from '#schemas/validation-report.ts';
import { createObservability } from '../functions/commons/powertools.ts';
import { createIngestRecordHandler } from '../functions/ingest/ingest-manifest.ts';

export interface InMemoryIngestResult {
  outcome: string;
  status?: string;
  errorCodes: string[];
  containers: number;
  unitsQueued: number;
  chunks: number;
  chunkBytes: number;
  seconds: number;
  maxRssMb: number;
}

export async function ingestFile(
  file: string,
  caps: Partial<Record<ManifestFormat, number>> = {},
  opts: { sizeKnown?: boolean } = {},
): Promise<InMemoryIngestResult> {
  const started = performance.now();
  let report: ValidationReport | undefined;
  let unitsQueued = 0;
  let chunks = 0;
  let chunkBytes = 0;
  const manifestStore: ManifestStore = {
    async *read() {
      for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) yield chunk as Buffer;
    },
    async putReport(manifestId, r) {
      report = r;
      JSON.stringify(r);
      return `reports/${manifestId}.json`;
    },
    async putChunk(manifestId, chunkIndex, body) {
      chunkBytes += body.length;
      return `chunks/${manifestId}/${chunkIndex}.json`;
    },
    async getChunk() {
      throw new Error('the ingest never reads chunks');
    },
  };
  const records = new Map<string, { status: string }>();
  const manifestRecords = {
    async createIfAbsent(input: { manifestId: string; status: string }) {
      const existing = records.get(input.manifestId);
      if (existing) return { created: false, record: existing };
      const record = { ...input };
      records.set(input.manifestId, record);
      return { created: true, record };
    },
    async markQueued(manifestId: string) {
      const record = records.get(manifestId);
      if (record) record.status = 'queued';
    },
  } as unknown as ManifestRecords;
  const profilingQueue: ProfilingQueue = {
    async sendChunks(batch) {
      for (const chunk of batch) {
        chunks++;
        unitsQueued += chunk.units.length;
        chunkBytes += JSON.stringify({ v: 1, chunk }).length;
      }
      return { inline: batch.length, viaS3: 0 };
    },
  };
  const observability = createObservability('ingest-bench');
  observability.logger.setLogLevel('SILENT');
  const ingest = createIngestRecordHandler({
    manifestStore,
    manifestRecords,
    profilingQueue,
    readManifest: readManifestForIntake,
    chunkSize: 100,
    retentionDays: 30,
    maxManifestBytes: Object.values(caps).length > 0 ? Math.max(...Object.values(caps)) : 2 ** 40,
    maxBytesPerFormat: caps,
    observability,
  });
  const size = statSync(file).size;
  const key = `incoming/NLRTM/${encodeURIComponent(basename(file))}`;
  const body = JSON.stringify({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: 'bench' },
          object: { key, ...(opts.sizeKnown !== false && { size }), eTag: 'e' },
        },
      },
    ],
  });
  const [outcome] = await ingest({ body, messageId: 'bench' } as Parameters<typeof ingest>[0]);
  return {
    outcome: outcome?.outcome ?? 'none',
    ...(report && { status: report.status }),
    errorCodes: [...new Set((report?.issues ?? []).filter((i) => i.severity === 'error').map((i) => i.code))],
    containers: report?.counts.containers ?? 0,
    unitsQueued,
    chunks,
    chunkBytes,
    seconds: (performance.now() - started) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

// Run as a script (not when bundled into the intake benchmark, whose children call ingestFile).
if (process.argv[1]?.endsWith('ingest-in-memory.ts') && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, caps, sizeKnown] = process.argv.slice(2);
  const result = await ingestFile(file as string, caps ? JSON.parse(caps) : {}, {
    sizeKnown: sizeKnown !== 'size-unknown',
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
