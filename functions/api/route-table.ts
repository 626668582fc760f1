import type { z } from 'zod';
import {
  FlaggedDetail,
  FlaggedListQuery,
  FlaggedPage,
  FlaggedPatch,
  ListStatusQuery,
  ListStatusResponse,
  ManifestDetail,
  ManifestFlaggedPage,
  ManifestFlaggedQuery,
  ManifestListQuery,
  ManifestPage,
  ManifestResumeResponse,
  SearchQuery,
  SearchResponse,
  StatsQuery,
  StatsResponse,
  UploadRequest,
  UploadResponse,
} from '#schemas/api.ts';
import {
  ClearanceCreateRequest,
  ClearanceListQuery,
  ClearancePage,
  ClearanceRevokeRequest,
  ClearanceView,
} from '#schemas/clearance-api.ts';

/**
 * The one list of the API's routes: the CDK construct creates exactly these (with the
 * authorizer unless `public`), the local stack serves exactly these, and the OpenAPI document
 * describes exactly these. Routes are grouped into Lambda functions by the permissions they
 * need (read-only queries, decision writes, presigned uploads, the public document).
 */
export type ApiFunctionName = 'query' | 'decide' | 'upload' | 'resume' | 'openapi' | 'lists' | 'clearances';

export type ApiRouteDefinition = {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  function: ApiFunctionName;
  /** No authorizer. Only the OpenAPI document (a contract, no data). */
  public?: boolean;
  operationId: string;
  summary: string;
  /** Who may call it (documentation; enforced by functions/api/access.ts). */
  roles: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: { status: number; schema?: z.ZodType; description: string };
  /** Error statuses the route can return besides 401/500. */
  errors: readonly number[];
};

export const API_ROUTES = [
  {
    method: 'POST',
    path: '/uploads',
    function: 'upload',
    operationId: 'createUpload',
    summary: 'Get a presigned PUT URL to upload a manifest to incoming/{port}/',
    roles: "officer, analyst, admin; the port must be one of the caller's",
    body: UploadRequest,
    response: {
      status: 201,
      schema: UploadResponse,
      description: 'Upload URL and the headers to send with the PUT',
    },
    errors: [400, 403, 422],
  },
  {
    method: 'GET',
    path: '/manifests',
    function: 'query',
    operationId: 'listManifests',
    summary: 'Manifests received at a port, newest first',
    roles: 'officer, analyst, admin',
    query: ManifestListQuery,
    response: { status: 200, schema: ManifestPage, description: 'A page of manifests' },
    errors: [400, 403, 422],
  },
  {
    method: 'GET',
    path: '/manifests/{id}',
    function: 'query',
    operationId: 'getManifest',
    summary: 'A manifest: status, counts, rejected records and a link to its validation report',
    roles: 'officer, analyst, admin (own ports)',
    response: { status: 200, schema: ManifestDetail, description: 'The manifest' },
    errors: [400, 403, 404],
  },
  {
    method: 'POST',
    path: '/manifests/{id}/resume',
    function: 'resume',
    operationId: 'resumeManifest',
    summary:
      'Resume an unfinished (stalled or stuck) manifest: re-queue its missing chunks from the stored file; idempotent',
    roles: 'admin',
    response: {
      status: 202,
      schema: ManifestResumeResponse,
      description: 'Chunks re-queued (202), or nothing to do because the manifest is complete (200)',
    },
    errors: [400, 403, 404, 422],
  },
  {
    method: 'GET',
    path: '/manifests/{id}/flagged',
    function: 'query',
    operationId: 'listManifestFlagged',
    summary: 'The inspection list of a vessel call: every flagged container of one manifest, in full',
    roles: 'officer, analyst, admin (own ports)',
    query: ManifestFlaggedQuery,
    response: {
      status: 200,
      schema: ManifestFlaggedPage,
      description: 'A page of flagged containers with their consignment and evidence',
    },
    errors: [400, 403, 404],
  },
  {
    method: 'GET',
    path: '/flagged',
    function: 'query',
    operationId: 'listFlagged',
    summary: 'Flagged containers of a port, newest first, filtered and paginated',
    roles: 'officer, analyst, admin',
    query: FlaggedListQuery,
    response: { status: 200, schema: FlaggedPage, description: 'A page of flagged containers' },
    errors: [400, 403, 422],
  },
  {
    method: 'GET',
    path: '/flagged/{id}',
    function: 'query',
    operationId: 'getFlagged',
    summary: 'A flagged container with every hit and its evidence, and its decision history',
    roles: 'officer, analyst, admin (own ports)',
    response: {
      status: 200,
      schema: FlaggedDetail,
      description: 'The flagged container (ETag: its version)',
    },
    errors: [400, 403, 404],
  },
  {
    method: 'PATCH',
    path: '/flagged/{id}',
    function: 'decide',
    operationId: 'decideFlagged',
    summary: 'Record an outcome (status, notes, seizure details); stale version -> 409',
    roles:
      'analyst: open, assigned, released until an outcome is recorded; officer: inspected-clear, inspected-seizure (and corrections); admin: all; anyone with a role: add notes (docs/api.md, permission table)',
    body: FlaggedPatch,
    response: { status: 200, schema: FlaggedDetail, description: 'The updated flagged container' },
    errors: [400, 403, 404, 409, 422],
  },
  {
    method: 'GET',
    path: '/stats',
    function: 'query',
    operationId: 'getStats',
    summary: 'Containers profiled, flagged, inspected, seizures, and the hit rate of each rule',
    roles: 'officer, analyst, admin',
    query: StatsQuery,
    response: { status: 200, schema: StatsResponse, description: 'Statistics of the port and period' },
    errors: [400, 403, 422],
  },
  {
    method: 'POST',
    path: '/clearances',
    function: 'clearances',
    operationId: 'createClearance',
    summary:
      'Clear a watchlist hit ("not this entry") for the party of a flag: later manifests of the port do not alert on that entry for that party until the entry changes or the clearance expires',
    roles: 'analyst, admin (own ports)',
    body: ClearanceCreateRequest,
    response: { status: 201, schema: ClearanceView, description: 'The clearance (audited)' },
    errors: [400, 403, 404, 422],
  },
  {
    method: 'GET',
    path: '/clearances',
    function: 'clearances',
    operationId: 'listClearances',
    summary: "A port's clearances (in force, expired, revoked) and their audit trail",
    roles: 'officer, analyst, admin (own ports)',
    query: ClearanceListQuery,
    response: { status: 200, schema: ClearancePage, description: 'The clearances and audit entries' },
    errors: [400, 403, 422],
  },
  {
    method: 'POST',
    path: '/clearances/{id}/revoke',
    function: 'clearances',
    operationId: 'revokeClearance',
    summary: 'Revoke a clearance: the party alerts again from the next manifest (audited)',
    roles: 'analyst, admin (own ports)',
    body: ClearanceRevokeRequest,
    response: { status: 200, schema: ClearanceView, description: 'The revoked clearance' },
    errors: [400, 403, 404, 409],
  },
  {
    method: 'GET',
    path: '/lists',
    function: 'lists',
    operationId: 'getListStatus',
    summary: 'The watchlists screened against: edition date, entry count, last refresh and its outcome',
    roles: 'officer, analyst, admin',
    query: ListStatusQuery,
    response: { status: 200, schema: ListStatusResponse, description: 'Each list and its refresh status' },
    errors: [400, 403],
  },
  {
    method: 'GET',
    path: '/search',
    function: 'query',
    operationId: 'search',
    summary:
      'Flags and manifests of your ports by container, B/L, party name (fuzzy, the screening scorer) or identifier, vessel name or IMO, manifest id',
    roles: 'officer, analyst, admin (own ports)',
    query: SearchQuery,
    response: { status: 200, schema: SearchResponse, description: 'Matches, best first' },
    errors: [400, 403],
  },
  {
    method: 'GET',
    path: '/openapi.json',
    function: 'openapi',
    public: true,
    operationId: 'getOpenApi',
    summary: 'This document (public: it describes the contract and holds no data)',
    roles: 'anyone',
    response: { status: 200, description: 'OpenAPI 3.1 document' },
    errors: [],
  },
] as const satisfies readonly ApiRouteDefinition[];

export type ApiRouteKey = `${(typeof API_ROUTES)[number]['method']} ${(typeof API_ROUTES)[number]['path']}`;

export function routeKey(route: Pick<ApiRouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

export function routesOf(fn: ApiFunctionName): ApiRouteDefinition[] {
  return (API_ROUTES as readonly ApiRouteDefinition[]).filter((r) => r.function === fn);
}
