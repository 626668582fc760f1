import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClearanceStore } from '#adapters/clearance-store.ts';
import { flaggedId } from '#adapters/pipeline-resources.ts';
import { compileProfiles } from '#core/profiling/index.ts';
import { buildScreeningIndex } from '#core/screening/index.ts';
import { ProfileSet } from '#schemas/risk-profile.ts';
import { WatchlistEntry } from '#schemas/watchlist.ts';
import { callerFromClaims } from '../../functions/api/access.ts';
import { clearancesRoutes } from '../../functions/api/clearances-handler.ts';
import { type ClearancesDeps, mayWriteClearances } from '../../functions/api/clearances-route.ts';
import { dispatch } from '../../functions/api/dispatch.ts';
import { unitOf } from '../core/profiling/units.ts';
import {
  apiEvent,
  bodyOf,
  claimsFor,
  manifestIdFor,
  startTable,
  type TestTable,
  USERS,
  writeFlag,
} from './api-fixtures.ts';

const NOW = new Date('2026-12-01T09:00:00.000Z');
const entry = WatchlistEntry.parse({
  id: '8394',
  list: 'OFAC-SDN',
  type: 'organization',
  name: 'PANDORA SHIPPING CO. S.A.',
  reason: 'programme IRAQ2',
});
const profiles = ProfileSet.parse({
  version: 'p-1',
  rules: [
    {
      id: 'WL-PARTY',
      description: 'Party on a sanctions list',
      when: { watchlistParty: { role: 'any' } },
      outcome: { weight: 80, lane: 'red' },
    },
  ],
});
const assessment = compileProfiles(profiles, { screening: buildScreeningIndex([entry]) }).assess(
  unitOf({
    bls: [{ shipper: { name: 'Pandora Shipping Co SA', country: 'GR', identifier: 'EL094019245' } }],
  }),
);

let db: TestTable;
let deps: ClearancesDeps;
let ids = 0;
const RTM_FLAG = flaggedId(manifestIdFor('clear-rtm'), 'MSCU1234566');
const ANR_FLAG = flaggedId(manifestIdFor('clear-anr'), 'MSCU1234566');

beforeAll(async () => {
  db = await startTable();
  deps = {
    queries: db.queries,
    clearances: createClearanceStore({ doc: db.doc, table: 'pcu-test' }),
    now: () => NOW,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  };
  for (const [port, label] of [
    ['NLRTM', 'clear-rtm'],
    ['BEANR', 'clear-anr'],
  ] as const) {
    await writeFlag(db, {
      port,
      manifestId: manifestIdFor(label),
      containerNumber: 'MSCU1234566',
      profiledAt: NOW.toISOString(),
      assessment,
    });
  }
});
afterAll(() => db?.stop());

function call(
  routeKey: string,
  claims: Record<string, string>,
  extra: Parameters<typeof apiEvent>[0] = { routeKey },
) {
  return dispatch(apiEvent({ ...extra, routeKey, claims }), clearancesRoutes, deps);
}
const reason = 'Greek ship chandler, VAT EL094019245; the listed Pandora Shipping is Panamanian';

describe('clearance routes', () => {
  it('an analyst clears a hit of a flag at their port; it is listed with its audit entry; officers read it', async () => {
    const created = await call('POST /clearances', USERS.analystRtm, {
      routeKey: '',
      body: { flagId: RTM_FLAG, ruleId: 'WL-PARTY', reason },
    });
    expect(created.statusCode, created.body).toBe(201);
    const clearance = bodyOf(created);
    expect(clearance).toMatchObject({
      id: 'NLRTM_00000000-0000-4000-8000-000000000001',
      port: 'NLRTM',
      list: 'OFAC-SDN',
      entityId: '8394',
      party: { name: 'Pandora Shipping Co SA', country: 'GR', identifier: 'EL094019245' },
      reason,
      listVersion: 'snap-1',
      clearedBy: { subject: 'sub-analyst-rtm', username: 'analyst-rtm' },
      clearedAt: '2026-12-01T09:00:00.000Z',
      expiresAt: '2027-12-01T09:00:00.000Z',
      status: 'in-force',
    });

    const listed = await call('GET /clearances', USERS.officerRtm);
    expect(listed.statusCode).toBe(200);
    expect(bodyOf(listed).clearances.map((c: { id: string }) => c.id)).toEqual([clearance.id]);
    expect(bodyOf(listed).audit).toEqual([
      {
        clearanceId: clearance.id,
        port: 'NLRTM',
        action: 'created',
        by: { subject: 'sub-analyst-rtm', username: 'analyst-rtm' },
        at: '2026-12-01T09:00:00.000Z',
        reason,
        listVersion: 'snap-1',
        list: 'OFAC-SDN',
        entityId: '8394',
        party: { name: 'Pandora Shipping Co SA', country: 'GR', identifier: 'EL094019245' },
      },
    ]);
    // Antwerp sees none of Rotterdam's clearances.
    expect(bodyOf(await call('GET /clearances', USERS.analystAnr)).clearances).toEqual([]);

    // Revoke: officers may not; another port's analyst gets a 404; the analyst revokes once.
    const revokeAs = (claims: Record<string, string>) =>
      call('POST /clearances/{id}/revoke', claims, {
        routeKey: '',
        pathParameters: { id: clearance.id },
        body: { reason: 'VAT number belongs to another company' },
      });
    expect((await revokeAs(USERS.officerRtm)).statusCode).toBe(403);
    expect((await revokeAs(USERS.analystAnr)).statusCode).toBe(404);
    const revoked = await revokeAs(USERS.analystRtm);
    expect(revoked.statusCode).toBe(200);
    expect(bodyOf(revoked)).toMatchObject({
      status: 'revoked',
      revoked: { by: { username: 'analyst-rtm' }, reason: 'VAT number belongs to another company' },
    });
    expect((await revokeAs(USERS.admin)).statusCode).toBe(409);
    const audit = bodyOf(await call('GET /clearances', USERS.analystRtm)).audit;
    expect(
      audit.map((a: { action: string; by: { username: string } }) => `${a.action} ${a.by.username}`),
    ).toEqual(['created analyst-rtm', 'revoked analyst-rtm']);
  });

  it('officers, other ports and bad requests are refused with the field named', async () => {
    const body = { flagId: RTM_FLAG, ruleId: 'WL-PARTY', reason };
    expect((await call('POST /clearances', USERS.officerRtm, { routeKey: '', body })).statusCode).toBe(403);
    expect((await call('POST /clearances', USERS.analystAnr, { routeKey: '', body })).statusCode).toBe(404);
    const anr = await call('POST /clearances', USERS.analystAnr, {
      routeKey: '',
      body: { ...body, flagId: ANR_FLAG },
    });
    expect(anr.statusCode).toBe(201);
    const noReason = await call('POST /clearances', USERS.analystRtm, {
      routeKey: '',
      body: { ...body, reason: ' ' },
    });
    expect([noReason.statusCode, bodyOf(noReason).error.field]).toEqual([400, 'reason']);
    const noRule = await call('POST /clearances', USERS.analystRtm, {
      routeKey: '',
      body: { ...body, ruleId: 'X' },
    });
    expect([noRule.statusCode, bodyOf(noRule).error.field]).toEqual([422, 'ruleId']);
    const past = await call('POST /clearances', USERS.analystRtm, {
      routeKey: '',
      body: { ...body, expiresAt: '2026-11-30T00:00:00Z' },
    });
    expect([past.statusCode, bodyOf(past).error.field]).toEqual([422, 'expiresAt']);
    const badId = await call('POST /clearances/{id}/revoke', USERS.analystRtm, {
      routeKey: '',
      pathParameters: { id: 'nope' },
      body: { reason: 'x' },
    });
    expect([badId.statusCode, bodyOf(badId).error.field]).toEqual([400, 'id']);
    const several = await call('GET /clearances', USERS.analystBoth);
    expect([several.statusCode, bodyOf(several).error.field]).toEqual([422, 'port']);
  });

  it('write permission: analyst or admin, and the port is one of theirs (property)', () => {
    fc.assert(
      fc.property(
        fc.subarray(['officer', 'analyst', 'admin']),
        fc.subarray(['NLRTM', 'BEANR', 'ESALG']),
        fc.constantFrom('NLRTM', 'BEANR', 'ESALG'),
        (roles, ports, port) => {
          const caller = callerFromClaims(claimsFor('u', [...roles, ...ports.map((p) => `port:${p}`)]));
          if (!caller) throw new Error('no caller');
          const expected = roles.includes('admin') || (roles.includes('analyst') && ports.includes(port));
          expect(mayWriteClearances(caller, port)).toBe(expected);
        },
      ),
    );
  });
});
