import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlaggedQueries } from '#adapters/flagged-queries.ts';
import { createFlaggedStore, type FlaggedContext } from '#adapters/flagged-store.ts';
import { createManifestRecords, type ManifestRecordInput } from '#adapters/manifest-records.ts';
import { INDEXES, keys } from '#adapters/pipeline-resources.ts';
import { startDynalite } from './dynalite-table.ts';

// Real DynamoDB expression semantics (if_not_exists, ADD to a number set, conditions) on dynalite.
let db: Awaited<ReturnType<typeof startDynalite>>;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db?.stop();
});

const counts = {
  billsOfLading: 2,
  containers: 3,
  goodsItems: 4,
  recordsRead: 5,
  recordsWithErrors: 0,
  rejectedRecords: 0,
  errors: 0,
  warnings: 1,
};

function manifestInput(
  manifestId: string,
  chunkCount: number,
  sourceKey = 'incoming/NLRTM/a.csv',
): ManifestRecordInput {
  return {
    manifestId,
    port: 'NLRTM',
    sourceKey,
    status: 'received',
    format: 'csv',
    vesselName: 'MSC OSCAR',
    voyageNumber: '123W',
    counts,
    reportKey: `reports/${manifestId}.json`,
    chunkCount,
    receivedAt: '2026-11-28T00:00:00.000Z',
    expiresAt: 1_900_000_000,
  };
}

describe('manifest records', () => {
  it('creates a record once; a second upload of the same content only adds its key', async () => {
    const records = createManifestRecords({ doc: db.doc, table: db.tableName });
    const first = await records.createIfAbsent(manifestInput('a'.repeat(32), 3));
    const second = await records.createIfAbsent(
      manifestInput('a'.repeat(32), 3, 'incoming/NLRTM/copy of a.csv'),
    );
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.record.sourceKeys).toEqual(['incoming/NLRTM/a.csv', 'incoming/NLRTM/copy of a.csv']);
    expect(second.record.status).toBe('received');
  });

  it('counts each chunk once, even when redelivered, and completes after the last one', async () => {
    const id = 'b'.repeat(32);
    const records = createManifestRecords({ doc: db.doc, table: db.tableName });
    await records.createIfAbsent(manifestInput(id, 3));
    // The three flag items the chunks below report.
    await createFlaggedStore({ doc: db.doc, table: db.tableName }).writeFlagged(
      {
        manifestId: id,
        port: 'NLRTM',
        snapshotVersion: 'v1',
        profiledAt: '2026-11-28T00:00:02.000Z',
        expiresAt: 1_900_000_000,
      },
      ['CSQU3054383', 'TEMU5137178', 'HMMU8727444'].map((containerNumber) => ({
        containerNumber,
        score: 80,
        assessment: { containerNumber, hits: [] },
      })),
    );
    await records.markQueued(id, '2026-11-28T00:00:01.000Z');
    const at = '2026-11-28T00:00:02.000Z';
    const p0 = await records.recordChunkDone(id, 0, { profiled: 100, flagged: 2 }, at);
    const again = await records.recordChunkDone(id, 0, { profiled: 100, flagged: 2 }, at);
    const p2 = await records.recordChunkDone(id, 2, { profiled: 50, flagged: 1 }, at);
    expect([p0.counted, again.counted, p2.counted]).toEqual([true, false, true]);
    expect(p2.complete).toBe(false);
    const p1 = await records.recordChunkDone(id, 1, { profiled: 100, flagged: 0 }, at);
    expect(p1.complete).toBe(true);
    const record = await records.get(id);
    expect(record).toMatchObject({
      status: 'complete',
      containersProfiled: 250,
      containersFlagged: 3,
      chunksDone: [0, 1, 2],
    });
    // A late redelivery of a counted chunk changes nothing.
    const late = await records.recordChunkDone(id, 1, { profiled: 100, flagged: 0 }, at);
    expect(late).toMatchObject({ counted: false, complete: true });
    expect((await records.get(id))?.containersProfiled).toBe(250);
  });

  it('never moves a manifest whose chunks all finished back to queued', async () => {
    const id = 'c'.repeat(32);
    const records = createManifestRecords({ doc: db.doc, table: db.tableName });
    await records.createIfAbsent(manifestInput(id, 1));
    await records.recordChunkDone(id, 0, { profiled: 1, flagged: 0 }, '2026-11-28T00:00:02.000Z');
    await records.markQueued(id, '2026-11-28T00:00:03.000Z');
    expect((await records.get(id))?.status).toBe('complete');
  });

  it('refuses progress for a manifest that was never recorded', async () => {
    const records = createManifestRecords({ doc: db.doc, table: db.tableName });
    await expect(
      records.recordChunkDone('d'.repeat(32), 0, { profiled: 1, flagged: 0 }, 'x'),
    ).rejects.toThrow(/does not exist/);
  });

  it('lists a port’s manifests newest first through byPortDate', async () => {
    const records = createManifestRecords({ doc: db.doc, table: db.tableName });
    await records.createIfAbsent({
      ...manifestInput('e'.repeat(32), 0),
      receivedAt: '2026-11-29T00:00:00.000Z',
    });
    const result = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: INDEXES.byPortDate.indexName,
        KeyConditionExpression: 'portDatePk = :pk',
        ExpressionAttributeValues: { ':pk': keys.portManifestsPk('NLRTM') },
        ScanIndexForward: false,
      }),
    );
    // The index holds the list attributes only; the listing reads the whole record by key.
    expect(result.Items?.[0]).toMatchObject({ manifestId: 'e'.repeat(32), status: 'complete' });
    expect(result.Items?.[0]).not.toHaveProperty('chunkCount');
    const listed = await createFlaggedQueries({ doc: db.doc, table: db.tableName }).listManifests({
      port: 'NLRTM',
      limit: 10,
    });
    expect(listed.items[0]).toMatchObject({ manifestId: 'e'.repeat(32), status: 'complete', chunkCount: 0 });
  });
});

describe('flagged store', () => {
  const manifestId = 'f'.repeat(32);
  const context = (profiledAt: string, snapshotVersion = 'v1'): FlaggedContext => ({
    manifestId,
    port: 'NLRTM',
    vesselName: 'MSC OSCAR',
    voyageNumber: '123W',
    snapshotVersion,
    profiledAt,
    expiresAt: 1_900_000_000,
  });
  const flag = (score: number) => ({
    containerNumber: 'MSKU7351770',
    score,
    lane: 'red',
    assessment: {
      containerNumber: 'MSKU7351770',
      score,
      hits: [{ ruleId: 'SANCTIONED_CONSIGNEE', weight: score }],
    },
  });

  it('re-profiling refreshes the evidence but keeps the officer’s decision and the first flag date', async () => {
    const store = createFlaggedStore({ doc: db.doc, table: db.tableName });
    await store.writeFlagged(context('2026-11-28T01:00:00.000Z'), [flag(80)]);
    const key = keys.flagged(manifestId, 'MSKU7351770');
    // An analyst decides (what the API's PATCH does).
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: key,
        UpdateExpression: 'SET #s = :s, notes = :n, version = :v2, portStatusPk = :pk',
        ConditionExpression: 'version = :v1',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':s': 'inspected-seizure',
          ':n': '12 kg cocaine in the reefer unit',
          ':v1': 1,
          ':v2': 2,
          ':pk': keys.portStatusPk('NLRTM', 'inspected-seizure'),
        },
      }),
    );
    await store.writeFlagged(context('2026-11-29T01:00:00.000Z', 'v2'), [flag(95)]);
    await store.writeFlagged(context('2026-11-29T01:00:00.000Z', 'v2'), [flag(95)]); // redelivery
    const item = (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: key }))).Item;
    expect(item).toMatchObject({
      status: 'inspected-seizure',
      notes: '12 kg cocaine in the reefer unit',
      version: 2,
      portStatusPk: 'PORT#NLRTM#STATUS#inspected-seizure',
      score: 95,
      snapshotVersion: 'v2',
      flaggedAt: '2026-11-28T01:00:00.000Z',
      profiledAt: '2026-11-29T01:00:00.000Z',
    });
    const all = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': keys.manifestPartition(manifestId), ':sk': keys.flaggedSkPrefix },
      }),
    );
    expect(all.Items).toHaveLength(1);
  });

  it('makes a new flag findable by port and date, status, score and container number', async () => {
    const store = createFlaggedStore({ doc: db.doc, table: db.tableName });
    const ctx = { ...context('2026-11-30T01:00:00.000Z'), manifestId: '1'.repeat(32), port: 'BEANR' };
    await store.writeFlagged(ctx, [flag(70)]);
    const query = async (index: keyof typeof INDEXES, pk: string) => {
      const def = INDEXES[index];
      const r = await db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          IndexName: def.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': def.partitionKey },
          ExpressionAttributeValues: { ':pk': pk },
        }),
      );
      return r.Items ?? [];
    };
    expect(await query('byPortDate', keys.portDatePk('BEANR'))).toHaveLength(1);
    expect(await query('byPortStatus', keys.portStatusPk('BEANR', 'open'))).toHaveLength(1);
    expect(await query('byPortScore', keys.portScorePk('BEANR'))).toHaveLength(1);
    const byContainer = await query('byContainer', keys.containerPk('MSKU7351770'));
    expect(byContainer.map((i) => i.port).sort()).toEqual(['BEANR', 'NLRTM']);
  });
});
