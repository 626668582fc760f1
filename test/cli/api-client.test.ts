import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { assessmentFor } from '../api/api-fixtures.ts';

/**
 * The real `pcu` binary against a fake API on 127.0.0.1 that answers like the deployed one
 * (same JSON shapes and error shape) and plays S3 for the presigned PUT.
 */
const dir = mkdtempSync(join(tmpdir(), 'pcu-api-client-'));
const TOKEN = 'eyJ.test.token';
const ID = 'aabbccddeeff00112233445566778899_MSCU1000001';
type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };
const seen: Seen[] = [];
const uploads = new Map<string, number>();
let server: Server;
let api: string;

const flag = (i: number) => ({
  id: `aabbccddeeff00112233445566778899_MSCU100000${i}`,
  manifestId: 'aabbccddeeff00112233445566778899',
  containerNumber: `MSCU100000${i}`,
  port: 'NLRTM',
  score: 60 - i,
  lane: 'red',
  status: 'open',
  version: 1,
  flaggedAt: `2026-11-27T1${i}:00:00.000Z`,
  rules: ['SANCTIONED_CONSIGNEE'],
});
/** Flags of a rail and an air manifest, as the API lists them (mode and its identifiers). */
const RAIL_FLAG = {
  ...flag(5),
  id: '11223344556677889900aabbccddeeff_31527352400',
  containerNumber: '31527352400',
  port: 'KZHOR',
  mode: 'rail',
  vesselName: '1234',
  conveyance: { trainNumber: '1234', borderStation: 'KZHOR' },
};
const AIR_ID = '99887766554433221100ffeeddccbbaa_AKE12345AA';
const AIR_FLAG = {
  ...flag(6),
  id: AIR_ID,
  containerNumber: 'AKE12345AA',
  port: 'UZTAS',
  mode: 'air',
  vesselName: 'XX8012',
  conveyance: { flightNumber: 'XX8012', aircraftRegistration: 'UK-67003' },
};
const MODE_FLAGS = [RAIL_FLAG, AIR_FLAG];
let version = 1;
const ADMIN_TOKEN = 'eyJ.admin.token';
const STALLED = {
  id: 'd88b61052cca413f8f8573fe8a755e16',
  port: 'NLRTM',
  status: 'stalled',
  receivedAt: '2026-11-28T00:57:00.000Z',
  vesselName: 'HMM COPENHAGEN',
  voyageNumber: '734W',
  counts: { containers: 20000, rejectedRecords: 0 },
  chunkCount: 200,
  chunksDone: 73,
  chunksFailed: 2,
  containersProfiled: 7300,
  containersFlagged: 161,
  lastProgressAt: '2026-11-28T01:03:00.000Z',
  stalledAt: '2026-11-28T01:35:00.000Z',
  stalledReason:
    'chunk 74 of 200 failed 5 times and went to the profiling dead-letter queue (TimeoutError: )',
};

function reply(res: import('node:http').ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: body.toString('utf8').slice(0, 2000),
    });
    if (url.pathname.startsWith('/s3/')) {
      if (Number(req.headers['content-length']) !== body.length) return reply(res, 400, {});
      uploads.set(url.pathname, body.length);
      res.writeHead(200).end();
      return;
    }
    const auth = req.headers.authorization;
    if (auth !== `Bearer ${TOKEN}` && auth !== `Bearer ${ADMIN_TOKEN}`)
      return reply(res, 401, { message: 'Unauthorized' });
    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /uploads') {
      const request = JSON.parse(body.toString());
      if (request.port === 'BEANR') {
        return reply(res, 403, {
          error: { code: 'forbidden', message: 'you have no access to port BEANR', field: 'port' },
        });
      }
      const key = `incoming/NLRTM/2026-11-28/uuid-${request.fileName}`;
      return reply(res, 201, {
        uploadUrl: `${api}/s3/${key}?X-Amz-Signature=abc`,
        method: 'PUT',
        headers: { 'Content-Type': request.contentType, 'Content-Length': String(request.contentLength) },
        key,
        port: 'NLRTM',
        expiresAt: '2026-11-28T09:15:00.000Z',
        maxBytes: 209715200,
      });
    }
    if (route === 'GET /flagged') {
      if (url.searchParams.has('from') && !/^\d{4}-/.test(url.searchParams.get('from') ?? '')) {
        return reply(res, 400, {
          error: {
            code: 'invalid_request',
            message: 'from must be a date (2026-11-27) or a UTC timestamp',
            field: 'from',
          },
        });
      }
      const mode = url.searchParams.get('mode');
      if (mode) return reply(res, 200, { items: MODE_FLAGS.filter((f) => f.mode === mode) });
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const items = [0, 1, 2, 3, 4].map(flag).slice(start, start + Number(url.searchParams.get('limit')));
      const next = start + items.length < 5 ? String(start + items.length) : undefined;
      return reply(res, 200, { items, ...(next && { nextCursor: next }) });
    }
    if (route === `GET /flagged/${AIR_ID}`) {
      const bill = { notifyParties: [], transshipmentPorts: [], goods: [] };
      return reply(res, 200, {
        ...AIR_FLAG,
        assessment: assessmentFor('AKE12345AA', [{ ruleId: 'SANCTIONED_CONSIGNEE', weight: 60 }]),
        consignment: {
          container: { kind: 'uld', number: 'AKE12345AA', seals: [] },
          billsOfLading: [
            {
              ...bill,
              number: '176-12345675',
              documentType: 'air-waybill',
              pieceCount: 40,
              grossWeightKg: 380,
            },
            {
              ...bill,
              number: 'HKG0042',
              documentType: 'air-waybill',
              masterNumber: '176-12345675',
              pieceCount: 3,
              grossWeightKg: 12.5,
            },
          ],
        },
        history: [],
      });
    }
    if (route === `GET /flagged/${ID}`) {
      return reply(res, 200, {
        ...flag(1),
        id: ID,
        version,
        assessment: assessmentFor('MSCU1000001', [{ ruleId: 'SANCTIONED_CONSIGNEE', weight: 60 }]),
        history: [],
      });
    }
    if (route === `PATCH /flagged/${ID}`) {
      const patch = JSON.parse(body.toString());
      if (patch.version !== version) {
        return reply(res, 409, {
          error: {
            code: 'version_conflict',
            message: `the flag changed since you read it (version ${version} now)`,
            field: 'version',
            currentVersion: version,
          },
        });
      }
      version++;
      return reply(res, 200, { ...flag(1), id: ID, status: patch.status, version, history: [] });
    }
    if (route === 'GET /manifests') return reply(res, 200, { items: [STALLED] });
    if (route === `GET /manifests/${STALLED.id}`)
      return reply(res, 200, { ...STALLED, rejectedRecords: [], rejectedRecordsTruncated: false });
    if (route === `POST /manifests/${STALLED.id}/resume`) {
      if (req.headers.authorization !== `Bearer ${ADMIN_TOKEN}`)
        return reply(res, 403, { error: { code: 'forbidden', message: 'only admin may resume a manifest' } });
      return reply(res, 202, {
        outcome: 'requeued',
        chunksToRequeue: 127,
        manifest: { ...STALLED, status: 'queued', chunksFailed: 0, resumeCount: 1 },
      });
    }
    if (route === 'GET /search') {
      return reply(res, 200, {
        q: url.searchParams.get('q'),
        kinds: ['party'],
        ports: ['NLRTM'],
        results: [
          {
            kind: 'party',
            matched: 'KRASNOV SHIPPING LLC',
            similarity: 0.944,
            flag: { ...flag(1), status: 'open' },
          },
        ],
      });
    }
    if (route === 'GET /stats') {
      return reply(res, 200, {
        port: 'NLRTM',
        manifests: 2,
        containersProfiled: 1000,
        flagged: 4,
        byStatus: { open: 2, 'inspected-seizure': 1, 'inspected-clear': 1 },
        inspected: 2,
        seizures: 1,
        hitRate: 0.5,
        rules: [{ ruleId: 'SANCTIONED_CONSIGNEE', fired: 2, inspected: 2, seizures: 1, hitRate: 0.5 }],
      });
    }
    return reply(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in this process (fast) with stdout/stderr captured. */
async function pcu(args: string[], env: Record<string, string | undefined> = { PCU_TOKEN: TOKEN }) {
  const saved = { PCU_TOKEN: process.env.PCU_TOKEN, PCU_API_URL: process.env.PCU_API_URL };
  delete process.env.PCU_TOKEN;
  delete process.env.PCU_API_URL;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'pcu', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The real binary once, to prove the command is wired into `pcu`. */
function pcuBinary(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['bin/pcu.js', ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
      },
    );
  });
}

describe('pcu against the API', { timeout: 90_000 }, () => {
  it('uploads a large file with progress, lists, shows, decides and reads stats', async () => {
    const file = join(dir, 'MSC EXAMPLE 245W.csv');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 'a'));
    const upload = await pcu(['upload', file, '--api', api]);
    const list = await pcu(['flagged', 'list', '--api', api, '--limit', '2', '--status', 'open']);
    const all = await pcu(['flagged', 'list', '--api', api, '--limit', '2', '--all', '--json']);
    const show = await pcu(['flagged', 'show', ID, '--api', api]);
    const stats = await pcu(['stats', '--api', api, '--from', '2026-11-01']);
    const json = await pcuBinary(['stats', '--json'], { PCU_TOKEN: TOKEN, PCU_API_URL: api });
    expect(upload.stderr).toContain('uploading 3.0 / 3.0 MB (100%)');
    expect(upload.stdout).toContain('as incoming/NLRTM/2026-11-28/uuid-MSC EXAMPLE 245W.csv');
    expect(upload.code).toBe(0);
    expect(uploads.get('/s3/incoming/NLRTM/2026-11-28/uuid-MSC%20EXAMPLE%20245W.csv')).toBe(3 * 1024 * 1024);
    const grant = seen.find((s) => s.url === '/uploads');
    expect(JSON.parse(grant?.body ?? '{}')).toEqual({
      fileName: 'MSC EXAMPLE 245W.csv',
      contentType: 'text/csv',
      contentLength: 3145728,
    });

    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(
      /^ID\s+CONTAINER\s+CONVEYANCE\s+SCORE\s+LANE\s+STATUS\s+FLAGGED\s+RULES$/,
    );
    expect(list.stdout).toContain('MSCU1000000');
    expect(list.stdout).toContain('pcu flagged list --cursor 2');
    expect(seen.some((s) => s.url.startsWith('/flagged?') && s.url.includes('status=open'))).toBe(true);

    expect(JSON.parse(all.stdout).items).toHaveLength(5);

    expect(show.stdout).toContain('SANCTIONED_CONSIGNEE (+60');
    expect(show.stdout).toContain(
      'matches OFAC SDN OFAC-12345 "EXAMPLE SHIPPING LLC" via "EXAMPLE SHIPPING" (name, 93%)',
    );

    expect(stats.stdout).toContain('inspected 2, seizures 1, hit rate 50%');
    expect(stats.stdout).toMatch(/SANCTIONED_CONSIGNEE\s+2\s+2\s+1\s+50%/);
    expect(JSON.parse(json.stdout).hitRate).toBe(0.5);
  });

  it('filters flags by mode and shows the mode with its identifiers in the list and the detail', async () => {
    const rail = await pcu(['flagged', 'list', '--api', api, '--mode', 'rail']);
    expect(rail.code).toBe(0);
    expect(new URL(seen.at(-1)?.url ?? '', api).searchParams.get('mode')).toBe('rail');
    expect(rail.stdout).toMatch(/31527352400\s+rail · train 1234 · border KZHOR\s+55/);
    expect(rail.stdout).not.toContain('AKE12345AA');

    const air = await pcu(['flagged', 'list', '--api', api, '--mode', 'AIR']);
    expect(air.stdout).toContain('air · flight XX8012 · aircraft UK-67003');
    expect(air.stdout).not.toContain('31527352400');

    const show = await pcu(['flagged', 'show', AIR_ID, '--api', api]);
    expect(show.stdout).toContain('  mode      air · flight XX8012 · aircraft UK-67003\n');
    expect(show.stdout).toContain('  ULD       AKE12345AA\n');
    expect(show.stdout).toContain('  AWB       176-12345675, 40 pieces, 380 kg\n');
    expect(show.stdout).toContain('  AWB       HKG0042 (master 176-12345675), 3 pieces, 12.5 kg\n');

    // A sea flag from before modes were stored reads as sea, with its vessel.
    const sea = await pcu(['flagged', 'list', '--api', api, '--limit', '1']);
    expect(sea.stdout).toMatch(/MSCU1000000\s+sea\s+60/);

    const requests = seen.length;
    const bad = await pcu(['flagged', 'list', '--api', api, '--mode', 'ship']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('pcu: --mode must be sea, rail, road or air, not "ship"\n');
    expect(seen.length).toBe(requests);
  });

  it('searches by a party name and prints what matched and how closely', async () => {
    const found = await pcu(['search', 'Krasnof Shiping', '--kind', 'party', '--api', api]);
    expect(found.code).toBe(0);
    expect(found.stdout.split('\n')[0]).toMatch(/^FOUND AS\s+ID\s+PORT\s+STATUS\s+MATCHED\s+SIMILARITY$/);
    expect(found.stdout).toMatch(/party\s+\S+_MSCU\d+\s+NLRTM\s+open\s+KRASNOV SHIPPING LLC\s+0\.94/);
    const sent = seen.find((s) => s.url.startsWith('/search?'));
    expect(new URL(sent?.url ?? '', api).searchParams.get('q')).toBe('Krasnof Shiping');
    expect(new URL(sent?.url ?? '', api).searchParams.get('kind')).toBe('party');
  });

  it('shows a stalled manifest with its progress and reason; an admin resumes it', async () => {
    const list = await pcu(['manifests', 'list', '--api', api]);
    expect(list.stdout.split('\n')[0]).toMatch(/^ID\s+RECEIVED\s+STATUS\s+CHUNKS\s+CONVEYANCE/);
    expect(list.stdout).toMatch(/stalled\s+73\/200 \(2 failed\)\s+sea · vessel HMM COPENHAGEN · voyage 734W/);
    expect(list.stdout).toContain(`stalled ${STALLED.id}: chunk 74 of 200 failed 5 times`);
    const show = await pcu(['manifests', 'show', STALLED.id, '--api', api]);
    expect(show.stdout).toContain('chunks 73/200 (2 failed)');
    expect(show.stdout).toContain('stalled since 2026-11-28 01:35: chunk 74 of 200 failed 5 times');
    expect(show.stdout).toContain(`an admin resumes it: pcu manifests resume ${STALLED.id}`);

    const refused = await pcu(['manifests', 'resume', STALLED.id, '--api', api]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('only admin may resume a manifest');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const resumed = await pcu(['manifests', 'resume', STALLED.id, '--api', api], { PCU_TOKEN: ADMIN_TOKEN });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe(
      `${STALLED.id}: 127 of 200 chunks queued again; follow it with pcu manifests show ${STALLED.id}\n`,
    );
    expect(seen.find((s) => s.url === `/manifests/${STALLED.id}/resume`)?.method).toBe('POST');
  });

  it('decide reads the version when not given; a stale --version shows the 409 clearly', async () => {
    const ok = await pcu([
      'flagged',
      'decide',
      ID,
      '--status',
      'assigned',
      '--notes',
      'terminal 2',
      '--api',
      api,
    ]);
    expect(ok.stdout).toBe('MSCU1000001: assigned (version 2)\n');
    const stale = await pcu([
      'flagged',
      'decide',
      ID,
      '--status',
      'released',
      '--version',
      '1',
      '--api',
      api,
    ]);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toBe(
      'pcu: API refused the request: the flag changed since you read it (version 2 now) [version] (HTTP 409 version_conflict)\n',
    );
  });

  it('shows API and usage errors without a stack trace', async () => {
    const file = join(dir, 'small.csv');
    writeFileSync(file, 'x');
    const forbidden = await pcu(['upload', file, '--port', 'BEANR', '--api', api]);
    const badDate = await pcu(['flagged', 'list', '--api', api, '--from', '27/11/2026']);
    const noToken = await pcu(['stats', '--api', api], {});
    const badToken = await pcu(['stats', '--api', api], { PCU_TOKEN: 'wrong' });
    const noApi = await pcu(['stats']);
    const down = await pcu(['stats', '--api', 'http://127.0.0.1:9']);
    const plainHttp = await pcu(['stats', '--api', 'http://api.example.com']);
    expect(forbidden.stderr).toContain('you have no access to port BEANR [port] (HTTP 403 forbidden)');
    expect(badDate.stderr).toBe(
      'pcu: API refused the request: from must be a date (2026-11-27) or a UTC timestamp [from] (HTTP 400 invalid_request)\n',
    );
    expect(plainHttp.stderr).toContain('--api must use https');
    expect(noToken.stderr).toContain('no token: set PCU_TOKEN');
    expect(badToken.stderr).toContain('HTTP 401');
    expect(badToken.stderr).toContain('sign in again');
    expect(noApi.stderr).toContain('no API URL');
    expect(down.stderr).toContain('cannot reach the API at http://127.0.0.1:9');
    for (const r of [forbidden, badDate, noToken, badToken, noApi, down, plainHttp]) {
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
