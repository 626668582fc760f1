import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAG_STATUSES, type FlagStatus, flaggedId } from '#adapters/pipeline-resources.ts';
import {
  type DecisionRequest,
  type DecisionState,
  decide,
  permission,
  REQUESTED_CHANGES,
  type RequestedChange,
} from '#core/decisions/decision-rules.ts';
import { ROLES, type Role, type SeizureDetails } from '#schemas/api.ts';
import { type DecideDeps, decideFlagged } from '../../functions/api/decide-route.ts';
import { dispatch } from '../../functions/api/dispatch.ts';
import { getFlagged, type QueryDeps } from '../../functions/api/query-routes.ts';
import {
  apiEvent,
  bodyOf,
  manifestIdFor,
  noReports,
  startTable,
  type TestTable,
  USERS,
  writeFlag,
} from './api-fixtures.ts';

/**
 * The permission table of docs/api.md is the specification: it is parsed here and every
 * role x current status x requested change is checked against it, in the pure decision module
 * (fast-check, with any notes, seizure details and role combinations) and through the PATCH
 * route on a real table (every cell once, and a refusal leaves the flag exactly as it was).
 */
type Cell = { allowed: true } | { allowed: false; status: number; code: string };
type Table = Map<string, Cell>;
const cellKey = (role: Role, current: FlagStatus, change: RequestedChange) => `${role}|${current}|${change}`;

function documentedTable(): Table {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const block = /<!-- permission-table -->\n([\s\S]*?)<!-- \/permission-table -->/.exec(doc);
  if (!block) throw new Error('docs/api.md has no <!-- permission-table --> block');
  const rows = (block[1] as string)
    .trim()
    .split('\n')
    .map((line) =>
      line
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split('|')
        .map((c) => c.trim().replace(/`/g, '')),
    );
  const [header, , ...body] = rows as [string[], string[], ...string[][]];
  expect(header.slice(0, 2)).toEqual(['role', 'current status']);
  const changes = header.slice(2);
  expect([...changes].sort()).toEqual([...REQUESTED_CHANGES].sort());
  const table: Table = new Map();
  for (const [role, current, ...cells] of body) {
    expect(ROLES).toContain(role);
    expect(FLAG_STATUSES).toContain(current);
    expect(cells).toHaveLength(changes.length);
    cells.forEach((text, i) => {
      const key = cellKey(role as Role, current as FlagStatus, changes[i] as RequestedChange);
      expect(table.has(key), `${key} appears twice`).toBe(false);
      const refused = /^(\d{3}) (\w+)$/.exec(text);
      if (text === 'allowed') table.set(key, { allowed: true });
      else if (refused)
        table.set(key, { allowed: false, status: Number(refused[1]), code: refused[2] as string });
      else throw new Error(`docs/api.md permission table: cannot read "${text}" (${key})`);
    });
  }
  expect(table.size).toBe(ROLES.length * FLAG_STATUSES.length * REQUESTED_CHANGES.length);
  return table;
}

const table = documentedTable();
const documented = (role: Role, current: FlagStatus, change: RequestedChange) =>
  table.get(cellKey(role, current, change)) as Cell;

const COCAINE: SeizureDetails = { substance: 'cocaine', quantity: 42.5, unit: 'kg' };
const actor = (role: Role) => ({ subject: `sub-${role}`, username: `${role}-rtm` });
const AT = '2026-11-28T09:00:00.000Z';

/** A flag's decision state as it is after someone set `status` (a seizure with its details). */
function stateAt(status: FlagStatus): DecisionState {
  if (status === 'open') return { status, history: [] };
  const seizure = status === 'inspected-seizure' ? COCAINE : undefined;
  const by = actor(status.startsWith('inspected') ? 'officer' : 'analyst');
  const at = '2026-11-27T10:00:00.000Z';
  return {
    status,
    decision: { status, ...(seizure && { seizure }), by, at },
    history: [{ status, previousStatus: 'open', ...(seizure && { seizure }), by, at }],
  };
}

const seizureArb: fc.Arbitrary<SeizureDetails> = fc.record(
  {
    substance: fc.constantFrom('cocaine', 'sugar', 'heroin', 'cigarettes', 'amphetamine'),
    quantity: fc.double({ min: 0.001, max: 10_000, noNaN: true }),
    unit: fc.constantFrom('kg', 'g', 'l', 'pieces', 'packages'),
    description: fc.string({ maxLength: 40 }),
  },
  { requiredKeys: ['substance', 'quantity', 'unit'] },
);

/** A well-formed request for `change`: a note or not, a seizure always with details. */
function requestArb(change: RequestedChange): fc.Arbitrary<DecisionRequest> {
  const notes = fc.option(
    fc.string({ minLength: 1, maxLength: 60 }).filter((n) => n.trim() !== ''),
    {
      nil: undefined,
    },
  );
  if (change === 'note') return notes.map((n) => ({ notes: n ?? 'seal intact' }));
  if (change === 'inspected-seizure') {
    return fc.record({ notes, seizure: seizureArb }).map(({ notes: n, seizure }) => ({
      status: change,
      seizure,
      ...(n !== undefined && { notes: n }),
    }));
  }
  return notes.map((n) => ({ status: change, ...(n !== undefined && { notes: n }) }));
}

describe('the permission table in docs/api.md', () => {
  it('covers every role x current status x requested change exactly once', () => {
    expect(table.size).toBe(90);
    // The attack of issue 11: an analyst restating a recorded seizure with other details.
    expect(documented('analyst', 'inspected-seizure', 'inspected-seizure')).toEqual({
      allowed: false,
      status: 403,
      code: 'forbidden',
    });
  });

  it('is what the decision module decides, cell by cell', () => {
    for (const role of ROLES) {
      for (const current of FLAG_STATUSES) {
        for (const change of REQUESTED_CHANGES) {
          const cell = documented(role, current, change);
          const answer = permission(new Set([role]), current, change);
          expect({ role, current, change, allowed: answer.allowed }).toEqual({
            role,
            current,
            change,
            allowed: cell.allowed,
          });
          if (!answer.allowed && !cell.allowed) expect(answer.code).toBe(cell.code);
        }
      }
    }
  });

  it('holds for any request, note, seizure details and combination of roles', () => {
    const scenario = fc
      .record({
        roles: fc.subarray([...ROLES], { minLength: 1 }),
        current: fc.constantFrom(...FLAG_STATUSES),
        change: fc.constantFrom(...REQUESTED_CHANGES),
      })
      .chain((s) => requestArb(s.change).map((request) => ({ ...s, request })));
    fc.assert(
      fc.property(scenario, ({ roles, current, change, request }) => {
        const state = stateAt(current);
        const by = actor(roles[0] as Role);
        const verdict = decide({ roles: new Set(roles), actor: by, current: state, request, at: AT });
        const allowed = roles.some((r) => documented(r, current, change).allowed);
        if (!allowed) {
          const cell = documented(roles[0] as Role, current, change) as Extract<Cell, { allowed: false }>;
          expect(verdict).toMatchObject({ kind: 'refused', code: cell.code });
          expect(['status', 'seizure']).toContain((verdict as { field: string }).field);
          return;
        }
        expect(verdict.kind).not.toBe('refused');
        if (verdict.kind !== 'changed') {
          // Nothing new: the same status (and details) and no note.
          expect(request.notes).toBeUndefined();
          expect(request.status).toBe(current);
          return;
        }
        expect(verdict.status).toBe(request.status ?? current);
        expect(verdict.entry).toMatchObject({ status: verdict.status, by, at: AT });
        expect(verdict.entry.notes).toBe(request.notes);
        if (request.status === undefined || (request.status === current && !request.seizure)) {
          // A note (or a restated status) never touches the outcome in force.
          expect(verdict.decisionChanged).toBe(false);
          expect(verdict.decision).toBe(state.decision);
        }
        if (verdict.status === 'inspected-seizure') {
          expect(verdict.decision?.seizure).toEqual(request.seizure ?? state.decision?.seizure);
        } else {
          expect(verdict.decision?.seizure).toBeUndefined();
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('an account with no role is refused everything but is never told it may', () => {
    for (const current of FLAG_STATUSES) {
      for (const change of REQUESTED_CHANGES) {
        expect(permission(new Set(), current, change)).toMatchObject({ allowed: false, code: 'forbidden' });
      }
    }
  });
});

const PORT_USERS: Record<Role, Record<string, string>> = {
  analyst: USERS.analystRtm,
  officer: USERS.officerRtm,
  admin: USERS.admin,
};

describe('PATCH /flagged/{id} follows the documented table on a real table', () => {
  let db: TestTable;
  let decideDeps: DecideDeps;
  let queryDeps: QueryDeps;
  const manifestId = manifestIdFor('permission-table');
  let n = 0;

  beforeAll(async () => {
    db = await startTable();
    const now = () => new Date(AT);
    decideDeps = { queries: db.queries, decisions: db.decisions, now };
    queryDeps = { queries: db.queries, reports: noReports, now };
  });
  afterAll(() => db?.stop());

  const patch = (claims: Record<string, string>, id: string, body: unknown) =>
    dispatch(
      apiEvent({ routeKey: 'PATCH /flagged/{id}', claims, pathParameters: { id }, body }),
      { 'PATCH /flagged/{id}': decideFlagged },
      decideDeps,
    );
  const show = async (id: string) =>
    bodyOf(
      await dispatch(
        apiEvent({ routeKey: 'GET /flagged/{id}', claims: USERS.admin, pathParameters: { id } }),
        { 'GET /flagged/{id}': getFlagged },
        queryDeps,
      ),
    );

  /** A new flag at Rotterdam, brought to `status` by the role that sets it. */
  async function flagAt(status: FlagStatus): Promise<string> {
    const containerNumber = `MSCU${String(2_000_000 + n++).padStart(7, '0')}`;
    await writeFlag(db, { port: 'NLRTM', manifestId, containerNumber, profiledAt: AT });
    const id = flaggedId(manifestId, containerNumber);
    if (status !== 'open') {
      const setter = status.startsWith('inspected') ? USERS.officerRtm : USERS.analystRtm;
      const result = await patch(setter, id, {
        version: 1,
        status,
        ...(status === 'inspected-seizure' && { seizure: COCAINE }),
      });
      expect(result.statusCode).toBe(200);
    }
    return id;
  }

  it('every cell: allowed is 200 and applied, refused is the documented error and changes nothing', async () => {
    for (const role of ROLES) {
      for (const current of FLAG_STATUSES) {
        for (const change of REQUESTED_CHANGES) {
          const id = await flagAt(current);
          const before = await show(id);
          const request: Record<string, unknown> =
            change === 'note'
              ? { notes: `checked by ${role}` }
              : {
                  status: change,
                  notes: `set ${change} by ${role}`,
                  ...(change === 'inspected-seizure' && {
                    seizure: { substance: 'sugar', quantity: 0.001, unit: 'g' },
                  }),
                };
          const result = await patch(PORT_USERS[role], id, { version: before.version, ...request });
          const cell = documented(role, current, change);
          const where = `${role} on ${current} asking ${change}`;
          const after = await show(id);
          if (cell.allowed) {
            expect(result.statusCode, where).toBe(200);
            expect(after.status, where).toBe(change === 'note' ? current : change);
            expect(after.version, where).toBe(before.version + 1);
            expect(after.notes.at(-1), where).toMatchObject({
              text: request.notes,
              by: { username: `${role === 'admin' ? 'admin' : `${role}-rtm`}` },
            });
            if (change === 'note' && current === 'inspected-seizure') {
              expect(after.decision.seizure, where).toEqual(COCAINE);
            }
          } else {
            expect(result.statusCode, where).toBe(cell.status);
            expect(bodyOf(result).error.code, where).toBe(cell.code);
            expect(after, where).toEqual(before);
          }
        }
      }
    }
  });

  it('issue 11: an analyst cannot rewrite a recorded seizure, and a note keeps its details', async () => {
    const id = await flagAt('assigned');
    const seized = await patch(USERS.officerRtm, id, {
      version: 2,
      status: 'inspected-seizure',
      seizure: COCAINE,
      notes: 'in 3 sports bags behind the pallets',
    });
    expect(seized.statusCode).toBe(200);
    const recorded = await show(id);

    const rewrite = await patch(USERS.analystRtm, id, {
      version: 3,
      status: 'inspected-seizure',
      seizure: { substance: 'sugar', quantity: 0.001, unit: 'g' },
    });
    expect(rewrite.statusCode).toBe(403);
    expect(bodyOf(rewrite).error).toMatchObject({ code: 'forbidden', field: 'seizure' });
    expect(await show(id)).toEqual(recorded);

    const note = await patch(USERS.analystRtm, id, { version: 3, notes: 'lab confirms cocaine, 91% purity' });
    expect(note.statusCode).toBe(200);
    const after = bodyOf(note);
    expect(after.decision).toEqual({
      status: 'inspected-seizure',
      seizure: COCAINE,
      by: { subject: 'sub-officer-rtm', username: 'officer-rtm' },
      at: AT,
    });
    expect(
      after.notes.map((x: { text: string; by: { username: string } }) => [x.by.username, x.text]),
    ).toEqual([
      ['officer-rtm', 'in 3 sports bags behind the pallets'],
      ['analyst-rtm', 'lab confirms cocaine, 91% purity'],
    ]);
    expect(
      after.history.map((e: { status: string; previousStatus?: string }) => [e.previousStatus, e.status]),
    ).toEqual([
      ['open', 'assigned'],
      ['assigned', 'inspected-seizure'],
      [undefined, 'inspected-seizure'],
    ]);

    // The officer corrects the quantity: the correction and the first figure both stay on record.
    const corrected = await patch(USERS.officerRtm, id, {
      version: 4,
      status: 'inspected-seizure',
      seizure: { ...COCAINE, quantity: 41.9 },
    });
    expect(corrected.statusCode).toBe(200);
    const history = bodyOf(corrected).history;
    expect(
      history
        .filter((e: { seizure?: unknown }) => e.seizure)
        .map((e: { seizure: SeizureDetails }) => e.seizure.quantity),
    ).toEqual([42.5, 41.9]);
  });

  it('restating what is recorded writes nothing; another officer port is not found', async () => {
    const id = await flagAt('inspected-seizure');
    const before = await show(id);
    const same = await patch(USERS.officerRtm, id, {
      version: 2,
      status: 'inspected-seizure',
      seizure: COCAINE,
    });
    expect(same.statusCode).toBe(200);
    expect(await show(id)).toEqual(before);
    const elsewhere = await patch(USERS.officerAnr, id, { version: 2, status: 'inspected-clear' });
    expect(elsewhere.statusCode).toBe(404);
    expect(await show(id)).toEqual(before);
  });

  it('a stale version is 409 saying who changed the flag and when', async () => {
    const id = await flagAt('open');
    await patch(USERS.analystRtm, id, { version: 1, status: 'assigned' });
    const stale = await patch(USERS.officerRtm, id, { version: 1, status: 'inspected-clear' });
    expect(stale.statusCode).toBe(409);
    expect(bodyOf(stale).error).toEqual({
      code: 'version_conflict',
      field: 'version',
      currentVersion: 2,
      changedBy: { subject: 'sub-analyst-rtm', username: 'analyst-rtm' },
      changedAt: AT,
      message: `the flag changed since you read it (version 2 now, changed by analyst-rtm at ${AT})`,
    });
  });

  it('notes cannot be cleared: a blank note is 400 naming notes', async () => {
    const id = await flagAt('open');
    const blank = await patch(USERS.analystRtm, id, { version: 1, notes: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(bodyOf(blank).error.field).toBe('notes');
  });
});
