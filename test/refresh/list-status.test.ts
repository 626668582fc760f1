import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createListStatusReader } from '#adapters/list-status-store.ts';
import { LIST_STATUS_KEY, SNAPSHOT_POINTER_KEY, snapshotKey } from '#adapters/pipeline-resources.ts';
import { defaultProfileSet } from '#core/profiling/index.ts';
import { buildSnapshot } from '#core/snapshot/build-snapshot.ts';
import { dispatch } from '../../functions/api/dispatch.ts';
import { listsRoutes } from '../../functions/api/lists-handler.ts';
import { apiEvent, bodyOf, USERS } from '../api/api-fixtures.ts';
import { sampleWatchlist } from './list-fixtures.ts';

const BUCKET = 'pcu-status-test';
const s3 = mockClient(S3Client);
const body = (text: string) => ({ Body: { transformToString: async () => text } }) as never;
const missing = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });

beforeEach(() => s3.reset());

describe('GET /lists and pcu lists status', () => {
  const built = buildSnapshot({ entries: sampleWatchlist(), profileSet: defaultProfileSet() });
  const pointer = {
    version: built.version,
    key: snapshotKey(built.version),
    publishedAt: '2026-12-02T06:00:00Z',
  };

  it("shows each list's entries from the live snapshot's header with its edition date and last refresh", async () => {
    s3.on(GetObjectCommand, { Key: SNAPSHOT_POINTER_KEY }).callsFake(() => body(JSON.stringify(pointer)));
    s3.on(GetObjectCommand, { Key: pointer.key }).callsFake((input: { Range?: string }) => {
      expect(input.Range).toMatch(/^bytes=0-/);
      return body(built.body.slice(0, built.body.indexOf('\n') + 50));
    });
    s3.on(GetObjectCommand, { Key: LIST_STATUS_KEY }).callsFake(() =>
      body(
        JSON.stringify({
          lists: [
            {
              list: 'UN-SC',
              listDate: '2026-11-30T00:00:02Z',
              lastRefreshAt: '2026-12-02T06:00:00.000Z',
              lastOutcome: 'refused',
              lastError: 'UN-SC: the new edition has 10 entries, fewer than 90% of the 1003',
            },
          ],
        }),
      ),
    );
    const status = await createListStatusReader({ s3: new S3Client({}), bucket: BUCKET }).read();
    expect(status.snapshotVersion).toBe(built.version);
    expect(status.lists).toEqual([
      { list: 'OFAC-SDN', entries: 2 },
      {
        list: 'UN-SC',
        entries: 1,
        listDate: '2026-11-30T00:00:02Z',
        lastRefreshAt: '2026-12-02T06:00:00.000Z',
        lastOutcome: 'refused',
        lastError: 'UN-SC: the new edition has 10 entries, fewer than 90% of the 1003',
      },
    ]);
  });

  it('answers before any refresh (S3 says 403 for the missing status to a reader without ListBucket)', async () => {
    s3.on(GetObjectCommand, { Key: SNAPSHOT_POINTER_KEY }).callsFake(() => body(JSON.stringify(pointer)));
    s3.on(GetObjectCommand, { Key: pointer.key }).callsFake(() => body(built.body));
    s3.on(GetObjectCommand, { Key: LIST_STATUS_KEY }).rejects(missing('AccessDenied', 403));
    const reader = createListStatusReader({ s3: new S3Client({}), bucket: BUCKET });
    const result = await dispatch(
      apiEvent({ routeKey: 'GET /lists', claims: USERS.officerRtm }),
      listsRoutes,
      { status: reader },
      () => {},
    );
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({
      snapshotVersion: built.version,
      lists: [
        { list: 'OFAC-SDN', entries: 2 },
        { list: 'UN-SC', entries: 1 },
      ],
    });
  });

  it('refuses a caller without a role', async () => {
    const result = await dispatch(
      apiEvent({ routeKey: 'GET /lists', claims: USERS.noRole }),
      listsRoutes,
      { status: { read: async () => ({ lists: [] }) } },
      () => {},
    );
    expect(result.statusCode).toBe(403);
  });
});
