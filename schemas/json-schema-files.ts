/**
 * The JSON Schema of the manifest model and of the validation report (from the zod schemas,
 * with z.toJSONSchema), committed to schemas/json/ for integrators who produce manifests or
 * read reports without TypeScript. `npm run docs` writes them; a test fails when they are stale.
 */
import * as z from 'zod';
import { Manifest } from './manifest.ts';
import { ValidationReport } from './validation-report.ts';

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
