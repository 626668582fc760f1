/**
 * The local stack under load (issue 6 targets):
 *  - a generated 20,000-container manifest: upload to every flagged row queryable through the
 *    API in <= 60 s, with the time per stage;
 *  - `npm start` to the first flagged container printed in <= 30 s.
 * One run each (a run takes tens of seconds); the stage split says where the time goes.
 */
import { spawn } from 'node:child_process';
import { defaultWatchlistPaths, loadWatchlist } from '../functions/core/watchlists/index.ts';
import { generateManifestText } from '../generator/index.ts';
import { demoApiClient } from '../local/demo-api-client.ts';
import { startLocalStack } from '../local/local-stack.ts';

const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 20_000);
const PORT = 'NLRTM';

async function pipelineRun() {
  const stack = await startLocalStack({ port: 0, logLevel: 'SILENT' });
  try {
    await stack.publish();
    const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
    const generated = generateManifestText(
      { containers: CONTAINERS, seed: 'bench-local', reportingPort: PORT, plant: { count: 40, entries } },
      'csv',
    );
    const body = Buffer.from([...generated.chunks].join(''));

    const client = demoApiClient(stack);
    const t0 = performance.now();
    await client.upload({ fileName: 'bench.csv', body, port: PORT, contentType: 'text/csv' });
    const uploaded = performance.now();
    const manifest = await client.waitForManifest(PORT, t0, 300_000);
    const completed = performance.now();
    const token = await stack.identity.signIn(`analyst-${PORT.toLowerCase()}`);
    let rows = 0;
    let cursor: string | undefined;
    do {
      const res = await fetch(
        `${stack.apiUrl}/flagged?port=${PORT}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      const page = (await res.json()) as { items: unknown[]; nextCursor?: string };
      rows += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    const queried = performance.now();
    const received = Date.parse(manifest.receivedAt);
    const done = manifest.completedAt ? Date.parse(manifest.completedAt) : Number.NaN;
    return {
      containers: CONTAINERS,
      bytes: body.length,
      flagged: manifest.containersFlagged,
      rowsQueried: rows,
      status: manifest.status,
      uploadMs: Math.round(uploaded - t0),
      ingestToCompleteMs: Math.round(done - received),
      uploadToCompleteMs: Math.round(completed - t0),
      queryAllFlaggedMs: Math.round(queried - completed),
      totalMs: Math.round(queried - t0),
    };
  } finally {
    await stack.stop();
  }
}

/** `npm start` in a child process, until it prints the flagged table (or the first flagged row). */
function startToFirstFlagged(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(new Error(`npm start printed no flagged container within 120 s:\n${out}`));
    }, 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/^(RED|YELLOW|BLUE|GREEN)\s+\d/m.test(out)) {
        clearTimeout(timer);
        const ms = performance.now() - started;
        child.kill('SIGINT');
        resolve(ms);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
  });
}

const pipeline = await pipelineRun();
console.log(
  `${pipeline.containers.toLocaleString()} containers (${(pipeline.bytes / 1e6).toFixed(1)} MB CSV): upload ${pipeline.uploadMs} ms, ingest+profile ${pipeline.ingestToCompleteMs} ms, upload->complete ${pipeline.uploadToCompleteMs} ms, query ${pipeline.rowsQueried} flagged rows ${pipeline.queryAllFlaggedMs} ms; total ${pipeline.totalMs} ms (target <= 60000)`,
);
const startMs = Math.round(await startToFirstFlagged());
console.log(`npm start -> first flagged container printed: ${startMs} ms (target <= 30000)`);
console.log(
  `BENCH ${JSON.stringify({ name: 'local-pipeline', ...pipeline, npmStartToFirstFlaggedMs: startMs })}`,
);
