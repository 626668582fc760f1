/**
 * Renders a generated manifest in any of the three intake formats as a sequence of text
 * chunks, so `pcu generate` and the benchmarks can write 200,000 CSV rows to a file without
 * building the whole text (CSV is written shipment by shipment; JSON B/L by B/L with the
 * containers kept until the end; CUSCAR needs the whole manifest, as its writer does).
 */
import { manifestCsvLines } from '#core/manifest/csv-writer.ts';
import { writeCuscar } from '#core/manifest/cuscar-writer.ts';
import type { Container, Manifest } from '#schemas/manifest.ts';
import {
  type GenerateOptions,
  GeneratorOptionError,
  generateManifestParts,
  type ManifestParts,
} from './generate-manifest.ts';
import type { PlantedTruth } from './planting.ts';

export type GeneratedFormat = 'csv' | 'json' | 'cuscar';

export interface GeneratedText {
  /** Iterate once. */
  chunks: Iterable<string>;
  /** Complete once `chunks` has been consumed. */
  truth: PlantedTruth[];
}

function* csvChunks({ voyage, parts }: ManifestParts): Generator<string> {
  let first = true;
  for (const part of parts) {
    const lines = manifestCsvLines({
      voyage,
      billsOfLading: part.billsOfLading,
      containers: part.containers,
    });
    let text = '';
    let header = true;
    for (const line of lines) {
      if (header) {
        header = false;
        if (!first) continue;
      }
      text += line;
    }
    first = false;
    yield text;
  }
}

/** One B/L or container per line: valid JSON, greppable, and parses to the generated model. */
function* jsonChunks({ voyage, parts }: ManifestParts): Generator<string> {
  const containers: Container[] = [];
  yield `{"voyage":${JSON.stringify(voyage)},\n"billsOfLading":[`;
  let first = true;
  for (const part of parts) {
    let text = '';
    for (const bl of part.billsOfLading) {
      text += `${first ? '\n' : ',\n'}${JSON.stringify(bl)}`;
      first = false;
    }
    for (const c of part.containers) containers.push(c);
    yield text;
  }
  yield '\n],\n"containers":[';
  for (let i = 0; i < containers.length; i += 1000) {
    yield containers
      .slice(i, i + 1000)
      .map((c, j) => `${i + j === 0 ? '\n' : ',\n'}${JSON.stringify(c)}`)
      .join('');
  }
  yield '\n]}\n';
}

function* cuscarChunks({ voyage, parts }: ManifestParts, seed: string | number): Generator<string> {
  const manifest: Manifest = { voyage, billsOfLading: [], containers: [] };
  for (const part of parts) {
    manifest.billsOfLading.push(...part.billsOfLading);
    manifest.containers.push(...part.containers);
  }
  // Prepared two days before arrival, reference from the voyage: the same seed gives the same bytes.
  const eta = voyage.eta ? Date.parse(voyage.eta) : Date.UTC(2026, 0, 1);
  yield writeCuscar(manifest, {
    preparedAt: new Date(eta - 2 * 86_400_000),
    reference:
      `${voyage.voyageNumber.replace(/[^A-Z0-9]/gi, '')}${String(seed).replace(/[^A-Z0-9]/gi, '')}`.slice(
        0,
        14,
      ) || 'PCUGEN',
  });
}

/** Throws GeneratorOptionError at once for bad options (not on first iteration). */
export function generateManifestText(opts: GenerateOptions, format: GeneratedFormat): GeneratedText {
  if (format === 'cuscar' && opts.mode && opts.mode !== 'sea')
    throw new GeneratorOptionError(
      `CUSCAR carries sea manifests only: write a ${opts.mode} manifest as csv or json`,
    );
  const generated = generateManifestParts(opts);
  const chunks =
    format === 'csv'
      ? csvChunks(generated)
      : format === 'json'
        ? jsonChunks(generated)
        : cuscarChunks(generated, opts.seed);
  return { chunks, truth: generated.truth };
}
