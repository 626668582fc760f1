import { S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClearanceStore } from '#adapters/clearance-store.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { flaggedId } from '#adapters/pipeline-resources.ts';
import { createUploadUrls } from '#adapters/upload-urls.ts';
import { ApiErrorBody } from '#schemas/api.ts';
import { clearancesRoutes } from '../../functions/api/clearances-handler.ts';
import type { ClearancesDeps } from '../../functions/api/clearances-route.ts';
import { decideRoutes } from '../../functions/api/decide-handler.ts';
import type { DecideDeps } from '../../functions/api/decide-route.ts';
import { dispatch, type RouteHandler } from '../../functions/api/dispatch.ts';
import type { ApiEvent, ApiResult } from '../../functions/api/http.ts';
import { listsRoutes } from '../../functions/api/lists-handler.ts';
import type { ListsDeps } from '../../functions/api/lists-route.ts';
import { handler as openapiHandler } from '../../functions/api/openapi-handler.ts';
import { queryRoutes } from '../../functions/api/query-handler.ts';
import type { QueryDeps } from '../../functions/api/query-routes.ts';
import { resumeRoutes } from '../../functions/api/resume-handler.ts';
import type { ResumeDeps } from '../../functions/api/resume-route.ts';
import { API_ROUTES, type ApiRouteDefinition, routeKey } from '../../functions/api/route-table.ts';
import { uploadRoutes } from '../../functions/api/upload-handler.ts';
import type { UploadDeps } from '../../functions/api/upload-route.ts';
import { compilePath, startHttpApi } from '../../local/http-api.ts';
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
  writeManifest,
} from './api-fixtures.ts';

/**
 * Every bad request is a 4xx in the one error shape naming the parameter, never a 500: the
 * cases issue 11 found, then generated query strings, path ids, bodies and If-Match headers
 * sent to every route of route-table.ts through the handlers' dispatch, with valid JWT claims,
 * on a real (dynalite) table, so a request DynamoDB would refuse shows up as the 500 it was.
 */
const MANIFEST = manifestIdFor('bad-requests');
const CONTAINER = 'MSCU1000001';
const FLAG_ID = flaggedId(MANIFEST, CONTAINER);
const NOW = new Date('2026-11-28T09:00:00Z');

let db: TestTable;
type Served = { routes: Record<string, RouteHandler<never>>; deps: unknown };
let served: Served[];

beforeAll(async () => {
  db = await startTable();
  await writeFlag(db, {
    port: 'NLRTM',
    manifestId: MANIFEST,
    containerNumber: CONTAINER,
    profiledAt: NOW.toISOString(),
  });
  await writeManifest(db, {
    port: 'NLRTM',
    manifestId: MANIFEST,
    receivedAt: NOW.toISOString(),
    containersProfiled: 40,
  });
  const queryDeps: QueryDeps = { queries: db.queries, reports: noReports, now: () => NOW };
  const decideDeps: DecideDeps = { queries: db.queries, decisions: db.decisions, now: () => NOW };
  const uploadDeps: UploadDeps = {
    uploads: createUploadUrls({
      s3: new S3Client({
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' },
      }),
      bucket: 'pcu-intake',
    }),
    maxUploadBytes: 200 * 1024 * 1024,
    now: () => NOW,
  };
  const resumeDeps: ResumeDeps = {
    records: createManifestRecords({ doc: db.doc, table: TABLE }),
    // Resume requests go to the intake queue; here they are only counted.
    requests: { send: async () => {} },
    now: () => NOW,
  };
  const listsDeps: ListsDeps = {
    status: { read: async () => ({ snapshotVersion: 'v1', lists: [{ list: 'OFAC-SDN', entries: 12_000 }] }) },
  };
  const clearancesDeps: ClearancesDeps = {
    queries: db.queries,
    clearances: createClearanceStore({ doc: db.doc, table: TABLE }),
    now: () => NOW,
  };
  // The route maps the deployed Lambdas serve, each with the dependencies it is built with.
  served = [
    { routes: listsRoutes as Served['routes'], deps: listsDeps },
    { routes: clearancesRoutes as Served['routes'], deps: clearancesDeps },
    { routes: resumeRoutes as Served['routes'], deps: resumeDeps },
    { routes: queryRoutes as Served['routes'], deps: queryDeps },
    { routes: decideRoutes as Served['routes'], deps: decideDeps },
    { routes: uploadRoutes as Served['routes'], deps: uploadDeps },
  ];
});
afterAll(() => db?.stop());

async function send(event: ApiEvent, route: ApiRouteDefinition): Promise<ApiResult> {
  if (route.public) return openapiHandler(event);
  const serving = served.find((s) => event.routeKey in s.routes);
  if (!serving)
    throw new Error(`no handler in this test serves ${event.routeKey}: add its Lambda's routes and deps`);
  return dispatch(event, serving.routes, serving.deps as never);
}

const ROUTES = API_ROUTES as readonly ApiRouteDefinition[];
const route = (key: string) => ROUTES.find((r) => routeKey(r) === key) as ApiRouteDefinition;

/** The names a 4xx may blame for this route: its query parameters, path parameters, body fields and headers. */
function blameable(r: ApiRouteDefinition, query: Record<string, string>, sentBody?: unknown): Set<string> {
  const names = new Set<string>(['body', 'If-Match', ...Object.keys(query)]);
  // An unknown body field is refused by its name.
  if (sentBody && typeof sentBody === 'object') for (const key of Object.keys(sentBody)) names.add(key);
  for (const [, name] of r.path.matchAll(/\{(\w+)\}/g)) names.add(name as string);
  for (const key of Object.keys(r.query?.shape ?? {})) names.add(key);
  const body = r.body as { shape?: Record<string, unknown> } | undefined;
  for (const key of Object.keys(body?.shape ?? {})) names.add(key);
  return names;
}

/** The assertion of item 4: below 500, and a 4xx is the one error shape naming something the request holds. */
function expectHonest(
  result: ApiResult,
  r: ApiRouteDefinition,
  query: Record<string, string>,
  what: string,
  sentBody?: unknown,
) {
  const status = result.statusCode ?? 0;
  expect(status, `${what} -> ${result.body}`).toBeLessThan(500);
  if (status < 400) return;
  const parsed = ApiErrorBody.safeParse(bodyOf(result));
  expect(parsed.success, `${what}: error shape ${result.body}`).toBe(true);
  const error = parsed.data?.error;
  if (status === 400 || status === 422) {
    expect(error?.field, `${what}: a ${status} names the field (${result.body})`).toBeDefined();
    // A body path (`seizure.quantity`) names its top-level field; a query name may itself hold a dot.
    const field = String(error?.field);
    const names = blameable(r, query, sentBody);
    expect(names.has(field) || names.has(field.split('.')[0] as string), `${what}: field ${field}`).toBe(
      true,
    );
  }
}

describe('the cases issue 11 found', () => {
  const flagged = route('GET /flagged');
  const cases: {
    what: string;
    routeKey: string;
    query?: Record<string, string>;
    id?: string;
    body?: unknown;
    headers?: Record<string, string>;
    field: string;
    status: number;
  }[] = [
    {
      what: 'minScore beyond any score',
      routeKey: 'GET /flagged',
      query: { minScore: '99999999999999999999' },
      field: 'minScore',
      status: 400,
    },
    {
      what: 'minScore with 20 decimals',
      routeKey: 'GET /flagged',
      query: { minScore: '1.00000000000000000001' },
      field: 'minScore',
      status: 400,
    },
    {
      what: 'limit with 20 digits',
      routeKey: 'GET /flagged',
      query: { limit: '99999999999999999999' },
      field: 'limit',
      status: 400,
    },
    {
      what: 'an over-long cursor',
      routeKey: 'GET /flagged',
      query: { cursor: 'A'.repeat(5000) },
      field: 'cursor',
      status: 400,
    },
    {
      what: 'an over-long cursor (manifests)',
      routeKey: 'GET /manifests',
      query: { cursor: 'A'.repeat(3000) },
      field: 'cursor',
      status: 400,
    },
    {
      what: 'a 30 February',
      routeKey: 'GET /flagged',
      query: { from: '2026-02-30' },
      field: 'from',
      status: 400,
    },
    { what: 'hour 25', routeKey: 'GET /stats', query: { to: '2026-11-27T25:00Z' }, field: 'to', status: 400 },
    {
      what: 'a 5,000-character container part',
      routeKey: 'GET /flagged/{id}',
      id: `${MANIFEST}_${'M'.repeat(5000)}`,
      field: 'id',
      status: 400,
    },
    {
      what: 'a 5,000-character container part (PATCH)',
      routeKey: 'PATCH /flagged/{id}',
      id: `${MANIFEST}_${'M'.repeat(5000)}`,
      body: { version: 1, notes: 'x' },
      field: 'id',
      status: 400,
    },
    {
      what: 'a multi-byte container part over the key size',
      routeKey: 'GET /flagged/{id}',
      id: `${MANIFEST}_${'é'.repeat(600)}`,
      field: 'id',
      status: 400,
    },
    {
      what: 'a lone surrogate in the id',
      routeKey: 'GET /flagged/{id}',
      id: `${MANIFEST}_MSCU\uD800`,
      field: 'id',
      status: 400,
    },
    {
      what: 'a control character in the id',
      routeKey: 'PATCH /flagged/{id}',
      id: `${MANIFEST}_MSCU\u0000`,
      body: { version: 1, notes: 'x' },
      field: 'id',
      status: 400,
    },
    {
      what: 'an undecoded percent-escape in the manifest part',
      routeKey: 'GET /flagged/{id}',
      id: '%E0%A4%A',
      field: 'id',
      status: 400,
    },
    {
      what: 'a manifest id of 5,000 characters',
      routeKey: 'GET /manifests/{id}',
      id: 'a'.repeat(5000),
      field: 'id',
      status: 400,
    },
    {
      what: 'a version beyond any integer',
      routeKey: 'PATCH /flagged/{id}',
      id: FLAG_ID,
      body: { version: 1e20, notes: 'x' },
      field: 'version',
      status: 400,
    },
    {
      what: 'an If-Match beyond any integer',
      routeKey: 'PATCH /flagged/{id}',
      id: FLAG_ID,
      body: { notes: 'x' },
      headers: { 'If-Match': '"99999999999999999999"' },
      field: 'If-Match',
      status: 400,
    },
    {
      what: 'a seizure quantity of 1e308',
      routeKey: 'PATCH /flagged/{id}',
      id: FLAG_ID,
      body: {
        version: 99,
        status: 'inspected-seizure',
        seizure: { substance: 'cocaine', quantity: 1e308, unit: 'kg' },
      },
      field: 'version',
      status: 409,
    },
  ];
  it.each(cases)('$what -> $status naming $field', async (c) => {
    const r = route(c.routeKey);
    const result = await send(
      apiEvent({
        routeKey: c.routeKey,
        claims: USERS.officerRtm,
        ...(c.query && { query: c.query }),
        ...(c.id !== undefined && { pathParameters: { id: c.id } }),
        ...(c.body !== undefined && { body: c.body }),
        ...(c.headers && { headers: c.headers }),
      }),
      r,
    );
    expect(result.statusCode, result.body).toBe(c.status);
    expect(bodyOf(result).error.field).toBe(c.field);
    expectHonest(result, r ?? flagged, c.query ?? {}, c.what, c.body);
  });

  it('a malformed percent-escape in the URL of the local API is a 4xx naming id, not a URIError', async () => {
    expect(compilePath('/flagged/{id}')('/flagged/%E0%A4%A')).toEqual({ id: '%E0%A4%A' });
    const claims = {
      sub: 'sub-officer-rtm',
      'cognito:username': 'officer-rtm',
      'cognito:groups': ['officer', 'port:NLRTM'],
      // The local API, like the JWT authorizer, refuses a token without an expiry.
      exp: Math.floor(Date.now() / 1000) + 600,
    };
    const api = await startHttpApi({
      routes: ROUTES.filter((r) => !r.public).map((r) => ({
        method: r.method,
        path: r.path,
        handler: async (event) => send(event, r),
      })),
      verifyToken: async (token) => (token === 'good' ? claims : undefined),
    });
    try {
      for (const path of [
        `/flagged/%E0%A4%A`,
        `/flagged/${MANIFEST}_MSCU%ZZ1`,
        '/manifests/%',
        `/flagged/${MANIFEST}_%C0%80`,
      ]) {
        const response = await fetch(`${api.url}${path}`, { headers: { authorization: 'Bearer good' } });
        const body = (await response.json()) as { error: { field?: string } };
        expect(response.status, `${path}: ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, path).toBeLessThan(500);
        expect(body.error.field, path).toBe('id');
      }
    } finally {
      await api.stop();
    }
  });
});

// ---------------------------------------------------------------------------------------
// Generated requests to every route
// ---------------------------------------------------------------------------------------
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({
    unit: fc.oneof(fc.constantFrom('%', 'E', '0', 'A', '\u0000', '/', '_', '#', ','), loneSurrogate),
    maxLength: 20,
  }),
  fc.string({ minLength: 1000, maxLength: 6000, unit: fc.constantFrom('A', '9', 'é', '_', '-') }),
  fc.constantFrom(
    '99999999999999999999',
    '1e400',
    '-0',
    '0.0000001',
    '1'.repeat(400),
    'NaN',
    'Infinity',
    '0x10',
    '',
    ' ',
    '2026-02-30',
    '9999-12-31T23:59:59.999Z',
    '0000-01-01',
    '%E0%A4%A',
    'NLRTM,BEANR',
  ),
);
/** Values a route accepts, so generated requests also get past validation and reach the table. */
const plausible = fc.constantFrom(
  'NLRTM',
  'BEANR',
  '2026-11-26',
  '2026-11-28T09:00:00Z',
  'open',
  'red',
  '50',
  'score',
  'date',
  '5',
  '100',
  CONTAINER,
  'inspected-seizure',
);
/** Numbers of every size and shape, for minScore, limit and anything else that parses digits. */
const numeric = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
  fc.double({ noNaN: true }).map(String),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}.${b}`),
  fc.integer({ min: -5, max: 200 }).map(String),
);
const queryValue = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: numeric },
  { weight: 2, arbitrary: plausible },
);

/** A value every query parameter of the API accepts (a request of these alone gets to the table). */
const VALID: Record<string, string> = {
  port: 'NLRTM',
  from: '2026-11-01',
  to: '2026-11-30',
  status: 'open',
  lane: 'red',
  minScore: '50',
  container: CONTAINER,
  sort: 'score',
  limit: '5',
};

/**
 * Query strings of three kinds: any names and values; valid parameters with one of them
 * replaced by anything (so a bad value is not hidden behind another 400); and valid ones alone.
 */
function queryArb(r: ApiRouteDefinition): fc.Arbitrary<Record<string, string>> {
  const known = Object.keys(r.query?.shape ?? {});
  const anyName = fc.string({ minLength: 1, maxLength: 12 });
  const name = known.length
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, anyName)
    : anyName;
  const anything = fc.dictionary(name, queryValue, { maxKeys: 5 });
  if (!known.length) return anything;
  const valid = fc
    .subarray(known.filter((k) => k in VALID))
    .map((keys) => Object.fromEntries(keys.map((k) => [k, VALID[k] as string])));
  const oneBad = fc
    .tuple(valid, fc.constantFrom(...known), queryValue)
    .map(([base, key, value]) => ({ ...base, [key]: value }));
  return fc.oneof({ weight: 2, arbitrary: anything }, { weight: 3, arbitrary: oneBad }, valid);
}

/** Container parts around DynamoDB's key size (1024 bytes less `CONTAINER#`), in 1- and 2-byte characters. */
const longContainer = fc.oneof(
  fc.string({ minLength: 1000, maxLength: 1030, unit: fc.constantFrom('M', '9') }),
  fc.string({ minLength: 500, maxLength: 6000, unit: fc.constantFrom('M', '9', 'é', '_') }),
);
const pathId = fc.oneof(
  fc.constant(FLAG_ID),
  fc.constant(MANIFEST),
  nasty,
  nasty.map((container) => `${MANIFEST}_${container}`),
  longContainer.map((container) => `${MANIFEST}_${container}`),
  fc.stringMatching(/^[0-9a-f]{32}$/),
  fc.stringMatching(/^[0-9a-f]{32}_[A-Z]{4}\d{7}$/),
);

const patchBody = fc.record(
  {
    version: fc.oneof(fc.constant(1), fc.integer(), fc.double(), fc.constant(2 ** 60), fc.string()),
    status: fc.oneof(
      fc.constantFrom('open', 'assigned', 'released', 'inspected-clear', 'inspected-seizure'),
      fc.string(),
    ),
    notes: fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.string({ minLength: 3990, maxLength: 4100 }),
      fc.integer(),
    ),
    seizure: fc.oneof(
      fc.record({
        substance: nasty,
        quantity: fc.oneof(fc.double(), fc.constant(1e308)),
        unit: fc.constantFrom('kg', 'g', 'tonnes'),
      }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  },
  { requiredKeys: [] },
);
const uploadBody = fc.record(
  {
    port: fc.oneof(plausible, nasty),
    fileName: nasty,
    contentType: fc.constantFrom('text/csv', 'application/json', 'image/png'),
    contentLength: fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 60)),
  },
  { requiredKeys: [] },
);
/** Bodies the routes accept, so a bad path id or header is not hidden behind a 400 for the body. */
const validBody = fc.constantFrom(
  { version: 1, notes: 'seal intact' },
  { version: 1, status: 'assigned' },
  { version: 1, status: 'inspected-seizure', seizure: { substance: 'cocaine', quantity: 42.5, unit: 'kg' } },
  { fileName: 'MSC EXAMPLE 245W.csv', contentType: 'text/csv', contentLength: 1234 },
);
const bodyArb = fc.oneof(fc.jsonValue({ maxDepth: 3 }), patchBody, uploadBody, {
  weight: 3,
  arbitrary: validBody,
});

// Mostly users of one port (their requests resolve a port and reach the table), some others.
const claimsArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(USERS.analystRtm, USERS.officerRtm) },
  fc.constantFrom(USERS.analystBoth, USERS.admin, USERS.noRole, USERS.officerAnr),
);

describe('generated query strings and path ids to every route', () => {
  it('every route in route-table.ts is served here', () => {
    for (const r of ROUTES.filter((x) => !x.public)) {
      expect(
        served.some((s) => routeKey(r) in s.routes),
        `${routeKey(r)} is not served by any Lambda route map`,
      ).toBe(true);
    }
  });

  for (const r of ROUTES) {
    it(`${routeKey(r)}: status < 500, and every 4xx names its field`, async () => {
      const hasId = r.path.includes('{id}');
      const takesBody = r.method !== 'GET';
      await fc.assert(
        fc.asyncProperty(
          queryArb(r),
          pathId,
          bodyArb,
          fc.option(nasty, { nil: undefined }),
          claimsArb,
          async (query, id, body, ifMatch, claims) => {
            const event = apiEvent({
              routeKey: routeKey(r),
              claims,
              ...(Object.keys(query).length > 0 && { query }),
              ...(hasId && { pathParameters: { id } }),
              ...(takesBody && { body }),
              ...(ifMatch !== undefined && { headers: { 'If-Match': ifMatch } }),
            });
            const result = await send(event, r);
            expectHonest(
              result,
              r,
              query,
              JSON.stringify({ query, id: id.slice(0, 80), body }).slice(0, 400),
              body,
            );
          },
        ),
        // No shrinking: a request that fails is printed as sent (shrinking 6,000-character ids through the table takes long).
        { numRuns: 200, endOnFailure: true },
      );
    });
  }
});
