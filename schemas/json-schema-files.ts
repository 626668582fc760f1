/**
 * `npm run build:schemas`: writes the JSON Schema of the manifest model and of the validation
 * report (from the zod schemas, with z.toJSONSchema) to schemas/json/, for integrators who
 * produce manifests or read reports without TypeScript. The files are committed; a test
 * (test/core/manifest/json-schema-files.test.ts) fails when they are out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { Manifest } from './manifest.ts';
import { ValidationReport } from './validation-report.ts';

const outDir = join(import.meta.dirname, 'json');

/** File name -> content. The manifest schema is the input form: fields with defaults may be left out. */
export function jsonSchemaFiles(): Record<string, string> {
  const manifest = {
    $id: 'https://github.com/pcu-targeting/schemas/manifest.schema.json',
    title: 'PCU Targeting manifest',
    description:
      'A vessel cargo manifest as accepted by `pcu validate` (JSON format). Generated from schemas/manifest.ts.',
    ...z.toJSONSchema(Manifest, { io: 'input', target: 'draft-2020-12' }),
  };
  const report = {
    $id: 'https://github.com/pcu-targeting/schemas/validation-report.schema.json',
    title: 'PCU Targeting validation report',
    description: 'What `pcu validate --json` prints. Generated from schemas/validation-report.ts.',
    ...z.toJSONSchema(ValidationReport, { io: 'output', target: 'draft-2020-12' }),
  };
  return {
    'manifest.schema.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'validation-report.schema.json': `${JSON.stringify(report, null, 2)}\n`,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, content] of Object.entries(jsonSchemaFiles())) {
    writeFileSync(join(outDir, name), content);
    console.log(`wrote schemas/json/${name}`);
  }
}
