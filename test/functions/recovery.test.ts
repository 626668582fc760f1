/**
 * Recovery at handler level: the real ingest, profile, stall-detector and resume-route code
 * over dynalite (real DynamoDB conditions) with S3 and SQS mocked in memory. Messages are
 * delivered by hand, so a test decides which chunk fails, how often, and when time passes.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeadLetters } from '#adapters/dead-letters.ts';
import { createFlaggedQueries } from '#adapters/flagged-queries.ts';
import { createFlaggedStore, type FlaggedStore } from '#adapters/flagged-store.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { createManifestStore } from '#adapters/manifest-store.ts';
import { keys, reportKey, SNAPSHOT_POINTER_KEY, snapshotKey } from '#adapters/pipeline-resources.ts';
import { createProfilingQueue } from '#adapters/profiling-queue.ts';
import { createResumeRequests } from '#adapters/resume-requests.ts';
import { createSnapshotStore } from '#adapters/snapshot-store.ts';
import { readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import { manifestIdOfBytes, manifestIdOfUnread } from '#core/pipeline/manifest-id.ts';
import { defaultProfileSet } from '#core/profiling/index.ts';
import { buildSnapshot, loadSnapshot } from '#core/snapshot/config-snapshot.ts';
import type { ValidationReport } from '#schemas/validation-report.ts';
import { dispatch, type RouteHandler } from '../../functions/api/dispatch.ts';
import { getManifest, listManifests } from '../../functions/api/query-routes.ts';
import { resumeManifestRoute } from '../../functions/api/resume-route.ts';
import { createObservability, processSqsBatch } from '../../functions/commons/powertools.ts';
import { createIngestRecordHandler, type ReadManifest } from '../../functions/ingest/ingest-manifest.ts';
import { createProfileRecordHandler } from '../../functions/profile/profile-chunk.ts';
import { createSnapshotCache } from '../../functions/profile/snapshot-cache.ts';
import { createStallDetector } from '../../functions/stall-detector/detect-stalls.ts';
import { startDynalite } from '../adapters/dynalite-table.ts';
import { apiEvent, bodyOf, noReports, USERS } from '../api/api-fixtures.ts';
import {
  BUCKET,
  mockS3AndSqs,
  QUEUE_URL,
  s3Notification,
  sampleManifest,
  sqsEvent,
  sqsRecord,
  TEST_WATCHLIST,
} from './pipeline-fixtures.ts';

const INTAKE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/pcu-intake';
const DLQ_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/pcu-profiling-dlq';
const INTAKE_DLQ_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/pcu-intake-dlq';
const T0 = Date.parse('2026-11-28T08:00:00.000Z');

let db: Awaited<ReturnType<typeof startDynalite>>;
let aws: ReturnType<typeof mockS3AndSqs>;
let intake: string[];
beforeAll(async () => {
  db = await startDynalite('recovery-test');
});
afterAll(async () => {
  await db?.stop();
});
beforeEach(() => {
  aws = mockS3AndSqs();
  intake = [];
  aws.sqsMock.on(SendMessageCommand).callsFake((input: { QueueUrl: string; MessageBody: string }) => {
    if (input.QueueUrl === INTAKE_URL) intake.push(input.MessageBody);
    return { MessageId: `intake-${intake.length}` };
  });
  aws.sqsMock.on(ReceiveMessageCommand).resolves({ Messages: [] });
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  const built = buildSnapshot({ entries: TEST_WATCHLIST, profileSet: defaultProfileSet() });
  aws.put(snapshotKey(built.version), built.body);
  aws.put(SNAPSHOT_POINTER_KEY, JSON.stringify({ version: built.version, key: snapshotKey(built.version) }));
});
afterEach(() => {
  aws.restore();
  vi.unstubAllEnvs();
});

/** The pipeline's handlers on one clock, with a switch that makes flag writes fail. */
function pipeline(options: { readManifest?: ReadManifest; maxFilesReadPerRun?: number } = {}) {
  const clock = { ms: T0 };
  const now = () => new Date(clock.ms);
  const failWrites = { on: false };
  const s3 = new S3Client({ region: 'eu-west-1' });
  const sqs = new SQSClient({ region: 'eu-west-1' });
  const manifestStore = createManifestStore({ s3, bucket: BUCKET });
  const manifestRecords = createManifestRecords({ doc: db.doc, table: db.tableName });
  const realFlags = createFlaggedStore({ doc: db.doc, table: db.tableName });
  const flaggedStore: FlaggedStore = {
    async writeFlagged(context, flagged) {
      if (failWrites.on)
        throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
          name: 'ValidationException',
        });
      return realFlags.writeFlagged(context, flagged);
    },
  };
  const ingest = createIngestRecordHandler({
    manifestStore,
    manifestRecords,
    profilingQueue: createProfilingQueue({ sqs, queueUrl: QUEUE_URL, manifestStore }),
    readManifest: options.readManifest ?? readManifestForIntake,
    chunkSize: 10,
    retentionDays: 30,
    maxManifestBytes: 50 * 1024 * 1024,
    observability: createObservability('ingest-test'),
    now,
  });
  const snapshots = createSnapshotCache({
    store: createSnapshotStore({ s3, bucket: BUCKET }),
    load: loadSnapshot,
    refreshMs: 30_000,
    now: () => clock.ms,
  });
  const profile = createProfileRecordHandler({
    manifestStore,
    flaggedStore,
    manifestRecords,
    snapshot: () => snapshots.current(),
    retentionDays: 30,
    observability: createObservability('profile-test'),
    now,
  });
  const detectorObservability = createObservability('stall-test');
  const detectStalls = createStallDetector({
    manifestRecords,
    deadLetters: createDeadLetters({ sqs, queueUrl: DLQ_URL }),
    intake: {
      deadLetters: createDeadLetters({ sqs, queueUrl: INTAKE_DLQ_URL }),
      manifestStore,
      maxManifestBytes: 50 * 1024 * 1024,
      retentionDays: 30,
      ...(options.maxFilesReadPerRun !== undefined && { maxFilesReadPerRun: options.maxFilesReadPerRun }),
    },
    stallAfterMinutes: 30,
    observability: detectorObservability,
    now,
  });
  const apiDeps = {
    queries: createFlaggedQueries({ doc: db.doc, table: db.tableName }),
    reports: noReports,
    records: manifestRecords,
    requests: createResumeRequests({ sqs, queueUrl: INTAKE_URL }),
    now,
  };
  const routes = {
    'GET /manifests': listManifests,
    'GET /manifests/{id}': getManifest,
    'POST /manifests/{id}/resume': resumeManifestRoute,
  } as unknown as Record<string, RouteHandler<typeof apiDeps>>;
  let delivered = 0;
  let intakeDelivered = 0;
  const deliverUpload = (key: string, size: number, receiveCount = 1) => {
    const record = sqsRecord(s3Notification(key, size), `upload-${key}`);
    record.attributes.ApproximateReceiveCount = String(receiveCount);
    return processSqsBatch(sqsEvent([record]), undefined, ingest);
  };

  return {
    clock,
    failWrites,
    manifestRecords,
    detectStalls,
    detectorMetrics: detectorObservability.metrics,
    /** Stores the file and delivers its notification to ingest as its `receiveCount`-th receive. */
    async upload(key: string, body: string, receiveCount = 1) {
      aws.put(key, body);
      return deliverUpload(key, Buffer.byteLength(body), receiveCount);
    },
    deliverUpload,
    /** Delivers the intake messages sent since the last call (resume requests) to ingest. */
    async deliverIntake() {
      const bodies = intake.slice(intakeDelivered);
      intakeDelivered = intake.length;
      for (const body of bodies) await processSqsBatch(sqsEvent([sqsRecord(body)]), undefined, ingest);
      return bodies.length;
    },
    /** Chunk messages sent since the last call, without delivering them. */
    takeChunks(): SQSRecord[] {
      const entries = aws.sent.slice(delivered);
      delivered = aws.sent.length;
      return entries.map((e) => sqsRecord(e.MessageBody ?? ''));
    },
    /** Delivers chunk messages as their `receiveCount`-th receive. */
    async profile(messages: SQSRecord[], receiveCount = 1) {
      const event = sqsEvent(
        messages.map((m) => ({
          ...m,
          attributes: { ...m.attributes, ApproximateReceiveCount: String(receiveCount) },
        })),
      );
      return processSqsBatch(event, undefined, profile);
    },
    async api(routeKey: string, claims: Record<string, string>, id?: string) {
      const event = apiEvent({
        routeKey,
        claims,
        ...(id && { pathParameters: { id } }),
        query: { port: 'NLRTM' },
      });
      const result = await dispatch(event, routes, apiDeps);
      return { status: result.statusCode, body: bodyOf(result) };
    },
  };
}

async function flagItems(manifestId: string) {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': keys.manifestPartition(manifestId), ':sk': keys.flaggedSkPrefix },
    }),
  );
  return result.Items ?? [];
}

const chunkIndexOf = (m: SQSRecord) => JSON.parse(m.body).chunk.context.chunkIndex as number;
const manifestIdOf = (m: SQSRecord) => JSON.parse(m.body).chunk.context.manifestId as string;

describe('a chunk that fails for good', () => {
  it('stalls its manifest with the reason; an admin resumes it and it completes with every flag counted once', async () => {
    const p = pipeline();
    await p.upload('incoming/NLRTM/msc-oscar-1w.json', JSON.stringify(sampleManifest(25, { seed: 41 })));
    const chunks = p.takeChunks();
    expect(chunks).toHaveLength(3);
    const id = manifestIdOf(chunks[0] as SQSRecord);
    await p.profile([chunks[0] as SQSRecord, chunks[2] as SQSRecord]);

    // Chunk 1 fails on every receive; on the 5th (maxReceiveCount) SQS moves it to the DLQ.
    p.failWrites.on = true;
    const fourth = await p.profile([chunks[1] as SQSRecord], 4);
    expect(fourth.batchItemFailures).toHaveLength(1);
    expect((await p.manifestRecords.get(id))?.status).toBe('queued');
    const last = await p.profile([chunks[1] as SQSRecord], 5);
    expect(last.batchItemFailures).toHaveLength(1);

    const stalled = await p.api('GET /manifests/{id}', USERS.officerRtm, id);
    expect(stalled.body).toMatchObject({
      status: 'stalled',
      chunkCount: 3,
      chunksDone: 2,
      chunksFailed: 1,
      stalledReason: expect.stringMatching(
        /^chunk 2 of 3 failed 5 times and went to the profiling dead-letter queue \(ValidationException: Item size/,
      ),
    });
    const listed = await p.api('GET /manifests', USERS.analystRtm);
    expect(listed.body.items.find((m: { id: string }) => m.id === id)?.status).toBe('stalled');

    // Only an admin resumes.
    expect((await p.api('POST /manifests/{id}/resume', USERS.analystRtm, id)).status).toBe(403);
    p.failWrites.on = false; // the cause is fixed
    const resumed = await p.api('POST /manifests/{id}/resume', USERS.admin, id);
    expect(resumed).toMatchObject({
      status: 202,
      body: { outcome: 'requeued', chunksToRequeue: 1, manifest: { status: 'queued', chunksFailed: 0 } },
    });
    expect(await p.deliverIntake()).toBe(1);
    const requeued = p.takeChunks();
    expect(requeued.map(chunkIndexOf)).toEqual([1]);
    await p.profile(requeued);

    const done = await p.api('GET /manifests/{id}', USERS.officerRtm, id);
    expect(done.body).toMatchObject({
      status: 'complete',
      chunksDone: 3,
      chunksFailed: 0,
      containersProfiled: 25,
    });
    expect(done.body.stalledReason).toBeUndefined();
    expect(done.body.containersFlagged).toBe((await flagItems(id)).length);
    expect(done.body.containersFlagged).toBeGreaterThan(0);

    // Idempotent: resuming a complete manifest does nothing.
    const again = await p.api('POST /manifests/{id}/resume', USERS.admin, id);
    expect(again).toMatchObject({ status: 200, body: { outcome: 'complete', chunksToRequeue: 0 } });
    expect(await p.deliverIntake()).toBe(0);
  });

  it('uploading the same file again resumes the stalled manifest', async () => {
    const p = pipeline();
    const body = JSON.stringify(sampleManifest(25, { seed: 42 }));
    await p.upload('incoming/NLRTM/voyage-42.json', body);
    const chunks = p.takeChunks();
    const id = manifestIdOf(chunks[0] as SQSRecord);
    await p.profile([chunks[0] as SQSRecord]);
    p.failWrites.on = true;
    await p.profile([chunks[1] as SQSRecord, chunks[2] as SQSRecord], 5);
    expect((await p.manifestRecords.get(id))?.status).toBe('stalled');

    p.failWrites.on = false;
    await p.upload('incoming/NLRTM/2026-11-28/voyage-42 again.json', body);
    const requeued = p.takeChunks();
    expect(requeued.map(chunkIndexOf).sort()).toEqual([1, 2]);
    await p.profile(requeued);
    const record = await p.manifestRecords.get(id);
    expect(record).toMatchObject({ status: 'complete', resumeCount: 1, chunksFailed: [] });
    expect(record?.sourceKeys).toHaveLength(2);
  });
});

describe('a chunk the profiling queue refuses for good', () => {
  it('stalls the manifest with the reason instead of retrying the upload five times', async () => {
    const p = pipeline();
    aws.sqsMock.on(SendMessageBatchCommand).resolvesOnce({
      Successful: [],
      Failed: [{ Id: 'chunk-0', SenderFault: true, Code: 'InvalidMessageContents', Message: 'invalid' }],
    });
    const result = await p.upload(
      'incoming/NLRTM/voyage-48.json',
      JSON.stringify(sampleManifest(5, { seed: 48 })),
    );
    expect(result.batchItemFailures).toEqual([]);
    const [stalled] = (await p.manifestRecords.listUnfinished()).filter((r) => r.voyageNumber === '48W');
    expect(stalled).toMatchObject({ status: 'stalled', chunksDone: [] });
    expect(stalled?.stalledReason).toMatch(
      /^cannot queue the chunks: the profiling queue refused 1 chunk\(s\): chunk-0 InvalidMessageContents/,
    );
  });
});

describe('POST /manifests/{id}/resume', () => {
  it('names the problem: a malformed id (400), an unknown manifest (404), a rejected one (422)', async () => {
    const p = pipeline();
    expect(await p.api('POST /manifests/{id}/resume', USERS.admin, 'not-a-manifest')).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', field: 'id' } },
    });
    expect(await p.api('POST /manifests/{id}/resume', USERS.admin, '0'.repeat(32))).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', field: 'id' } },
    });
    await p.upload('incoming/NLRTM/garbage.csv', 'this is not a manifest\n\u0000\u0001');
    const [rejected] = (await p.api('GET /manifests', USERS.admin)).body.items.filter(
      (m: { status: string }) => m.status === 'rejected',
    );
    expect(await p.api('POST /manifests/{id}/resume', USERS.admin, rejected.id)).toMatchObject({
      status: 422,
      body: { error: { code: 'unprocessable', message: expect.stringMatching(/upload a corrected file/) } },
    });
    expect(await p.deliverIntake()).toBe(0);
  });
});

describe('a chunk in the dead-letter queue that its handler never saw fail (a timeout, a crash)', () => {
  it('is found there by the stall detector; after a resume the old DLQ message is history', async () => {
    const p = pipeline();
    await p.upload('incoming/NLRTM/voyage-47.json', JSON.stringify(sampleManifest(25, { seed: 47 })));
    const chunks = p.takeChunks();
    const id = manifestIdOf(chunks[0] as SQSRecord);
    await p.profile([chunks[0] as SQSRecord, chunks[2] as SQSRecord]);
    // Chunk 1 timed out 5 times: SQS moved it to the DLQ; nothing recorded the failure.
    const dead = {
      MessageId: 'dead-1',
      ReceiptHandle: 'r',
      Body: chunks[1]?.body,
      Attributes: { SentTimestamp: String(T0 + 1_000) },
    };
    aws.sqsMock
      .on(ReceiveMessageCommand, { QueueUrl: DLQ_URL })
      .resolvesOnce({ Messages: [dead] })
      .resolvesOnce({ Messages: [] })
      .resolvesOnce({ Messages: [dead] })
      .resolves({ Messages: [] });
    p.clock.ms += 60_000; // well within the no-progress limit
    const report = await p.detectStalls();
    expect(report.newlyStalled).toEqual([id]);
    const stalled = await p.manifestRecords.get(id);
    expect(stalled).toMatchObject({ status: 'stalled', chunksFailed: [1] });
    expect(stalled?.stalledReason).toMatch(/^chunk 2 of 3 in the profiling dead-letter queue/);

    const resumed = await p.api('POST /manifests/{id}/resume', USERS.admin, id);
    expect(resumed.body.chunksToRequeue).toBe(1);
    // The old message is still in the DLQ; it was sent before the resume, so it stalls nothing.
    expect((await p.detectStalls()).newlyStalled).toEqual([]);
    expect((await p.manifestRecords.get(id))?.status).toBe('queued');
    await p.deliverIntake();
    await p.profile(p.takeChunks());
    expect((await p.manifestRecords.get(id))?.status).toBe('complete');
  });
});

describe('a manifest without progress', () => {
  it('becomes stalled after the configured time, is counted in the gauge, and a re-upload resumes it', async () => {
    const p = pipeline();
    const body = JSON.stringify(sampleManifest(25, { seed: 43 }));
    await p.upload('incoming/NLRTM/voyage-43.json', body);
    const chunks = p.takeChunks();
    const id = manifestIdOf(chunks[0] as SQSRecord);
    await p.profile([chunks[0] as SQSRecord]); // the rest is lost (a crash, a restart)

    // A duplicate notification while the chunks may still be in flight changes nothing.
    await p.upload('incoming/NLRTM/voyage-43.json', body);
    expect(p.takeChunks()).toHaveLength(0);

    p.clock.ms += 29 * 60_000;
    expect((await p.detectStalls()).newlyStalled).toEqual([]);
    p.clock.ms += 2 * 60_000;
    const report = await p.detectStalls();
    expect(report.newlyStalled).toEqual([id]);
    expect(report.stalled).toBeGreaterThanOrEqual(1);
    const record = await p.manifestRecords.get(id);
    expect(record).toMatchObject({ status: 'stalled', stalledAt: new Date(p.clock.ms).toISOString() });
    expect(record?.stalledReason).toBe(
      'no progress for 31 minutes (1 of 3 chunks profiled); an admin can resume it: pcu manifests resume',
    );

    await p.upload('incoming/NLRTM/voyage-43 (resent).json', body);
    const requeued = p.takeChunks();
    expect(requeued.map(chunkIndexOf).sort()).toEqual([1, 2]);
    await p.profile(requeued);
    expect((await p.manifestRecords.get(id))?.status).toBe('complete');
    expect((await p.detectStalls()).newlyStalled).toEqual([]);
    expect((await p.manifestRecords.listUnfinished()).map((r) => r.manifestId)).not.toContain(id);
  });

  it('a queued manifest that keeps making progress is never stalled', async () => {
    const p = pipeline();
    await p.upload('incoming/NLRTM/voyage-44.json', JSON.stringify(sampleManifest(25, { seed: 44 })));
    const chunks = p.takeChunks();
    const id = manifestIdOf(chunks[0] as SQSRecord);
    for (const chunk of chunks.slice(0, 2)) {
      p.clock.ms += 20 * 60_000;
      await p.profile([chunk]);
      await p.detectStalls();
      expect((await p.manifestRecords.get(id))?.status).toBe('queued');
    }
  });
});

describe('flag counts', () => {
  it('equal the flag items when a counted chunk is profiled again with other results (the 426 vs 427 case)', async () => {
    const p = pipeline();
    await p.upload('incoming/NLRTM/voyage-46.json', JSON.stringify(sampleManifest(25, { seed: 46 })));
    const chunks = p.takeChunks();
    const id = manifestIdOf(chunks[0] as SQSRecord);
    await p.profile([chunks[0] as SQSRecord]);
    const firstCount = (await p.manifestRecords.get(id))?.containersFlagged ?? 0;
    expect(firstCount).toBeLessThan(10);

    // A new profile set is published, then chunk 0 is delivered again (its delete was lost):
    // it is not counted twice, but it now leaves more flag items than its first count.
    const strict = buildSnapshot({
      entries: TEST_WATCHLIST,
      profileSet: { ...defaultProfileSet(), version: 'strict-1', defaultThreshold: 0 },
    });
    aws.put(snapshotKey(strict.version), strict.body);
    aws.put(
      SNAPSHOT_POINTER_KEY,
      JSON.stringify({ version: strict.version, key: snapshotKey(strict.version) }),
    );
    p.clock.ms += 31_000;
    await p.profile([chunks[0] as SQSRecord], 2);
    expect((await flagItems(id)).length).toBe(10);
    expect((await p.manifestRecords.get(id))?.containersFlagged).toBe(firstCount);

    await p.profile([chunks[1] as SQSRecord, chunks[2] as SQSRecord]);
    const record = await p.manifestRecords.get(id);
    const items = await flagItems(id);
    expect(record?.status).toBe('complete');
    expect(items).toHaveLength(25);
    expect(new Set(items.map((i) => i.sk)).size).toBe(25);
    expect(record?.containersFlagged).toBe(25);
  });
});

describe('values of any size', () => {
  it('a 500 KB vessel name and a 480 KB goods description on a flagged container: complete, with bounded excerpts', async () => {
    const p = pipeline();
    const manifest = sampleManifest(3, { seed: 45 });
    const vesselName = `MSC ${'OSCAR '.repeat(85_000)}`.trim();
    manifest.voyage.vesselName = vesselName;
    // Vague (filler words only after FREIGHT ALL KINDS): the rule's evidence quotes the description.
    const description = `FREIGHT ALL KINDS ${'PALLETS '.repeat(60_000)}`.trim();
    const goods = manifest.billsOfLading[0]?.goods?.[0];
    if (!goods) throw new Error('fixture has no goods');
    goods.description = description;
    const result = await p.upload('incoming/NLRTM/huge-values.json', JSON.stringify(manifest));
    expect(result.batchItemFailures).toEqual([]);
    const chunks = p.takeChunks();
    expect(chunks).toHaveLength(1);
    // The chunk (about 1 MB) travels through S3, the message carries its key.
    expect(JSON.parse(chunks[0]?.body ?? '').chunkKey).toMatch(/^chunks\//);
    expect((await p.profile(chunks)).batchItemFailures).toEqual([]);

    const id = JSON.parse(chunks[0]?.body ?? '').context.manifestId;
    const record = await p.manifestRecords.get(id);
    expect(record?.status).toBe('complete');
    expect(record?.vesselName?.length).toBeLessThan(1_100);
    expect(record?.vesselName).toMatch(/^MSC OSCAR OSCAR .*… \[truncated: \d+ characters\]$/);
    expect(record?.vesselName).toContain(`[truncated: ${vesselName.length} characters]`);

    const flags = await flagItems(id);
    const sanctioned = flags.find((f) => f.containerNumber === manifest.containers[0]?.number);
    expect(sanctioned).toBeDefined();
    const stored = JSON.stringify(sanctioned);
    expect(Buffer.byteLength(stored)).toBeLessThan(64 * 1024);
    expect(stored).toContain(`[truncated: ${description.length} characters]`);
    expect(sanctioned?.assessment.hits.map((h: { ruleId: string }) => h.ruleId)).toContain(
      'VAGUE-DESCRIPTION',
    );
    expect(record?.containersFlagged).toBe(flags.length);
  });
});

describe('an upload the ingest cannot process (it crashes, times out or runs out of memory)', () => {
  const reportOf = (id: string) => aws.getJson(reportKey(id)) as ValidationReport | undefined;
  const idOf = (port: string, body: string) =>
    manifestIdOfBytes(
      port,
      (async function* () {
        yield new TextEncoder().encode(body);
      })(),
    );

  it('on its last attempt is recorded as rejected with INGEST_FAILED before the parse that dies; a later success replaces it', async () => {
    let parseStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      parseStarted = resolve;
    });
    // The parse never returns: the process is killed meanwhile (out of memory, the timeout).
    const dies: ReadManifest = () => {
      parseStarted();
      return new Promise(() => {});
    };
    const p = pipeline({ readManifest: dies });
    const key = 'incoming/NLRTM/2026-11-28/cuscar-199mb.json';
    const body = JSON.stringify(sampleManifest(12, { seed: 61 }));
    const id = await idOf('NLRTM', body);
    void p.upload(key, body, 5);
    await started;

    const listed = await p.api('GET /manifests', USERS.officerRtm);
    expect(listed.body.items.find((m: { id: string }) => m.id === id)).toMatchObject({
      status: 'rejected',
      validationStatus: 'rejected',
    });
    const report = reportOf(id);
    expect(report?.status).toBe('rejected');
    expect(report?.issues).toEqual([
      expect.objectContaining({
        code: 'INGEST_FAILED',
        severity: 'error',
        message: expect.stringMatching(
          /^incoming\/NLRTM\/2026-11-28\/cuscar-199mb\.json: the file could not be processed after 4 attempts .*kept for the operators$/,
        ),
      }),
    ]);

    // An operator raised the memory and redrove the DLQ: the real parse replaces the record.
    const redriven = pipeline();
    expect((await redriven.deliverUpload(key, Buffer.byteLength(body), 1)).batchItemFailures).toEqual([]);
    expect(await p.manifestRecords.get(id)).toMatchObject({ status: 'queued', chunkCount: 2 });
    expect((await p.manifestRecords.get(id))?.provisional).toBeUndefined();
    expect(reportOf(id)?.issues.map((i) => i.code)).not.toContain('INGEST_FAILED');
    expect(redriven.takeChunks()).toHaveLength(2);
  });

  it('earlier attempts leave no record (they may still succeed); a last attempt that succeeds leaves only the real one', async () => {
    const p = pipeline();
    const body = JSON.stringify(sampleManifest(5, { seed: 62 }));
    const id = await idOf('NLRTM', body);
    await p.upload('incoming/NLRTM/voyage-62.json', body, 5);
    const record = await p.manifestRecords.get(id);
    expect(record).toMatchObject({ status: 'queued', validationStatus: 'accepted' });
    expect(record?.provisional).toBeUndefined();
    expect(reportOf(id)?.issues.map((i) => i.code)).not.toContain('INGEST_FAILED');
  });

  it('a store failure on the last attempt goes to the DLQ, and the record already says why', async () => {
    const p = pipeline({
      readManifest: async () => {
        throw Object.assign(new Error('Service Unavailable'), {
          name: 'ServiceUnavailable',
          $metadata: { httpStatusCode: 503 },
        });
      },
    });
    const body = JSON.stringify(sampleManifest(3, { seed: 63 }));
    const result = await p.upload('incoming/NLRTM/voyage-63.json', body, 5);
    expect(result.batchItemFailures).toHaveLength(1);
    const id = await idOf('NLRTM', body);
    expect(await p.manifestRecords.get(id)).toMatchObject({ status: 'rejected', provisional: true });
    expect(reportOf(id)?.issues[0]?.code).toBe('INGEST_FAILED');
  });

  it('a RangeError from running out of memory is INGEST_FAILED at once, not a retry loop and not "format unknown"', async () => {
    const p = pipeline({
      readManifest: async () => {
        throw new RangeError('Array buffer allocation failed');
      },
    });
    const body = JSON.stringify(sampleManifest(3, { seed: 64 }));
    const result = await p.upload('incoming/NLRTM/voyage-64.json', body, 1);
    expect(result.batchItemFailures).toEqual([]);
    const id = await idOf('NLRTM', body);
    expect(await p.manifestRecords.get(id)).toMatchObject({
      status: 'rejected',
      validationStatus: 'rejected',
    });
    expect(reportOf(id)?.issues).toEqual([
      expect.objectContaining({
        code: 'INGEST_FAILED',
        message: expect.stringContaining('(RangeError: Array buffer allocation failed)'),
      }),
    ]);
    // Not a verdict on the content: once the cause is fixed, the same file uploaded again is ingested.
    expect(await p.manifestRecords.get(id)).toMatchObject({ provisional: true });
    await pipeline().upload('incoming/NLRTM/voyage-64 again.json', body);
    expect(await p.manifestRecords.get(id)).toMatchObject({ status: 'queued', validationStatus: 'accepted' });
  });

  it('the stall detector records every intake-DLQ upload without a record, leaves the others alone, and reads each file once', async () => {
    const p = pipeline();
    const crashed = {
      key: 'incoming/NLRTM/2026-11-28/voyage 65.json',
      body: JSON.stringify(sampleManifest(8, { seed: 65 })),
    };
    aws.put(crashed.key, crashed.body);
    const ingested = 'incoming/NLRTM/voyage-66.json';
    const ingestedBody = JSON.stringify(sampleManifest(8, { seed: 66 }));
    await p.upload(ingested, ingestedBody);
    const ingestedId = await idOf('NLRTM', ingestedBody);
    const before = await p.manifestRecords.get(ingestedId);
    const gone = 'incoming/NLRTM/expired.csv';
    const resume = {
      pcuResume: { manifestId: ingestedId, port: 'NLRTM', sourceKey: ingested, requestedBy: 'admin' },
    };
    const messages = [
      dlqMessage('d1', s3Notification(crashed.key, Buffer.byteLength(crashed.body), 'etag-65')),
      dlqMessage('d2', s3Notification(ingested, Buffer.byteLength(ingestedBody), 'etag-66')),
      dlqMessage('d3', s3Notification(gone, 1_234, 'etag-gone')),
      dlqMessage('d4', resume),
      dlqMessage('d5', 'not json'),
    ];
    aws.sqsMock.on(ReceiveMessageCommand, { QueueUrl: INTAKE_DLQ_URL }).resolves({ Messages: messages });
    const addMetric = vi.spyOn(p.detectorMetrics, 'addMetric');

    const first = await p.detectStalls();
    const crashedId = await idOf('NLRTM', crashed.body);
    const goneId = manifestIdOfUnread('NLRTM', 'etag-gone');
    expect(first.failedUploads.sort()).toEqual([crashedId, goneId].sort());
    expect(addMetric).toHaveBeenCalledWith('UploadsFailed', 'Count', 2);

    const listed = (await p.api('GET /manifests', USERS.officerRtm)).body.items;
    expect(listed.find((m: { id: string }) => m.id === crashedId)).toMatchObject({ status: 'rejected' });
    expect(reportOf(crashedId)?.issues).toEqual([
      expect.objectContaining({
        code: 'INGEST_FAILED',
        message: expect.stringMatching(
          /^incoming\/NLRTM\/2026-11-28\/voyage 65\.json: the file could not be processed: the ingest failed on every one of its 5 attempts .*the file is kept for the operators$/,
        ),
      }),
    ]);
    expect(reportOf(goneId)?.issues[0]?.message).toMatch(/no longer stored .*upload it again$/);
    // The upload that was ingested keeps its record and report untouched.
    expect(await p.manifestRecords.get(ingestedId)).toEqual({ ...before, sourceKeys: [ingested] });
    expect(reportOf(ingestedId)?.issues.map((i) => i.code)).not.toContain('INGEST_FAILED');

    // Idempotent: a second run records nothing and reads no file again.
    const reads = () =>
      aws.s3Mock.commandCalls(GetObjectCommand).filter((c) => c.args[0].input.Key === crashed.key).length;
    const readsAfterFirst = reads();
    const second = await p.detectStalls();
    expect(second.failedUploads).toEqual([]);
    expect(reads()).toBe(readsAfterFirst);
    expect((await p.api('GET /manifests', USERS.officerRtm)).body.items).toHaveLength(listed.length);

    // The file redriven and ingested successfully: the real record replaces the INGEST_FAILED one.
    await p.deliverUpload(crashed.key, Buffer.byteLength(crashed.body));
    expect(await p.manifestRecords.get(crashedId)).toMatchObject({
      status: 'queued',
      validationStatus: 'accepted',
    });
  });
});

describe('many uploads in the intake DLQ', () => {
  it('are recorded a few files per run, and those already noted never keep a new one out', async () => {
    const p = pipeline({ maxFilesReadPerRun: 1 });
    const keys = ['incoming/NLRTM/a.json', 'incoming/NLRTM/b.json', 'incoming/NLRTM/c.json'];
    const messages = keys.map((key, i) => {
      const body = JSON.stringify(sampleManifest(2, { seed: 70 + i }));
      aws.put(key, body);
      return dlqMessage(`m${i}`, s3Notification(key, Buffer.byteLength(body), `etag-${i}`));
    });
    aws.sqsMock.on(ReceiveMessageCommand, { QueueUrl: INTAKE_DLQ_URL }).resolves({ Messages: messages });
    const perRun: string[][] = [];
    for (let run = 0; run < 4; run++) perRun.push((await p.detectStalls()).failedUploads);
    expect(perRun.map((ids) => ids.length)).toEqual([1, 1, 1, 0]);
    const ids = new Set(perRun.flat());
    expect(ids.size).toBe(3);
    for (const id of ids) expect((await p.manifestRecords.get(id))?.status).toBe('rejected');
  });
});

function dlqMessage(id: string, body: unknown) {
  return {
    MessageId: id,
    ReceiptHandle: `r-${id}`,
    Body: typeof body === 'string' ? body : JSON.stringify(body),
    Attributes: { SentTimestamp: String(T0) },
  };
}
