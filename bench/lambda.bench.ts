/**
 * Lambda benchmark: bundle sizes, cold init of the profile handler, and profile-handler
 * throughput over mocked S3/DynamoDB, plus the request counts the cost model needs
 * (docs/cost-model.md). Needs no ../shared: watchlists, profiles and manifests come from the
 * repository (data/) and the seeded generator.
 *
 *   npx tsx bench/lambda.bench.ts            (or: npm run bench -- lambda)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { build } from 'esbuild';
import { QUEUES, SNAPSHOT_POINTER_KEY, snapshotKey } from '../functions/adapters/pipeline-resources.ts';
import { splitIntoChunks } from '../functions/adapters/profiling-queue.ts';
import { containerUnits } from '../functions/core/manifest/container-units.ts';
import { defaultProfileSet } from '../functions/core/profiling/index.ts';
import { buildSnapshot } from '../functions/core/snapshot/build-snapshot.ts';
import { loadSnapshot } from '../functions/core/snapshot/load-snapshot.ts';
import { defaultWatchlistPaths, loadWatchlist } from '../functions/core/watchlists/index.ts';
import { generateManifest, generateManifestText } from '../generator/index.ts';

const root = resolve(import.meta.dirname, '..');
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (figures below scale with it)`,
);
// Inside the repository so the bundles resolve @aws-sdk/* from node_modules, as in Lambda.
const work = join(root, 'node_modules', '.cache', 'pcu-lambda-bench');
mkdirSync(work, { recursive: true });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------- 1. bundle sizes
const bundleOptions = {
  bundle: true,
  format: 'esm' as const,
  minify: true,
  platform: 'node' as const,
  target: 'node24',
  external: ['@aws-sdk/*'],
  metafile: true,
  logLevel: 'error' as const,
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
};
const bundles: Record<string, { bytes: number; top: string[] }> = {};
for (const name of ['ingest', 'profile']) {
  const outfile = join(work, `${name}.mjs`);
  const result = await build({
    ...bundleOptions,
    entryPoints: [join(root, `functions/${name}/handler.ts`)],
    outfile,
  });
  const output = Object.values(result.metafile?.outputs ?? {})[0];
  const byPackage = new Map<string, number>();
  for (const [path, info] of Object.entries(output?.inputs ?? {})) {
    const parts = path.split('/');
    const key =
      parts[0] === 'node_modules'
        ? parts.slice(0, parts[1]?.startsWith('@') ? 3 : 2).join('/')
        : parts.slice(0, 3).join('/');
    byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
  }
  const top = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, v]) => `${k} ${Math.round(v / 1024)} KiB`);
  bundles[name] = { bytes: output?.bytes ?? 0, top };
  console.log(
    `bundle ${name}: ${round((output?.bytes ?? 0) / 1024 / 1024, 2)} MiB minified; largest: ${top.join(', ')}`,
  );
}

// ---------------------------------------------------------------- 2. the default snapshot (OFAC + UN)
const t = performance.now();
const entries = defaultWatchlistPaths().flatMap((path) => loadWatchlist(path));
const built = buildSnapshot({ entries, profileSet: defaultProfileSet() });
const buildMs = performance.now() - t;
const snapshotFile = join(work, 'snapshot.json');
writeFileSync(snapshotFile, built.body);
console.log(
  `snapshot ${built.version}: ${entries.length} watchlist entries (${built.header.watchlists.map((w) => `${w.list} ${w.entries}`).join(', ')}), ` +
    `${round(Buffer.byteLength(built.body) / 1024 / 1024, 2)} MiB, built in ${Math.round(buildMs)} ms`,
);

// ---------------------------------------------------------------- 3. cold init in fresh processes
// The entry is the real profile handler module plus the snapshot loader, bundled like the Lambda.
const coldEntry = join(work, 'profile-cold-entry.ts');
writeFileSync(
  coldEntry,
  `export { handler } from ${JSON.stringify(join(root, 'functions/profile/handler.ts'))};\n` +
    `export { loadSnapshot } from ${JSON.stringify(join(root, 'functions/core/snapshot/load-snapshot.ts'))};\n`,
);
const coldBundle = join(work, 'profile-cold.mjs');
await build({ ...bundleOptions, entryPoints: [coldEntry], outfile: coldBundle });
const coldScript = `
const { readFileSync } = await import('node:fs');
const t0 = performance.now();
const mod = await import(${JSON.stringify(coldBundle)});
const t1 = performance.now();
const snapshot = mod.loadSnapshot(readFileSync(${JSON.stringify(snapshotFile)}, 'utf8'));
const t2 = performance.now();
process.stdout.write(JSON.stringify({ moduleMs: t1 - t0, snapshotMs: t2 - t1, totalMs: t2 - t0, version: snapshot.version }));
`;
const colds: Array<{ moduleMs: number; snapshotMs: number; totalMs: number }> = [];
for (let i = 0; i < 7; i++) {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', coldScript], {
    encoding: 'utf8',
    env: { ...process.env, BUCKET_NAME: 'b', TABLE_NAME: 't', AWS_REGION: 'eu-west-1' },
  });
  if (child.status !== 0) throw new Error(`cold-start child failed: ${child.stderr}`);
  colds.push(JSON.parse(child.stdout));
}
const cold = {
  moduleMs: round(median(colds.map((c) => c.moduleMs))),
  snapshotMs: round(median(colds.map((c) => c.snapshotMs))),
  totalMs: round(median(colds.map((c) => c.totalMs))),
};
console.log(
  `cold init (median of ${colds.length} fresh processes): module ${cold.moduleMs} ms + snapshot ${cold.snapshotMs} ms = ${cold.totalMs} ms (target <= 500)`,
);

// ---------------------------------------------------------------- 4. throughput over mocked S3/DynamoDB
process.env.BUCKET_NAME = 'pcu-bench';
process.env.TABLE_NAME = 'pcu-bench';
process.env.AWS_REGION = 'eu-west-1';
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const s3Mock = mockClient(S3Client);
const ddbMock = mockClient(DynamoDBDocumentClient);
const pointer = JSON.stringify({ version: built.version, key: snapshotKey(built.version), publishedAt: '' });
s3Mock.on(GetObjectCommand).callsFake((input: { Key: string; IfNoneMatch?: string }) => {
  if (input.Key === SNAPSHOT_POINTER_KEY) {
    if (input.IfNoneMatch === '"p"')
      throw Object.assign(new Error('Not Modified'), { $metadata: { httpStatusCode: 304 } });
    return { ETag: '"p"', Body: { transformToString: async () => pointer } };
  }
  if (input.Key.startsWith('incoming/')) {
    const pieces: Buffer[] = [];
    for (let i = 0; i < incomingCsv.length; i += 64 * 1024)
      pieces.push(incomingCsv.subarray(i, i + 64 * 1024));
    return { ETag: '"i"', Body: Readable.from(pieces) };
  }
  return { ETag: '"s"', Body: { transformToString: async () => built.body } };
});
s3Mock.on(PutObjectCommand).resolves({});
const sqsMock = mockClient(SQSClient);
let sqsSends = 0;
sqsMock.on(SendMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => {
  sqsSends++;
  return {
    Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: '' })),
    Failed: [],
  };
});
let incomingCsv = Buffer.alloc(0);

// Manifest progress kept in memory the way DynamoDB would; flagged writes are counted and sized.
const progress = new Map<string, Set<number>>();
let flaggedWrites = 0;
let flaggedItemBytes = 0;
let progressWrites = 0;
ddbMock.on(UpdateCommand).callsFake((input: Record<string, unknown>) => {
  const key = input.Key as { pk: string; sk: string };
  if (key.sk === 'META') {
    progressWrites++;
    const values = input.ExpressionAttributeValues as Record<string, unknown>;
    const chunk = values[':index'];
    if (typeof chunk === 'number') {
      const done = progress.get(key.pk) ?? new Set<number>();
      done.add(chunk);
      progress.set(key.pk, done);
      return {
        Attributes: { chunksDone: done, chunkCount: chunkCountOf.get(key.pk) ?? 0, status: 'queued' },
      };
    }
    return {};
  }
  flaggedWrites++;
  flaggedItemBytes += Buffer.byteLength(JSON.stringify(input.ExpressionAttributeValues));
  return {};
});
ddbMock.on(GetCommand).resolves({});
ddbMock.on(PutCommand).resolves({});
// The recount of a manifest's flag items when its last chunk is done (one query per manifest).
ddbMock.on(QueryCommand).resolves({ Count: 0 });
const chunkCountOf = new Map<string, number>();

const { handler } = await import('../functions/profile/handler.ts');
const CONTAINERS = 20_000;
const { manifest } = generateManifest({
  containers: CONTAINERS,
  seed: 'lambda-bench',
  plant: { count: 40, entries },
});
const units = containerUnits(manifest);
// Each run is a new manifest id, so the handler's per-manifest screening session starts cold
// every time (as for a new vessel), like the core baseline below.
function eventsFor(manifestId: string): { events: SQSEvent[]; messageBytes: number; chunkCount: number } {
  const chunks = splitIntoChunks(
    manifestId,
    manifest.voyage.reportingPort,
    units,
    QUEUES.profiling.chunkSize,
  );
  const bodies = chunks.map((chunk) => JSON.stringify({ v: 1, chunk }));
  const events: SQSEvent[] = [];
  for (let i = 0; i < bodies.length; i += QUEUES.profiling.batchSize) {
    events.push({
      Records: bodies.slice(i, i + QUEUES.profiling.batchSize).map((body, j) => ({
        messageId: `m-${i + j}`,
        receiptHandle: 'r',
        body,
        attributes: {} as never,
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:profiling',
        awsRegion: 'eu-west-1',
      })),
    });
  }
  const messageBytes = bodies.reduce((sum, b) => sum + Buffer.byteLength(b), 0);
  return { events, messageBytes, chunkCount: chunks.length };
}
const context = {
  functionName: 'profile',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

let runNumber = 0;
let messageBytes = 0;
let chunkCount = 0;
async function runAll(): Promise<{ ms: number; failures: number }> {
  const manifestId = String(++runNumber).padStart(32, '0');
  const prepared = eventsFor(manifestId);
  messageBytes = prepared.messageBytes;
  chunkCount = prepared.chunkCount;
  progress.clear();
  chunkCountOf.set(`MANIFEST#${manifestId}`, chunkCount);
  const started = performance.now();
  let failures = 0;
  for (const event of prepared.events) {
    const response = (await handler(event, context)) as { batchItemFailures: unknown[] };
    failures += response.batchItemFailures.length;
  }
  return { ms: performance.now() - started, failures };
}

// Baseline in the same process: scoring alone (the core, one screening session per manifest as
// `profileManifest` does), without SQS/S3/DynamoDB plumbing or chunking.
const loaded = loadSnapshot(built.body);
function scoreAll(): { ms: number; flagged: number } {
  const started = performance.now();
  let flagged = 0;
  const session = loaded.newSession();
  for (const unit of units) {
    if (loaded.assess(unit, { reportingPort: manifest.voyage.reportingPort, session }).flagged) flagged++;
  }
  return { ms: performance.now() - started, flagged };
}

await runAll(); // warm: loads the snapshot once, as the first invocation of a container does
scoreAll();
const handlerRuns: number[] = [];
const coreRuns: number[] = [];
let failures = 0;
let coreFlagged = 0;
for (let i = 0; i < 5; i++) {
  flaggedWrites = 0;
  flaggedItemBytes = 0;
  progressWrites = 0;
  const run = await runAll();
  failures += run.failures;
  handlerRuns.push(run.ms);
  const core = scoreAll();
  coreRuns.push(core.ms);
  coreFlagged = core.flagged;
}
const handlerMs = median(handlerRuns);
const coreMs = median(coreRuns);
const perSecond = Math.round(CONTAINERS / (handlerMs / 1000));
const corePerSecond = Math.round(CONTAINERS / (coreMs / 1000));
const flaggedShare = flaggedWrites / CONTAINERS;
console.log(
  `profile handler: ${CONTAINERS} containers in ${chunkCount} chunks / ${Math.ceil(chunkCount / QUEUES.profiling.batchSize)} invocations: ` +
    `median ${Math.round(handlerMs)} ms = ${perSecond} containers/s (target >= 10000); ` +
    `core scoring alone ${corePerSecond} containers/s (handler/core time ratio ${round(handlerMs / coreMs, 2)}); failures ${failures}`,
);
console.log(
  `flagged ${flaggedWrites} (${round(flaggedShare * 100, 2)}%, core says ${coreFlagged}); avg flagged item ~${Math.round(flaggedItemBytes / Math.max(1, flaggedWrites))} B; ` +
    `avg chunk message ${Math.round(messageBytes / chunkCount / 1024)} KiB; progress updates ${progressWrites}`,
);

// ---------------------------------------------------------------- 4b. ingest throughput (CSV, same mocks)
process.env.PROFILING_QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/profiling';
incomingCsv = Buffer.from(
  [...generateManifestText({ containers: CONTAINERS, seed: 'lambda-bench-ingest' }, 'csv').chunks].join(''),
);
const { handler: ingestHandler } = await import('../functions/ingest/handler.ts');
const ingestRuns: number[] = [];
for (let i = 0; i < 4; i++) {
  const key = `incoming/NLRTM/bench-${i}.csv`;
  const event: SQSEvent = {
    Records: [
      {
        messageId: `ingest-${i}`,
        receiptHandle: 'r',
        body: JSON.stringify({
          Records: [
            {
              eventName: 'ObjectCreated:Put',
              s3: { bucket: { name: 'pcu-bench' }, object: { key, size: incomingCsv.length, eTag: 'e' } },
            },
          ],
        }),
        attributes: {} as never,
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:intake',
        awsRegion: 'eu-west-1',
      },
    ],
  };
  const started = performance.now();
  const response = (await ingestHandler(event, context)) as { batchItemFailures: unknown[] };
  if (response.batchItemFailures.length > 0) throw new Error('ingest failed in the benchmark');
  if (i > 0) ingestRuns.push(performance.now() - started); // the first run warms up
}
const ingestMs = median(ingestRuns);
const ingestPerSecond = Math.round(CONTAINERS / (ingestMs / 1000));
console.log(
  `ingest handler: ${CONTAINERS}-container CSV (${round(incomingCsv.length / 1024 / 1024, 1)} MiB) streamed, parsed, recorded and queued ` +
    `in median ${Math.round(ingestMs)} ms = ${ingestPerSecond} containers/s; ${sqsSends / 4} SendMessageBatch calls per manifest`,
);

// ---------------------------------------------------------------- 5. cost per million containers
// Prices: us-east-1 list prices (2026): Lambda arm64 $0.0000133334 per GB-s and $0.20 per 1M
// requests; SQS standard $0.40 per 1M requests (each 64 KiB of payload is one request);
// DynamoDB on-demand $0.625 per 1M write request units (1 WRU per KiB, each GSI write counts);
// S3 standard $0.005 per 1k PUT and $0.0004 per 1k GET.
const PER_MILLION = 1_000_000;
// Lambda gives one full vCPU at 1769 MB and CPU in proportion to memory below that, so for
// CPU-bound work the GB-s per container are the same at any memory size up to 1769 MB:
// (time on one core) x 1.769 GB. The measured time here is on one core of this machine.
const gbSecondsPerCoreSecond = 1769 / 1024;
const msPerContainer = handlerMs / CONTAINERS;
const chunksPerMillion = PER_MILLION / QUEUES.profiling.chunkSize;
const invocationsPerMillion = chunksPerMillion / QUEUES.profiling.batchSize;
const avgMessageBytes = messageBytes / chunkCount;
const sqsUnitsPerMessage = Math.ceil(avgMessageBytes / (64 * 1024));
const flaggedItemKb = Math.ceil((flaggedItemBytes / Math.max(1, flaggedWrites) + 300) / 1024);
const cost = {
  lambdaCompute:
    ((msPerContainer + ingestMs / CONTAINERS) / 1000) * gbSecondsPerCoreSecond * PER_MILLION * 0.0000133334,
  lambdaRequests: (invocationsPerMillion / 1e6) * 0.2,
  // send (batched, billed per 64 KiB) + receive (billed per 64 KiB) + delete (batches of 10)
  sqs: ((chunksPerMillion * sqsUnitsPerMessage * 2 + chunksPerMillion / 10) / 1e6) * 0.4,
  // flagged item: base table + 4 GSIs (projection ALL); progress: META item + its byPortDate GSI
  dynamodb: ((PER_MILLION * flaggedShare * flaggedItemKb * 5 + chunksPerMillion * 2) / 1e6) * 0.625,
  // per manifest (~15,000 containers): GET manifest, PUT report; chunks inline (no S3)
  s3: (PER_MILLION / 15_000) * (0.0004 / 1000 + 0.005 / 1000),
};
const total = Object.values(cost).reduce((a, b) => a + b, 0);
console.log(
  `cost per million containers: $${total.toFixed(3)} (Lambda compute $${cost.lambdaCompute.toFixed(3)}, requests $${cost.lambdaRequests.toFixed(4)}, ` +
    `SQS $${cost.sqs.toFixed(3)}, DynamoDB $${cost.dynamodb.toFixed(3)}, S3 $${cost.s3.toFixed(4)}) (target <= $1)`,
);

s3Mock.restore();
ddbMock.restore();
sqsMock.restore();
console.log(
  `BENCH ${JSON.stringify({
    name: 'lambda',
    loadAverage1m: round(loadavg()[0] ?? 0, 1),
    ingestBundleBytes: bundles.ingest?.bytes,
    profileBundleBytes: bundles.profile?.bytes,
    snapshotBytes: Buffer.byteLength(built.body),
    watchlistEntries: entries.length,
    coldInitMs: cold.totalMs,
    coldModuleMs: cold.moduleMs,
    coldSnapshotMs: cold.snapshotMs,
    profileContainersPerSecond: perSecond,
    coreContainersPerSecond: corePerSecond,
    handlerOverCoreRatio: round(handlerMs / coreMs, 2),
    msPerContainer: round(msPerContainer, 4),
    ingestContainersPerSecond: ingestPerSecond,
    ingestMsPerContainer: round(ingestMs / CONTAINERS, 4),
    flaggedShare: round(flaggedShare, 4),
    avgChunkMessageBytes: Math.round(avgMessageBytes),
    avgFlaggedItemBytes: Math.round(flaggedItemBytes / Math.max(1, flaggedWrites)),
    costPerMillionUsd: round(total, 3),
  })}`,
);
