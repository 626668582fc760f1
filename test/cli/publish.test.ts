import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { LOCATIONS_FILE_KEY, SNAPSHOT_POINTER_KEY } from '#adapters/pipeline-resources.ts';
import { createSnapshotStore } from '#adapters/snapshot-store.ts';
import { loadSnapshot } from '#core/snapshot/config-snapshot.ts';
import { publishConfig } from '../../cli/commands/publish.ts';
import { main } from '../../cli/main.ts';
import { UserError } from '../../cli/user-error.ts';
import { mockS3AndSqs } from '../functions/pipeline-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'pcu-publish-'));
const watchlist = join(dir, 'pcu-list.csv');
writeFileSync(
  watchlist,
  'id,type,name,country,identifier\nP1,company,GOLDEN CRESCENT TRADING LLC,AE,\nP2,container,TGHU9123458,,TGHU9123458\n',
);

let aws: ReturnType<typeof mockS3AndSqs>;
beforeEach(() => {
  aws = mockS3AndSqs();
});
afterEach(() => {
  aws.restore();
  vi.restoreAllMocks();
});

/** `pcu publish` of the test list to the mocked bucket. */
const publishArgs = [
  'node',
  'pcu',
  'publish',
  '--bucket',
  'pcu-bucket',
  '--watchlist',
  watchlist,
  '--region',
  'eu-west-1',
];

const store = () => createSnapshotStore({ s3: new S3Client({ region: 'eu-west-1' }), bucket: 'pcu-bucket' });

describe('pcu publish', () => {
  it('uploads the snapshot first and flips the pointer last; the result loads and scores', async () => {
    const result = await publishConfig({ store: store(), bucket: 'pcu-bucket', watchlistPaths: [watchlist] });
    const keys = aws.s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(keys).toEqual([`config/snapshots/${result.version}/snapshot.json`, SNAPSHOT_POINTER_KEY]);
    expect(aws.getJson(SNAPSHOT_POINTER_KEY)).toMatchObject({ version: result.version, key: keys[0] });
    expect(result.watchlists).toEqual([{ list: expect.any(String), entries: 2 }]);
    const body = new TextDecoder().decode(aws.objects.get(keys[0] as string));
    expect(loadSnapshot(body).screening.screen('Golden Crescent Trading', { top: 1 })[0]?.entityId).toBe(
      'P1',
    );
    expect(result.unchanged).toBe(false);
    const again = await publishConfig({ store: store(), bucket: 'pcu-bucket', watchlistPaths: [watchlist] });
    expect(again).toMatchObject({ version: result.version, unchanged: true });
  });

  it('runs from the command line and prints JSON for scripts', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out.push(String(s));
      return true;
    });
    const code = await main([...publishArgs, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
      unchanged: false,
    });
  });

  it('--locations uploads the checked locations file to config/locations.csv; a bad row publishes nothing', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      stderr.push(String(s));
      return true;
    });
    const centralAsia = 'data/locations/central-asia.csv';
    expect(await main([...publishArgs, '--locations', centralAsia])).toBe(0);
    const uploaded = new TextDecoder().decode(aws.objects.get(LOCATIONS_FILE_KEY));
    expect(uploaded).toContain('KZAKL,Altynkol');

    aws.objects.clear();
    const bad = join(dir, 'bad-locations.csv');
    writeFileSync(bad, 'code,name,country,latitude,longitude,kind\nKZAKL,Altynkol,KZ,44.19,80.33,station\n');
    expect(await main([...publishArgs, '--locations', bad])).toBe(2);
    expect(stderr.join('')).toMatch(/line 2, kind/);
    expect([...aws.objects.keys()]).toEqual([]);
  });

  it('turns a bad profile file or a missing bucket into a clear user error', async () => {
    const badProfiles = join(dir, 'bad.yaml');
    writeFileSync(
      badProfiles,
      'version: "1"\nrules:\n  - id: X\n    when: { field: nope, equals: 1 }\n    outcome: { weight: 1 }\n',
    );
    await expect(
      publishConfig({
        store: store(),
        bucket: 'pcu-bucket',
        watchlistPaths: [watchlist],
        profilesPath: badProfiles,
      }),
    ).rejects.toBeInstanceOf(UserError);
    await expect(
      publishConfig({ store: store(), bucket: 'pcu-bucket', watchlistPaths: [join(dir, 'missing.csv')] }),
    ).rejects.toBeInstanceOf(UserError);
    aws.s3Mock
      .on(PutObjectCommand)
      .rejects(Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' }));
    await expect(
      publishConfig({ store: store(), bucket: 'nope', watchlistPaths: [watchlist] }),
    ).rejects.toThrow(/bucket nope does not exist/);
  });
});
