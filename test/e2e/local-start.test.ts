/**
 * `npm start` as a person runs it: `npx tsx local/start.ts` in its own process group,
 * stopped with a signal to the group as Ctrl-C does. A busy port is one line; a restart on
 * the same data directory shows the earlier results; a stop finishes within seconds even
 * with a manifest being profiled or an upload hanging half sent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
/** A generous bound on a behaviour ("stops within a few seconds"), not a performance target. */
const STOP_BOUND_MS = 10_000;

interface Started {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Signals the whole process group, as a terminal's Ctrl-C does. */
  signal(name: NodeJS.Signals): number;
  /** When the last process of the group (npx, tsx, the stack) is gone, or the give-up time. */
  groupGone(giveUpMs?: number): Promise<number>;
}

const running: Started[] = [];
const dirs: string[] = [];

function start(args: string[]): Started {
  const child = spawn('npx', ['tsx', 'local/start.ts', ...args], {
    cwd: REPO,
    detached: true,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const onOutput = () => {
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    onOutput();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    onOutput();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => {
      onOutput();
      resolve({ code, signal, at: Date.now() });
    }),
  );
  let done = false;
  exited.then(() => {
    done = true;
  });
  const started: Started = {
    child,
    output: () => ({ stdout, stderr }),
    async waitFor(pattern, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = stdout.match(pattern);
        if (match) return match;
        if (done || Date.now() > deadline)
          throw new Error(`no ${pattern} in the output:\n${stdout}\n--- stderr ---\n${stderr}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
    },
    exited,
    signal(name) {
      process.kill(-(child.pid as number), name);
      return Date.now();
    },
    async groupGone(giveUpMs = STOP_BOUND_MS + 5_000) {
      const giveUp = Date.now() + giveUpMs;
      for (;;) {
        if (Date.now() > giveUp) return Date.now();
        try {
          process.kill(-(child.pid as number), 0);
        } catch {
          return Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
  running.push(started);
  return started;
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pcu-start-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const s of running) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      try {
        process.kill(-(s.child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function signIn(apiUrl: string, username: string): Promise<string> {
  const res = await fetch(`${apiUrl}/local/sign-in`, { method: 'POST', body: JSON.stringify({ username }) });
  return ((await res.json()) as { token: string }).token;
}

describe('npm start', () => {
  it('a busy port is one line naming the port and --port, and a non-zero exit', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const stack = start(['--port', String(port), '--no-sample']);
      const { code } = await stack.exited;
      const { stdout, stderr } = stack.output();
      expect(code).not.toBe(0);
      const lines = stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`port ${port}`);
      expect(lines[0]).toContain('--port');
      expect(stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
      expect(stdout).toBe('');
    } finally {
      busy.close();
    }
  }, 120_000);

  it('restarted on the same data directory, shows the earlier results without uploading the sample again', async () => {
    const dir = dataDir();
    const first = start(['--port', '0', '--data-dir', dir, '--containers', '300']);
    const firstManifest = await first.waitFor(
      /Manifest ([0-9a-f]{32}): complete; 300 containers.*?(\d+) flagged/,
    );
    await first.waitFor(/Ctrl-C stops everything/);
    first.signal('SIGTERM');
    await first.groupGone();

    const second = start(['--port', '0', '--data-dir', dir, '--containers', '300']);
    await second.waitFor(/Ctrl-C stops everything/, 60_000);
    const { stdout, stderr } = second.output();
    expect(stdout).toContain('sample-manifest.csv was already processed');
    expect(stdout).not.toContain('Uploaded sample-manifest.csv');
    expect(stdout).toContain(`Manifest ${firstManifest[1]}: complete; 300 containers`);
    expect(stdout).toContain(`${firstManifest[2]} flagged (in an earlier run)`);
    // The flagged table of the earlier run is printed again.
    expect(stdout).toMatch(/LANE\s+SCORE\s+CONTAINER/);
    expect(stderr).toBe('');

    // The same tokens still work: the signing key is in the data directory.
    const apiUrl = (stdout.match(/HTTP API:\s+(http:\/\/127\.0\.0\.1:\d+)/) as RegExpMatchArray)[1] as string;
    const token = await signIn(apiUrl, 'analyst-nlrtm');
    const manifest = await fetch(`${apiUrl}/manifests/${firstManifest[1]}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(manifest.status).toBe(200);
    second.signal('SIGTERM');
    await second.groupGone();
  }, 240_000);

  it('stops within seconds of SIGTERM after refused uploads and with one hanging half sent', async () => {
    const stack = start(['--port', '0', '--no-sample']);
    const [, apiUrl] = (await stack.waitFor(/HTTP API:\s+(http:\/\/127\.0\.0\.1:\d+)/)) as unknown as [
      string,
      string,
    ];
    await stack.waitFor(/Ctrl-C stops everything/);
    const token = await signIn(apiUrl, 'officer-nlrtm');
    const grant = async (contentLength: number) => {
      const res = await fetch(`${apiUrl}/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          port: 'NLRTM',
          fileName: 'stuck.csv',
          contentType: 'text/csv',
          contentLength,
        }),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { uploadUrl: string; headers: Record<string, string> };
    };

    // Uploads that failed: refused ones (a tampered key) and one that stops half way and keeps the connection open.
    const refused = await grant(100);
    const tampered = await fetch(refused.uploadUrl.replace('/NLRTM/', '/ECGYE/'), {
      method: 'PUT',
      headers: refused.headers,
      body: 'x'.repeat(100),
    });
    expect(tampered.status).toBe(403);
    const stuck = await grant(1_000_000);
    const url = new URL(stuck.uploadUrl);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: text/csv\r\nContent-Length: 1000000\r\n\r\n`,
    );
    socket.write('container,number\n'.repeat(1000));
    socket.on('error', () => {});

    const sent = stack.signal('SIGTERM');
    const gone = await stack.groupGone();
    socket.destroy();
    expect(gone - sent).toBeLessThan(STOP_BOUND_MS);
    expect(stack.output().stdout).toContain('Stopping the local stack');
    // Stopped by itself, not by the deadline that exits anyway.
    expect(stack.output().stderr).toBe('');
  }, 180_000);

  it('stops within seconds of SIGTERM in the middle of processing the sample', async () => {
    const stack = start(['--port', '0', '--containers', '8000']);
    await stack.waitFor(/Uploaded sample-manifest\.csv/);
    const sent = stack.signal('SIGTERM');
    const gone = await stack.groupGone();
    expect(gone - sent).toBeLessThan(STOP_BOUND_MS);
    expect(stack.output().stdout).toContain('Stopping the local stack');
    expect(stack.output().stderr).toBe('');
  }, 180_000);
});
