#!/usr/bin/env node
// Runs the compiled CLI (dist/cli/, built by `npm ci` through the `prepare` script). When the
// build is missing or older than one of its sources (a fresh clone, a pull, an edit), it is
// rebuilt first; without esbuild (a production install) the TypeScript sources run under tsx.
import { readFileSync, statSync } from 'node:fs';

// The AWS SDK warns that it will need Node 22 from 2027; on Lambda we run Node 24. Keep CLI output clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/cli/', root);

/** True when dist/cli/ holds a build at least as new as every source file it was built from. */
function buildIsCurrent() {
  try {
    const { builtAt, sources } = JSON.parse(readFileSync(new URL('sources.json', dist), 'utf8'));
    return sources.every((source) => statSync(new URL(source, root)).mtimeMs <= builtAt);
  } catch {
    return false; // no build, or a source was removed
  }
}

let main;
if (buildIsCurrent() || (await rebuild())) {
  ({ main } = await import(new URL('main.js', dist).href));
} else {
  process.stderr.write(
    'pcu: no compiled CLI and no esbuild to build it; running the TypeScript sources (slower start)\n',
  );
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv);

async function rebuild() {
  let build;
  try {
    await import('esbuild');
    ({ buildCli: build } = await import('../cli/build.mjs'));
  } catch {
    return false;
  }
  await build({ quiet: true });
  return true;
}
