import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles, staleFiles } from '../../docs/generate.ts';

describe('generated documents (npm run docs)', () => {
  it('covers the README tables, the JSON Schemas and the OpenAPI document', () => {
    expect([...generatedFiles().keys()].map((p) => basename(p)).sort()).toEqual([
      'README.md',
      'manifest.schema.json',
      'openapi.json',
      'risk-profile.schema.json',
      'validation-report.schema.json',
    ]);
  });

  it('are all up to date with the code that defines them (run `npm run docs`)', () => {
    expect(staleFiles()).toEqual([]);
  });

  it('names a stale file', () => {
    const [readme] = [...generatedFiles().keys()].filter((p) => p.endsWith('README.md'));
    expect(readme).toBeDefined();
    expect(staleFiles({ [readme as string]: 'an old README' })).toEqual(['README.md']);
  });
});
