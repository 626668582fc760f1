import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, refreshGeneratedBlocks } from '#core/manifest/format-docs.ts';
import { jsonSchemaFiles } from '../../../schemas/build-json-schema.ts';

describe('committed JSON Schemas (schemas/json/)', () => {
  it('are up to date with the zod schemas (run `npm run build:schemas`)', () => {
    for (const [name, content] of Object.entries(jsonSchemaFiles())) {
      const committed = readFileSync(join(import.meta.dirname, '../../../schemas/json', name), 'utf8');
      expect(committed, `schemas/json/${name} is stale: run npm run build:schemas`).toBe(content);
    }
  });

  it('the manifest schema lets integrators leave out fields that have defaults', () => {
    const schema = JSON.parse(jsonSchemaFiles()['manifest.schema.json'] as string);
    expect(schema.required).toEqual(['voyage', 'billsOfLading', 'containers']);
    expect(schema.properties.voyage.required).toEqual(['vesselName', 'voyageNumber', 'reportingPort']);
  });
});

describe('README manifest section', () => {
  it('has up-to-date CSV column and error-code tables (run `npx tsx functions/core/manifest/format-docs.ts`)', () => {
    const doc = readFileSync(DOC_PATH, 'utf8');
    expect(refreshGeneratedBlocks(doc)).toBe(doc);
    expect(doc).toContain('| `CONTAINER_CHECK_DIGIT` |');
    expect(doc).toContain('| `bl_number` | B/L | **yes** |');
  });
});
