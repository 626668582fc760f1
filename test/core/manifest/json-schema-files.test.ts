import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles } from '../../../schemas/json-schema-files.ts';

// That the committed files are up to date is checked with every generated document in
// test/docs/generated-files.test.ts (`npm run docs` rewrites them).
describe('JSON Schemas (schemas/json/)', () => {
  it('the manifest schema lets integrators leave out fields that have defaults', () => {
    const schema = JSON.parse(jsonSchemaFiles()['manifest.schema.json'] as string);
    expect(schema.required).toEqual(['voyage', 'billsOfLading', 'containers']);
    expect(schema.properties.voyage.required).toEqual(['vesselName', 'voyageNumber', 'reportingPort']);
  });
});

describe('README manifest section', () => {
  it('has the CSV column and error-code tables', () => {
    const doc = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(doc).toContain('| `CONTAINER_CHECK_DIGIT` |');
    expect(doc).toContain('| `bl_number` | B/L | **yes** |');
  });
});
