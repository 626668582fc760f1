import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import {
  ApiErrorBody,
  FlaggedDetail,
  FlaggedPage,
  FlaggedPatch,
  ListStatusResponse,
  ManifestDetail,
  ManifestFlaggedPage,
  ManifestPage,
  ManifestResumeResponse,
  SearchResponse,
  StatsResponse,
  UploadRequest,
  UploadResponse,
} from '#schemas/api.ts';
import {
  ClearanceCreateRequest,
  ClearancePage,
  ClearanceRevokeRequest,
  ClearanceView,
} from '#schemas/clearance-api.ts';
import { API_ROUTES, type ApiRouteDefinition } from './route-table.ts';

/**
 * OpenAPI 3.1 for the analyst API, generated from the zod schemas and the route table (never
 * written by hand). `npm run docs` rewrites the committed `schemas/json/openapi.json`; a test
 * fails when the committed file is out of date.
 */
export const OPENAPI_PATH = fileURLToPath(new URL('../../schemas/json/openapi.json', import.meta.url));

type JsonSchema = Record<string, unknown>;

const REQUEST_COMPONENTS: Record<string, z.ZodType> = {
  UploadRequest,
  FlaggedPatch,
  ClearanceCreateRequest,
  ClearanceRevokeRequest,
};
const RESPONSE_COMPONENTS: Record<string, z.ZodType> = {
  Error: ApiErrorBody,
  UploadResponse,
  ManifestPage,
  ManifestDetail,
  ManifestResumeResponse,
  FlaggedPage,
  FlaggedDetail,
  ManifestFlaggedPage,
  Stats: StatsResponse,
  ListStatusResponse,
  Clearance: ClearanceView,
  ClearancePage,
  SearchResponse,
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request: the error names the field',
  401: 'Missing or invalid bearer token',
  403: "The caller's role or ports do not allow this",
  404: "Not found (or another port's)",
  409: 'Stale version: re-read the item and retry',
  422: 'Well-formed but not acceptable: the error names the field',
  500: 'Unexpected error',
};

function componentSchemas(components: Record<string, z.ZodType>, io: 'input' | 'output') {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  const result: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema;
    result[id] = rest;
  }
  return result;
}

function nameOf(schema: z.ZodType, components: Record<string, z.ZodType>): string {
  const entry = Object.entries(components).find(([, s]) => s === schema);
  if (!entry) throw new Error('schema not registered as an OpenAPI component');
  return entry[0];
}

function parameters(route: ApiRouteDefinition): JsonSchema[] {
  const params: JsonSchema[] = [];
  for (const match of route.path.matchAll(/\{(\w+)\}/g)) {
    params.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
  }
  if (route.query) {
    for (const [name, schema] of Object.entries(route.query.shape as Record<string, z.ZodType>)) {
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const { $schema: _s, description, ...rest } = json;
      params.push({
        name,
        in: 'query',
        required: !schema.safeParse(undefined).success,
        ...(description !== undefined && { description }),
        schema: rest,
      });
    }
  }
  if (route.method === 'PATCH') {
    params.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      description: 'The version (ETag) you read; alternative to `version` in the body',
      schema: { type: 'string' },
    });
  }
  return params;
}

export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of API_ROUTES as readonly ApiRouteDefinition[]) {
    const responses: Record<string, JsonSchema> = {};
    const ok = route.response;
    if (ok) {
      responses[String(ok.status)] = {
        description: ok.description,
        content: {
          'application/json': {
            schema: ok.schema
              ? { $ref: `#/components/schemas/${nameOf(ok.schema, RESPONSE_COMPONENTS)}` }
              : { type: 'object' },
          },
        },
      };
    }
    const errors = route.public ? route.errors : [401, ...route.errors];
    for (const status of [...new Set(errors)].sort()) {
      responses[String(status)] = {
        description: ERROR_DESCRIPTIONS[status],
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const params = parameters(route);
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: `Roles: ${route.roles}.`,
      ...(route.public ? { security: [] } : {}),
      ...(params.length && { parameters: params }),
      ...(route.body && {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: `#/components/schemas/${nameOf(route.body, REQUEST_COMPONENTS)}` },
            },
          },
        },
      }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'PCU Targeting analyst and officer API',
      version: '1.0.0',
      description:
        'Upload manifests, query flagged containers, record inspection outcomes and read hit rates. ' +
        'Every route except /openapi.json needs a Cognito JWT (Authorization: Bearer). Roles come from the ' +
        'Cognito groups officer, analyst and admin; ports from groups port:{LOCODE} (admin: every port). ' +
        'Errors are always {"error": {"code", "message", "field"?}}.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    security: [{ cognitoJwt: [] }],
    paths,
    components: {
      securitySchemes: {
        cognitoJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      schemas: {
        ...componentSchemas(REQUEST_COMPONENTS, 'input'),
        ...componentSchemas(RESPONSE_COMPONENTS, 'output'),
      },
    },
  };
}

export function openApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
