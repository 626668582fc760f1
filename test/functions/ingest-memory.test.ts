import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { INGEST_HEAP_MB, MANIFEST_SIZE_CAPS } from '#adapters/pipeline-resources.ts';
import { type GeneratedFormat, generateManifestText } from '#generator/index.ts';
import type { ManifestFormat } from '#schemas/validation-report.ts';
import { type InMemoryIngestResult, ingestFile } from '../../bench/ingest-in-memory.ts';

/**
 * The ingest path at scaled-down caps, each run in a child node whose heap is scaled down
 * with it: the real caps are measured against the ingest Lambda's heap (INGEST_HEAP_MB) by
 * `npm run bench -- intake`; here a cap of 1/40 of the real one gets 1/40 of that heap plus
 * what node and the TypeScript loader take before any manifest is read. A parser that held
 * more than its share (the whole text, a JSON.parse tree, the model of a streamed format)
 * would run out of heap and the child would die.
 */
const execFileAsync = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'pcu-ingest-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCALE = 40;
/** The child's heap before any manifest: node, tsx and the intake code (measured about 30 MB). */
const BASE_HEAP_MB = 40;
const heapMb = BASE_HEAP_MB + Math.round(INGEST_HEAP_MB / SCALE);
const scaledCaps = Object.fromEntries(
  Object.entries(MANIFEST_SIZE_CAPS).map(([format, bytes]) => [format, Math.floor(bytes / SCALE)]),
) as Record<GeneratedFormat, number>;

async function runChild(file: string, caps: Partial<Record<ManifestFormat, number>>, heap = heapMb) {
  const { stdout } = await execFileAsync(
    process.execPath,
    [
      `--max-old-space-size=${heap}`,
      '--import',
      'tsx',
      'bench/ingest-in-memory.ts',
      file,
      JSON.stringify(caps),
    ],
    { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as InMemoryIngestResult;
}

/** A generated manifest (`pcu generate`) of about `bytes`, written chunk by chunk. */
async function generated(
  format: GeneratedFormat,
  bytes: number,
): Promise<{ file: string; containers: number }> {
  const perContainer = { csv: 780, json: 950, cuscar: 650 }[format];
  let containers = Math.floor(bytes / perContainer);
  const file = join(dir, `manifest-${bytes}.${format}`);
  for (;;) {
    const out = createWriteStream(file);
    for (const chunk of generateManifestText({ containers, seed: 7 }, format).chunks) out.write(chunk);
    out.end();
    await new Promise<void>((resolve) => out.once('finish', () => resolve()));
    const size = statSync(file).size;
    if (size <= bytes) return { file, containers };
    containers = Math.floor((containers * bytes) / size) - 10;
  }
}

describe('ingest memory at scaled-down caps', () => {
  for (const format of ['csv', 'json', 'cuscar'] as const) {
    it(`a ${format.toUpperCase()} manifest just under its scaled cap is queued whole within the scaled heap`, async () => {
      const { file, containers } = await generated(format, Math.floor(scaledCaps[format] * 0.95));
      const result = await runChild(file, scaledCaps);
      expect(result).toMatchObject({ outcome: 'queued', status: 'accepted', unitsQueued: containers });
    }, 60_000);
  }

  // CUSCAR three times only: six (48,000 containers) fits too but takes 90 s of collecting in this heap.
  for (const [format, times] of [
    ['csv', 6],
    ['json', 6],
    ['cuscar', 3],
  ] as const) {
    it(`a ${format.toUpperCase()} manifest ${times} times its scaled cap still fits the same heap: it is streamed`, async () => {
      // 15-30 MB, 24,000-45,000 containers: the model built whole does not fit this heap
      // (measured for JSON: out of memory), the streamed ingest holds only the cross-record index.
      const { file, containers } = await generated(format, scaledCaps[format] * times);
      const result = await runChild(file, { [format]: scaledCaps[format] * (times + 1) });
      expect(result).toMatchObject({ outcome: 'queued', status: 'accepted', unitsQueued: containers });
    }, 120_000);
  }

  it('6 MB of two million {} stays bounded: records counted against the limit, one report', async () => {
    const file = join(dir, 'empties.json');
    const voyage = '{"voyage":{"vesselName":"MSC ANNA","voyageNumber":"FA1","reportingPort":"NLRTM"},';
    writeFileSync(file, `${voyage}"containers":[${'{},'.repeat(1_999_999)}{}]}`);
    const result = await runChild(file, {}, 64);
    expect(result).toMatchObject({ outcome: 'rejected', status: 'rejected', unitsQueued: 0 });
    expect(result.errorCodes).toContain('FILE_TOO_LARGE');
  }, 60_000);
});

describe('FILE_TOO_LARGE', () => {
  for (const format of ['csv', 'json', 'cuscar'] as const) {
    it(`a ${format.toUpperCase()} file over its cap gets a report, whether its size is known or only found while reading`, async () => {
      const { file, containers } = await generated(format, 200_000);
      const cap = { [format]: statSync(file).size - 1 };
      const known = await ingestFile(file, cap);
      expect(known).toMatchObject({
        outcome: 'rejected',
        status: 'rejected',
        errorCodes: ['FILE_TOO_LARGE'],
      });
      const streaming = await ingestFile(file, cap, { sizeKnown: false });
      expect(streaming).toMatchObject({
        outcome: 'rejected',
        status: 'rejected',
        errorCodes: ['FILE_TOO_LARGE'],
      });
      // At its cap exactly, it is read.
      const atCap = await ingestFile(file, { [format]: statSync(file).size });
      expect(atCap).toMatchObject({ outcome: 'queued', unitsQueued: containers });
    }, 30_000);
  }
});
