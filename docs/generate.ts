/**
 * `npm run docs`: the one command that rewrites every generated document from the code that
 * defines it: the README's CSV column and error-code tables (from the manifest core), the JSON
 * Schemas of the manifest, the validation report and the risk profiles (from the zod schemas),
 * and the OpenAPI document (from the API's route table). `npm run docs -- --check` writes
 * nothing and exits 1 naming each stale file; test/docs/generated-files.test.ts runs that
 * check in `npm test`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { refreshGeneratedBlocks } from '#core/manifest/format-docs.ts';
import { riskProfileJsonSchema } from '#schemas/risk-profile.ts';
import { OPENAPI_PATH, openApiJson } from '../functions/api/openapi-document.ts';
import { jsonSchemaFiles } from '../schemas/json-schema-files.ts';

const ROOT = join(import.meta.dirname, '..');
const SCHEMA_DIR = join(ROOT, 'schemas', 'json');
const DOC_PATH = join(ROOT, 'README.md');

/** Each generated file (absolute path) with the content the code gives it now. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(DOC_PATH, refreshGeneratedBlocks(readFileSync(DOC_PATH, 'utf8')));
  for (const [name, content] of Object.entries(jsonSchemaFiles())) files.set(join(SCHEMA_DIR, name), content);
  files.set(
    join(SCHEMA_DIR, 'risk-profile.schema.json'),
    `${JSON.stringify(riskProfileJsonSchema(), null, 2)}\n`,
  );
  files.set(OPENAPI_PATH, openApiJson());
  return files;
}

/** The generated files (`committedOverride`: contents to compare instead of the disk's) whose committed content differs from what the code gives, relative to the repository. */
export function staleFiles(committedOverride: Record<string, string> = {}): string[] {
  const stale: string[] = [];
  for (const [path, content] of generatedFiles()) {
    let committed: string | undefined = committedOverride[path];
    try {
      committed ??= readFileSync(path, 'utf8');
    } catch {
      committed = undefined;
    }
    if (committed !== content) stale.push(relative(ROOT, path));
  }
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = staleFiles();
    for (const file of stale) console.error(`${file} is stale: run npm run docs`);
    process.exitCode = stale.length > 0 ? 1 : 0;
  } else {
    const files = generatedFiles();
    for (const [path, content] of files) writeFileSync(path, content);
    console.log(`wrote ${[...files.keys()].map((p) => relative(ROOT, p)).join(', ')}`);
  }
}
