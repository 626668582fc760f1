import type { ListDownloader } from '#adapters/list-download.ts';
import type { ListStatusRecord, ListStatusStore } from '#adapters/list-status-store.ts';
import { publishSnapshot, type SnapshotStore } from '#adapters/snapshot-store.ts';
import { buildSnapshot } from '#core/snapshot/build-snapshot.ts';
import { type LoadedSnapshot, loadSnapshot } from '#core/snapshot/load-snapshot.ts';
import {
  diffWatchlist,
  implausibleShrink,
  isUnchanged,
  type ListDiff,
  MIN_KEPT_SHARE,
} from '#core/watchlists/list-diff.ts';
import { type ListSource, parseEdition } from '#core/watchlists/list-sources.ts';
import type { ListRefreshOutcomes } from '#schemas/api.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import type { ListUpdate, RescreenOutcome } from './rescreen.ts';

/**
 * One list refresh: download each public list, read and check it, compare it with the edition
 * in the live snapshot, and if anything changed publish a new snapshot (same profiles, the
 * other lists as they were) and re-screen recent manifests against what was added or changed.
 *
 * A list that cannot be downloaded, does not parse, or has fewer than MIN_KEPT_SHARE of the
 * entries in use is refused: its edition in use keeps serving (in the new snapshot too, if
 * another list changed), its status records why, and the result counts it as a failure (the
 * Lambda's ListRefreshFailed metric, which the alarm watches).
 */
export type RefreshDeps = {
  sources: readonly ListSource[];
  download: ListDownloader;
  snapshots: SnapshotStore;
  statusStore: ListStatusStore;
  /** Re-screening of recent manifests; omitted, a new snapshot is published without it. */
  rescreen?: (snapshot: LoadedSnapshot, update: ListUpdate) => Promise<RescreenOutcome>;
  minKeptShare?: number;
  now?: () => Date;
};

export type ListRefreshResult = {
  list: string;
  outcome: ListRefreshOutcomes;
  /** Entries of the edition now serving. */
  entries: number;
  listDate?: string;
  error?: string;
  added?: number;
  changed?: number;
  removed?: number;
};

export type RefreshReport = {
  at: string;
  previousVersion: string;
  snapshotVersion: string;
  published: boolean;
  lists: ListRefreshResult[];
  /** Lists refused or not downloadable (the alarm's metric). */
  failures: number;
  rescreen?: RescreenOutcome;
};

export async function refreshLists(deps: RefreshDeps): Promise<RefreshReport> {
  const at = (deps.now ?? (() => new Date()))().toISOString();
  const read = await deps.snapshots.readPointer();
  if (!read.changed) throw new Error('the snapshot pointer could not be read');
  const current = loadSnapshot(await deps.snapshots.readSnapshot(read.pointer.key));
  const entriesByList = new Map<string, WatchlistEntry[]>();
  for (const entry of current.screening.entries) {
    const list = entriesByList.get(entry.list) ?? [];
    if (list.length === 0) entriesByList.set(entry.list, list);
    list.push(entry);
  }
  const statuses = new Map((await deps.statusStore.read()).map((s) => [s.list, s]));

  const results: RefreshedList[] = [];
  const diffs: ListDiff[] = [];
  for (const source of deps.sources) {
    const previous = entriesByList.get(source.list) ?? [];
    const status: ListStatusRecord = { ...statuses.get(source.list), list: source.list, lastRefreshAt: at };
    const result = await refreshOne(source, previous, deps);
    results.push(result);
    status.lastOutcome = result.outcome;
    if (result.error) status.lastError = result.error;
    else delete status.lastError;
    if (result.outcome === 'updated' || result.outcome === 'unchanged') {
      if (result.listDate) status.listDate = result.listDate;
    }
    if (result.diff) {
      diffs.push(result.diff);
      entriesByList.set(source.list, result.entriesNow);
      status.lastUpdatedAt = at;
      status.lastChange = {
        added: result.added ?? 0,
        changed: result.changed ?? 0,
        removed: result.removed ?? 0,
      };
    }
    statuses.set(source.list, status);
  }

  let snapshotVersion = current.version;
  let rescreen: RescreenOutcome | undefined;
  if (diffs.length > 0) {
    const built = buildSnapshot({
      entries: [...entriesByList.values()].flat(),
      profileSet: current.header.profileSet,
      builtAt: new Date(at),
    });
    await publishSnapshot(deps.snapshots, built, new Date(at));
    snapshotVersion = built.version;
    if (deps.rescreen) {
      rescreen = await deps.rescreen(loadSnapshot(built.body), { at, snapshotVersion, diffs });
    }
  }
  await deps.statusStore.write([...statuses.values()]);
  return {
    at,
    previousVersion: current.version,
    snapshotVersion,
    published: diffs.length > 0,
    lists: results.map(({ diff, entriesNow, ...rest }) => rest),
    failures: results.filter((r) => r.outcome === 'refused' || r.outcome === 'unavailable').length,
    ...(rescreen && { rescreen }),
  };
}

type RefreshedList = ListRefreshResult & { diff?: ListDiff; entriesNow: WatchlistEntry[] };

async function refreshOne(
  source: ListSource,
  previous: WatchlistEntry[],
  deps: RefreshDeps,
): Promise<RefreshedList> {
  const kept = { list: source.list, entries: previous.length, entriesNow: previous };
  let downloaded: Awaited<ReturnType<ListDownloader>>;
  try {
    downloaded = await deps.download(source);
  } catch (err) {
    return { ...kept, outcome: 'unavailable', error: (err as Error).message };
  }
  let edition: ReturnType<typeof parseEdition>;
  try {
    edition = parseEdition(source, downloaded.texts, downloaded.lastModified);
  } catch (err) {
    return { ...kept, outcome: 'refused', error: `does not parse: ${(err as Error).message}` };
  }
  const shrink = implausibleShrink(
    source.list,
    previous.length,
    edition.entries.length,
    deps.minKeptShare ?? MIN_KEPT_SHARE,
  );
  if (shrink) return { ...kept, outcome: 'refused', error: shrink };
  const diff = diffWatchlist(source.list, previous, edition.entries);
  const counts = { added: diff.added.length, changed: diff.changed.length, removed: diff.removed.length };
  const dated = edition.listDate ? { listDate: edition.listDate } : {};
  if (isUnchanged(diff)) return { ...kept, ...dated, outcome: 'unchanged', ...counts };
  return {
    list: source.list,
    entries: edition.entries.length,
    entriesNow: edition.entries,
    ...dated,
    outcome: 'updated',
    ...counts,
    diff,
  };
}
