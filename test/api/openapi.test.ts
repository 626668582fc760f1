import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, OPENAPI_PATH } from '../../functions/api/openapi-document.ts';
import { handler } from '../../functions/api/openapi-handler.ts';
import { API_ROUTES } from '../../functions/api/route-table.ts';
import { apiEvent } from './api-fixtures.ts';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; security?: unknown[]; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, unknown> };
};

describe('OpenAPI document', () => {
  it('describes exactly the routes the API serves; only /openapi.json is public', () => {
    const doc = buildOpenApiDocument() as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.map((o) => o.key).sort()).toEqual(
      API_ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
    );
    const open = operations.filter((o) => o.op.security?.length === 0).map((o) => o.key);
    expect(open).toEqual(['GET /openapi.json']);
    for (const { key, op } of operations) {
      if (key !== 'GET /openapi.json') expect(Object.keys(op.responses)).toContain('401');
    }
  });

  it('every $ref resolves and every component is a valid JSON Schema 2020-12', () => {
    const doc = buildOpenApiDocument() as Doc;
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      expect(doc.components.schemas).toHaveProperty(name as string);
    }
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    }
    // Compiling resolves every nested reference.
    const validateError = ajv.compile({ $ref: '#/components/schemas/Error' });
    expect(validateError({ error: { code: 'forbidden', message: 'no', field: 'port' } })).toBe(true);
    expect(validateError({ error: { code: 'teapot', message: 'no' } })).toBe(false);
    const validatePatch = ajv.compile({ $ref: '#/components/schemas/FlaggedPatch' });
    expect(
      validatePatch({
        version: 2,
        status: 'inspected-seizure',
        seizure: { substance: 'cocaine', quantity: 3, unit: 'kg' },
      }),
    ).toBe(true);
    expect(validatePatch({ version: 2, status: 'seized' })).toBe(false);
  });

  it('GET /openapi.json serves the committed document', async () => {
    const result = await handler(apiEvent({ routeKey: 'GET /openapi.json' }));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')));
  });
});
