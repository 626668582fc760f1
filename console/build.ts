/**
 * Builds the console into console/dist when the build is missing or older than its sources
 * (a cheap mtime check), so `npm start` and the tests always serve the current console.
 * `npm run build:console` builds unconditionally.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CONSOLE_DIR = import.meta.dirname;
export const CONSOLE_DIST = join(CONSOLE_DIR, 'dist');
const SOURCES = ['src', 'index.html', 'vite.config.ts'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function consoleBuildIsStale(): boolean {
  const built = join(CONSOLE_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(CONSOLE_DIR, s))));
  return sources > statSync(built).mtimeMs;
}

export async function buildConsole(): Promise<void> {
  const { build } = await import('vite');
  // Always the production build, also when a test runner has set NODE_ENV=test (which would
  // bring Preact's debug build into the bundle).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    // Built beside the old build and swapped in at the end: a stack serving console/dist while
    // another process builds never sees half a build.
    const fresh = `${CONSOLE_DIST}.${process.pid}.tmp`;
    await build({
      configFile: join(CONSOLE_DIR, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: fresh, emptyOutDir: true },
    });
    rmSync(CONSOLE_DIST, { recursive: true, force: true });
    renameSync(fresh, CONSOLE_DIST);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Builds only when needed; returns whether it built. */
export async function ensureConsoleBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (!consoleBuildIsStale()) return false;
  const started = performance.now();
  await buildConsole();
  log(`Built the web console (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return true;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  await buildConsole();
  console.log(`Built the web console into ${CONSOLE_DIST}`);
}
