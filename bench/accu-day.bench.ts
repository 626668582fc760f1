/**
 * Profiling an Air Cargo Control Unit's day (issue 12 target: 20,000 house air waybills
 * profiled in <= 2 s on one core). The day is made by the generator (`pcu generate --mode air`):
 * freighter flights of e-commerce consolidations from Hong Kong or Shanghai into Tashkent and
 * Almaty, 24 ULDs each (a master AWB over 5-30 house AWBs per ULD), with OFAC/UN entries planted
 * in house parties, until the day holds 20,000 house AWBs. Each flight goes the pipeline's way:
 * its JSON read by the ingest (`readManifestForIntake`, units handed out as they complete), cut
 * into profiling chunks of 100 units that travel as JSON (as SQS carries them), then profiled as
 * the profile Lambda does: a config snapshot built from the default profiles and the bundled
 * watchlists and loaded (`buildSnapshot` / `loadSnapshot`), one screening session per manifest,
 * `assess` on every unit (every party of every house screened). Only profiling is timed; the
 * snapshot load and the intake are reported apart.
 *
 * Median of 5 runs (fresh sessions each run). `tsx bench/accu-day.bench.ts [houses]`.
 */
import { QUEUES } from '#adapters/pipeline-resources.ts';
import { bytesSource, readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import { defaultProfileSet } from '#core/profiling/index.ts';
import { buildSnapshot } from '#core/snapshot/build-snapshot.ts';
import { loadSnapshot } from '#core/snapshot/load-snapshot.ts';
import { defaultWatchlistPaths, loadWatchlist } from '#core/watchlists/index.ts';
import { type GeneratedText, generateManifestText } from '#generator/index.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import type { ContainerUnit, Voyage } from '#schemas/manifest.ts';

const RUNS = 5;
const HOUSES = Number(process.argv[2] ?? 20_000);
const ULDS_PER_FLIGHT = 24;
const PLANTS_PER_FLIGHT = 2;
const AIRPORTS = ['UZTAS', 'KZALA'];
const CHUNK = QUEUES.profiling.chunkSize;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const round = (x: number, digits = 0) => Number(x.toFixed(digits));

interface Flight {
  manifestId: string;
  port: string;
  /** The chunks' JSON as the profiling queue carries it. */
  chunks: string[];
  houses: number;
  truth: GeneratedText['truth'];
}

type Chunk = { voyage: Voyage; units: Omit<ContainerUnit, 'voyage'>[] };

const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
let t = performance.now();
const snapshot = loadSnapshot(buildSnapshot({ entries, profileSet: defaultProfileSet() }).body);
const snapshotMs = performance.now() - t;

// --- the day ---
t = performance.now();
const flights: Flight[] = [];
let houses = 0;
let intakeMs = 0;
for (let f = 0; houses < HOUSES; f++) {
  const port = AIRPORTS[f % AIRPORTS.length] as string;
  const generated = generateManifestText(
    {
      mode: 'air',
      containers: ULDS_PER_FLIGHT,
      seed: `accu-day-${f}`,
      reportingPort: port,
      plant: { count: PLANTS_PER_FLIGHT, entries },
    },
    'json',
  );
  const bytes = new TextEncoder().encode([...generated.chunks].join(''));
  const i0 = performance.now();
  const read = await readManifestForIntake(bytesSource(bytes, `flight-${f}.json`), { reportingPort: port });
  if (read.report.status === 'rejected' || !read.voyage) throw new Error(`flight ${f} was rejected`);
  const units: Omit<ContainerUnit, 'voyage'>[] = [];
  await read.forEachUnit((u) => {
    units.push({ container: u.container, billsOfLading: u.billsOfLading });
  });
  intakeMs += performance.now() - i0;
  const voyage = read.voyage;
  const chunks: string[] = [];
  for (let i = 0; i < units.length; i += CHUNK) {
    chunks.push(JSON.stringify({ voyage, units: units.slice(i, i + CHUNK) } satisfies Chunk));
  }
  const houseCount = countHouses(chunks);
  flights.push({ manifestId: `flight-${f}`, port, chunks, houses: houseCount, truth: generated.truth });
  houses += houseCount;
}
const generateMs = performance.now() - t - intakeMs;

function countHouses(chunks: string[]): number {
  const seen = new Set<string>();
  for (const c of chunks) {
    for (const u of (JSON.parse(c) as Chunk).units)
      for (const bl of u.billsOfLading) if (bl.type === 'house') seen.add(bl.number);
  }
  return seen.size;
}

// --- profiling, as the profile Lambda does it ---
interface DayResult {
  ms: number;
  cpuMs: number;
  units: number;
  flagged: number;
  partyNamesScreened: number;
  assessments: Map<string, ContainerAssessment>;
}

function profileDay(): DayResult {
  const assessments = new Map<string, ContainerAssessment>();
  let units = 0;
  let flagged = 0;
  let partyNamesScreened = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (const flight of flights) {
    const session = snapshot.newSession();
    for (const body of flight.chunks) {
      const chunk = JSON.parse(body) as Chunk;
      for (const part of chunk.units) {
        const unit = { voyage: chunk.voyage, container: part.container, billsOfLading: part.billsOfLading };
        const a = snapshot.assess(unit, { reportingPort: flight.port, session });
        units++;
        if (a.flagged) flagged++;
        assessments.set(`${flight.manifestId}/${a.containerNumber}`, a);
      }
    }
    partyNamesScreened += session.partyNamesScreened;
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, units, flagged, partyNamesScreened, assessments };
}

const runs: DayResult[] = [];
for (let r = 0; r < RUNS; r++) runs.push(profileDay());
const last = runs[runs.length - 1] as DayResult;

// Planted parties found: an entry planted in a house is explained by a watchlist hit on its ULD.
let planted = 0;
let found = 0;
for (const flight of flights) {
  for (const x of flight.truth) {
    if (x.role === 'vessel') continue;
    planted++;
    const hit = x.containers.some((c) =>
      last.assessments
        .get(`${flight.manifestId}/${c}`)
        ?.hits.some((h) => h.evidence.some((e) => e.watchlist?.entityId === x.entryId)),
    );
    if (hit) found++;
  }
}

const profileMs = median(runs.map((r) => r.ms));
const cpuMs = median(runs.map((r) => r.cpuMs));
console.log(
  `ACCU day: ${flights.length} flights into ${AIRPORTS.join('/')}, ${houses} house AWBs in ${last.units} ULDs; generated in ${round(generateMs)} ms, read by the ingest in ${round(intakeMs)} ms`,
);
console.log(
  `snapshot (default profiles, ${entries.length} bundled watchlist entries) built and loaded in ${round(snapshotMs)} ms (once per snapshot)`,
);
console.log(
  `profiling, median of ${RUNS} runs: ${round(profileMs)} ms wall, ${round(cpuMs)} ms CPU (target <= 2,000 ms); runs ${runs.map((r) => round(r.ms)).join(' / ')} ms`,
);
console.log(
  `  ${last.partyNamesScreened} distinct party names screened (per manifest), flagged ${last.flagged} of ${last.units} ULDs; planted parties found ${found}/${planted}`,
);
console.log(
  `BENCH ${JSON.stringify({
    name: 'accu-day',
    flights: flights.length,
    houseAirWaybills: houses,
    ulds: last.units,
    runs: RUNS,
    medianProfileMs: round(profileMs),
    medianCpuMs: round(cpuMs),
    housesPerSecond: round(houses / (profileMs / 1000)),
    partyNamesScreened: last.partyNamesScreened,
    flagged: last.flagged,
    plantedFound: found,
    planted,
    snapshotLoadMs: round(snapshotMs),
    intakeMs: round(intakeMs),
    targetMs: 2000,
    meetsTarget: profileMs <= 2000,
  })}`,
);
