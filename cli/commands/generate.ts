import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Writable } from 'node:stream';
import { type Command, Option } from 'commander';
import { isKnownLocode } from '#core/identifiers/index.ts';
import {
  type GeneratedFormat,
  GeneratorOptionError,
  generateManifestText,
  type PlantedTruth,
} from '#generator/index.ts';
import type { TransportMode } from '#schemas/manifest.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import { readWatchlists } from '../inputs.ts';
import { UserError } from '../user-error.ts';

const FORMAT_BY_EXTENSION: Record<string, GeneratedFormat> = {
  '.csv': 'csv',
  '.json': 'json',
  '.edi': 'cuscar',
  '.edifact': 'cuscar',
  '.cuscar': 'cuscar',
};

interface GenerateCliOptions {
  containers: string;
  seed: string;
  format?: GeneratedFormat;
  out?: string;
  plant?: string;
  watchlist?: string[];
  truth?: string;
  reportingPort?: string;
  mode: TransportMode;
}

export function register(program: Command): void {
  program
    .command('generate')
    .description(
      'Write a realistic synthetic manifest of one vessel call, train, truck or flight (deterministic by seed)',
    )
    .requiredOption(
      '--containers <n>',
      'number of containers (rail: containers and wagons; road: trailers; air: ULDs)',
    )
    .addOption(
      new Option(
        '--mode <mode>',
        'sea: a vessel call; rail: a train from China through Horgos; road: a truck into Termez; air: e-commerce consolidations into Tashkent or Almaty',
      )
        .choices(['sea', 'rail', 'road', 'air'])
        .default('sea'),
    )
    .option('--seed <seed>', 'seed: the same seed gives the same file, byte for byte', '1')
    .addOption(
      new Option('--format <format>', 'output format (default: from --out extension, else json)').choices([
        'csv',
        'json',
        'cuscar',
      ]),
    )
    .option('--out <file>', 'write to this file (default: stdout)')
    .option(
      '--reporting-port <locode>',
      "UN/LOCODE of the PCU's port, station, crossing or airport (default: one of the mode's CCP units, chosen by seed)",
    )
    .option(
      '--plant <k>',
      'plant K watchlist entries (misspelt, reordered, transliterated ...) and write the ground truth',
    )
    .option(
      '--watchlist <path>',
      'watchlist to plant from (OFAC SDN folder, UN XML or native CSV; repeatable; default: the bundled lists)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--truth <file>', 'where to write the ground truth (default: <out>.truth.json)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  pcu generate --containers 1000 --seed 7 --out call.csv\n' +
        '  pcu generate --containers 500 --format cuscar --reporting-port KEMBA > call.edi\n' +
        '  pcu generate --mode rail --containers 80 --reporting-port KZHOR --out train.csv\n' +
        '  pcu generate --mode air --containers 6 --plant 3 --out flight.json\n' +
        '  pcu generate --containers 2000 --plant 25 --watchlist data/watchlists/un-sc-consolidated.xml --out planted.json',
    )
    .action(async (opts: GenerateCliOptions) => {
      await generateCommand(opts);
    });
}

function wholeNumber(value: string, option: string, min: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) {
    throw new UserError(`${option} needs a whole number of at least ${min}, got "${value}".`);
  }
  return Number(value);
}

function formatOf(opts: GenerateCliOptions): GeneratedFormat {
  if (opts.format) return opts.format;
  return (opts.out && FORMAT_BY_EXTENSION[extname(opts.out).toLowerCase()]) || 'json';
}

async function generateCommand(opts: GenerateCliOptions): Promise<void> {
  const containers = wholeNumber(opts.containers, '--containers', 1);
  const format = formatOf(opts);
  if (format === 'cuscar' && opts.mode !== 'sea') {
    throw new UserError(
      `--format cuscar carries sea manifests only; write a ${opts.mode} manifest as csv or json.`,
    );
  }
  let reportingPort: string | undefined;
  if (opts.reportingPort) {
    reportingPort = opts.reportingPort.toUpperCase().replace(/\s+/g, '');
    if (!isKnownLocode(reportingPort)) {
      throw new UserError(`--reporting-port: "${opts.reportingPort}" is not a known UN/LOCODE.`);
    }
  }
  let plant: { count: number; entries: WatchlistEntry[] } | undefined;
  let truthPath: string | undefined;
  if (opts.plant !== undefined) {
    const count = wholeNumber(opts.plant, '--plant', 0);
    truthPath = opts.truth ?? (opts.out ? `${opts.out}.truth.json` : undefined);
    if (!truthPath)
      throw new UserError(
        '--plant writes the ground truth next to the output: give --out FILE (or --truth FILE).',
      );
    plant = { count, entries: readWatchlists(opts.watchlist) };
  } else if (opts.watchlist || opts.truth) {
    throw new UserError('--watchlist and --truth only make sense with --plant K.');
  }

  let generated: ReturnType<typeof generateManifestText>;
  try {
    generated = generateManifestText(
      {
        containers,
        seed: opts.seed,
        ...(opts.mode !== 'sea' ? { mode: opts.mode } : {}),
        ...(reportingPort ? { reportingPort } : {}),
        ...(plant ? { plant } : {}),
      },
      format,
    );
  } catch (err) {
    if (err instanceof GeneratorOptionError) throw new UserError(err.message);
    throw err;
  }

  const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
  try {
    await writeChunks(out, generated.chunks);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EPIPE') return; // the reader (head, less) went away: not an error
    throw new UserError(`${opts.out ?? 'stdout'}: cannot be written (${code ?? (err as Error).message}).`);
  }
  if (truthPath) await writeTruth(truthPath, opts, containers, generated.truth);
}

/** Resolves when `out` wants more, rejects on its error; leaves no listener behind. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (err?: unknown) => {
      out.off('drain', onDrain);
      out.off('error', settle);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    out.on('drain', onDrain);
    out.on('error', settle);
  });
}

/** Writes chunks with backpressure, batched to ~64 kB writes. */
async function writeChunks(out: Writable, chunks: Iterable<string>): Promise<void> {
  let failure: unknown;
  const onError = (err: unknown) => {
    failure = err;
  };
  out.on('error', onError);
  try {
    let buffer = '';
    for (const chunk of chunks) {
      buffer += chunk;
      if (buffer.length < 65_536) continue;
      if (failure) throw failure;
      if (!out.write(buffer)) await drained(out);
      buffer = '';
    }
    if (failure) throw failure;
    if (buffer) out.write(buffer);
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
    }
    if (failure) throw failure;
  } finally {
    out.off('error', onError);
  }
}

async function writeTruth(
  path: string,
  opts: GenerateCliOptions,
  containers: number,
  planted: PlantedTruth[],
): Promise<void> {
  const body = {
    manifest: opts.out ? basename(opts.out) : undefined,
    seed: opts.seed,
    ...(opts.mode !== 'sea' ? { mode: opts.mode } : {}),
    containers,
    planted,
  };
  const out = createWriteStream(path);
  await writeChunks(out, [`${JSON.stringify(body, null, 2)}\n`]);
}
