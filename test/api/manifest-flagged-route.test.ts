/**
 * GET /manifests/{id}/flagged: the inspection list of one vessel call. Every flag of the
 * manifest in full (evidence and the consignment as declared), paged, and only for the
 * manifest's own port: another port's manifest is "not found".
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flaggedUpdate } from '#adapters/flagged-store.ts';
import { consignmentOf } from '#core/pipeline/consignment.ts';
import { dispatch } from '../../functions/api/dispatch.ts';
import { listManifestFlagged, type QueryDeps } from '../../functions/api/query-routes.ts';
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
  writeFlag,
  writeManifest,
} from './api-fixtures.ts';

const RTM = manifestIdFor('rtm-inspection-list');
const OTHER = manifestIdFor('rtm-other-voyage');
const container = (n: number) => `TGHU${String(3_000_000 + n).padStart(7, '0')}`;
let table: TestTable;
let deps: QueryDeps;

beforeAll(async () => {
  table = await startTable();
  deps = { queries: table.queries, reports: noReports, now: () => new Date('2026-12-01T09:00:00Z') };
  await writeManifest(table, {
    port: 'NLRTM',
    manifestId: RTM,
    receivedAt: '2026-12-01T08:00:00.000Z',
    containersProfiled: 40,
  });
  await writeManifest(table, {
    port: 'NLRTM',
    manifestId: OTHER,
    receivedAt: '2026-12-01T08:30:00.000Z',
    containersProfiled: 5,
  });
  // 7 flags with their consignment as the profile Lambda writes them, 1 of another manifest.
  for (let i = 0; i < 7; i++) {
    const number = container(i);
    const assessment = assessmentFor(number, [{ ruleId: 'WL-PARTY-STRONG', weight: 100 }]);
    const consignment = consignmentOf({
      voyage: {
        vesselName: 'BUSAN EXPRESS',
        voyageNumber: '145E',
        reportingPort: 'NLRTM',
        previousPortsOfCall: [],
      },
      container: {
        number,
        isoType: '45G1',
        seals: [`SL${i}`],
        status: 'full',
        shipperOwned: false,
        verifiedGrossMassKg: 21_000 + i,
      },
      billsOfLading: [
        {
          number: `HLCU${1000 + (i % 3)}`,
          type: 'master',
          shipper: { name: 'ORIENT SHIPPING LTD', country: 'CN', identifier: '91310000MA1FL' },
          consignee: { name: 'TO ORDER' },
          notifyParties: [{ name: 'ROTTERDAM FORWARDING BV' }],
          portOfLoading: 'CNSHA',
          transshipmentPorts: ['SGSIN'],
          portOfDischarge: 'NLRTM',
          containers: [number],
          goods: [
            {
              lineNumber: 1,
              description: 'FREIGHT ALL KINDS',
              hsCode: '940360',
              grossWeightKg: 9000,
              containers: [number],
            },
          ],
        },
      ],
    });
    await table.doc.send(
      new UpdateCommand(
        flaggedUpdate(
          TABLE,
          {
            manifestId: RTM,
            port: 'NLRTM',
            snapshotVersion: 's1',
            profiledAt: '2026-12-01T08:05:00.000Z',
            expiresAt: 2_000_000_000,
          },
          {
            containerNumber: number,
            score: assessment.score,
            lane: assessment.lane,
            assessment: assessment as never,
            consignment,
          },
        ),
      ),
    );
  }
  await writeFlag(table, {
    port: 'NLRTM',
    manifestId: OTHER,
    containerNumber: container(50),
    profiledAt: '2026-12-01T08:35:00.000Z',
  });
});

afterAll(() => table?.stop());

const routes = { 'GET /manifests/{id}/flagged': listManifestFlagged };
const call = (claims: Record<string, string>, id: string, query?: Record<string, string>) =>
  dispatch(
    apiEvent({
      routeKey: 'GET /manifests/{id}/flagged',
      claims,
      pathParameters: { id },
      ...(query && { query }),
    }),
    routes,
    deps,
  );

describe('GET /manifests/{id}/flagged', () => {
  it('lists every flag of the manifest once, with the consignment as declared, across pages', async () => {
    const seen: any[] = [];
    let cursor: string | undefined;
    do {
      const res = await call(USERS.officerRtm, RTM, { limit: '3', ...(cursor && { cursor }) });
      expect(res.statusCode).toBe(200);
      const body = bodyOf(res);
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.map((f) => f.containerNumber).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map(container));
    const first = seen.find((f) => f.containerNumber === container(2));
    expect(first.consignment).toEqual({
      container: {
        number: container(2),
        isoType: '45G1',
        seals: ['SL2'],
        status: 'full',
        verifiedGrossMassKg: 21_002,
      },
      billsOfLading: [
        {
          number: 'HLCU1002',
          shipper: { name: 'ORIENT SHIPPING LTD', country: 'CN', identifier: '91310000MA1FL' },
          consignee: { name: 'TO ORDER' },
          notifyParties: [{ name: 'ROTTERDAM FORWARDING BV' }],
          portOfLoading: 'CNSHA',
          transshipmentPorts: ['SGSIN'],
          portOfDischarge: 'NLRTM',
          goods: [{ description: 'FREIGHT ALL KINDS', hsCode: '940360', grossWeightKg: 9000 }],
        },
      ],
    });
    expect(first.assessment.hits[0].ruleId).toBe('WL-PARTY-STRONG');
  });

  it("is not found for another port's user, and refuses a cursor of another manifest", async () => {
    const res = await call(USERS.analystAnr, RTM);
    expect(res.statusCode).toBe(404);
    expect(bodyOf(res).error).toMatchObject({ code: 'not_found', field: 'id' });

    const page = bodyOf(await call(USERS.analystRtm, RTM, { limit: '2' }));
    const reused = await call(USERS.analystRtm, OTHER, { cursor: page.nextCursor });
    expect(reused.statusCode).toBe(400);
    expect(bodyOf(reused).error.field).toBe('cursor');
  });

  it('names the bad id', async () => {
    const res = await call(USERS.analystRtm, 'not-a-manifest');
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res).error).toMatchObject({ code: 'invalid_request', field: 'id' });
  });
});
