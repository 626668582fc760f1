/**
 * `npm start`: the whole pipeline and the HTTP API on this machine, no AWS account needed.
 * Starts the emulators and handlers, publishes the default profiles and watchlists, uploads
 * a generated sample manifest with planted watchlist hits through the API (as an officer
 * would), prints the flagged containers with their reasons, and keeps serving until Ctrl-C.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { formatRefresh } from '../cli/commands/lists.ts';
import { readWatchlists } from '../cli/inputs.ts';
import { ensureConsoleBuilt } from '../console/build.ts';
import { generateManifestText } from '../generator/index.ts';
import { type DemoApiClient, demoApiClient, ManifestTimeoutError, manifestIdOf } from './demo-api-client.ts';
import { PortInUseError } from './http-api.ts';
import { type ListRefreshTimer, startListRefreshTimer } from './list-refresh-timer.ts';
import { type LocalStack, startLocalStack } from './local-stack.ts';

const USAGE = `Usage: npm start -- [options]

  --port N           HTTP API port (default 3000; 0 = any free port)
  --data-dir DIR     keep DynamoDB and S3 data here between runs (default: in memory)
  --no-sample        do not upload the generated sample manifest
  --manifest FILE    upload and process this manifest file (CSV, JSON or CUSCAR)
  --upload-port CODE the port (UN/LOCODE) to upload --manifest for (default NLRTM)
  --containers N     size of the generated sample (default 1000)
  --watchlist PATH   watchlist to publish instead of the bundled OFAC + UN lists (repeatable)
  --profiles FILE    risk profiles to publish instead of the default set
  --refresh-lists-every MINUTES
                     refresh the OFAC and UN lists now and every MINUTES (default: off)
  --list-source-url URL
                     a mirror of the lists laid out like data/watchlists/ (default: the official addresses)
  --help`;

const SAMPLE_PORT = 'NLRTM';
/** After a signal, the stack has this long to close; then the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 5_000;

let stopping = false;

async function main(): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3000' },
      'data-dir': { type: 'string' },
      'no-sample': { type: 'boolean', default: false },
      manifest: { type: 'string' },
      'upload-port': { type: 'string', default: SAMPLE_PORT },
      containers: { type: 'string', default: '1000' },
      watchlist: { type: 'string', multiple: true },
      profiles: { type: 'string' },
      'refresh-lists-every': { type: 'string' },
      'list-source-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  const containers = Number(values.containers);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0-65535, got ${values.port}`);
  if (!Number.isInteger(containers) || containers < 1)
    throw new UsageError('--containers must be a positive whole number');
  if (values.manifest && !isFile(values.manifest))
    throw new UsageError(`--manifest: no such file ${values.manifest}`);
  const uploadPort = (values['upload-port'] ?? SAMPLE_PORT).toUpperCase();
  const refreshEvery =
    values['refresh-lists-every'] === undefined ? undefined : Number(values['refresh-lists-every']);
  if (refreshEvery !== undefined && !(refreshEvery > 0))
    throw new UsageError(
      `--refresh-lists-every must be a positive number of minutes, got ${values['refresh-lists-every']}`,
    );

  await ensureConsoleBuilt((line) => console.log(line));
  const stack = await startLocalStack({
    port,
    ...(values['data-dir'] && { dataDir: values['data-dir'] }),
    // Handler warnings (a rejected file, a duplicate upload) reach people through the API.
    logLevel: 'ERROR',
    // Only the kill test sets it (bench/recovery-harness.ts): a slower profile Lambda.
    ...(Number(process.env.PCU_LOCAL_PROFILE_DELAY_MS) > 0 && {
      profileDelayMs: Number(process.env.PCU_LOCAL_PROFILE_DELAY_MS),
    }),
  });
  let listRefresh: ListRefreshTimer | undefined;
  const shutdown = async () => {
    if (stopping) process.exit(130); // a second Ctrl-C: now
    stopping = true;
    console.log('\nStopping the local stack ...');
    setTimeout(() => {
      console.error(
        `npm start: the stack did not stop within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway`,
      );
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await listRefresh?.stop();
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const published = await stack.publish({
    ...(values.watchlist && { watchlistPaths: values.watchlist }),
    ...(values.profiles && { profilesPath: values.profiles }),
  });
  console.log(
    `Published config ${published.version}: ${published.watchlists.map((w) => `${w.list} ${w.entries.toLocaleString()}`).join(', ')} entries; profiles ${published.profileVersion}`,
  );

  if (refreshEvery !== undefined) {
    const sourceUrl = values['list-source-url'];
    listRefresh = startListRefreshTimer({
      everyMs: refreshEvery * 60_000,
      run: () => stack.refreshLists(sourceUrl ? { sourceUrl } : {}),
      onResult: (report) => console.log(`List refresh ${report.at}:\n${formatRefresh(report)}`),
      onError: (err) => console.error('List refresh failed:', err instanceof Error ? err.message : err),
    });
  }

  const client = demoApiClient(stack);
  if (values.manifest) {
    await processManifest(client, {
      fileName: basename(values.manifest),
      body: readFileSync(values.manifest),
      port: uploadPort,
      started,
    });
  } else if (!values['no-sample']) {
    const entries = readWatchlists(values.watchlist);
    const sample = generateManifestText(
      {
        containers,
        seed: 'pcu-demo',
        reportingPort: SAMPLE_PORT,
        plant: { count: Math.max(3, Math.round(containers / 250)), entries },
      },
      'csv',
    );
    const text = [...sample.chunks].join('');
    console.log(
      `Generated a sample manifest: ${containers.toLocaleString()} containers for ${SAMPLE_PORT}, ${sample.truth?.length ?? 0} watchlisted parties planted`,
    );
    await processManifest(client, {
      fileName: 'sample-manifest.csv',
      body: Buffer.from(text),
      port: SAMPLE_PORT,
      started,
    });
  }

  printBanner(stack);
}

async function processManifest(
  client: DemoApiClient,
  input: { fileName: string; body: Buffer; port: string; started: number },
): Promise<void> {
  const uploadStarted = performance.now();
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  // The same bytes are the same manifest (its id is their hash): with a --data-dir from an
  // earlier run it is already there, and uploading it again would change nothing.
  const id = manifestIdOf(input.port, input.body);
  const earlier = await client.manifest(input.port, id);
  const finishedEarlier = earlier?.status === 'complete' || earlier?.status === 'rejected';
  if (finishedEarlier) {
    console.log(
      `${input.fileName} was already processed (received ${earlier?.receivedAt}): not uploaded again`,
    );
  } else if (earlier?.status === 'received' || earlier?.status === 'queued') {
    console.log(`${input.fileName} is still ${earlier.status} from an earlier run: waiting for it`);
  } else {
    // New, or stopped half way (uploading the same file again resumes it).
    const key = await client.upload({ ...input, contentType: contentTypeOf(input.fileName) });
    console.log(`Uploaded ${input.fileName} as an officer of ${input.port} -> s3://.../${key}`);
  }
  let manifest: Awaited<ReturnType<DemoApiClient['waitForManifestId']>>;
  try {
    manifest = await client.waitForManifestId(input.port, id);
  } catch (err) {
    // The stack itself is up: say what is late and keep serving the API.
    if (!(err instanceof ManifestTimeoutError)) throw err;
    console.error(`npm start: ${err.message}; the API keeps serving (pcu manifests show ${id})`);
    return;
  }
  const timing = finishedEarlier
    ? 'in an earlier run'
    : `${seconds(performance.now() - uploadStarted)} from upload, ${seconds(performance.now() - input.started)} from start`;
  console.log(
    `Manifest ${manifest.id}: ${manifest.status}; ${manifest.counts.containers ?? 0} containers, ${manifest.counts.rejectedRecords ?? 0} records rejected, ${manifest.containersFlagged} flagged (${timing})`,
  );
  if (manifest.status === 'complete') console.log(`\n${await client.flaggedTable(input.port, manifest.id)}`);
}

function printBanner(stack: LocalStack): void {
  const s3 = stack.clientConfig;
  const users = stack.identity.users;
  const lines = [
    '',
    `PCU Targeting is running locally.`,
    `  Web console: ${stack.apiUrl}/   (sign in as one of the demo users below)`,
    `  HTTP API:    ${stack.apiUrl}   (OpenAPI: ${stack.apiUrl}/openapi.json)`,
    '',
    'Demo users (user name / password / groups):',
    ...users.map((u) => `  ${u.username.padEnd(16)} ${(u.password ?? '').padEnd(22)} ${u.groups.join(',')}`),
    '',
    'From a terminal (a token for the pcu CLI, valid 12 h):',
    `  export PCU_API_URL=${stack.apiUrl}`,
    `  export PCU_TOKEN=$(curl -s -XPOST ${stack.apiUrl}/local/sign-in -d '{"username":"analyst-nlrtm","password":"analyst-nlrtm-demo"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')`,
    '  npx pcu flagged list                         # flagged containers of your port, newest first',
    '  npx pcu flagged show <id>                    # every hit with its evidence, and the version',
    '  npx pcu flagged decide <id> --version 1 --status assigned --notes "x-ray at terminal 2"',
    '  npx pcu upload my-manifest.csv               # (as an officer) validated and profiled in seconds',
    '  npx pcu stats                                # hit rate of each rule',
    '',
    // S3 checks signatures: publishing from another terminal needs this run's credentials.
    'Publish other watchlists or risk profiles to this stack (S3 credentials valid until it stops):',
    `  AWS_ENDPOINT_URL_S3=${s3.endpoints.s3} AWS_REGION=${s3.region} AWS_ACCESS_KEY_ID=${s3.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${s3.credentials.secretAccessKey} \\`,
    `    npx pcu publish --bucket ${stack.resources.bucketName} --profiles my-rules.yaml`,
    '',
    'Ctrl-C stops everything.',
  ];
  console.log(lines.join('\n'));
}

function contentTypeOf(
  fileName: string,
): 'text/csv' | 'application/json' | 'application/edifact' | 'application/octet-stream' {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.csv') return 'text/csv';
  if (ext === '.json') return 'application/json';
  if (ext === '.edi' || ext === '.edifact' || ext === '.cuscar') return 'application/edifact';
  return 'application/octet-stream';
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

class UsageError extends Error {}

main().catch((err) => {
  // Requests cut off by Ctrl-C are not errors.
  if (stopping) return;
  if (err instanceof UsageError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`npm start: ${(err as Error).message}\n\n${USAGE}`);
  } else if (err instanceof PortInUseError) {
    console.error(
      `npm start: port ${err.port} on ${err.host} is already in use; choose another with --port N (0 = any free port)`,
    );
  } else if ((err as Error).name === 'UserError') {
    console.error(`npm start: ${(err as Error).message}`);
  } else {
    console.error(err);
  }
  process.exit(2);
});
