// Compiles the CLI (TypeScript) to plain JavaScript in dist/cli/, so `pcu` starts without a
// TypeScript loader. Run by `npm ci` / `npm install` (the `prepare` script) and by bin/pcu.js
// when the build is missing or older than a source file. Plain JavaScript itself, so it runs
// before anything is compiled.
//
// One entry (main.js); every command's module, and what only it imports (the AWS SDK, zod,
// the screening index), is its own chunk, loaded when that command runs (code splitting).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIST = join(root, 'dist/cli');
/** The build's record of its sources, read by bin/pcu.js to tell whether the build is current. */
export const SOURCES_FILE = 'sources.json';

/**
 * Files the code imports from a URL computed at run time, which the bundler cannot follow:
 * each is compiled as an entry of its own, and the importing file's specifier is pointed at
 * the compiled file. The build fails when the specifier is no longer there. None today: the
 * air readers are a literal dynamic import, which code splitting makes a chunk of its own.
 */
const RUNTIME_IMPORTS = [];

/**
 * Source files find data (data/watchlists, data/profiles, README.md) relative to their own
 * folder. In the bundle every file runs from dist/cli/, so `import.meta.dirname` and
 * `import.meta.url` are rewritten to the source file's folder, relative to dist/cli/.
 */
function sourceLocationPlugin() {
  return {
    name: 'source-location',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const rel = relative(root, args.path).split('\\').join('/');
        let text = readFileSync(args.path, 'utf8');
        const runtime = RUNTIME_IMPORTS.find((r) => r.importer === rel);
        if (runtime) {
          if (!text.includes(runtime.specifier)) {
            throw new Error(
              `${rel} no longer imports ${runtime.specifier}: update RUNTIME_IMPORTS in cli/build.mjs`,
            );
          }
          // The compiled reader sits next to the chunk, in dist/cli/: keep this file's own URL.
          text = text.replace(runtime.specifier, runtime.compiled);
        } else if (text.includes('import.meta.')) {
          const fromDist = relative(CLI_DIST, args.path).split('\\').join('/');
          const folder = relative(CLI_DIST, dirname(args.path)).split('\\').join('/');
          text = text
            .replaceAll('import.meta.dirname', `__pcuSourceDir(${JSON.stringify(folder)})`)
            .replaceAll('import.meta.url', `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`)
            .concat(
              `\nfunction __pcuSourceDir(folder: string): string { return decodeURIComponent(new URL(folder + '/', import.meta.url).pathname).replace(/\\/$/, ''); }\n`,
            );
        }
        return { contents: text, loader: 'ts' };
      });
    },
  };
}

/** Builds into a fresh folder, then swaps it in, so a running `pcu` never sees half a build. */
export async function buildCli({ quiet = false } = {}) {
  const esbuild = await import('esbuild');
  const staging = `${CLI_DIST}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      main: 'cli/main.ts',
      ...Object.fromEntries(RUNTIME_IMPORTS.map((r) => [r.entryName, r.entry])),
    },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    // Dependencies stay in node_modules: the build is quick, and each one loads as its authors ship it.
    packages: 'external',
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    plugins: [sourceLocationPlugin()],
  });
  const sources = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  writeFileSync(join(staging, SOURCES_FILE), JSON.stringify({ builtAt: Date.now(), sources }));
  // What each output imports, statically or when a command runs (test/cli/main.test.ts reads it).
  const stagingPath = relative(root, staging).split('\\').join('/');
  writeFileSync(
    join(staging, 'meta.json'),
    JSON.stringify(result.metafile).replaceAll(stagingPath, 'dist/cli'),
  );
  writeFileSync(join(staging, 'package.json'), '{"type":"module"}\n');
  mkdirSync(dirname(CLI_DIST), { recursive: true });
  const old = `${CLI_DIST}.${process.pid}.old`;
  try {
    renameSync(CLI_DIST, old);
  } catch {
    // No previous build.
  }
  try {
    renameSync(staging, CLI_DIST);
  } catch {
    // Another process swapped its build in first; it is as current as ours.
    rmSync(staging, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  if (!quiet) process.stderr.write(`pcu: CLI compiled to ${relative(process.cwd(), CLI_DIST) || '.'}\n`);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  try {
    await import('esbuild');
  } catch {
    // A production install (`npm ci --omit=dev`) has no esbuild: bin/pcu.js then runs the sources with tsx.
    process.stderr.write(
      'pcu: esbuild is not installed; the CLI will run from its TypeScript sources (slower start)\n',
    );
    process.exit(0);
  }
  await buildCli();
}
