import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaggedId } from '#adapters/pipeline-resources.ts';
import { createUploadUrls } from '#adapters/upload-urls.ts';
import { createValidationReports } from '#adapters/validation-reports.ts';
import { decideFlagged } from '../../functions/api/decide-route.ts';
import { dispatch } from '../../functions/api/dispatch.ts';
import { getManifest, getStats, listManifests, type QueryDeps } from '../../functions/api/query-routes.ts';
import { ruleStatistics } from '../../functions/api/rule-stats.ts';
import { createUpload, type UploadDeps } from '../../functions/api/upload-route.ts';
import {
  apiEvent,
  bodyOf,
  claimsFor,
  manifestIdFor,
  startTable,
  type TestTable,
  USERS,
  writeFlag,
  writeManifest,
} from './api-fixtures.ts';

const s3 = new S3Client({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
const now = new Date('2026-11-28T09:00:00Z');

describe('POST /uploads', () => {
  const deps: UploadDeps = {
    uploads: createUploadUrls({ s3, bucket: 'pcu-intake' }),
    maxUploadBytes: 200 * 1024 * 1024,
    now: () => now,
    newId: () => '6f1c2a9e-0000-4000-8000-000000000001',
  };
  const upload = (claims: Record<string, string>, body: unknown) =>
    dispatch(apiEvent({ routeKey: 'POST /uploads', claims, body }), { 'POST /uploads': createUpload }, deps);

  it('signs a PUT under incoming/{port}/ with the exact length and content type', async () => {
    const result = await upload(USERS.officerRtm, {
      fileName: 'MSC EXAMPLE 245W.csv',
      contentType: 'text/csv',
      contentLength: 1_234_567,
    });
    expect(result.statusCode).toBe(201);
    const body = bodyOf(result);
    expect(body.key).toBe(
      'incoming/NLRTM/2026-11-28/6f1c2a9e-0000-4000-8000-000000000001-MSC_EXAMPLE_245W.csv',
    );
    expect(body.headers).toEqual({ 'Content-Type': 'text/csv', 'Content-Length': '1234567' });
    const url = new URL(body.uploadUrl);
    expect(url.pathname).toBe(`/${body.key}`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('x-amz-meta-uploaded-by')).toBe('sub-officer-rtm');
    expect(body.expiresAt).toBe('2026-11-28T09:15:00.000Z');
  });

  it('refuses another port, a file over the limit, and a path in the name', async () => {
    const forged = await upload(USERS.officerRtm, {
      port: 'BEANR',
      fileName: 'm.csv',
      contentType: 'text/csv',
      contentLength: 10,
    });
    expect(forged.statusCode).toBe(403);
    expect(bodyOf(forged).error.field).toBe('port');
    const big = await upload(USERS.officerRtm, {
      fileName: 'm.csv',
      contentType: 'text/csv',
      contentLength: 300 * 1024 * 1024,
    });
    expect(big.statusCode).toBe(422);
    expect(bodyOf(big).error.field).toBe('contentLength');
    const path = await upload(USERS.officerRtm, {
      fileName: '../../config/current.json',
      contentType: 'application/json',
      contentLength: 10,
    });
    expect(path.statusCode).toBe(400);
    expect(bodyOf(path).error.field).toBe('fileName');
    const type = await upload(USERS.officerRtm, {
      fileName: 'm.exe',
      contentType: 'application/x-msdownload',
      contentLength: 10,
    });
    expect(bodyOf(type).error.field).toBe('contentType');
    const noRole = await upload(USERS.noRole, {
      fileName: 'm.csv',
      contentType: 'text/csv',
      contentLength: 10,
    });
    expect(noRole.statusCode).toBe(403);
  });

  it('an analyst may upload; a user of two ports names the port', async () => {
    expect(
      (await upload(USERS.analystRtm, { fileName: 'm.csv', contentType: 'text/csv', contentLength: 10 }))
        .statusCode,
    ).toBe(201);
    const both = await upload(USERS.analystBoth, {
      fileName: 'm.csv',
      contentType: 'text/csv',
      contentLength: 10,
    });
    expect(bodyOf(both).error.field).toBe('port');
    const named = await upload(USERS.analystBoth, {
      port: 'BEANR',
      fileName: 'm.csv',
      contentType: 'text/csv',
      contentLength: 10,
    });
    expect(bodyOf(named).key).toMatch(/^incoming\/BEANR\//);
  });
});

describe('manifests and stats', () => {
  let table: TestTable;
  let deps: QueryDeps;
  const s3Mock = mockClient(S3Client);
  const RTM1 = manifestIdFor('rtm-m1');
  const RTM2 = manifestIdFor('rtm-m2');
  const ANR1 = manifestIdFor('anr-m1');
  const routes = {
    'GET /manifests': listManifests,
    'GET /manifests/{id}': getManifest,
    'GET /stats': getStats,
  };
  const get = (
    routeKey: string,
    claims: Record<string, string>,
    extra: { query?: Record<string, string>; id?: string } = {},
  ) =>
    dispatch(
      apiEvent({
        routeKey,
        claims,
        ...(extra.query && { query: extra.query }),
        ...(extra.id && { pathParameters: { id: extra.id } }),
      }),
      routes,
      deps,
    );

  beforeAll(async () => {
    table = await startTable();
    const mockedS3 = new S3Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    });
    deps = {
      queries: table.queries,
      reports: createValidationReports({ s3: mockedS3, bucket: 'pcu-intake' }),
      now: () => now,
    };
    const report = {
      status: 'partial',
      issues: [
        {
          code: 'CONTAINER_CHECK_DIGIT',
          severity: 'error',
          message: 'check digit is 3, not 4',
          location: { line: 7, field: 'containerNumber' },
          record: 'B/L MAEU1 / container MSCU1234564',
          rejected: true,
        },
        {
          code: 'HS_FORMAT',
          severity: 'error',
          message: 'an HS code has 4 to 10 digits',
          location: { line: 8, field: 'hs_code' },
          record: 'B/L MAEU2 / container MSCU7654321',
          rejected: false,
        },
        {
          code: 'HS_UNKNOWN',
          severity: 'warning',
          message: 'HS 999999 unknown',
          location: { line: 9 },
          rejected: false,
        },
      ],
    };
    s3Mock.on(GetObjectCommand, { Key: `reports/${RTM1}.json` }).resolves({
      // The one method of the SDK's stream mixin the adapter uses.
      Body: { transformToString: async () => JSON.stringify(report) } as never,
    });
    await writeManifest(table, {
      port: 'NLRTM',
      manifestId: RTM1,
      receivedAt: '2026-11-26T07:00:00.000Z',
      containersProfiled: 400,
    });
    await writeManifest(table, {
      port: 'NLRTM',
      manifestId: RTM2,
      receivedAt: '2026-11-27T07:00:00.000Z',
      containersProfiled: 600,
    });
    await writeManifest(table, {
      port: 'BEANR',
      manifestId: ANR1,
      receivedAt: '2026-11-27T08:00:00.000Z',
      containersProfiled: 999,
    });
    // Four flags at Rotterdam: two inspected (one seizure), one open, one released.
    const flags = [
      {
        n: 'MSCU1000001',
        hits: [{ ruleId: 'SANCTIONED_CONSIGNEE', weight: 60 }],
        outcome: 'inspected-seizure',
      },
      {
        n: 'MSCU1000002',
        hits: [
          { ruleId: 'SANCTIONED_CONSIGNEE', weight: 60 },
          { ruleId: 'VAGUE_DESCRIPTION', weight: 20 },
        ],
        outcome: 'inspected-clear',
      },
      { n: 'MSCU1000003', hits: [{ ruleId: 'VAGUE_DESCRIPTION', weight: 45 }], outcome: undefined },
      { n: 'MSCU1000004', hits: [{ ruleId: 'VAGUE_DESCRIPTION', weight: 45 }], outcome: 'released' },
    ] as const;
    for (const flag of flags) {
      await writeFlag(table, {
        port: 'NLRTM',
        manifestId: RTM1,
        containerNumber: flag.n,
        profiledAt: '2026-11-26T08:00:00.000Z',
        hits: [...flag.hits],
      });
      if (!flag.outcome) continue;
      const claims = flag.outcome === 'released' ? USERS.analystRtm : USERS.officerRtm;
      const body = {
        version: 1,
        status: flag.outcome,
        ...(flag.outcome === 'inspected-seizure' && {
          seizure: { substance: 'cocaine', quantity: 12, unit: 'kg' },
        }),
      };
      const result = await dispatch(
        apiEvent({
          routeKey: 'PATCH /flagged/{id}',
          claims,
          pathParameters: { id: flaggedId(RTM1, flag.n) },
          body,
        }),
        { 'PATCH /flagged/{id}': decideFlagged },
        { queries: table.queries, decisions: table.decisions, now: () => now },
      );
      expect(result.statusCode).toBe(200);
    }
    await writeFlag(table, {
      port: 'BEANR',
      manifestId: ANR1,
      containerNumber: 'MSCU1000009',
      profiledAt: '2026-11-27T08:00:00.000Z',
    });
  });
  afterAll(() => table?.stop());

  it('lists the port manifests newest first, never another port', async () => {
    const body = bodyOf(await get('GET /manifests', USERS.analystRtm));
    expect(body.items.map((m: { id: string }) => m.id)).toEqual([RTM2, RTM1]);
    expect(body.items[0]).toMatchObject({
      port: 'NLRTM',
      status: 'complete',
      containersProfiled: 600,
      chunksDone: 1,
    });
    expect((await get('GET /manifests', USERS.analystRtm, { query: { port: 'BEANR' } })).statusCode).toBe(
      403,
    );
  });

  it('shows a manifest with the errors of its records, set aside or kept, and a presigned link to the report', async () => {
    const result = await get('GET /manifests/{id}', USERS.officerRtm, { id: RTM1 });
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result);
    expect(body.rejectedRecords).toEqual([
      {
        record: 'B/L MAEU1 / container MSCU1234564',
        setAside: true,
        code: 'CONTAINER_CHECK_DIGIT',
        message: 'check digit is 3, not 4',
        line: 7,
        field: 'containerNumber',
      },
      {
        // Kept and profiled: the error is evidence on the record, and listed too.
        record: 'B/L MAEU2 / container MSCU7654321',
        setAside: false,
        code: 'HS_FORMAT',
        message: 'an HS code has 4 to 10 digits',
        line: 8,
        field: 'hs_code',
      },
    ]);
    const link = new URL(body.reportUrl);
    expect(link.pathname).toBe(`/reports/${RTM1}.json`);
    expect(link.searchParams.get('X-Amz-Expires')).toBe('900');
    expect((await get('GET /manifests/{id}', USERS.officerRtm, { id: ANR1 })).statusCode).toBe(404);
    expect(bodyOf(await get('GET /manifests/{id}', USERS.officerRtm, { id: 'nope' })).error.field).toBe('id');
  });

  it('computes profiled, flagged, inspected, seizures and the hit rate per rule', async () => {
    const result = await get('GET /stats', USERS.analystRtm, {
      query: { from: '2026-11-01', to: '2026-11-30' },
    });
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result);
    expect(body).toMatchObject({
      port: 'NLRTM',
      manifests: 2,
      containersProfiled: 1000,
      flagged: 4,
      inspected: 2,
      seizures: 1,
      hitRate: 0.5,
      byStatus: { 'inspected-seizure': 1, 'inspected-clear': 1, open: 1, released: 1 },
    });
    // Flags over time: per day at Rotterdam (08:00 UTC is 09:00 there, the same day).
    expect(body.timeZone).toBe('Europe/Amsterdam');
    expect(body.flaggedByDay).toEqual({ '2026-11-26': 4 });
    const rules = Object.fromEntries(body.rules.map((r: { ruleId: string }) => [r.ruleId, r]));
    expect(rules.SANCTIONED_CONSIGNEE).toMatchObject({ fired: 2, inspected: 2, seizures: 1, hitRate: 0.5 });
    expect(rules.VAGUE_DESCRIPTION).toMatchObject({ fired: 3, inspected: 1, seizures: 0, hitRate: 0 });
  });

  it('counts flags over time per day at the port: either side of its midnight, not of UTC', async () => {
    const GYE = manifestIdFor('gye-voyage-1');
    // Guayaquil is UTC-5: 04:30 UTC is 23:30 on the 26th there, 05:30 UTC is 00:30 on the 27th.
    for (const [i, profiledAt] of ['2026-11-27T04:30:00.000Z', '2026-11-27T05:30:00.000Z'].entries()) {
      await writeFlag(table, {
        port: 'ECGYE',
        manifestId: GYE,
        containerNumber: `GYEU${String(1_000_000 + i).padStart(7, '0')}`,
        profiledAt,
      });
    }
    const body = bodyOf(await get('GET /stats', claimsFor('root', ['admin']), { query: { port: 'ECGYE' } }));
    expect(body.timeZone).toBe('America/Guayaquil');
    expect(body.flaggedByDay).toEqual({ '2026-11-26': 1, '2026-11-27': 1 });
  });

  it('stats of a period with nothing, and of a port the caller lacks', async () => {
    const empty = bodyOf(
      await get('GET /stats', USERS.analystRtm, { query: { from: '2025-01-01', to: '2025-01-31' } }),
    );
    expect(empty).toMatchObject({ manifests: 0, flagged: 0, hitRate: null, rules: [] });
    expect((await get('GET /stats', USERS.analystRtm, { query: { port: 'BEANR' } })).statusCode).toBe(403);
    const admin = bodyOf(await get('GET /stats', claimsFor('root', ['admin']), { query: { port: 'BEANR' } }));
    expect(admin).toMatchObject({ manifests: 1, containersProfiled: 999, flagged: 1 });
  });
});

describe('flags over time per day at the port (ruleStatistics)', () => {
  const flag = (flaggedAt: string) => ({ status: 'open', flaggedAt });

  it('Rotterdam: 23:30 UTC is already the next day in winter (UTC+1) and in summer (UTC+2)', () => {
    const winter = ruleStatistics(
      ['2026-12-01T22:59:59.000Z', '2026-12-01T23:00:00.000Z', '2026-12-01T23:30:00.000Z'].map(flag),
      'Europe/Amsterdam',
    );
    expect(winter.flaggedByDay).toEqual({ '2026-12-01': 1, '2026-12-02': 2 });
    // The night the clocks go forward (29 March 2026, 02:00 -> 03:00): midnight is 22:00 UTC.
    const summer = ruleStatistics(
      ['2026-03-28T22:30:00.000Z', '2026-03-29T21:59:00.000Z', '2026-03-29T22:00:00.000Z'].map(flag),
      'Europe/Amsterdam',
    );
    expect(summer.flaggedByDay).toEqual({ '2026-03-28': 1, '2026-03-29': 1, '2026-03-30': 1 });
  });

  it('a port without a zone in the table counts UTC days; a flag without a date is not a day', () => {
    const stats = ruleStatistics(
      [flag('2026-12-01T23:30:00.000Z'), { status: 'open', flaggedAt: 'not a date' }, { status: 'open' }],
      'UTC',
    );
    expect(stats.flagged).toBe(3);
    expect(stats.flaggedByDay).toEqual({ '2026-12-01': 1 });
  });

  it('every dated flag is counted once, on its UTC day or the one next to it', () => {
    const zones = ['Europe/Amsterdam', 'America/Guayaquil', 'Asia/Almaty', 'Australia/Sydney', 'UTC'];
    fc.assert(
      fc.property(
        fc.array(fc.date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }), {
          maxLength: 40,
        }),
        fc.constantFrom(...zones),
        (dates, zone) => {
          const stats = ruleStatistics(
            dates.map((d) => flag(d.toISOString())),
            zone,
          );
          const counted = Object.values(stats.flaggedByDay).reduce((a, b) => a + b, 0);
          expect(counted).toBe(dates.length);
          const allowed = new Set(
            dates.flatMap((d) =>
              [-1, 0, 1].map((k) => new Date(d.getTime() + k * 86_400_000).toISOString().slice(0, 10)),
            ),
          );
          for (const day of Object.keys(stats.flaggedByDay)) expect(allowed.has(day)).toBe(true);
        },
      ),
    );
  });
});
