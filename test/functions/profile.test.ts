import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { createClearanceStore } from '#adapters/clearance-store.ts';
import { createFlaggedStore } from '#adapters/flagged-store.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { createManifestStore } from '#adapters/manifest-store.ts';
import { keys, SNAPSHOT_POINTER_KEY, snapshotKey } from '#adapters/pipeline-resources.ts';
import { createProfilingQueue, type ProfilingChunk, splitIntoChunks } from '#adapters/profiling-queue.ts';
import { createSnapshotStore } from '#adapters/snapshot-store.ts';
import { clearanceOfEvidence } from '#core/clearances/clearances.ts';
import { containerUnits } from '#core/manifest/container-units.ts';
import { defaultProfileSet } from '#core/profiling/index.ts';
import { buildSnapshot, loadSnapshot } from '#core/snapshot/config-snapshot.ts';
import type { Evidence } from '#schemas/assessment.ts';
import { Manifest } from '#schemas/manifest.ts';
import { createObservability, processSqsBatch } from '../../functions/commons/powertools.ts';
import { createClearanceCache } from '../../functions/profile/clearance-cache.ts';
import { createProfileRecordHandler, type ProfileDeps } from '../../functions/profile/profile-chunk.ts';
import { createSnapshotCache } from '../../functions/profile/snapshot-cache.ts';
import { startDynalite } from '../adapters/dynalite-table.ts';
import {
  BUCKET,
  mockS3AndSqs,
  PLANTED_CONTAINER,
  QUEUE_URL,
  sampleManifest,
  sqsEvent,
  sqsRecord,
  TEST_WATCHLIST,
} from './pipeline-fixtures.ts';

let db: Awaited<ReturnType<typeof startDynalite>>;
let aws: ReturnType<typeof mockS3AndSqs>;
beforeAll(async () => {
  db = await startDynalite('profile-test');
});
afterAll(async () => {
  await db?.stop();
});
beforeEach(() => {
  aws = mockS3AndSqs();
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
});
afterEach(() => {
  aws.restore();
  vi.unstubAllEnvs();
});

const s3 = () => new S3Client({ region: 'eu-west-1' });
const records = () => createManifestRecords({ doc: db.doc, table: db.tableName });

/** What `pcu publish` does: the snapshot first, the pointer last. */
function publish(profileSet = defaultProfileSet(), entries = TEST_WATCHLIST) {
  const built = buildSnapshot({ entries, profileSet });
  aws.put(snapshotKey(built.version), built.body);
  aws.put(
    SNAPSHOT_POINTER_KEY,
    JSON.stringify({
      version: built.version,
      key: snapshotKey(built.version),
      publishedAt: new Date().toISOString(),
    }),
  );
  return built.version;
}

function profileHandler(clock = { ms: 0 }, options: Pick<ProfileDeps, 'clearances' | 'now'> = {}) {
  const manifestStore = createManifestStore({ s3: s3(), bucket: BUCKET });
  const snapshots = createSnapshotCache({
    store: createSnapshotStore({ s3: s3(), bucket: BUCKET }),
    load: loadSnapshot,
    refreshMs: 30_000,
    now: () => clock.ms,
  });
  const recordHandler = createProfileRecordHandler({
    manifestStore,
    flaggedStore: createFlaggedStore({ doc: db.doc, table: db.tableName }),
    manifestRecords: records(),
    snapshot: () => snapshots.current(),
    retentionDays: 30,
    observability: createObservability('profile-test'),
    ...options,
  });
  return (messages: ReturnType<typeof sqsRecord>[]) =>
    processSqsBatch(sqsEvent(messages), undefined, recordHandler);
}

/** A manifest recorded as ingest would, split into chunks of `size`; returns the chunk messages. */
async function ingested(manifestId: string, count: number, size: number, seed: number) {
  const manifest = Manifest.parse(sampleManifest(count, { seed }));
  const chunks = splitIntoChunks(manifestId, 'NLRTM', containerUnits(manifest), size);
  await records().createIfAbsent({
    manifestId,
    port: 'NLRTM',
    sourceKey: `incoming/NLRTM/${manifestId}.json`,
    status: 'received',
    counts: {
      billsOfLading: count,
      containers: count,
      goodsItems: count,
      recordsRead: count,
      recordsWithErrors: 0,
      rejectedRecords: 0,
      errors: 0,
      warnings: 0,
    },
    reportKey: `reports/${manifestId}.json`,
    chunkCount: chunks.length,
    receivedAt: '2026-11-28T00:00:00.000Z',
    expiresAt: 1_900_000_000,
  });
  return {
    manifest,
    chunks,
    messages: chunks.map((chunk, i) => sqsRecord({ v: 1, chunk }, `${manifestId.slice(0, 4)}-${i}`)),
  };
}

async function flaggedOf(manifestId: string) {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': keys.manifestPartition(manifestId), ':sk': keys.flaggedSkPrefix },
    }),
  );
  return result.Items ?? [];
}

const id = (c: string) => c.repeat(32);

describe('profile handler', () => {
  it('scores every chunk, writes the flagged containers with their evidence and completes the manifest', async () => {
    const version = publish();
    const { manifest, messages } = await ingested(id('1'), 25, 10, 11);
    const result = await profileHandler()(messages);
    expect(result.batchItemFailures).toEqual([]);

    const flagged = await flaggedOf(id('1'));
    const numbers = flagged.map((f) => f.containerNumber);
    expect(numbers).toContain(manifest.containers[0]?.number);
    expect(numbers).toContain(PLANTED_CONTAINER);
    const consignee = flagged.find((f) => f.containerNumber === manifest.containers[0]?.number);
    expect(consignee).toMatchObject({
      status: 'open',
      version: 1,
      lane: 'red',
      snapshotVersion: version,
      port: 'NLRTM',
    });
    const evidence = consignee?.assessment.hits.flatMap((h: { evidence: unknown[] }) => h.evidence);
    expect(evidence).toContainEqual(
      expect.objectContaining({ watchlist: expect.objectContaining({ entityId: 'PCU-1' }) }),
    );

    const record = await records().get(id('1'));
    expect(record).toMatchObject({
      status: 'complete',
      containersProfiled: 25,
      containersFlagged: flagged.length,
    });
  });

  it('a redelivered chunk neither duplicates flags nor counts twice, and keeps an analyst’s decision', async () => {
    publish();
    const { manifest, messages } = await ingested(id('2'), 4, 2, 12);
    const handler = profileHandler();
    await handler(messages);
    const key = keys.flagged(id('2'), manifest.containers[0]?.number as string);
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: key,
        UpdateExpression: 'SET #s = :s, version = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'assigned', ':v': 2 },
      }),
    );
    await handler([{ ...(messages[0] as ReturnType<typeof sqsRecord>), messageId: 'again' }]);
    const item = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: key }))).Item;
    expect(item).toMatchObject({ status: 'assigned', version: 2 });
    const record = await records().get(id('2'));
    expect(record).toMatchObject({ containersProfiled: 4, status: 'complete' });
    expect(
      (await flaggedOf(id('2'))).filter((f) => f.containerNumber === manifest.containers[0]?.number),
    ).toHaveLength(1);
  });

  it('reports only the poison message of a batch of ten as failed', async () => {
    publish();
    const { messages } = await ingested(id('3'), 18, 2, 13);
    const batch = messages.slice(0, 9);
    // A chunk of a manifest that was never recorded: it cannot be counted anywhere.
    const orphan = {
      ...JSON.parse(messages[0]?.body ?? '{}').chunk,
      context: { manifestId: id('9'), port: 'NLRTM', chunkIndex: 0, chunkCount: 1 },
    };
    batch.splice(3, 0, sqsRecord({ v: 1, chunk: orphan }, 'poison'));
    const result = await profileHandler()(batch);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'poison' }]);
    expect((await records().get(id('3')))?.chunksDone).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('picks up a newly published snapshot after the pointer is re-checked, not before', async () => {
    const v1 = publish();
    const clock = { ms: 1_000 };
    const handler = profileHandler(clock);
    const first = await ingested(id('4'), 2, 2, 14);
    await handler(first.messages);
    // A stricter profile set is published: every container of the manifest is flagged now.
    const v2 = publish({ ...defaultProfileSet(), version: 'strict-1', defaultThreshold: 0 });
    expect(v2).not.toBe(v1);

    clock.ms += 10_000;
    const second = await ingested(id('5'), 2, 2, 15);
    await handler(second.messages);
    expect((await flaggedOf(id('5'))).every((f) => f.snapshotVersion === v1)).toBe(true);

    clock.ms += 30_000;
    const third = await ingested(id('6'), 2, 2, 16);
    await handler(third.messages);
    const flagged = await flaggedOf(id('6'));
    expect(flagged).toHaveLength(2);
    expect(flagged.every((f) => f.snapshotVersion === v2)).toBe(true);
    // The snapshot itself was downloaded twice in all (once per version); the pointer more often.
    const snapshotGets = aws.s3Mock
      .commandCalls(GetObjectCommand)
      .filter((c) => c.args[0].input.Key?.startsWith('config/snapshots/'));
    expect(snapshotGets).toHaveLength(2);
  });

  it('reads a chunk that ingest offloaded to S3', async () => {
    publish();
    const manifestStore = createManifestStore({ s3: s3(), bucket: BUCKET });
    const { chunks } = await ingested(id('7'), 3, 3, 17);
    const queue = createProfilingQueue({
      sqs: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: QUEUE_URL,
      manifestStore,
      inlineMaxBytes: 100,
    });
    await queue.sendChunks(chunks as ProfilingChunk[]);
    const body = aws.sent[0]?.MessageBody as string;
    expect(JSON.parse(body).chunkKey).toBe(`chunks/${id('7')}/0.json`);
    const result = await profileHandler()([sqsRecord(body, 'via-s3')]);
    expect(result.batchItemFailures).toEqual([]);
    expect((await records().get(id('7')))?.status).toBe('complete');
  });

  it('fails every message (for a retry) while no snapshot is published', async () => {
    const { messages } = await ingested(id('8'), 2, 1, 18);
    const result = await profileHandler()(messages);
    expect(result.batchItemFailures).toHaveLength(2);
    expect((await records().get(id('8')))?.chunksDone).toEqual([]);
  });
});

describe('profile handler with clearances', () => {
  const clearanceStore = () => createClearanceStore({ doc: db.doc, table: db.tableName });
  const analyst = { subject: 'sub-anna', username: 'anna' };
  const reason =
    'Golden Crescent Trading LLC of Deira is a date importer, trade licence 204518; not the listed firm';

  async function consigneeFlag(manifestId: string, seed: number, handler: ReturnType<typeof profileHandler>) {
    const { manifest, messages } = await ingested(manifestId, 4, 2, seed);
    expect((await handler(messages)).batchItemFailures).toEqual([]);
    return (await flaggedOf(manifestId)).find((f) => f.containerNumber === manifest.containers[0]?.number);
  }

  function watchlistEvidenceOf(flag: Record<string, unknown> | undefined): Evidence {
    const hits = (flag?.assessment as { hits: { evidence: Evidence[] }[] } | undefined)?.hits ?? [];
    const evidence = hits.flatMap((h) => h.evidence).find((e) => e.watchlist?.entityId === 'PCU-1');
    if (!evidence) throw new Error('no PCU-1 match');
    return evidence;
  }

  it('a cleared party does not alert on the next manifest; it alerts again after the entry changes or the clearance expires; another port’s clearance does not apply', async () => {
    const version = publish();
    const clock = { now: new Date('2026-12-01T09:00:00.000Z') };
    const cache = createClearanceCache({ load: (port) => clearanceStore().list(port), refreshMs: 0 });
    const handler = profileHandler(
      { ms: 0 },
      { clearances: (port, at) => cache.forPort(port, at), now: () => clock.now },
    );
    const first = await consigneeFlag(id('a'), 21, handler);
    expect(first?.lane).toBe('red');

    // Antwerp clears the same party: Rotterdam still alerts.
    const evidence = watchlistEvidenceOf(first);
    const base = { reason, listVersion: version, by: analyst, at: clock.now };
    await clearanceStore().create(clearanceOfEvidence(evidence, { ...base, id: 'antwerp-1', port: 'BEANR' }));
    expect((await consigneeFlag(id('b'), 22, handler))?.lane).toBe('red');

    await clearanceStore().create(
      clearanceOfEvidence(evidence, {
        ...base,
        id: 'rotterdam-1',
        port: 'NLRTM',
        expiresAt: '2027-03-01T00:00:00.000Z',
      }),
    );
    expect(await consigneeFlag(id('c'), 23, handler)).toBeUndefined();

    // The list update adds an alias to the entry: the clearance no longer holds.
    const [entry, ...rest] = TEST_WATCHLIST;
    publish(defaultProfileSet(), [
      { ...entry!, aliases: [...entry!.aliases, 'GOLDEN CRESCENT GENERAL TRADING'] },
      ...rest,
    ]);
    const changed = profileHandler(
      { ms: 60_000 },
      { clearances: (port, at) => cache.forPort(port, at), now: () => clock.now },
    );
    expect((await consigneeFlag(id('d'), 24, changed))?.lane).toBe('red');

    // Back on the entry as cleared, but after the clearance expired.
    publish();
    const later = profileHandler(
      { ms: 120_000 },
      { clearances: (port, at) => cache.forPort(port, at), now: () => clock.now },
    );
    expect(await consigneeFlag(id('e'), 25, later)).toBeUndefined();
    clock.now = new Date('2027-03-01T00:00:00.000Z');
    expect((await consigneeFlag(id('f'), 26, later))?.lane).toBe('red');
  });
});
