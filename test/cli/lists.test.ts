import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSnapshotStore } from '#adapters/snapshot-store.ts';
import { publishConfig } from '../../cli/commands/publish.ts';
import { main } from '../../cli/main.ts';
import { mockS3AndSqs } from '../functions/pipeline-fixtures.ts';
import { bundledEdition, serveFolder, silentServer, writeEdition } from '../refresh/list-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'pcu-lists-cli-'));
const ownList = join(dir, 'pcu-list.csv');
writeFileSync(
  ownList,
  'id,type,name\nP1,company,GOLDEN CRESCENT TRADING LLC\nP2,company,NORTHWIND FREIGHT FZE\n',
);
const mirrorFolder = join(dir, 'mirror');
let mirror: Awaited<ReturnType<typeof serveFolder>>;
let aws: ReturnType<typeof mockS3AndSqs>;

beforeAll(async () => {
  writeEdition(mirrorFolder, bundledEdition(400));
  mirror = await serveFolder(mirrorFolder);
});
afterAll(async () => {
  await mirror.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  aws = mockS3AndSqs();
});
afterEach(() => {
  aws.restore();
  vi.restoreAllMocks();
});

async function pcu(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  process.exitCode = undefined;
  const code = await main(['node', 'pcu', ...args]);
  write.mockRestore();
  const exit = process.exitCode ?? code;
  process.exitCode = undefined;
  return { code: Number(exit), out: out.join('') };
}

const BUCKET = ['--bucket', 'pcu-bucket', '--region', 'eu-west-1'];
const refreshFrom = (url: string, ...more: string[]) =>
  pcu('lists', 'refresh', ...BUCKET, '--table', 'pcu-table', '--source-url', url, ...more);

describe('pcu lists', () => {
  it('refresh adds the public lists beside the PCU list; status shows entries, edition and last refresh', async () => {
    const store = createSnapshotStore({ s3: new S3Client({ region: 'eu-west-1' }), bucket: 'pcu-bucket' });
    await publishConfig({ store, bucket: 'pcu-bucket', watchlistPaths: [ownList] });

    const refreshed = await refreshFrom(mirror.url);
    expect(refreshed.code).toBe(0);
    expect(refreshed.out).toContain('OFAC-SDN: updated, 400 entries (+400 added, 0 changed, -0 removed)');
    expect(refreshed.out).toMatch(/published snapshot [0-9a-f]{16}/);

    const status = await pcu('lists', 'status', ...BUCKET, '--json');
    const parsed = JSON.parse(status.out);
    const byList = Object.fromEntries(parsed.lists.map((l: { list: string }) => [l.list, l]));
    expect(byList['pcu-list']).toEqual({ list: 'pcu-list', entries: 2 });
    expect(byList['OFAC-SDN']).toMatchObject({ entries: 400, lastOutcome: 'updated' });
    expect(byList['UN-SC']).toMatchObject({ entries: 1003, listDate: '2026-02-27T00:00:09.554Z' });

    // A source that does not answer: exit 1, the lists keep their entries, the status says why.
    const silent = await silentServer();
    try {
      const failed = await refreshFrom(silent.url, '--timeout', '1');
      expect(failed.code).toBe(1);
      expect(failed.out).toContain('OFAC-SDN: unavailable, 400 entries');
      expect(failed.out).toContain('no answer within 1 s');
    } finally {
      await silent.close();
    }
    const after = await pcu('lists', 'status', ...BUCKET);
    expect(after.out).toMatch(/OFAC-SDN: 400 entries, edition date unknown, last refresh \S+ unavailable: /);
    expect(after.out).toMatch(
      /UN-SC: 1003 entries, edition 2026-02-27T00:00:09.554Z, last refresh \S+ unavailable/,
    );
  });

  it('refuses a source address that is not http(s)', async () => {
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      errors.push(String(s));
      return true;
    });
    const result = await pcu('lists', 'refresh', ...BUCKET, '--table', 't', '--source-url', 'file:///etc/');
    expect(result.code).toBe(2);
    expect(errors.join('')).toContain('--source-url must be an http(s) address');
  });
});
