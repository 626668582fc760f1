/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own child process (so peak RSS and
 * JIT state belong to one benchmark), streams its output, and ends with a summary of the
 * `BENCH {...}` lines. `npm run bench -- screening` runs only the benchmarks whose name
 * contains `screening`. Figures are medians, and ratios are measured within the same run:
 * these machines are shared and noisy.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = import.meta.dirname;
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const summaries: unknown[] = [];
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, file)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('BENCH ')) summaries.push(JSON.parse(line.slice(6)));
      }
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) {
    failed++;
    console.log(`!!! ${file} exited with ${code}`);
  }
}

console.log('\n=== summary ===');
for (const s of summaries) console.log(JSON.stringify(s));
process.exitCode = failed > 0 ? 1 : 0;
