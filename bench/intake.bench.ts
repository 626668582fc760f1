/**
 * Intake benchmark, two parts, each run in fresh child processes so a peak RSS is the run's own.
 *
 * 1. Parse + validate a 200,000-row manifest CSV (and the same manifest as JSON and CUSCAR).
 *    Target (issue 2): CSV >= 50,000 rows/s on one core, peak RSS <= 300 MB.
 * 2. Each format at its size cap (MANIFEST_SIZE_CAPS) and at half of it, through the ingest
 *    Lambda's whole path (bench/ingest-in-memory.ts: parse, validate, chunk, serialise) in a
 *    node started with the ingest Lambda's NODE_OPTIONS heap limit. Target (issue 10): peak RSS
 *    <= 70% of QUEUES.intake.ingestMemoryMb; and MB of peak RSS per 100,000 containers (the
 *    slope between the two sizes). `--no-caps` skips this part, `--caps-only` runs only it.
 *
 * Issue 12: a generated rail manifest (CIM/SMGS columns) with about the same number of CSV rows
 * is parsed in the same run; target: rail CSV at the sea CSV's rate (rows/s ratio >= 1, within noise).
 *
 * Baselines measured in the same run: csv-parse alone over the same file (tokenising only) and
 * JSON.parse alone, so the ratios show what building and validating the model costs.
 *
 * The children run this file bundled by esbuild into plain JavaScript, as the ingest Lambda
 * runs the intake (no TypeScript loader in the measured process).
 *
 * `tsx bench/intake.bench.ts [rows] [--synthetic]`; the child mode is `--child <kind> <file>`.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { build } from 'esbuild';
import { INGEST_HEAP_MB, MANIFEST_SIZE_CAPS, QUEUES } from '#adapters/pipeline-resources.ts';
import { manifestCsvLines } from '#core/manifest/csv-writer.ts';
import { writeCuscar } from '#core/manifest/cuscar-writer.ts';
import { fileSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import { type GeneratedFormat, generateManifest, generateManifestText } from '#generator/index.ts';
import type { BillOfLading, Container, GoodsItem, Manifest } from '#schemas/manifest.ts';
import { ingestFile } from './ingest-in-memory.ts';

const RUNS = 5;
/** Runs per format and size at the caps (each is a 100-200 MB file: slower). */
const RUNS_AT_CAP = 3;
/** This benchmark bundled to plain JavaScript for the child processes (set by main). */
let childScript = '';

if (process.argv[2] === '--child') {
  await child(process.argv[3] as string, process.argv[4] as string);
} else {
  // `--synthetic`: a consolidation-heavy vessel (2 containers x 5 goods lines per B/L) instead of the generator's mix.
  if (!process.argv.includes('--caps-only')) {
    await main(
      Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 200_000),
      process.argv.includes('--synthetic'),
    );
  }
  if (!process.argv.includes('--no-caps')) await atTheCaps();
}

interface ChildResult {
  seconds: number;
  /** user + system CPU time of the process (includes V8's GC helper threads). */
  cpuSeconds: number;
  maxRssMb: number;
  containers?: number;
  status?: string;
}

async function child(kind: string, file: string): Promise<void> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let result: Omit<ChildResult, 'seconds' | 'cpuSeconds' | 'maxRssMb'> = {};
  if (kind === 'csv-tokenise') {
    let rows = 0;
    for await (const _ of createReadStream(file).pipe(parse({ relax_column_count: true }))) rows++;
    result = { containers: rows };
  } else if (kind === 'startup') {
    // The process with the intake loaded and nothing parsed: node's and the bundle's share of peak RSS.
    result = { containers: 0 };
  } else if (kind === 'ingest') {
    const r = await ingestFile(file, MANIFEST_SIZE_CAPS);
    result = { containers: r.unitsQueued, status: `${r.outcome}/${r.status}` };
  } else if (kind === 'json-parse') {
    const { readFile } = await import('node:fs/promises');
    const doc = JSON.parse(await readFile(file, 'utf8')) as Manifest;
    result = { containers: doc.containers.length };
  } else {
    const { manifest, report } = await parseManifest(fileSource(file));
    result = { containers: manifest?.containers.length ?? 0, status: report.status };
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // resourceUsage().maxRSS is in kilobytes: the process's peak resident set.
  process.stdout.write(
    JSON.stringify({ seconds, cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024, ...result }),
  );
}

async function bundleChild(dir: string): Promise<void> {
  childScript = join(dir, 'intake-bench.mjs');
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: childScript,
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
}

async function main(rows: number, synthetic: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pcu-intake-bench-'));
  try {
    await bundleChild(dir);
    const { manifest, source } = synthetic
      ? { manifest: synthesise(rows), source: 'synthesised' }
      : await buildManifest(rows);
    const csvPath = join(dir, 'manifest.csv');
    const csvRows = await writeLines(csvPath, manifestCsvLines(manifest));
    const jsonPath = join(dir, 'manifest.json');
    writeFileSync(jsonPath, JSON.stringify(manifest));
    const cuscarPath = await writeCuscarFile(manifest, join(dir, 'manifest.edi'));
    const railPath = join(dir, 'rail.csv');
    const railRows = synthetic ? 0 : await writeLines(railPath, manifestCsvLines(railManifest(csvRows)));
    console.log(
      `manifest (${source}): ${manifest.billsOfLading.length} B/Ls, ${manifest.containers.length} containers, ${csvRows} CSV rows; ` +
        `CSV ${mb(csvPath)} MB, JSON ${mb(jsonPath)} MB${cuscarPath ? `, CUSCAR ${mb(cuscarPath)} MB` : ''}`,
    );

    const csv = measure('csv', csvPath);
    const rail = railRows > 0 ? measure('csv', railPath) : undefined;
    // The ingest's path (streamed: first reading, report, second reading, chunks), with the
    // Lambda's heap limit as the Lambda runs it (without it V8 collects later: 432 MB, not 330).
    const csvIngest = measure('ingest', csvPath, RUNS, [`--max-old-space-size=${INGEST_HEAP_MB}`]);
    const tokenise = measure('csv-tokenise', csvPath);
    const json = measure('json', jsonPath);
    const jsonParse = measure('json-parse', jsonPath);
    const cuscar = cuscarPath ? measure('cuscar', cuscarPath) : undefined;
    const startup = measure('startup', csvPath);

    const rate = (r: Summary) => Math.round(csvRows / r.seconds);
    const cpuRate = (r: Summary) => Math.round(csvRows / r.cpuSeconds);
    const load = loadavg()[0]?.toFixed(1);
    console.log(
      `load average ${load} on ${cpus().length} cores (wall-clock rates suffer on a shared machine; CPU rates less)`,
    );
    console.log(
      `CSV parse+validate: median ${csv.seconds.toFixed(2)} s = ${rate(csv)} rows/s (${cpuRate(csv)} rows/CPU-s), peak RSS ${csv.maxRssMb.toFixed(0)} MB (status ${csv.status})`,
    );
    if (rail) {
      const railRate = Math.round(railRows / rail.seconds);
      console.log(
        `rail CSV parse+validate (${railRows} rows, CIM/SMGS columns): median ${rail.seconds.toFixed(2)} s = ${railRate} rows/s (${Math.round(railRows / rail.cpuSeconds)} rows/CPU-s), peak RSS ${rail.maxRssMb.toFixed(0)} MB; ` +
          `rail/sea rate = ${(railRate / rate(csv)).toFixed(2)} (target: rail CSV at the sea CSV's rate)`,
      );
    }
    console.log(
      `CSV ingest (streamed, two readings, chunked): median ${csvIngest.seconds.toFixed(2)} s = ${rate(csvIngest)} rows/s (${cpuRate(csvIngest)} rows/CPU-s), peak RSS ${csvIngest.maxRssMb.toFixed(0)} MB (${csvIngest.status})`,
    );
    console.log(
      `  the same process before parsing (node + the bundled intake): peak RSS ${startup.maxRssMb.toFixed(0)} MB`,
    );
    console.log(
      `  baseline csv-parse tokenising only: ${tokenise.seconds.toFixed(2)} s; intake/tokenise = ${(csv.seconds / tokenise.seconds).toFixed(2)}x`,
    );
    console.log(
      `JSON parse+validate: median ${json.seconds.toFixed(2)} s = ${rate(json)} rows/s equivalent (${cpuRate(json)} rows/CPU-s), peak RSS ${json.maxRssMb.toFixed(0)} MB`,
    );
    console.log(
      `  baseline JSON.parse only: ${jsonParse.seconds.toFixed(2)} s; intake/JSON.parse = ${(json.seconds / jsonParse.seconds).toFixed(2)}x`,
    );
    if (cuscar) {
      console.log(
        `CUSCAR parse+validate: median ${cuscar.seconds.toFixed(2)} s = ${rate(cuscar)} rows/s equivalent (${cpuRate(cuscar)} rows/CPU-s), peak RSS ${cuscar.maxRssMb.toFixed(0)} MB`,
      );
    } else {
      console.log('CUSCAR: writer not available yet, not measured');
    }
    const pass = rate(csv) >= 50_000 && csv.maxRssMb <= 300;
    console.log(`target CSV >= 50,000 rows/s and <= 300 MB (parse+validate): ${pass ? 'met' : 'NOT met'}`);
    const ingestPass = rate(csvIngest) >= 50_000 && csvIngest.maxRssMb <= 300;
    console.log(`target CSV >= 50,000 rows/s and <= 300 MB (ingest): ${ingestPass ? 'met' : 'NOT met'}`);
    console.log(
      `BENCH ${JSON.stringify({
        name: 'intake',
        dataset: source,
        rows: csvRows,
        containers: manifest.containers.length,
        runs: RUNS,
        csvRowsPerSec: rate(csv),
        csvRowsPerCpuSec: cpuRate(csv),
        csvSeconds: round(csv.seconds),
        csvPeakRssMb: Math.round(csv.maxRssMb),
        csvIngestRowsPerSec: rate(csvIngest),
        csvIngestRowsPerCpuSec: cpuRate(csvIngest),
        csvIngestPeakRssMb: Math.round(csvIngest.maxRssMb),
        startupPeakRssMb: Math.round(startup.maxRssMb),
        csvVsTokenise: round(csv.seconds / tokenise.seconds),
        ...(rail && {
          railCsvRows: railRows,
          railCsvRowsPerSec: Math.round(railRows / rail.seconds),
          railCsvPeakRssMb: Math.round(rail.maxRssMb),
          railVsSeaCsvRate: round(railRows / rail.seconds / rate(csv)),
        }),
        jsonRowsPerSec: rate(json),
        jsonRowsPerCpuSec: cpuRate(json),
        jsonSeconds: round(json.seconds),
        jsonPeakRssMb: Math.round(json.maxRssMb),
        jsonVsJsonParse: round(json.seconds / jsonParse.seconds),
        ...(cuscar && {
          cuscarRowsPerSec: rate(cuscar),
          cuscarRowsPerCpuSec: cpuRate(cuscar),
          cuscarSeconds: round(cuscar.seconds),
          cuscarPeakRssMb: Math.round(cuscar.maxRssMb),
        }),
        loadAverage: Number(load),
        targetMet: pass,
        ingestTargetMet: ingestPass,
      })}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Summary {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  status?: string;
}

function measure(kind: string, file: string, runs = RUNS, nodeFlags: string[] = []): Summary {
  const results: ChildResult[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [...nodeFlags, childScript, '--child', kind, file], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    results.push(JSON.parse(out) as ChildResult);
  }
  return {
    seconds: median(results.map((r) => r.seconds)),
    cpuSeconds: median(results.map((r) => r.cpuSeconds)),
    maxRssMb: median(results.map((r) => r.maxRssMb)),
    ...(results[0]?.status && { status: results[0].status }),
  };
}

async function buildManifest(rows: number): Promise<{ manifest: Manifest; source: string }> {
  try {
    const generator = (await import('#generator/index.ts')) as unknown as {
      generateManifest: (opts: { containers: number; seed: number }) => { manifest: Manifest };
    };
    // Grow the container count until the CSV has the wanted number of rows.
    let containers = Math.max(100, Math.round(rows / 8));
    for (let attempt = 0; attempt < 4; attempt++) {
      const { manifest } = generator.generateManifest({ containers, seed: 42 });
      let count = 0;
      for (const _ of manifestCsvLines(manifest)) count++;
      count--; // header
      if (count >= rows * 0.95) return { manifest, source: 'generateManifest' };
      containers = Math.ceil((containers * rows) / Math.max(1, count)) + 1;
    }
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
  }
  return { manifest: synthesise(rows), source: 'synthesised' };
}

/** A generated container train with about `rows` CSV rows (one goods line per container or wagon). */
function railManifest(rows: number): Manifest {
  return generateManifest({ mode: 'rail', containers: rows, seed: 42 }).manifest;
}

/** A consolidation-heavy vessel: 10 rows per B/L (2 containers x 5 goods lines), valid identifiers. */
function synthesise(rows: number): Manifest {
  const ports = ['CNSHA', 'SGSIN', 'NLRTM', 'DEHAM', 'BEANR', 'ESALG', 'MAPTM', 'USNYC'];
  const hs = ['950300', '640411', '847130', '870323', '392690', '610910', '940360', '852872'];
  const billsOfLading: BillOfLading[] = [];
  const containers: Container[] = [];
  const blCount = Math.ceil(rows / 10);
  for (let b = 0; b < blCount; b++) {
    const numbers = [0, 1].map((k) => containerNumber(b * 2 + k));
    for (const number of numbers) {
      containers.push({
        number,
        isoType: '45G1',
        seals: [`SL${b}${number.slice(-3)}`],
        status: 'full',
        shipperOwned: false,
        verifiedGrossMassKg: 18_000 + (b % 9000),
      });
    }
    const goods: GoodsItem[] = [];
    for (let g = 0; g < 10; g++) {
      goods.push({
        lineNumber: g + 1,
        description: `Consolidated cargo line ${g + 1}, assorted household goods`,
        hsCode: hs[(b + g) % hs.length],
        packageCount: 10 + g,
        packageType: 'CT',
        grossWeightKg: 1200 + g * 10,
        volumeM3: 4.5,
        marks: `N/M ${b}`,
        containers: [numbers[g % 2] as string],
      });
    }
    billsOfLading.push({
      number: `MEDU${String(100000 + b)}`,
      type: 'master',
      shipper: {
        name: `Shenzhen Export Trading Co ${b % 500}`,
        address: 'No. 8 Harbour Road, Shenzhen',
        country: 'CN',
        identifier: `CN${b % 997}`,
      },
      consignee: {
        name: `Rotterdam Import BV ${b % 700}`,
        address: 'Waalhaven 12, Rotterdam',
        country: 'NL',
      },
      notifyParties: [{ name: `Notify Logistics ${b % 300}`, country: 'NL' }],
      portOfLoading: ports[b % 3],
      transshipmentPorts: b % 4 === 0 ? ['SGSIN'] : [],
      portOfDischarge: 'NLRTM',
      freightTerms: 'prepaid',
      containers: numbers,
      goods,
    });
  }
  return {
    voyage: {
      vesselName: 'MSC SYNTHETIC',
      imoNumber: '9074729',
      voyageNumber: 'FA001W',
      reportingPort: 'NLRTM',
      eta: '2026-01-15',
      previousPortsOfCall: ['SGSIN', 'ESALG'],
    },
    billsOfLading,
    containers,
  };
}

function containerNumber(i: number): string {
  const first10 = `MSCU${String(i).padStart(6, '0')}`;
  const values: Record<string, number> = {};
  let v = 10;
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (v % 11 === 0) v++;
    values[letter] = v++;
  }
  let sum = 0;
  for (let k = 0; k < 10; k++) {
    const ch = first10[k] as string;
    sum += (k < 4 ? (values[ch] as number) : Number(ch)) * 2 ** k;
  }
  return `${first10}${(sum % 11) % 10}`;
}

async function writeCuscarFile(manifest: Manifest, path: string): Promise<string | undefined> {
  writeFileSync(path, writeCuscar(manifest));
  return path;
}

/**
 * Part 2: each format at its cap and at half of it, through the whole ingest path, in a node
 * with the ingest Lambda's heap limit. Files come from the generator (`pcu generate`), sized by
 * the bytes per container of a small sample so the larger one is just under the cap.
 */
async function atTheCaps(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pcu-intake-caps-'));
  const budgetMb = QUEUES.intake.ingestMemoryMb * 0.7;
  const flags = [`--max-old-space-size=${INGEST_HEAP_MB}`];
  const results: Record<string, unknown> = {};
  let allMet = true;
  try {
    await bundleChild(dir);
    console.log(
      `\nat the caps: ingest Lambda ${QUEUES.intake.ingestMemoryMb} MB (heap limit ${INGEST_HEAP_MB} MB), budget 70% = ${budgetMb.toFixed(0)} MB peak RSS; ${RUNS_AT_CAP} runs each, medians`,
    );
    // `--formats=json,cuscar` measures only those.
    const only = process.argv
      .find((a) => a.startsWith('--formats='))
      ?.slice('--formats='.length)
      .split(',');
    for (const format of ['csv', 'json', 'cuscar'] as GeneratedFormat[]) {
      if (only && !only.includes(format)) continue;
      const cap = MANIFEST_SIZE_CAPS[format];
      const sample = join(dir, `sample.${format}`);
      const sampleContainers = 2000;
      await writeGenerated(sample, format, sampleContainers);
      const bytesPerContainer = statSync(sample).size / sampleContainers;
      rmSync(sample);
      const sizes: { containers: number; summary: Summary; mb: number }[] = [];
      for (const share of [0.5, 0.96]) {
        let containers = Math.floor((cap * share) / bytesPerContainer);
        const file = join(dir, `at-${share}.${format}`);
        await writeGenerated(file, format, containers);
        // Larger vessels have longer lines on average: shrink until the file is within the share.
        for (let size = statSync(file).size; size > cap * share * 1.01; size = statSync(file).size) {
          containers = Math.floor((containers * cap * share) / size);
          await writeGenerated(file, format, containers);
        }
        const mbOnDisk = statSync(file).size / 1024 / 1024;
        let summary: Summary;
        try {
          summary = measure('ingest', file, RUNS_AT_CAP, flags);
        } catch (err) {
          // A child that ran out of heap: the cap is too high for the memory (reported, not thrown).
          console.log(
            `${format.toUpperCase()}: the ingest failed (${(err as Error).message.split('\n')[0]})`,
          );
          summary = { seconds: 0, cpuSeconds: 0, maxRssMb: Number.POSITIVE_INFINITY, status: 'crashed' };
        }
        rmSync(file);
        sizes.push({ containers, summary, mb: mbOnDisk });
        console.log(
          `${format.toUpperCase()} ${mbOnDisk.toFixed(0)} MB (${containers} containers, cap ${(cap / 1024 / 1024).toFixed(0)} MB): ` +
            `peak RSS ${summary.maxRssMb.toFixed(0)} MB, ${summary.seconds.toFixed(1)} s, ${summary.status}`,
        );
      }
      const [half, full] = sizes as [(typeof sizes)[0], (typeof sizes)[0]];
      const perHundredK =
        ((full.summary.maxRssMb - half.summary.maxRssMb) / (full.containers - half.containers)) * 100_000;
      const met = full.summary.maxRssMb <= budgetMb && full.summary.status === 'queued/accepted';
      allMet &&= met;
      console.log(
        `  ${format.toUpperCase()}: ${perHundredK.toFixed(0)} MB peak RSS per 100,000 containers; at the cap ${met ? 'within' : 'OVER'} the budget`,
      );
      results[format] = {
        capMb: Math.round(cap / 1024 / 1024),
        fileMb: Math.round(full.mb),
        containers: full.containers,
        peakRssMb: Math.round(full.summary.maxRssMb),
        seconds: round(full.summary.seconds),
        halfCapPeakRssMb: Math.round(half.summary.maxRssMb),
        mbPer100kContainers: Math.round(perHundredK),
        withinBudget: met,
      };
    }
    console.log(
      `BENCH ${JSON.stringify({
        name: 'intake-at-caps',
        ingestMemoryMb: QUEUES.intake.ingestMemoryMb,
        heapLimitMb: INGEST_HEAP_MB,
        budgetMb: Math.round(budgetMb),
        runs: RUNS_AT_CAP,
        ...results,
        loadAverage: Number(loadavg()[0]?.toFixed(1)),
        targetMet: allMet,
      })}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function writeGenerated(path: string, format: GeneratedFormat, containers: number): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of generateManifestText({ containers, seed: 42 }, format).chunks) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await new Promise<void>((r) => out.once('finish', () => r()));
}

async function writeLines(path: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  let count = -1;
  let buffer = '';
  for (const line of lines) {
    count++;
    buffer += line;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffer = '';
    }
  }
  out.end(buffer);
  await new Promise<void>((r) => out.once('finish', () => r()));
  return count;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function mb(path: string): string {
  return (statSync(path).size / 1024 / 1024).toFixed(1);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
