import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ListStatus } from '#schemas/api.ts';
import { LIST_STATUS_KEY } from './pipeline-resources.ts';
import { putFreshJson } from './snapshot-store.ts';

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
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if ((err as Error).name === 'NoSuchKey' || status === 404) return [];
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
