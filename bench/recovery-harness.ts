/**
 * The kill test of issue 11: `npm start` (local/start.ts) with a data directory, a generated
 * manifest uploaded through the API as an officer would, the stack's whole process group
 * SIGKILLed at given points of the profiling, restarted with the same data directory each
 * time; at the end the manifest must be complete with exactly the flags `pcu profile --json`
 * gives for the same file, each flag once and counted once. Used by `npm run bench --
 * recovery` (20,000 containers, several kill points) and by a smaller test in test/e2e.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultWatchlistPaths, loadWatchlist } from '../functions/core/watchlists/index.ts';
import { generateManifestText } from '../generator/index.ts';

const run = promisify(execFile);
const PORT = 'NLRTM';

export type RecoveryRunOptions = {
  containers: number;
  /** Kill when this share of the chunks is done (0: right after the upload, during ingest). */
  killAt: number[];
  seed?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
  /**
   * Slows each profiling message by this many ms (a slower Lambda), so that a small manifest is
   * still half profiled when the kill comes, however fast the machine is.
   */
  profileDelayMs?: number;
};

export type RecoveryRunResult = {
  containers: number;
  kills: { at: number; chunksDone: number; chunkCount: number; status: string }[];
  expectedFlags: number;
  flags: number;
  duplicateFlags: number;
  containersFlagged: number;
  missing: string[];
  unexpected: string[];
  status: string;
  restartToCompleteMs: number;
  totalMs: number;
};

type Manifest = {
  id: string;
  status: string;
  chunkCount: number;
  chunksDone: number;
  containersFlagged: number;
};

export async function recoveryRun(options: RecoveryRunOptions): Promise<RecoveryRunResult> {
  const log = options.log ?? (() => {});
  const timeoutMs = options.timeoutMs ?? 300_000;
  const work = mkdtempSync(join(tmpdir(), 'pcu-recovery-'));
  const dataDir = join(work, 'data');
  const file = join(work, 'manifest.csv');
  const started = performance.now();
  let stack: RunningStack | undefined;
  try {
    const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
    const generated = generateManifestText(
      {
        containers: options.containers,
        seed: options.seed ?? 'recovery',
        reportingPort: PORT,
        plant: { count: Math.max(4, Math.round(options.containers / 500)), entries },
      },
      'csv',
    );
    const body = Buffer.from([...generated.chunks].join(''));
    writeFileSync(file, body);
    const { stdout } = await run(process.execPath, ['bin/pcu.js', 'profile', file, '--json'], {
      maxBuffer: 512 * 1024 * 1024,
    });
    const expected = new Set<string>(
      (
        JSON.parse(stdout).assessments as {
          flagged: boolean;
          containerNumber: string;
          lane: string;
          score: number;
        }[]
      )
        .filter((a) => a.flagged)
        .map((a) => `${a.containerNumber} ${a.lane} ${a.score}`),
    );
    log(`pcu profile --json: ${expected.size} flagged of ${options.containers}`);

    stack = await startStack(dataDir, log, options.profileDelayMs);
    await uploadThroughApi(stack.apiUrl, 'recovery.csv', body);
    const kills: RecoveryRunResult['kills'] = [];
    for (const at of options.killAt) {
      const manifest =
        at === 0
          ? await currentManifest(stack.apiUrl)
          : await waitFor(`${Math.round(at * 100)}% of the chunks`, timeoutMs, async () => {
              const m = await currentManifest(stack?.apiUrl as string);
              return m && (m.status === 'complete' || m.chunksDone >= at * m.chunkCount) ? m : undefined;
            });
      await stack.kill();
      kills.push({
        at,
        chunksDone: manifest?.chunksDone ?? 0,
        chunkCount: manifest?.chunkCount ?? 0,
        status: manifest?.status ?? 'not recorded',
      });
      log(
        `SIGKILL at ${manifest ? `${manifest.status} ${manifest.chunksDone}/${manifest.chunkCount}` : 'upload, before a record'}`,
      );
      stack = await startStack(dataDir, log, options.profileDelayMs);
    }
    const restarted = performance.now();
    const done = await waitFor('the manifest to complete', timeoutMs, async () => {
      const m = await currentManifest(stack?.apiUrl as string);
      if (process.env.RECOVERY_DEBUG) console.log(JSON.stringify(m));
      return m?.status === 'complete' || m?.status === 'rejected' ? m : undefined;
    });
    const restartToCompleteMs = performance.now() - restarted;
    const flags = await listFlags(stack.apiUrl, done.id);
    const actual = new Set(flags.map((f) => `${f.containerNumber} ${f.lane} ${f.score}`));
    const result: RecoveryRunResult = {
      containers: options.containers,
      kills,
      expectedFlags: expected.size,
      flags: flags.length,
      duplicateFlags: flags.length - new Set(flags.map((f) => f.id)).size,
      containersFlagged: done.containersFlagged,
      missing: [...expected].filter((f) => !actual.has(f)),
      unexpected: [...actual].filter((f) => !expected.has(f)),
      status: done.status,
      restartToCompleteMs: Math.round(restartToCompleteMs),
      totalMs: Math.round(performance.now() - started),
    };
    return result;
  } finally {
    await stack?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

type RunningStack = { apiUrl: string; kill(): Promise<void>; stop(): Promise<void> };

/** `npm start -- --data-dir DIR --no-sample --port 0` in its own process group. */
async function startStack(
  dataDir: string,
  log: (line: string) => void,
  profileDelayMs = 0,
): Promise<RunningStack> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/start.ts', '--data-dir', dataDir, '--no-sample', '--port', '0'],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PCU_LOCAL_PROFILE_DELAY_MS: String(profileDelayMs) },
    },
  );
  let output = '';
  const apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the local stack did not start within 120 s:\n${output}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /HTTP API:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.RECOVERY_DEBUG) process.stderr.write(chunk);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local stack exited with ${code}:\n${output}`));
    });
  });
  log(`local stack up at ${apiUrl}`);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    apiUrl,
    async kill() {
      killGroup(child, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-(child.pid as number), signal);
  } catch {
    // already gone
  }
}

const tokens = new Map<string, string>();

/** A demo user's token from the local sign-in, once per stack (its key persists in the data directory). */
async function token(apiUrl: string, username: string): Promise<string> {
  const cached = tokens.get(`${apiUrl} ${username}`);
  if (cached) return cached;
  const res = await fetch(`${apiUrl}/local/sign-in`, { method: 'POST', body: JSON.stringify({ username }) });
  if (!res.ok) throw new Error(`sign-in as ${username}: HTTP ${res.status}`);
  const signed = ((await res.json()) as { token: string }).token;
  tokens.set(`${apiUrl} ${username}`, signed);
  return signed;
}

async function call<T>(
  apiUrl: string,
  username: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await token(apiUrl, username)}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function uploadThroughApi(apiUrl: string, fileName: string, body: Buffer): Promise<void> {
  const grant = await call<{ uploadUrl: string; headers: Record<string, string> }>(
    apiUrl,
    'officer-nlrtm',
    'POST',
    '/uploads',
    { port: PORT, fileName, contentType: 'text/csv', contentLength: body.length },
  );
  const put = await fetch(grant.uploadUrl, { method: 'PUT', headers: grant.headers, body });
  if (!put.ok) throw new Error(`upload: HTTP ${put.status} ${await put.text()}`);
}

async function currentManifest(apiUrl: string): Promise<Manifest | undefined> {
  const page = await call<{ items: Manifest[] }>(apiUrl, 'admin', 'GET', `/manifests?port=${PORT}&limit=5`);
  return page.items[0];
}

async function listFlags(apiUrl: string, manifestId: string) {
  const flags: { id: string; containerNumber: string; lane: string; score: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await call<{
      items: (typeof flags)[number] & { manifestId: string }[];
      nextCursor?: string;
    }>(apiUrl, 'admin', 'GET', `/flagged?port=${PORT}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    flags.push(
      ...(page.items as unknown as ((typeof flags)[number] & { manifestId: string })[]).filter(
        (f) => f.manifestId === manifestId,
      ),
    );
    cursor = page.nextCursor;
  } while (cursor);
  return flags;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch((err) => {
      if (process.env.RECOVERY_DEBUG) console.log(String(err));
      return undefined;
    });
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
