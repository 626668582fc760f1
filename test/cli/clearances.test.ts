import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClearanceStore } from '#adapters/clearance-store.ts';
import { flaggedId } from '#adapters/pipeline-resources.ts';
import { type Clearance, clearanceOfEvidence } from '#core/clearances/clearances.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import { clearancesRoutes } from '../../functions/api/clearances-handler.ts';
import { dispatch } from '../../functions/api/dispatch.ts';
import { API_ROUTES, type ApiRouteDefinition } from '../../functions/api/route-table.ts';
import { startHttpApi } from '../../local/http-api.ts';
import { claimsFor, manifestIdFor, startTable, type TestTable, writeFlag } from '../api/api-fixtures.ts';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/profiling');
const watchlist = join(fixtures, 'pcu-watchlist.csv');
const planted = join(fixtures, 'planted-hits.manifest.json');
const dir = mkdtempSync(join(tmpdir(), 'pcu-clearances-'));
const BANK_BOX = 'TGHU8837217';

function profile(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin/pcu.js'), 'profile', planted, '--watchlist', watchlist, '--json', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as { assessments: ContainerAssessment[] }).assessments.find(
    (a) => a.containerNumber === BANK_BOX,
  ) as ContainerAssessment;
}

const bankEvidence = (a: ContainerAssessment) =>
  a.hits
    .flatMap((h) => h.evidence)
    .find((e) => e.watchlist?.entityId === '306' && e.watchlist.matchedOn === 'name');

describe('pcu profile --clearances', () => {
  const before = profile();
  const evidence = bankEvidence(before);
  const clearance = (port: string): Clearance =>
    clearanceOfEvidence(evidence!, {
      id: `${port}_c1`,
      port,
      reason: 'Importer is a Rotterdam furniture wholesaler, not the Cuban state bank',
      listVersion: 'local',
      by: { subject: 'anna', username: 'anna' },
      at: new Date(),
    });

  it('a cleared party does not alert: JSON (as pcu clearances list --json prints) and CSV', () => {
    expect(before.hits.some((h) => h.evidence.some((e) => e.watchlist?.entityId === '306'))).toBe(true);
    const json = join(dir, 'clearances.json');
    writeFileSync(json, JSON.stringify({ port: 'NLRTM', clearances: [clearance('NLRTM')], audit: [] }));
    const after = profile('--clearances', json);
    const cleared = after.hits.filter((h) => h.cleared);
    expect(cleared.length).toBeGreaterThan(0);
    expect(cleared.every((h) => h.weight === 0 && h.lane === undefined)).toBe(true);
    expect(bankEvidence(after)?.clearance).toMatchObject({ by: 'anna' });
    expect(after.score).toBeLessThan(before.score);

    const c = clearance('NLRTM');
    const csv = join(dir, 'clearances.csv');
    writeFileSync(
      csv,
      'port,list,entityId,partyName,partyCountry,partyIdentifier,entryFingerprint,reason,clearedBy,clearedAt,expiresAt\n' +
        `${c.port},${c.list},${c.entityId},"${c.party.name}",${c.party.country ?? ''},${c.party.identifier ?? ''},${c.entryFingerprint},"${c.reason}",anna,${c.clearedAt},${c.expiresAt}\n`,
    );
    expect(profile('--clearances', csv).score).toBe(after.score);
  });

  it('another port’s clearance does not apply, and a bad file names the record and field', () => {
    const json = join(dir, 'antwerp.json');
    writeFileSync(json, JSON.stringify([clearance('BEANR')]));
    expect(profile('--clearances', json).score).toBe(before.score);
    writeFileSync(json, JSON.stringify([{ ...clearance('NLRTM'), expiresAt: 'next year' }]));
    const r = spawnSync(
      process.execPath,
      [join(root, 'bin/pcu.js'), 'profile', planted, '--watchlist', watchlist, '--clearances', json],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('clearance 1, expiresAt');
  });
});

describe('pcu clearances list|add|revoke against the API', () => {
  let db: TestTable;
  let api: Awaited<ReturnType<typeof startHttpApi>>;
  const FLAG = flaggedId(manifestIdFor('cli-clear'), BANK_BOX);
  // The local API, like the JWT authorizer, refuses a token without a (numeric) expiry.
  const claims = {
    ...claimsFor('anna', ['analyst', 'port:NLRTM']),
    exp: Math.floor(Date.now() / 1000) + 600,
  };

  beforeAll(async () => {
    db = await startTable();
    await writeFlag(db, {
      port: 'NLRTM',
      manifestId: manifestIdFor('cli-clear'),
      containerNumber: BANK_BOX,
      profiledAt: new Date().toISOString(),
      assessment: profile(),
    });
    const deps = {
      queries: db.queries,
      clearances: createClearanceStore({ doc: db.doc, table: 'pcu-test' }),
      now: () => new Date(),
    };
    api = await startHttpApi({
      routes: (API_ROUTES as readonly ApiRouteDefinition[])
        .filter((r) => r.function === 'clearances')
        .map((r) => ({
          method: r.method,
          path: r.path,
          handler: async (event) => dispatch(event, clearancesRoutes, deps),
        })),
      verifyToken: async (token) => (token === 'anna-token' ? claims : undefined),
    });
  });
  afterAll(async () => {
    await api?.stop();
    await db?.stop();
  });

  function pcu(...args: string[]) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [join(root, 'bin/pcu.js'), ...args, '--api', api.url],
        { cwd: root, env: { ...process.env, PCU_TOKEN: 'anna-token' } },
        (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('adds a clearance from a flag’s hit, lists it with its audit trail, revokes it', async () => {
    const rule = profile().hits.find((h) => h.evidence.some((e) => e.watchlist?.entityId === '306'))
      ?.ruleId as string;
    const added = await pcu(
      'clearances',
      'add',
      FLAG,
      '--rule',
      rule,
      '--reason',
      'Rotterdam wholesaler, KvK 24125061',
      '--days',
      '90',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(
      /^NLRTM_[0-9a-f-]{36}: in-force\. .* is not pcu-watchlist 306 \(BANCO NACIONAL DE CUBA\) at NLRTM, cleared by anna/,
    );
    const id = added.stdout.split(':')[0] as string;

    const listed = await pcu('clearances', 'list', '--audit');
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toMatch(/created\s+NLRTM_/);
    const revoked = await pcu('clearances', 'revoke', id, '--reason', 'KvK number is another firm');
    expect(revoked.stdout).toContain(`${id}: revoked, revoked by anna`);
    const again = await pcu('clearances', 'revoke', id, '--reason', 'twice');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already revoked by anna');
    const json = JSON.parse((await pcu('clearances', 'list', '--json')).stdout);
    expect(json.audit.map((a: { action: string }) => a.action)).toEqual(['created', 'revoked']);
  });
});
