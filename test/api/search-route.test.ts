import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlaggedStore, type FlaggedContext } from '#adapters/flagged-store.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { flaggedId, keys } from '#adapters/pipeline-resources.ts';
import { TERM_VALUE_MAX_CHARS } from '#core/search/search-terms.ts';
import type { SearchResponse } from '#schemas/api.ts';
import { dispatch } from '../../functions/api/dispatch.ts';
import type { QueryDeps } from '../../functions/api/query-routes.ts';
import { search } from '../../functions/api/search-route.ts';
import {
  apiEvent,
  assessmentFor,
  bodyOf,
  manifestIdFor,
  noReports,
  startTable,
  TABLE,
  type TestTable,
  USERS,
} from './api-fixtures.ts';

/**
 * GET /search on a real (dynalite) table filled by the pipeline's own writers: the flagged
 * store (which writes each flag's terms) and the manifest records (which write the vessel's).
 */
const RTM = manifestIdFor('search-rtm-1');
const ANR = manifestIdFor('search-anr-1');
const LONG_BL = `MAEU${'7'.repeat(10_000)}`;
const routes = { 'GET /search': search } as const;

let db: TestTable;
let deps: QueryDeps;
const sent: string[] = [];

type Party = { name: string; identifier?: string };
function consignment(container: string, bls: { number: string; shipper?: Party; consignee?: Party }[]) {
  return {
    container: { number: container, seals: [], status: 'full' },
    billsOfLading: bls.map((bl) => ({ ...bl, notifyParties: [], transshipmentPorts: [], goods: [] })),
  };
}

async function writeFlags(
  port: string,
  manifestId: string,
  profiledAt: string,
  boxes: { container: string; bls: Parameters<typeof consignment>[1] }[],
) {
  const context: FlaggedContext = {
    manifestId,
    port,
    vesselName: 'MSC ANNA',
    voyageNumber: '612E',
    snapshotVersion: 'snap-1',
    profiledAt,
    expiresAt: 2_000_000_000,
  };
  const store = createFlaggedStore({ doc: db.doc, table: TABLE });
  await store.writeFlagged(
    context,
    boxes.map((box) => {
      const assessment = assessmentFor(box.container, [{ ruleId: 'SANCTIONED_SHIPPER', weight: 60 }]);
      return {
        containerNumber: box.container,
        score: assessment.score,
        lane: assessment.lane,
        assessment: assessment as unknown as Record<string, unknown>,
        consignment: consignment(box.container, box.bls),
      };
    }),
  );
}

async function writeManifest(port: string, manifestId: string, receivedAt: string, vesselName: string) {
  await createManifestRecords({ doc: db.doc, table: TABLE }).createIfAbsent({
    manifestId,
    port,
    sourceKey: `incoming/${port}/${manifestId}.csv`,
    status: 'received',
    format: 'csv',
    vesselName,
    imoNumber: '9074729',
    voyageNumber: '612E',
    counts: {
      billsOfLading: 3,
      containers: 3,
      goodsItems: 3,
      recordsRead: 3,
      recordsWithErrors: 0,
      rejectedRecords: 0,
      errors: 0,
      warnings: 0,
    },
    reportKey: `reports/${manifestId}.json`,
    chunkCount: 1,
    receivedAt,
    expiresAt: 2_000_000_000,
  });
}

const RTM_BOXES = [
  {
    container: 'MSCU1234565',
    bls: [
      {
        number: 'MAEU240011',
        shipper: { name: 'Krasnov Shipping LLC', identifier: 'RU7701234567' },
        consignee: { name: 'Globus Trading B.V.', identifier: 'NL 123456789 B01' },
      },
    ],
  },
  {
    container: 'TGHU7654321',
    bls: [
      {
        number: 'HLCU990001',
        shipper: { name: 'Shenzhen Bright Electronics Co., Ltd.' },
        consignee: { name: 'PETROV, Ivan' },
      },
    ],
  },
  // Boxes sharing only common words with the others.
  ...[1, 2, 3].map((n) => ({
    container: `CMAU000000${n}`,
    bls: [
      {
        number: `CMDU55000${n}`,
        shipper: { name: 'General Trading LLC' },
        consignee: { name: 'Shipping Agency Ltd' },
      },
    ],
  })),
  {
    container: 'OOLU8888888',
    bls: [{ number: LONG_BL, shipper: { name: `Very${'long'.repeat(20_000)} Name` } }],
  },
];

beforeAll(async () => {
  db = await startTable();
  await writeManifest('NLRTM', RTM, '2026-11-27T06:00:00.000Z', 'MSC ANNA');
  await writeManifest('BEANR', ANR, '2026-11-27T07:00:00.000Z', 'MSC ANNA');
  await writeFlags('NLRTM', RTM, '2026-11-27T08:00:00.000Z', RTM_BOXES);
  // The same shipper at another port: a Rotterdam analyst must never see it.
  await writeFlags('BEANR', ANR, '2026-11-27T09:00:00.000Z', [
    {
      container: 'MSCU7777770',
      bls: [{ number: 'MAEU240099', shipper: { name: 'Krasnov Shipping LLC', identifier: 'RU7701234567' } }],
    },
  ]);
  // Every command the search sends from here on, by name.
  const send = db.doc.send.bind(db.doc);
  db.doc.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
    sent.push(command.constructor.name);
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as typeof db.doc.send;
  deps = { queries: db.queries, reports: noReports, now: () => new Date('2026-11-28T09:00:00Z') };
});
afterAll(() => db?.stop());

async function searchAs(claims: Record<string, string>, query: Record<string, string>) {
  const result = await dispatch(apiEvent({ routeKey: 'GET /search', claims, query }), routes, deps);
  return {
    status: result.statusCode,
    body: bodyOf(result) as SearchResponse & { error?: { field?: string } },
  };
}
const flagIds = (body: SearchResponse) => body.results.map((r) => r.flag?.id).filter(Boolean);

describe('GET /search', () => {
  it('finds a flag by its container number, B/L number and party identifier, however they are typed', async () => {
    const id = flaggedId(RTM, 'MSCU1234565');
    const byContainer = await searchAs(USERS.analystRtm, { q: 'mscu 123456-5', kind: 'container' });
    expect(flagIds(byContainer.body)).toEqual([id]);
    expect((await searchAs(USERS.analystRtm, { q: 'MSCU1234565' })).body.results[0]?.flag?.id).toBe(id);
    expect(flagIds((await searchAs(USERS.analystRtm, { q: 'maeu 240011', kind: 'bl' })).body)).toEqual([id]);
    const byEori = await searchAs(USERS.analystRtm, { q: 'nl123456789b01', kind: 'identifier' });
    expect(flagIds(byEori.body)).toEqual([id]);
    expect(byEori.body.results[0]?.flag).toMatchObject({
      status: 'open',
      port: 'NLRTM',
      rules: ['SANCTIONED_SHIPPER'],
    });
  });

  it("finds a party's flag by its name typed with typos, ranked by the screening score", async () => {
    const { status, body } = await searchAs(USERS.analystRtm, { q: 'Krasnof Shiping', kind: 'party' });
    expect(status).toBe(200);
    expect(body.results[0]).toMatchObject({
      kind: 'party',
      matched: 'Krasnov Shipping LLC',
      flag: { id: flaggedId(RTM, 'MSCU1234565') },
    });
    expect(body.results[0]?.similarity).toBeGreaterThan(0.8);
    // Sharing only the common word "Shipping" ranks below, if shown at all; Antwerp's Krasnov never.
    expect(flagIds(body).every((id) => String(id).startsWith(RTM))).toBe(true);
    const sims = body.results.map((r) => r.similarity ?? 0);
    expect(sims).toEqual([...sims].sort((a, b) => b - a));
    // One word of a person's name, in the other order, with a letter swapped.
    const petrov = await searchAs(USERS.analystRtm, { q: 'Ivan Pertov' });
    expect(petrov.body.results.find((r) => r.kind === 'party')?.flag?.containerNumber).toBe('TGHU7654321');
  });

  it('finds manifests by vessel name, IMO number and id (or its start)', async () => {
    const byName = await searchAs(USERS.analystRtm, { q: 'msc anna', kind: 'vessel' });
    expect(byName.body.results.map((r) => r.manifest?.id)).toEqual([RTM]);
    const byImo = await searchAs(USERS.analystRtm, { q: 'IMO 9074729' });
    expect(byImo.body.results.filter((r) => r.kind === 'vessel').map((r) => r.manifest?.id)).toEqual([RTM]);
    const byId = await searchAs(USERS.analystRtm, { q: RTM.slice(0, 12), kind: 'manifest' });
    expect(byId.body.results.map((r) => r.manifest?.id)).toEqual([RTM]);
    expect(byId.body.results[0]?.manifest).toMatchObject({ port: 'NLRTM', vesselName: 'MSC ANNA' });
  });

  it("shows another port's analyst none of it, and refuses that port by name", async () => {
    for (const q of [
      'MSCU1234565',
      'MAEU240011',
      'NL123456789B01',
      'Globus Trading',
      RTM,
      RTM.slice(0, 10),
    ]) {
      const { status, body } = await searchAs(USERS.analystAnr, { q });
      expect(status).toBe(200);
      expect(body.ports).toEqual(['BEANR']);
      expect(body.results.filter((r) => (r.flag?.port ?? r.manifest?.port) === 'NLRTM')).toEqual([]);
    }
    const own = await searchAs(USERS.analystAnr, { q: 'Krasnov Shipping' });
    expect(flagIds(own.body)).toEqual([flaggedId(ANR, 'MSCU7777770')]);
    const refused = await searchAs(USERS.analystAnr, { q: 'Krasnov', port: 'NLRTM' });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.field).toBe('port');
    // An analyst of both ports sees both Krasnov flags.
    const both = await searchAs(USERS.analystBoth, { q: 'Krasnov Shipping', kind: 'party' });
    expect(new Set(flagIds(both.body))).toEqual(
      new Set([flaggedId(RTM, 'MSCU1234565'), flaggedId(ANR, 'MSCU7777770')]),
    );
  });

  it('answers with Queries and key reads only, never a Scan', async () => {
    sent.length = 0;
    for (const kind of ['auto', 'container', 'bl', 'party', 'identifier', 'vessel', 'manifest'])
      await searchAs(USERS.analystRtm, { q: 'Krasnov Shiping', kind });
    await searchAs(USERS.analystRtm, { q: 'MSCU1234565' });
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent)).toEqual(new Set(['QueryCommand', 'BatchGetCommand']));
  });

  it('refuses a bad query naming the parameter', async () => {
    expect((await searchAs(USERS.analystRtm, {})).body.error?.field).toBe('q');
    expect((await searchAs(USERS.analystRtm, { q: 'x' })).body.error?.field).toBe('q');
    const badKind = await searchAs(USERS.analystRtm, { q: 'Krasnov', kind: 'everything' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error?.field).toBe('kind');
    expect((await searchAs(USERS.admin, { q: 'Krasnov' })).body.error?.field).toBe('port');
  });

  it('keeps terms bounded: a 10,000-character B/L number is found by its first characters', async () => {
    const { body } = await searchAs(USERS.analystRtm, { q: LONG_BL.slice(0, 200), kind: 'bl' });
    expect(flagIds(body)).toEqual([flaggedId(RTM, 'OOLU8888888')]);
    expect(TERM_VALUE_MAX_CHARS).toBeLessThan(200);
  });

  it('writes the same term items again when a chunk is profiled again, no more', async () => {
    const termsOf = async () => {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.manifestPartition(RTM),
            ':prefix': 'TERM#FLAG#MSCU1234565#',
          },
        }),
      );
      return (out.Items ?? []).map((i) => String(i.sk)).sort();
    };
    const before = await termsOf();
    expect(before.length).toBeGreaterThan(10);
    await writeFlags('NLRTM', RTM, '2026-11-28T08:00:00.000Z', [RTM_BOXES[0]!]);
    expect(await termsOf()).toEqual(before);
    const { body } = await searchAs(USERS.analystRtm, { q: 'Krasnov Shipping', kind: 'party' });
    expect(flagIds(body).filter((id) => id === flaggedId(RTM, 'MSCU1234565'))).toHaveLength(1);
  });
});
