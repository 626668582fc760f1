import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaggedUpdate } from '#adapters/flagged-store.ts';
import { flaggedId, INDEXES, keys } from '#adapters/pipeline-resources.ts';
import { compileProfiles, defaultProfileSet } from '#core/profiling/index.ts';
import { type DecideDeps, decideFlagged } from '../../functions/api/decide-route.ts';
import { dispatch } from '../../functions/api/dispatch.ts';
import { getFlagged, listFlagged, type QueryDeps } from '../../functions/api/query-routes.ts';
import { unitOf } from '../core/profiling/units.ts';
import {
  apiEvent,
  bodyOf,
  manifestIdFor,
  noReports,
  startTable,
  TABLE,
  type TestTable,
  USERS,
  writeFlag,
} from './api-fixtures.ts';

const RTM = manifestIdFor('rtm-voyage-1');
const ANR = manifestIdFor('anr-voyage-1');
const routes = {
  'GET /flagged': listFlagged,
  'GET /flagged/{id}': getFlagged,
} as const;

let table: TestTable;
let queryDeps: QueryDeps;
let decideDeps: DecideDeps;
const rtmIds: string[] = [];
let anrId: string;

// ISO 6346-shaped numbers (the API does not re-validate check digits on stored items).
const container = (n: number) => `MSCU${String(1_000_000 + n).padStart(7, '0')}`;

beforeAll(async () => {
  table = await startTable();
  const now = new Date('2026-11-28T09:00:00Z');
  queryDeps = { queries: table.queries, reports: noReports, now: () => now };
  decideDeps = { queries: table.queries, decisions: table.decisions, now: () => now };
  // 23 flags at Rotterdam over three days, 2 at Antwerp.
  for (let i = 0; i < 23; i++) {
    const day = 25 + (i % 3);
    const profiledAt = `2026-11-${day}T${String(8 + (i % 10)).padStart(2, '0')}:00:${String(i).padStart(2, '0')}.000Z`;
    const hits =
      i % 2 === 0
        ? [{ ruleId: 'SANCTIONED_CONSIGNEE', weight: 60 }]
        : [
            { ruleId: 'VAGUE_DESCRIPTION', weight: 20 },
            { ruleId: 'WEIGHT_IMPLAUSIBLE', weight: 25 },
          ];
    await writeFlag(table, {
      port: 'NLRTM',
      manifestId: RTM,
      containerNumber: container(i),
      profiledAt,
      hits,
    });
    rtmIds.push(flaggedId(RTM, container(i)));
  }
  await writeFlag(table, {
    port: 'BEANR',
    manifestId: ANR,
    containerNumber: container(100),
    profiledAt: '2026-11-27T10:00:00.000Z',
  });
  await writeFlag(table, {
    port: 'BEANR',
    manifestId: ANR,
    containerNumber: container(0),
    profiledAt: '2026-11-27T11:00:00.000Z',
  });
  anrId = flaggedId(ANR, container(100));
});

afterAll(() => table?.stop());

const list = (claims: Record<string, string>, query?: Record<string, string>) =>
  dispatch(apiEvent({ routeKey: 'GET /flagged', claims, ...(query && { query }) }), routes, queryDeps);
const show = (claims: Record<string, string>, id: string) =>
  dispatch(apiEvent({ routeKey: 'GET /flagged/{id}', claims, pathParameters: { id } }), routes, queryDeps);
const patch = (claims: Record<string, string>, id: string, body: unknown, headers?: Record<string, string>) =>
  dispatch(
    apiEvent({
      routeKey: 'PATCH /flagged/{id}',
      claims,
      pathParameters: { id },
      body,
      ...(headers && { headers }),
    }),
    { 'PATCH /flagged/{id}': decideFlagged },
    decideDeps,
  );

describe('GET /flagged: a port sees only its own flags', () => {
  it('lists the caller port newest first, without a port parameter', async () => {
    const result = await list(USERS.analystRtm, { limit: '100' });
    expect(result.statusCode).toBe(200);
    const { items, nextCursor } = bodyOf(result);
    expect(items).toHaveLength(23);
    expect(nextCursor).toBeUndefined();
    expect(items.every((i: { port: string }) => i.port === 'NLRTM')).toBe(true);
    const dates = items.map((i: { flaggedAt: string }) => i.flaggedAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(items[0].rules.length).toBeGreaterThan(0);
  });

  it('a list row says what the flag itself says (the list reads only the list fields)', async () => {
    const { items } = bodyOf(await list(USERS.analystRtm, { limit: '1000' }));
    expect(items).toHaveLength(23);
    for (const row of items.slice(0, 3)) {
      const detail = bodyOf(await show(USERS.analystRtm, row.id));
      const {
        assessment,
        consignment,
        routeListings,
        snapshotVersion,
        notes,
        decision,
        history,
        ...summary
      } = detail;
      expect(row).toEqual(summary);
      const strongestFirst = [...assessment.hits].sort(
        (a: { weight: number }, b: { weight: number }) => b.weight - a.weight,
      );
      expect(row.rules).toEqual(strongestFirst.map((h: { ruleId: string }) => h.ruleId));
      expect(row.rules.length).toBeGreaterThan(0);
      expect(row).not.toHaveProperty('assessment');
    }
  });

  it('the date, status and score lists read their own summary indexes and give the same rows', async () => {
    const byId = (items: { id: string }[]) => new Map(items.map((row) => [row.id, row]));
    const byDate = byId(bodyOf(await list(USERS.analystRtm, { limit: '1000' })).items);
    const byStatus = byId(bodyOf(await list(USERS.analystRtm, { limit: '1000', status: 'open' })).items);
    const byScore = byId(bodyOf(await list(USERS.analystRtm, { limit: '1000', sort: 'score' })).items);
    expect(byDate.size).toBe(23);
    expect(byStatus).toEqual(byDate);
    expect(byScore).toEqual(byDate);
    // What the indexes hold: the list fields, not what only the flag's page shows.
    for (const index of [INDEXES.byPortDate, INDEXES.byPortStatus, INDEXES.byPortScore]) {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: TABLE,
          IndexName: index.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.partitionKey },
          ExpressionAttributeValues: {
            ':pk':
              index === INDEXES.byPortStatus ? keys.portStatusPk('NLRTM', 'open') : keys.portDatePk('NLRTM'),
          },
          Limit: 1,
        }),
      );
      expect(out.Items?.[0]).toMatchObject({
        containerNumber: expect.any(String),
        assessment: expect.any(Object),
      });
      expect(out.Items?.[0]).not.toHaveProperty('snapshotVersion');
    }
  });

  it('refuses a forged port parameter with 403 naming port', async () => {
    const result = await list(USERS.analystRtm, { port: 'BEANR' });
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result).error).toMatchObject({ code: 'forbidden', field: 'port' });
  });

  it('refuses a repeated port parameter (API Gateway joins it with a comma)', async () => {
    const result = await list(USERS.analystRtm, { port: 'NLRTM,BEANR' });
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).error.field).toBe('port');
  });

  it('searching a container number that exists at both ports returns only the own port', async () => {
    const rtm = bodyOf(await list(USERS.analystRtm, { container: container(0) }));
    expect(rtm.items.map((i: { port: string }) => i.port)).toEqual(['NLRTM']);
    const anr = bodyOf(await list(USERS.analystAnr, { container: container(0) }));
    expect(anr.items.map((i: { port: string }) => i.port)).toEqual(['BEANR']);
  });

  it('a container number is searched across all the caller ports (and only those)', async () => {
    const both = bodyOf(await list(USERS.analystBoth, { container: container(0) })).items;
    expect(both.map((i: { port: string }) => i.port).sort()).toEqual(['BEANR', 'NLRTM']);
    const admin = bodyOf(await list(USERS.admin, { container: container(0) })).items;
    expect(admin).toHaveLength(2);
    const paged = bodyOf(await list(USERS.analystBoth, { container: container(0), limit: '1' }));
    expect(paged.items).toHaveLength(1);
    const rest = bodyOf(
      await list(USERS.analystBoth, { container: container(0), limit: '1', cursor: paged.nextCursor }),
    );
    expect([...paged.items, ...rest.items].map((i: { port: string }) => i.port).sort()).toEqual([
      'BEANR',
      'NLRTM',
    ]);
    // The cursor of the all-ports search does not work for a one-port user.
    expect(
      (await list(USERS.analystRtm, { container: container(0), limit: '1', cursor: paged.nextCursor }))
        .statusCode,
    ).toBe(400);
  });

  it('an admin must name the port and then sees it', async () => {
    expect((await list(USERS.admin)).statusCode).toBe(400);
    const anr = bodyOf(await list(USERS.admin, { port: 'BEANR' }));
    expect(anr.items).toHaveLength(2);
  });

  it('a user of two ports names one; a user without a role is refused', async () => {
    expect(bodyOf(await list(USERS.analystBoth)).error.field).toBe('port');
    expect(bodyOf(await list(USERS.analystBoth, { port: 'BEANR' })).items).toHaveLength(2);
    expect((await list(USERS.noRole)).statusCode).toBe(403);
  });

  it('no claims at all is 401', async () => {
    const result = await list({});
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result).error.code).toBe('unauthenticated');
  });
});

describe('GET /flagged pagination', () => {
  it('returns every item exactly once across pages, in order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await list(USERS.analystRtm, { limit: '5', ...(cursor && { cursor }) });
      expect(result.statusCode).toBe(200);
      const body = bodyOf(result);
      expect(body.items.length).toBeLessThanOrEqual(5);
      seen.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);
    expect([...seen].sort()).toEqual([...rtmIds].sort());
  });

  it('paginates filtered listings (lane, minScore) without losing items', async () => {
    const all = bodyOf(await list(USERS.analystRtm, { minScore: '50', limit: '100' })).items;
    expect(all).toHaveLength(12);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const body = bodyOf(
        await list(USERS.analystRtm, { minScore: '50', limit: '5', ...(cursor && { cursor }) }),
      );
      expect(body.items.length).toBeGreaterThan(0);
      seen.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((i: { id: string }) => i.id));
  });

  it('a cursor from another port or another filter is refused, never followed', async () => {
    const anrPage = bodyOf(await list(USERS.analystAnr, { limit: '1' }));
    expect(anrPage.nextCursor).toBeDefined();
    const stolen = await list(USERS.analystRtm, { limit: '1', cursor: anrPage.nextCursor });
    expect(stolen.statusCode).toBe(400);
    expect(bodyOf(stolen).error.field).toBe('cursor');

    const rtmPage = bodyOf(await list(USERS.analystRtm, { limit: '2' }));
    const otherFilter = await list(USERS.analystRtm, {
      limit: '2',
      status: 'open',
      cursor: rtmPage.nextCursor,
    });
    expect(otherFilter.statusCode).toBe(400);

    // A hand-edited cursor pointing at the other port's partition.
    const decoded = JSON.parse(Buffer.from(rtmPage.nextCursor, 'base64url').toString());
    decoded.k.portDatePk = 'PORT#BEANR';
    const forged = Buffer.from(JSON.stringify(decoded)).toString('base64url');
    const result = await list(USERS.analystRtm, { limit: '2', cursor: forged });
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).error.field).toBe('cursor');
    expect((await list(USERS.analystRtm, { cursor: 'not-a-cursor' })).statusCode).toBe(400);
  });

  it('sort=score lists highest score first, pages cleanly, and honours minScore and dates', async () => {
    const byScore = bodyOf(await list(USERS.analystRtm, { sort: 'score', limit: '100' })).items;
    expect(byScore).toHaveLength(23);
    const scores = byScore.map((i: { score: number }) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const body = bodyOf(
        await list(USERS.analystRtm, { sort: 'score', limit: '7', ...(cursor && { cursor }) }),
      );
      seen.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(byScore.map((i: { id: string }) => i.id));
    const high = bodyOf(
      await list(USERS.analystRtm, { sort: 'score', minScore: '50', from: '2026-11-25', to: '2026-11-25' }),
    );
    expect(high.items.length).toBeGreaterThan(0);
    for (const i of high.items) {
      expect(i.score).toBeGreaterThanOrEqual(50);
      expect(i.flaggedAt.startsWith('2026-11-25')).toBe(true);
    }
    expect(bodyOf(await list(USERS.analystAnr, { sort: 'score' })).items).toHaveLength(2);
  });

  it('filters by date range (to includes its whole day) and by status', async () => {
    const day = bodyOf(
      await list(USERS.analystRtm, { from: '2026-11-26', to: '2026-11-26', limit: '100' }),
    ).items;
    expect(day.length).toBe(8);
    expect(day.every((i: { flaggedAt: string }) => i.flaggedAt.startsWith('2026-11-26'))).toBe(true);
    const open = bodyOf(await list(USERS.analystRtm, { status: 'open', limit: '100' })).items;
    expect(open.length).toBeGreaterThan(0);
  });
});

describe('query string validation names the field', () => {
  it.each([
    [{ limit: 'ten' }, 'limit', 400],
    [{ limit: '0' }, 'limit', 400],
    [{ limit: '1001' }, 'limit', 400],
    [{ minScore: '-3' }, 'minScore', 400],
    [{ status: 'closed' }, 'status', 400],
    [{ lane: 'purple' }, 'lane', 400],
    [{ from: '27/11/2026' }, 'from', 400],
    [{ container: 'DROP TABLE' }, 'container', 400],
    [{ port: 'rotterdam' }, 'port', 400],
    [{ sort: 'risk' }, 'sort', 400],
    [{ order: 'asc' }, 'order', 400],
    [{ from: '2026-11-28', to: '2026-11-01' }, 'from', 422],
  ])('%o -> %s (%i)', async (query, field, status) => {
    const result = await list(USERS.analystRtm, query as Record<string, string>);
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result).error.field).toBe(field);
    expect(bodyOf(result).error.message).toMatch(new RegExp(field === 'order' ? 'unknown' : field));
  });
});

describe('hostile query strings never cause a 500', () => {
  it('random cursors are refused with 400 naming cursor', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9_-]{1,300}$/), async (cursor) => {
        const result = await list(USERS.analystRtm, { cursor });
        expect(result.statusCode).toBe(400);
        expect(bodyOf(result).error.field).toBe('cursor');
      }),
      { numRuns: 60 },
    );
  });

  it('random values for every parameter give 200, 400, 403 or 422 with the one error shape', async () => {
    const names = [
      'port',
      'from',
      'to',
      'status',
      'lane',
      'minScore',
      'container',
      'sort',
      'limit',
      'cursor',
    ];
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('NLRTM', 'BEANR', '2026-11-26', 'open', 'red', '50', 'score', '5', 'MSCU1000002'),
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 4 }), async (query) => {
        const result = await list(USERS.analystRtm, query);
        expect([200, 400, 403, 422]).toContain(result.statusCode);
        const body = bodyOf(result);
        if (result.statusCode !== 200)
          expect(Object.keys(body.error).sort()).toEqual(expect.arrayContaining(['code', 'message']));
        else expect(body.items.every((i: { port: string }) => i.port === 'NLRTM')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('GET /flagged/{id}', () => {
  it('returns every hit with its evidence and the version as ETag', async () => {
    const result = await show(USERS.officerRtm, rtmIds[1] as string);
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result);
    expect(body.assessment.hits.map((h: { ruleId: string }) => h.ruleId)).toEqual([
      'VAGUE_DESCRIPTION',
      'WEIGHT_IMPLAUSIBLE',
    ]);
    expect(body.assessment.hits[0].evidence[0].watchlist).toMatchObject({ list: 'OFAC SDN', score: 0.93 });
    expect(body.history).toEqual([]);
    expect(result.headers?.etag).toBe(`"${body.version}"`);
    expect(body).not.toHaveProperty('pk');
  });

  it("another port's flag is not found, whoever asks and however", async () => {
    for (const user of [USERS.analystRtm, USERS.officerRtm]) {
      const result = await show(user, anrId);
      expect(result.statusCode).toBe(404);
      expect(bodyOf(result).error.code).toBe('not_found');
    }
    expect((await show(USERS.admin, anrId)).statusCode).toBe(200);
  });

  it('a malformed id is 400 naming id', async () => {
    const result = await show(USERS.analystRtm, '../../etc/passwd');
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).error.field).toBe('id');
  });
});

describe('PATCH /flagged/{id}', () => {
  it('an analyst assigns, an officer records a seizure; who and when come from the token', async () => {
    const id = rtmIds[2] as string;
    const assigned = await patch(USERS.analystRtm, id, {
      version: 1,
      status: 'assigned',
      notes: 'inspect at terminal 2',
    });
    expect(assigned.statusCode).toBe(200);
    expect(bodyOf(assigned)).toMatchObject({
      status: 'assigned',
      version: 2,
      notes: [
        { text: 'inspect at terminal 2', by: { username: 'analyst-rtm' }, at: '2026-11-28T09:00:00.000Z' },
      ],
    });

    const seized = await patch(
      USERS.officerRtm,
      id,
      { status: 'inspected-seizure', seizure: { substance: 'cocaine', quantity: 42.5, unit: 'kg' } },
      { 'If-Match': '"2"' },
    );
    expect(seized.statusCode).toBe(200);
    const body = bodyOf(seized);
    expect(body.status).toBe('inspected-seizure');
    expect(body.decision).toMatchObject({
      by: { username: 'officer-rtm', subject: 'sub-officer-rtm' },
      at: '2026-11-28T09:00:00.000Z',
      seizure: { substance: 'cocaine', quantity: 42.5, unit: 'kg' },
    });
    expect(body.history.map((d: { status: string }) => d.status)).toEqual(['assigned', 'inspected-seizure']);
    // The status index follows the decision.
    const seizures = bodyOf(await list(USERS.analystRtm, { status: 'inspected-seizure' })).items;
    expect(seizures.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it('re-profiling the manifest keeps the decision and refreshes the evidence', async () => {
    const id = rtmIds[2] as string;
    await writeFlag(table, {
      port: 'NLRTM',
      manifestId: RTM,
      containerNumber: container(2),
      profiledAt: '2026-11-28T10:00:00.000Z',
      hits: [{ ruleId: 'NEW_RULE', weight: 70 }],
    });
    const body = bodyOf(await show(USERS.analystRtm, id));
    expect(body).toMatchObject({ status: 'inspected-seizure', version: 3 });
    expect(body.decision.seizure.substance).toBe('cocaine');
    expect(body.rules).toEqual(['NEW_RULE']);
  });

  it('a stale version gets 409 with the current version, and nothing changes', async () => {
    const id = rtmIds[4] as string;
    const first = patch(USERS.analystRtm, id, { version: 1, status: 'assigned' });
    const second = patch(USERS.analystRtm, id, { version: 1, status: 'released' });
    const results = await Promise.all([first, second]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409]);
    const conflict = results.find((r) => r.statusCode === 409);
    expect(bodyOf(conflict ?? {}).error).toMatchObject({
      code: 'version_conflict',
      field: 'version',
      currentVersion: 2,
    });
    const after = bodyOf(await show(USERS.analystRtm, id));
    expect(after.version).toBe(2);
    expect(after.history).toHaveLength(1);
  });

  it('roles: an officer cannot triage, an analyst cannot record an inspection', async () => {
    const id = rtmIds[6] as string;
    const officerAssign = await patch(USERS.officerRtm, id, { version: 1, status: 'assigned' });
    expect(officerAssign.statusCode).toBe(403);
    expect(bodyOf(officerAssign).error.field).toBe('status');
    const analystClear = await patch(USERS.analystRtm, id, { version: 1, status: 'inspected-clear' });
    expect(analystClear.statusCode).toBe(403);
    // Either may add notes.
    expect((await patch(USERS.officerRtm, id, { version: 1, notes: 'seal intact' })).statusCode).toBe(200);
    // An inspection outcome is not undone by an analyst.
    expect((await patch(USERS.officerRtm, id, { version: 2, status: 'inspected-clear' })).statusCode).toBe(
      200,
    );
    expect((await patch(USERS.analystRtm, id, { version: 3, status: 'released' })).statusCode).toBe(403);
    expect((await patch(USERS.admin, id, { version: 3, status: 'released' })).statusCode).toBe(200);
  });

  it("patching another port's flag is 404 and leaves it untouched", async () => {
    for (const user of [USERS.analystRtm, USERS.officerRtm]) {
      const result = await patch(user, anrId, { version: 1, status: 'released' });
      expect(result.statusCode).toBe(404);
    }
    const untouched = bodyOf(await show(USERS.analystAnr, anrId));
    expect(untouched).toMatchObject({ status: 'open', version: 1 });
  });

  it.each([
    ['not json', '{status: open', 'body', 400],
    ['an array', '[]', 'body', 400],
    ['no version', { status: 'assigned' }, 'version', 400],
    ['unknown status', { version: 1, status: 'seized' }, 'status', 400],
    ['unknown field', { version: 1, status: 'assigned', owner: 'me' }, 'owner', 400],
    ['nothing to record', { version: 1 }, 'status', 400],
    ['seizure without details', { version: 1, status: 'inspected-seizure' }, 'seizure', 422],
    [
      'negative quantity',
      { version: 1, status: 'inspected-seizure', seizure: { substance: 'heroin', quantity: -1, unit: 'kg' } },
      'seizure.quantity',
      400,
    ],
    [
      'seizure with another status',
      { version: 1, status: 'inspected-clear', seizure: { substance: 'heroin', quantity: 1, unit: 'kg' } },
      'seizure',
      422,
    ],
  ])('%s -> 4xx naming %s', async (_name, body, field, status) => {
    const result = await patch(USERS.officerRtm, rtmIds[8] as string, body);
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result).error.field).toBe(field);
  });

  it('If-Match and version must agree', async () => {
    const result = await patch(
      USERS.analystRtm,
      rtmIds[8] as string,
      { version: 1, status: 'assigned' },
      { 'if-match': '"7"' },
    );
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).error.field).toBe('version');
  });
});

describe('GET /flagged/{id}: the places of the route the risk profiles list', () => {
  it('names each listed port and each port in a listed country, with its leg and the rules', async () => {
    // Guayaquil (a cocaine-source country) via Manzanillo, Panama (a listed transshipment hub),
    // the vessel having called at Bandar Abbas (Iran: a sanctioned country) before.
    const unit = unitOf({
      container: { number: 'MSCU7654321' },
      voyage: { previousPortsOfCall: ['IRBND', 'ESALG'] },
      bls: [{ placeOfReceipt: 'ECGYE', portOfLoading: 'ECGYE', transshipmentPorts: ['PAMIT'] }],
    });
    const assessment = compileProfiles(defaultProfileSet()).assess(unit);
    const manifestId = manifestIdFor('gye-route-voyage');
    await table.doc.send(
      new UpdateCommand(
        flaggedUpdate(
          TABLE,
          {
            manifestId,
            port: 'NLRTM',
            vesselName: 'MSC GULSUN',
            voyageNumber: 'FL245W',
            snapshotVersion: 'snap-1',
            profiledAt: '2026-11-20T08:00:00.000Z',
            expiresAt: 2_000_000_000,
          },
          {
            containerNumber: 'MSCU7654321',
            score: assessment.score,
            lane: assessment.lane,
            assessment: assessment as unknown as Record<string, unknown>,
          },
        ),
      ),
    );
    const detail = bodyOf(await show(USERS.analystRtm, flaggedId(manifestId, 'MSCU7654321')));
    const byPlace = Object.fromEntries(
      detail.routeListings.map((l: { leg: string; locode: string }) => [`${l.leg} ${l.locode}`, l]),
    );
    expect(byPlace['transshipment PAMIT']).toMatchObject({ listed: 'port', country: 'PA' });
    expect(byPlace['transshipment PAMIT'].ruleIds).toContain('ROUTE-TRANSSHIPMENT-HUB');
    expect(byPlace['loading ECGYE']).toMatchObject({ listed: 'country', country: 'EC' });
    expect(byPlace['loading ECGYE'].ruleIds).toContain('ROUTE-COCAINE-ORIGIN');
    expect(byPlace['previous IRBND']).toMatchObject({ listed: 'country', country: 'IR' });
    expect(byPlace['previous IRBND'].ruleIds).toContain('ROUTE-SANCTIONED');
    // Places no rule lists are not there: Algeciras, and the port of discharge.
    expect(Object.keys(byPlace).some((k) => k.endsWith('ESALG') || k.endsWith('NLRTM'))).toBe(false);
  });

  it('a flag whose hits list no place has none (the map marks nothing)', async () => {
    const detail = bodyOf(await show(USERS.analystRtm, rtmIds[0] as string));
    expect(detail.routeListings).toEqual([]);
  });
});
