import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaggedId } from '#adapters/pipeline-resources.ts';
import { conveyanceOf } from '#core/pipeline/conveyance.ts';
import { dispatch } from '../../functions/api/dispatch.ts';
import { getFlagged, listFlagged, listManifests, type QueryDeps } from '../../functions/api/query-routes.ts';
import {
  apiEvent,
  bodyOf,
  claimsFor,
  manifestIdFor,
  noReports,
  startTable,
  type TestTable,
  writeFlag,
  writeManifest,
} from './api-fixtures.ts';

/**
 * A PCU at a rail border station that is in no UN/LOCODE edition (Altynkol, KZAKL, a code of the
 * locations file) receives sea, rail and air manifests: the lists filter by mode and show the
 * mode's identifiers; flags and records written before modes existed count as sea.
 */
const PORT = 'KZAKL';
const officer = claimsFor('officer-akl', ['officer', `port:${PORT}`]);
const routes = {
  'GET /flagged': listFlagged,
  'GET /flagged/{id}': getFlagged,
  'GET /manifests': listManifests,
} as const;

const SEA = manifestIdFor('akl-sea-legacy');
const RAIL = manifestIdFor('akl-rail-1');
const AIR = manifestIdFor('akl-air-1');
// A UIC 12-digit wagon number (check digit valid), ULD ids and ISO 6346 containers.
const WAGON = '318049953251';
const rail = conveyanceOf({
  mode: 'rail',
  trainNumber: 'X8017',
  borderStation: 'KZAKL',
});
const air = conveyanceOf({ mode: 'air', flightNumber: 'KC932', aircraftRegistration: 'UP-B3720' });

let table: TestTable;
let deps: QueryDeps;

beforeAll(async () => {
  table = await startTable();
  const now = new Date('2026-11-28T09:00:00Z');
  deps = { queries: table.queries, reports: noReports, now: () => now };
  // 3 legacy sea flags (no mode stored), 4 rail, 5 air, interleaved in time.
  for (let i = 0; i < 12; i++) {
    const profiledAt = `2026-11-27T${String(8 + i).padStart(2, '0')}:00:00.000Z`;
    if (i % 4 === 0) {
      await writeFlag(table, {
        port: PORT,
        manifestId: SEA,
        containerNumber: `MSCU${1000000 + i}`,
        profiledAt,
      });
    } else if (i % 4 === 1 || i === 6) {
      await writeFlag(table, {
        port: PORT,
        manifestId: RAIL,
        containerNumber: i === 1 ? WAGON : `TGHU${1000000 + i}`,
        profiledAt,
        conveyance: { ...rail, vesselName: 'X8017', voyageNumber: 'X8017' },
      });
    } else {
      await writeFlag(table, {
        port: PORT,
        manifestId: AIR,
        containerNumber: `AKE${10000 + i}KC`,
        profiledAt,
        conveyance: { ...air, vesselName: 'KC932', voyageNumber: 'KC932/2026-11-27' },
      });
    }
  }
  await writeManifest(table, {
    port: PORT,
    manifestId: SEA,
    receivedAt: '2026-11-27T07:00:00.000Z',
    containersProfiled: 3,
  });
  await writeManifest(table, {
    port: PORT,
    manifestId: RAIL,
    receivedAt: '2026-11-27T07:10:00.000Z',
    containersProfiled: 4,
    mode: 'rail',
  });
  await writeManifest(table, {
    port: PORT,
    manifestId: AIR,
    receivedAt: '2026-11-27T07:20:00.000Z',
    containersProfiled: 5,
    mode: 'air',
  });
});

afterAll(() => table?.stop());

const get = (
  routeKey: keyof typeof routes,
  query?: Record<string, string>,
  pathParameters?: Record<string, string>,
) =>
  dispatch(
    apiEvent({
      routeKey,
      claims: officer,
      ...(query && { query }),
      ...(pathParameters && { pathParameters }),
    }),
    routes,
    deps,
  );

type Row = { id: string; mode: string; containerNumber: string; conveyance?: Record<string, string> };

async function allPages(routeKey: 'GET /flagged' | 'GET /manifests', query: Record<string, string>) {
  const rows: Row[] = [];
  let cursor: string | undefined;
  do {
    const result = await get(routeKey, { ...query, limit: '2', ...(cursor && { cursor }) });
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result) as { items: Row[]; nextCursor?: string };
    rows.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return rows;
}

describe('GET /flagged?mode=', () => {
  it('lists only the flags of that mode, every one once across pages', async () => {
    const airRows = await allPages('GET /flagged', { mode: 'air' });
    expect(airRows).toHaveLength(5);
    expect(new Set(airRows.map((r) => r.mode))).toEqual(new Set(['air']));
    expect(airRows[0]?.conveyance).toEqual({ flightNumber: 'KC932', aircraftRegistration: 'UP-B3720' });
    const railRows = await allPages('GET /flagged', { mode: 'rail' });
    expect(railRows.map((r) => r.containerNumber)).toContain(WAGON);
    expect(railRows).toHaveLength(4);
    expect(railRows[0]?.conveyance).toEqual({ trainNumber: 'X8017', borderStation: 'KZAKL' });
  });

  it('sea includes the flags written before modes existed, which list as sea', async () => {
    const seaRows = await allPages('GET /flagged', { mode: 'sea' });
    expect(seaRows).toHaveLength(3);
    expect(seaRows.every((r) => r.mode === 'sea' && r.conveyance === undefined)).toBe(true);
    const everything = bodyOf(await get('GET /flagged', { limit: '100' })).items as Row[];
    expect(everything).toHaveLength(12);
  });

  it('the score and status lists filter by mode too', async () => {
    const byScore = await allPages('GET /flagged', { mode: 'rail', sort: 'score' });
    const byStatus = await allPages('GET /flagged', { mode: 'rail', status: 'open' });
    expect(byScore).toHaveLength(4);
    expect(byStatus).toHaveLength(4);
  });

  it('a cursor of one mode is refused for another', async () => {
    const first = bodyOf(await get('GET /flagged', { mode: 'air', limit: '2' }));
    const other = await get('GET /flagged', { mode: 'rail', limit: '2', cursor: first.nextCursor });
    expect(other.statusCode).toBe(400);
    expect(bodyOf(other).error.field).toBe('cursor');
  });

  it.each(['GET /flagged', 'GET /manifests'] as const)(
    '%s: a mode it does not know is 400 naming mode',
    async (route) => {
      const result = await get(route, { mode: 'ship' });
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result).error.field).toBe('mode');
      expect(bodyOf(result).error.message).toMatch(/mode/);
    },
  );

  it('the flag detail carries the mode and its identifiers', async () => {
    const result = await get('GET /flagged/{id}', undefined, { id: flaggedId(RAIL, WAGON) });
    expect(result.statusCode).toBe(200);
    const detail = bodyOf(result);
    expect(detail.mode).toBe('rail');
    expect(detail.conveyance).toEqual({ trainNumber: 'X8017', borderStation: 'KZAKL' });
    expect(detail.port).toBe(PORT);
  });
});

describe('GET /manifests?mode=', () => {
  it('lists the manifests of one mode; records without a mode are sea', async () => {
    const airManifests = await allPages('GET /manifests', { mode: 'air' });
    expect(airManifests.map((m) => m.id)).toEqual([AIR]);
    const seaManifests = await allPages('GET /manifests', { mode: 'sea' });
    expect(seaManifests.map((m) => [m.id, m.mode])).toEqual([[SEA, 'sea']]);
    const every = await allPages('GET /manifests', {});
    expect(every.map((m) => m.mode)).toEqual(['air', 'rail', 'sea']);
  });
});
