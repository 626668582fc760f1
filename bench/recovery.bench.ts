/**
 * Issue 11's kill test: a 20,000-container manifest on the local stack, the stack's process
 * group SIGKILLed during ingest and at 30% and 70% of the profiling, restarted each time with
 * the same data directory; it must complete with exactly the flags `pcu profile --json`
 * gives, each flag once and counted once. `npm run bench -- recovery`
 * (BENCH_CONTAINERS and BENCH_KILL_AT=0,0.3,0.7 to change the run).
 */
import { recoveryRun } from './recovery-harness.ts';

const containers = Number(process.env.BENCH_CONTAINERS ?? 20_000);
const killAt = (process.env.BENCH_KILL_AT ?? '0,0.3,0.7').split(',').map(Number);

const result = await recoveryRun({ containers, killAt, log: (line) => console.log(`  ${line}`) });
const exact = result.missing.length === 0 && result.unexpected.length === 0 && result.duplicateFlags === 0;
console.log(
  `${containers.toLocaleString()} containers, ${result.kills.length} SIGKILLs (${result.kills
    .map((k) => `${k.status} ${k.chunksDone}/${k.chunkCount}`)
    .join(
      ', ',
    )}): ${result.status}, ${result.flags} flags vs ${result.expectedFlags} from pcu profile (missing ${result.missing.length}, unexpected ${result.unexpected.length}, duplicates ${result.duplicateFlags}), manifest counts ${result.containersFlagged}; last restart to complete ${result.restartToCompleteMs} ms, total ${result.totalMs} ms`,
);
console.log(
  `BENCH ${JSON.stringify({ name: 'recovery', exact, ...result, missing: result.missing.length, unexpected: result.unexpected.length })}`,
);
if (!exact || result.status !== 'complete' || result.containersFlagged !== result.flags) process.exitCode = 1;
