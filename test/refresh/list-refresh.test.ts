import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFlaggedQueries } from '#adapters/flagged-queries.ts';
import { createFlaggedStore } from '#adapters/flagged-store.ts';
import { createListDownloader } from '#adapters/list-download.ts';
import { memoryListStatusStore } from '#adapters/list-status-store.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { expiresAtFor, keys, type SnapshotPointer, snapshotKey } from '#adapters/pipeline-resources.ts';
import { createRescreenStore } from '#adapters/rescreen-store.ts';
import { publishSnapshot, type SnapshotStore } from '#adapters/snapshot-store.ts';
import { readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import { defaultProfileSet } from '#core/profiling/index.ts';
import { buildSnapshot } from '#core/snapshot/build-snapshot.ts';
import { loadSnapshot } from '#core/snapshot/load-snapshot.ts';
import { listSourcesAt } from '#core/watchlists/list-sources.ts';
import { loadWatchlist } from '#core/watchlists/load-watchlist.ts';
import { createObservability } from '../../functions/commons/powertools.ts';
import { type RefreshDeps, refreshLists } from '../../functions/refresh/refresh-lists.ts';
import { rescreenRecentManifests } from '../../functions/refresh/rescreen.ts';
import { createRefreshRun } from '../../functions/refresh/run-refresh.ts';
import { type startDynalite, startDynalite as startTable } from '../adapters/dynalite-table.ts';
import { sampleManifest } from '../functions/pipeline-fixtures.ts';
import {
  bundledEdition,
  type Edition,
  sdnRow,
  serveFolder,
  silentServer,
  writeEdition,
} from './list-fixtures.ts';

const NOW = new Date('2026-12-02T06:00:00.000Z');
const PORT = 'NLRTM';
const NEW_NAME = 'NORDLICHT MARITIME HANDELS GMBH';
const NEW_ID = 99_999_001;

let db: Awaited<ReturnType<typeof startDynalite>>;
let folder: string;
let mirror: Awaited<ReturnType<typeof serveFolder>>;
let base: Edition;

/** The snapshot bucket in memory: immutable snapshots and the pointer, as in S3. */
function memorySnapshots(): SnapshotStore & { objects: Map<string, string> } {
  const objects = new Map<string, string>();
  return {
    objects,
    async readPointer() {
      const text = objects.get('pointer');
      if (!text) throw Object.assign(new Error('no pointer'), { name: 'SnapshotNotPublishedError' });
      return { changed: true, pointer: JSON.parse(text) as SnapshotPointer, etag: undefined };
    },
    async readSnapshot(key) {
      const body = objects.get(key);
      if (body === undefined) throw new Error(`no ${key}`);
      return body;
    },
    async putSnapshot(version, body) {
      objects.set(snapshotKey(version), body);
      return snapshotKey(version);
    },
    async putPointer(pointer) {
      objects.set('pointer', JSON.stringify(pointer));
    },
  };
}

/** The stored uploads (what the ingest left in S3 under incoming/). */
const files = new Map<string, string>();
const manifestStore = {
  async *read(key: string) {
    const body = files.get(key);
    if (body === undefined) throw Object.assign(new Error(`NoSuchKey ${key}`), { name: 'NoSuchKey' });
    yield new TextEncoder().encode(body);
  },
};

/** A manifest the pipeline received `daysAgo` days before NOW, its container 2 consigned to `consignee`. */
async function receivedManifest(id: string, daysAgo: number, consignee: string, seed: number) {
  const manifest = sampleManifest(3, { seed });
  const bl = manifest.billsOfLading[2] as { consignee?: unknown };
  bl.consignee = { name: consignee, address: 'Am Sandtorkai 5, Hamburg', country: 'DE' };
  const sourceKey = `incoming/${PORT}/${id}.json`;
  files.set(sourceKey, JSON.stringify(manifest));
  const receivedAt = new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();
  await createManifestRecords({ doc: db.doc, table: db.tableName }).createIfAbsent({
    manifestId: id,
    port: PORT,
    sourceKey,
    status: 'received',
    format: 'json',
    counts: {
      billsOfLading: 3,
      containers: 3,
      goodsItems: 3,
      recordsRead: 6,
      recordsWithErrors: 0,
      recordsRejected: 0,
    } as never,
    reportKey: `reports/${id}.json`,
    chunkCount: 1,
    receivedAt,
    expiresAt: expiresAtFor(new Date(receivedAt), 365),
  });
  return { manifest, containerNumber: manifest.containers[2]!.number, receivedAt };
}

async function flagsOf(manifestId: string) {
  const page = await createFlaggedQueries({ doc: db.doc, table: db.tableName }).listFlaggedOfManifest({
    manifestId,
    limit: 100,
  });
  return page.items;
}

function depsFor(snapshots: SnapshotStore, opts: Partial<RefreshDeps> = {}): RefreshDeps {
  return {
    sources: listSourcesAt(mirror.url),
    download: createListDownloader({ timeoutMs: 5_000 }),
    snapshots,
    statusStore: memoryListStatusStore(),
    now: () => NOW,
    rescreen: (snapshot, update) =>
      rescreenRecentManifests(snapshot, update, {
        store: createRescreenStore({ doc: db.doc, table: db.tableName }),
        manifestStore,
        flaggedStore: createFlaggedStore({ doc: db.doc, table: db.tableName }),
        manifestRecords: createManifestRecords({ doc: db.doc, table: db.tableName }),
        readManifest: readManifestForIntake,
        ports: [PORT],
        days: 30,
        retentionDays: 365,
      }),
    ...opts,
  };
}

/** A snapshot published from the edition the mirror serves now (what `pcu publish` would do). */
async function publishServedEdition(): Promise<SnapshotStore & { objects: Map<string, string> }> {
  const snapshots = memorySnapshots();
  const entries = [
    ...loadWatchlist(join(folder, 'ofac-sdn')),
    ...loadWatchlist(join(folder, 'un-sc-consolidated.xml')),
  ];
  await publishSnapshot(snapshots, buildSnapshot({ entries, profileSet: defaultProfileSet() }));
  return snapshots;
}

async function pointerVersion(snapshots: SnapshotStore): Promise<string> {
  const read = await snapshots.readPointer();
  return read.changed ? read.pointer.version : '';
}

beforeAll(async () => {
  db = await startTable('pcu-refresh-test');
  folder = mkdtempSync(join(tmpdir(), 'pcu-lists-'));
  mirror = await serveFolder(folder);
  base = bundledEdition(400);
});

afterAll(async () => {
  await mirror.close();
  await db.stop();
  rmSync(folder, { recursive: true, force: true });
});

beforeEach(() => writeEdition(folder, base));

describe('list refresh', () => {
  it('publishes a new snapshot with an added entry and flags a container of a manifest received before the update', async () => {
    const snapshots = await publishServedEdition();
    const before = await pointerVersion(snapshots);
    const recent = await receivedManifest('a'.repeat(32), 10, 'Nordlicht Maritime Handels GmbH', 501);
    const old = await receivedManifest('b'.repeat(32), 45, 'Nordlicht Maritime Handels GmbH', 502);
    expect(await flagsOf('a'.repeat(32))).toEqual([]);

    writeEdition(folder, { ...base, sdn: [...base.sdn, sdnRow(NEW_ID, NEW_NAME, 'RUSSIA-EO14024')] });
    const report = await refreshLists(depsFor(snapshots));

    const ofac = report.lists.find((l) => l.list === 'OFAC-SDN');
    expect(ofac).toMatchObject({ outcome: 'updated', added: 1, changed: 0, removed: 0, entries: 401 });
    expect(report.lists.find((l) => l.list === 'UN-SC')?.outcome).toBe('unchanged');
    expect(report.published).toBe(true);
    const after = await pointerVersion(snapshots);
    expect(after).not.toBe(before);
    const live = loadSnapshot(await snapshots.readSnapshot(snapshotKey(after)));
    expect(live.header.watchlists.find((w) => w.list === 'OFAC-SDN')?.entries).toBe(401);
    expect(live.screening.entries.some((e) => e.id === String(NEW_ID))).toBe(true);

    const flags = await flagsOf('a'.repeat(32));
    expect(flags.map((f) => f.containerNumber)).toEqual([recent.containerNumber]);
    const evidence = (
      flags[0]!.assessment as {
        hits: { evidence: { detail?: string; watchlist?: { entityId: string } }[] }[];
      }
    ).hits
      .flatMap((h) => h.evidence)
      .find((e) => e.watchlist?.entityId === String(NEW_ID));
    expect(evidence?.detail).toContain('entry added in the OFAC-SDN list update of 2026-12-02');
    expect(flags[0]).toMatchObject({ status: 'open', snapshotVersion: after, port: PORT });
    // Outside the 30 days: not re-screened.
    expect(await flagsOf('b'.repeat(32))).toEqual([]);
    expect(old.receivedAt < report.rescreen!.since).toBe(true);
    expect(report.rescreen).toMatchObject({ manifests: 1, containers: 3, flagsWritten: 1 });
    const record = await createManifestRecords({ doc: db.doc, table: db.tableName }).get('a'.repeat(32));
    expect(record?.containersFlagged).toBe(1);

    // The same edition again: nothing changes, nothing is written twice.
    const again = await refreshLists(depsFor(snapshots));
    expect(again.published).toBe(false);
    expect(again.lists.every((l) => l.outcome === 'unchanged')).toBe(true);
    expect(await flagsOf('a'.repeat(32))).toHaveLength(1);
  });

  it('adds the hit to an existing flag of the container and keeps the officer fields, without a second item', async () => {
    const snapshots = await publishServedEdition();
    const id = 'c'.repeat(32);
    const { containerNumber } = await receivedManifest(id, 3, 'Nordlicht Maritime Handels GmbH', 503);
    await createFlaggedStore({ doc: db.doc, table: db.tableName }).writeFlagged(
      {
        manifestId: id,
        port: PORT,
        snapshotVersion: await pointerVersion(snapshots),
        profiledAt: '2026-11-29T08:00:00.000Z',
        expiresAt: expiresAtFor(NOW, 365),
      },
      [
        {
          containerNumber,
          score: 30,
          lane: 'yellow',
          assessment: {
            containerNumber,
            hits: [{ ruleId: 'WEIGHT', description: 'x', weight: 30, evidence: [] }],
          },
        },
      ],
    );
    writeEdition(folder, { ...base, sdn: [...base.sdn, sdnRow(NEW_ID, NEW_NAME, 'RUSSIA-EO14024')] });
    await refreshLists(depsFor(snapshots));
    const flags = await flagsOf(id);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ flaggedAt: '2026-11-29T08:00:00.000Z', status: 'open', version: 1 });
    const entities = (
      flags[0]!.assessment as { hits: { evidence: { watchlist?: { entityId: string } }[] }[] }
    ).hits
      .flatMap((h) => h.evidence)
      .map((e) => e.watchlist?.entityId);
    expect(entities).toContain(String(NEW_ID));
  });

  it('marks an open flag whose evidence names a removed entry, and closes nothing', async () => {
    const extended = { ...base, sdn: [...base.sdn, sdnRow(NEW_ID, NEW_NAME, 'RUSSIA-EO14024')] };
    writeEdition(folder, extended);
    const snapshots = await publishServedEdition();
    const id = 'd'.repeat(32);
    await receivedManifest(id, 2, 'Nordlicht Maritime Handels GmbH', 504);
    // Flagged by the profile as the pipeline would have, with the entry listed.
    const live = loadSnapshot(await snapshots.readSnapshot(snapshotKey(await pointerVersion(snapshots))));
    const read = await readManifestForIntake(
      { open: () => manifestStore.read(`incoming/${PORT}/${id}.json`) },
      { reportingPort: PORT },
    );
    const writes: Parameters<ReturnType<typeof createFlaggedStore>['writeFlagged']>[1][number][] = [];
    await read.forEachUnit((unit) => {
      const a = live.assess(unit, { reportingPort: PORT });
      if (a.flagged)
        writes.push({ containerNumber: a.containerNumber, score: a.score, assessment: a as never });
    });
    expect(writes.length).toBeGreaterThan(0);
    await createFlaggedStore({ doc: db.doc, table: db.tableName }).writeFlagged(
      {
        manifestId: id,
        port: PORT,
        snapshotVersion: live.version,
        profiledAt: NOW.toISOString(),
        expiresAt: expiresAtFor(NOW, 365),
      },
      writes,
    );

    writeEdition(folder, base); // the entry is delisted
    const report = await refreshLists(depsFor(snapshots));
    expect(report.lists.find((l) => l.list === 'OFAC-SDN')).toMatchObject({ outcome: 'updated', removed: 1 });
    expect(report.rescreen?.flagsMarkedRemoved).toBeGreaterThanOrEqual(1);
    const flag = (
      await db.doc.send(
        new GetCommand({ TableName: db.tableName, Key: keys.flagged(id, writes[0]!.containerNumber) }),
      )
    ).Item;
    expect(flag?.status).toBe('open');
    const details = (flag!.assessment as { hits: { evidence: { detail?: string }[] }[] }).hits
      .flatMap((h) => h.evidence)
      .map((e) => e.detail ?? '');
    expect(details.some((d) => d.includes('entry removed in the OFAC-SDN list update of 2026-12-02'))).toBe(
      true,
    );
  });

  it('refuses a truncated list and an unparsable one: the snapshot in use keeps serving', async () => {
    const snapshots = await publishServedEdition();
    const before = await pointerVersion(snapshots);
    const un = base.un;
    writeEdition(folder, {
      ...base,
      // Half of the SDN rows: a download cut short.
      sdn: base.sdn.slice(0, 200),
      alt: base.alt.filter((l) =>
        base.sdn.slice(0, 200).some((s) => s.split(',', 1)[0] === l.split(',', 1)[0]),
      ),
      add: base.add.filter((l) =>
        base.sdn.slice(0, 200).some((s) => s.split(',', 1)[0] === l.split(',', 1)[0]),
      ),
      // The XML cut in the middle of an element.
      un: un.slice(0, Math.floor(un.length / 2)),
    });
    const statusStore = memoryListStatusStore();
    const report = await refreshLists(depsFor(snapshots, { statusStore }));
    expect(report.published).toBe(false);
    expect(report.failures).toBe(2);
    const ofac = report.lists.find((l) => l.list === 'OFAC-SDN');
    expect(ofac).toMatchObject({ outcome: 'refused', entries: 400 });
    expect(ofac?.error).toMatch(/200 entries, fewer than 90% of the 400/);
    const unResult = report.lists.find((l) => l.list === 'UN-SC');
    expect(unResult?.outcome).toBe('refused');
    expect(unResult?.error).toMatch(/does not parse: .*un-sc-consolidated\.xml/);
    expect(await pointerVersion(snapshots)).toBe(before);
    const status = await statusStore.read();
    expect(status.find((s) => s.list === 'OFAC-SDN')).toMatchObject({
      lastOutcome: 'refused',
      lastRefreshAt: NOW.toISOString(),
    });
  });

  it('counts a server that does not answer as a failure: the alarm metric and the old snapshot', async () => {
    const snapshots = await publishServedEdition();
    const before = await pointerVersion(snapshots);
    const silent = await silentServer();
    try {
      const observability = createObservability('list-refresh-test');
      const metrics: [string, number][] = [];
      observability.metrics.addMetric = ((name: string, _unit: unknown, value: number) => {
        metrics.push([name, value]);
      }) as typeof observability.metrics.addMetric;
      const run = createRefreshRun(
        depsFor(snapshots, {
          sources: listSourcesAt(silent.url),
          download: createListDownloader({ timeoutMs: 300 }),
        }),
        observability,
      );
      const report = await run();
      expect(report.lists.map((l) => l.outcome)).toEqual(['unavailable', 'unavailable']);
      expect(report.lists[0]?.error).toMatch(/no answer within/);
      expect(metrics).toContainEqual(['ListRefreshFailed', 2]);
      expect(await pointerVersion(snapshots)).toBe(before);
    } finally {
      await silent.close();
    }
  });
});
