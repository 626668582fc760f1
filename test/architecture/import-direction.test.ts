import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Imports flow one way: schemas <- core <- adapters <- handlers, CLI, local stack, console,
 * infra (README, "Architecture"). Every import of every source file is read here, resolved to
 * the folder it lands in, and checked against what that folder may depend on. A new import
 * that runs against the direction fails this test, naming the file and the import.
 */

const ROOT = join(import.meta.dirname, '..', '..');

type Layer =
  | 'reference data'
  | 'schemas'
  | 'core'
  | 'adapters'
  | 'handler support'
  | 'handlers'
  | 'generator'
  | 'cli'
  | 'local stack'
  | 'console'
  | 'infra'
  | 'data tools'
  | 'bench and tests'; // and docs/generate.ts, which writes documents from every layer

/** What each layer may import (besides itself and npm packages other than the AWS SDK). */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  'reference data': [],
  schemas: ['reference data'],
  core: ['schemas', 'reference data'],
  adapters: ['core', 'schemas', 'reference data'],
  'handler support': ['adapters', 'core', 'schemas', 'reference data'],
  handlers: ['handler support', 'adapters', 'core', 'schemas', 'reference data'],
  generator: ['core', 'schemas', 'reference data'],
  cli: ['handlers', 'handler support', 'adapters', 'generator', 'core', 'schemas', 'reference data'],
  // The local stack stands in for AWS: it runs the handlers and the CLI's publication, and serves the console.
  'local stack': [
    'cli',
    'console',
    'handlers',
    'handler support',
    'adapters',
    'generator',
    'core',
    'schemas',
    'reference data',
  ],
  // The browser app: contracts and reference data only; the API is its only gate.
  console: ['schemas', 'reference data'],
  infra: ['console', 'handlers', 'handler support', 'adapters', 'core', 'schemas', 'reference data'],
  'data tools': ['core', 'schemas', 'reference data'],
  'bench and tests': [
    'reference data',
    'schemas',
    'core',
    'adapters',
    'handler support',
    'handlers',
    'generator',
    'cli',
    'local stack',
    'console',
    'infra',
    'data tools',
  ],
};

/** Layers that may import the AWS SDK's values (clients, commands). Handlers may use its types. */
const SDK_USERS: ReadonlySet<Layer> = new Set<Layer>(['adapters', 'local stack', 'infra', 'bench and tests']);

const HANDLER_FOLDERS = ['ingest', 'profile', 'api', 'refresh', 'stall-detector'];

function layerOf(path: string): Layer | undefined {
  const [top, second] = path.split('/');
  if (top === 'schemas') return 'schemas';
  if (top === 'data') return /\.(ts|mjs)$/.test(path) ? 'data tools' : 'reference data';
  if (top === 'functions') {
    if (second === 'core') return 'core';
    if (second === 'adapters') return 'adapters';
    if (second === 'commons') return 'handler support';
    if (second && HANDLER_FOLDERS.includes(second)) return 'handlers';
    return undefined;
  }
  if (top === 'generator') return 'generator';
  if (top === 'cli' || top === 'bin') return 'cli';
  if (top === 'local') return 'local stack';
  if (top === 'console') return 'console';
  if (top === 'infra') return 'infra';
  if (top === 'bench' || top === 'test' || top === 'docs') return 'bench and tests';
  return undefined;
}

/** The handler folder of a path, so that one handler does not reach into another. */
function handlerOf(path: string): string | undefined {
  const [top, second] = path.split('/');
  return top === 'functions' && second && HANDLER_FOLDERS.includes(second) ? second : undefined;
}

const ALIASES: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).imports;

function resolveSpecifier(from: string, specifier: string): string | undefined {
  for (const [alias, target] of Object.entries(ALIASES)) {
    const prefix = alias.replace(/\*$/, '');
    if (specifier.startsWith(prefix))
      return normalize(target.replace(/\*$/, '') + specifier.slice(prefix.length));
  }
  if (specifier.startsWith('.')) return normalize(join(dirname(from), specifier));
  return undefined;
}

const SKIP = new Set(['node_modules', 'dist', 'cdk.out', '.git', 'coverage']);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|tsx|mjs|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

type Import = { specifier: string; typeOnly: boolean };

const IMPORT =
  /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(source: string): Import[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(IMPORT)].map((m) => ({
    specifier: (m[3] ?? m[4]) as string,
    typeOnly: Boolean(m[2]),
  }));
}

type Violation = string;

function violationsOf(file: string, source: string): Violation[] {
  const from = layerOf(file);
  if (!from) return [];
  const found: Violation[] = [];
  for (const { specifier, typeOnly } of importsOf(source)) {
    if (specifier.startsWith('@aws-sdk/') || specifier === 'aws-lambda') {
      const lambdaTypes = specifier === 'aws-lambda' && typeOnly && from !== 'core' && from !== 'schemas';
      const sdkTypes = typeOnly && (from === 'handlers' || from === 'handler support');
      if (!SDK_USERS.has(from) && !lambdaTypes && !sdkTypes)
        found.push(`${file}: ${from} imports ${specifier} (only the adapters talk to AWS)`);
      continue;
    }
    const target = resolveSpecifier(file, specifier);
    if (!target) continue;
    const to = layerOf(target);
    if (!to) continue;
    if (to === from) {
      const [a, b] = [handlerOf(file), handlerOf(target)];
      if (a && b && a !== b) found.push(`${file}: handler ${a} imports handler ${b} (${specifier})`);
      continue;
    }
    if (!MAY_IMPORT[from].includes(to)) found.push(`${file}: ${from} imports ${to} (${specifier})`);
  }
  return found;
}

describe('import direction', () => {
  const files = sourceFiles('').filter((f) => layerOf(f));

  it('reads the imports of every kind of statement', () => {
    expect(
      importsOf(
        [
          "import { a } from '#core/x.ts';",
          "import type { B } from '../schemas/b.ts';",
          "export { c } from './c.ts';",
          "import './side-effect.ts';",
          "const d = await import('../adapters/d.ts');",
          "// import { e } from 'commented-out';",
        ].join('\n'),
      ),
    ).toEqual([
      { specifier: '#core/x.ts', typeOnly: false },
      { specifier: '../schemas/b.ts', typeOnly: true },
      { specifier: './c.ts', typeOnly: false },
      { specifier: './side-effect.ts', typeOnly: false },
      { specifier: '../adapters/d.ts', typeOnly: false },
    ]);
  });

  it('flags an import against the direction, and an SDK client outside the adapters', () => {
    expect(
      violationsOf('functions/core/x.ts', "import { keys } from '#adapters/pipeline-resources.ts';"),
    ).toEqual(['functions/core/x.ts: core imports adapters (#adapters/pipeline-resources.ts)']);
    expect(violationsOf('schemas/api.ts', "import { x } from '../functions/core/y.ts';")).toHaveLength(1);
    expect(violationsOf('cli/commands/x.ts', "import { S3Client } from '@aws-sdk/client-s3';")).toHaveLength(
      1,
    );
    expect(violationsOf('functions/refresh/x.ts', "import { y } from '../profile/y.ts';")).toHaveLength(1);
    expect(violationsOf('console/src/x.ts', "import { y } from '../../functions/core/y.ts';")).toHaveLength(
      1,
    );
    expect(violationsOf('functions/api/x.ts', "import type { S3Client } from '@aws-sdk/client-s3';")).toEqual(
      [],
    );
    expect(violationsOf('functions/adapters/x.ts', "import { y } from '#core/y.ts';")).toEqual([]);
  });

  it(`holds in all ${files.length} source files`, () => {
    expect(files.length).toBeGreaterThan(300);
    const violations = files.flatMap((file) => violationsOf(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(violations).toEqual([]);
  });

  it('knows every top-level source folder', () => {
    const unknown = files.length === 0 ? [] : sourceFiles('').filter((f) => f.includes('/') && !layerOf(f));
    expect(unknown.map((f) => relative(ROOT, join(ROOT, f)))).toEqual([]);
  });
});
