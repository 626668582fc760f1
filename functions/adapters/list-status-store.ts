import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readSnapshotHeader, type SnapshotHeader } from '#core/snapshot/load-snapshot.ts';
import type { ListStatus, ListStatusResponse } from '#schemas/api.ts';
import { LIST_STATUS_KEY } from './resource-settings.ts';
import { createSnapshotStore, putFreshJson, SnapshotNotPublishedError } from './snapshot-store.ts';

/**
 * The list refresh's record per list (`config/lists/status.json`): edition date, last refresh,
 * outcome and error. Entry counts come from the live snapshot's header, not from here.
 */
export type ListStatusRecord = Omit<ListStatus, 'entries'>;

export interface ListStatusStore {
  read(): Promise<ListStatusRecord[]>;
  write(lists: readonly ListStatusRecord[]): Promise<void>;
}

export function createListStatusStore(options: { s3: S3Client; bucket: string }): ListStatusStore {
  const { s3, bucket } = options;
  return {
    async read() {
      try {
        const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: LIST_STATUS_KEY }));
        const value = JSON.parse((await response.Body?.transformToString('utf-8')) ?? '{}') as {
          lists?: ListStatusRecord[];
        };
        return Array.isArray(value.lists) ? value.lists : [];
      } catch (err) {
        // Before the first refresh there is no status. The readers may only GetObject under
        // config/ (no ListBucket), and S3 then answers a missing key with 403, not 404.
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        const name = (err as Error).name;
        if (name === 'NoSuchKey' || name === 'AccessDenied' || status === 404 || status === 403) return [];
        throw err;
      }
    },
    async write(lists) {
      await putFreshJson(s3, bucket, LIST_STATUS_KEY, { lists });
    },
  };
}

/** In memory (tests, and a CLI run without a bucket). */
export function memoryListStatusStore(initial: ListStatusRecord[] = []): ListStatusStore {
  let lists = initial;
  return {
    async read() {
      return lists;
    },
    async write(next) {
      lists = [...next];
    },
  };
}

/** How much of a snapshot is read for its header line (the header holds the profile set). */
const HEADER_READ_BYTES = 1024 * 1024;

/**
 * Each list of the live snapshot with its entry count (from the snapshot's header line, read
 * with a ranged GET), merged with the refresh's record of it (edition date, last refresh).
 * A list the refresh tried but that is in no snapshot yet is listed with 0 entries.
 */
export function listStatusView(
  live: { version?: string; watchlists: readonly { list: string; entries: number }[] },
  records: readonly ListStatusRecord[],
): ListStatusResponse {
  const byList = new Map(records.map((r) => [r.list, r]));
  const lists: ListStatus[] = live.watchlists.map((w) => ({
    ...byList.get(w.list),
    list: w.list,
    entries: w.entries,
  }));
  for (const record of records) {
    if (!live.watchlists.some((w) => w.list === record.list)) lists.push({ ...record, entries: 0 });
  }
  return { ...(live.version && { snapshotVersion: live.version }), lists };
}

export function createListStatusReader(options: { s3: S3Client; bucket: string }) {
  const { s3, bucket } = options;
  const statusStore = createListStatusStore(options);
  const snapshots = createSnapshotStore(options);

  async function liveHeader(): Promise<SnapshotHeader | undefined> {
    let key: string;
    try {
      const read = await snapshots.readPointer();
      if (!read.changed) return undefined;
      key = read.pointer.key;
    } catch (err) {
      if (err instanceof SnapshotNotPublishedError) return undefined;
      throw err;
    }
    const head = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${HEADER_READ_BYTES - 1}` }),
    );
    let text = (await head.Body?.transformToString('utf-8')) ?? '';
    // A header longer than the range (a very large profile set): read the whole object.
    if (!text.includes('\n')) text = await snapshots.readSnapshot(key);
    return readSnapshotHeader(text);
  }

  return {
    async read(): Promise<ListStatusResponse> {
      const [header, records] = await Promise.all([liveHeader(), statusStore.read()]);
      return listStatusView({ version: header?.version, watchlists: header?.watchlists ?? [] }, records);
    },
  };
}
