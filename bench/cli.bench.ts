/**
 * `npm run bench -- cli`: the CLI as a user runs it, whole processes, against `node -e 0` in
 * the same run (the machine is shared: compare the ratios, not only the figures).
 * - `pcu --help`: wall time (target <= 150 ms);
 * - `echo NAME | pcu screen` with the bundled lists: time to the first answer line (target
 *   <= 400 ms) and peak RSS (target <= 150 MB, from /usr/bin/time when present);
 * - with PCU_BENCH_CLI_TESTS=1, also `npx vitest run test/cli` once (minutes on a busy machine).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const pcu = join(root, 'bin/pcu.js');
const RUNS = Number(process.env.PCU_BENCH_RUNS ?? 7);
const TIME = '/usr/bin/time';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function wallMs(args: string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Milliseconds from spawning `pcu screen` to its first answer line, and the process's peak RSS. */
function firstAnswer(name: string): Promise<{ firstLineMs: number; peakRssMb?: number }> {
  const timed = existsSync(TIME);
  const [cmd, args] = timed
    ? [TIME, ['-f', 'PEAK_RSS_KB %M', process.execPath, pcu, 'screen']]
    : [process.execPath, [pcu, 'screen']];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { cwd: root });
    let firstLineMs: number | undefined;
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (firstLineMs === undefined && out.includes('\n')) firstLineMs = performance.now() - start;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || firstLineMs === undefined)
        return reject(new Error(`pcu screen exited ${code}: ${err}`));
      if (!JSON.parse(out.split('\n')[0]!).matches.length)
        return reject(new Error(`no match for ${name}: ${out}`));
      const kb = /PEAK_RSS_KB (\d+)/.exec(err)?.[1];
      resolve({ firstLineMs, peakRssMb: kb ? Number(kb) / 1024 : undefined });
    });
    child.stdin.end(`${name}\n`);
  });
}

// The first `pcu` call of a fresh checkout may compile the CLI: not part of the figures.
wallMs([pcu, '--help']);

const nodeMs: number[] = [];
const helpMs: number[] = [];
const screenMs: number[] = [];
const rssMb: number[] = [];
for (let i = 0; i < RUNS; i++) {
  nodeMs.push(wallMs(['-e', '0']));
  helpMs.push(wallMs([pcu, '--help']));
  const s = await firstAnswer('Vladimir Putin');
  screenMs.push(s.firstLineMs);
  if (s.peakRssMb !== undefined) rssMb.push(s.peakRssMb);
}

const result: Record<string, unknown> = {
  bench: 'cli',
  runs: RUNS,
  nodeMs: Math.round(median(nodeMs)),
  helpMs: Math.round(median(helpMs)),
  screenFirstLineMs: Math.round(median(screenMs)),
  screenPeakRssMb: rssMb.length ? Math.round(median(rssMb)) : null,
};
console.log(
  `node -e 0: median ${result.nodeMs} ms; pcu --help: median ${result.helpMs} ms (target <= 150); ` +
    `echo NAME | pcu screen (bundled lists): first line median ${result.screenFirstLineMs} ms (target <= 400), ` +
    `peak RSS ${result.screenPeakRssMb ?? 'n/a'} MB (target <= 150)`,
);

if (process.env.PCU_BENCH_CLI_TESTS === '1') {
  const start = performance.now();
  const r = spawnSync('npx', ['vitest', 'run', 'test/cli'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  result.cliTestsMs = Math.round(performance.now() - start);
  console.log(`npx vitest run test/cli: ${result.cliTestsMs} ms (exit ${r.status})`);
}

console.log(`BENCH ${JSON.stringify(result)}`);
