import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Manifest, type ManifestInput } from '#schemas/manifest.ts';
import type { ManifestFormat, ValidationReport } from '#schemas/validation-report.ts';
import { checkAcrossRecords } from './cross-record-checks.ts';
import { sniffCsvHeader } from './csv-columns.ts';
import { parseCsv } from './csv-parser.ts';
import { parseJson } from './json-parser.ts';
import { ReportBuilder } from './report-builder.ts';
import {
  binaryReason,
  decodeSource,
  headText,
  isUtf8,
  type ManifestSource,
  NotUtf8Error,
  readHead,
  type TextEncodingName,
} from './text-decoding.ts';

export type { ManifestSource } from './text-decoding.ts';

export interface ParseResult {
  /** Undefined only when the file is rejected as a whole. */
  manifest?: Manifest;
  report: ValidationReport;
}

export interface ParseOptions {
  /** The format the caller expects; the content wins when it says otherwise (with a warning). */
  format?: ManifestFormat;
  /**
   * The PCU's port (UN/LOCODE) known from outside the file (e.g. the S3 key
   * `incoming/{port}/...`): used, with a warning, when the file names no reporting port.
   */
  reportingPort?: string;
}

type FormatParser = (
  text: AsyncIterable<string>,
  report: ReportBuilder,
  options: { reportingPort?: string },
) => Promise<ManifestInput | undefined>;

/** Reads a file in 64 KiB chunks; each `open()` starts a new read. */
export function fileSource(path: string): ManifestSource {
  return {
    name: path,
    async *open() {
      // A missing or unreadable file throws here; parseManifest turns it into a file rejection.
      const info = await stat(path);
      if (!info.isFile()) throw Object.assign(new Error(`${path} is not a file`), { code: 'EISDIR' });
      for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) yield chunk as Buffer;
    },
  };
}

/** In-memory bytes (tests, an S3 object already fetched), served in 64 KiB chunks like a file. */
export function bytesSource(bytes: Uint8Array | string, name?: string): ManifestSource {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return {
    ...(name !== undefined && { name }),
    async *open() {
      for (let i = 0; i < data.length; i += 64 * 1024) yield data.subarray(i, i + 64 * 1024);
    },
  };
}

/**
 * Reads a manifest in any supported format into the model plus a validation report. Never
 * throws for bad input: an unreadable file gives `{ report }` with status `rejected` and one
 * clear reason; bad records are rejected with their reasons and the rest is kept.
 */
export async function parseManifest(source: ManifestSource, opts: ParseOptions = {}): Promise<ParseResult> {
  const first = new ReportBuilder();
  let head: Awaited<ReturnType<typeof readHead>>;
  try {
    head = await readHead(source);
  } catch (err) {
    first.fileError('FILE_UNREADABLE', `The file cannot be read: ${describeReadError(err, source.name)}`);
    return { report: first.build(ZERO) };
  }

  const binary = head.bytes.length > 0 ? binaryReason(head.bytes) : undefined;
  const initialEncoding: TextEncodingName = isUtf8(head.bytes, head.complete) ? 'utf-8' : 'latin1';
  const text = headText(head.bytes, initialEncoding);
  if (binary) {
    first.fileError('FILE_BINARY', binary);
    return { report: first.build(ZERO) };
  }
  if (text.trim() === '') {
    first.fileError(
      'FILE_EMPTY',
      head.bytes.length === 0 ? 'The file is empty (0 bytes).' : 'The file has only blank lines.',
    );
    return { report: first.build(ZERO) };
  }

  const detected = detectFormat(text);
  const claimed = opts.format ?? formatFromExtension(source.name);
  const format = detected ?? opts.format;
  if (!format) {
    first.fileError(
      'FILE_FORMAT_UNKNOWN',
      'The content is not JSON, EDIFACT (UNA/UNB/UNH) or a CSV with a manifest header (e.g. bl_number, container_number). ' +
        'See the README, "Manifests: formats, validation and error codes".',
    );
    return { report: first.build(ZERO) };
  }

  let encoding = initialEncoding;
  for (;;) {
    const report = new ReportBuilder();
    report.format = format;
    report.encoding = encoding;
    if (claimed && claimed !== format) {
      report.warning(
        'FILE_FORMAT_MISMATCH',
        {},
        `${opts.format ? `The requested format is ${claimed}` : `The file name says ${claimed}`} but the content is ${format}; read as ${format}.`,
      );
    }
    if (encoding === 'latin1') report.warning('FILE_ENCODING_LATIN1');
    try {
      const parser = await parserFor(format);
      const input = await parser(decodeSource(source, encoding), report, {
        ...(opts.reportingPort && { reportingPort: opts.reportingPort }),
      });
      // The CSV and JSON parsers build complete model objects; CUSCAR gives ManifestInput.
      return finish(input, report, format === 'cuscar');
    } catch (err) {
      if (err instanceof NotUtf8Error && encoding === 'utf-8') {
        encoding = 'latin1'; // an invalid byte beyond the first look: start again as Latin-1
        continue;
      }
      if (isReadError(err)) {
        const rejected = new ReportBuilder();
        rejected.format = format;
        rejected.fileError(
          'FILE_UNREADABLE',
          `The file cannot be read: ${describeReadError(err, source.name)}`,
        );
        return { report: rejected.build(ZERO) };
      }
      throw err;
    }
  }
}

const ZERO = { billsOfLading: 0, containers: 0, goodsItems: 0 };

function finish(input: ManifestInput | undefined, report: ReportBuilder, needsSchema: boolean): ParseResult {
  if (!input || report.isFileRejected) return { report: report.build(ZERO) };
  if (!needsSchema) return withCrossChecks(input as Manifest, report);
  // The schema fills defaults and is the last guard that what leaves the intake is a Manifest.
  const parsed = Manifest.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    report.fileError(
      'JSON_SCHEMA',
      `The manifest read from the file does not fit the model: ${first?.message} at /${first?.path.join('/')}.`,
    );
    return { report: report.build(ZERO) };
  }
  return withCrossChecks(parsed.data, report);
}

function withCrossChecks(input: Manifest, report: ReportBuilder): ParseResult {
  const manifest = checkAcrossRecords(input, report);
  return {
    manifest,
    report: report.build({
      billsOfLading: manifest.billsOfLading.length,
      containers: manifest.containers.length,
      goodsItems: manifest.billsOfLading.reduce((n, bl) => n + bl.goods.length, 0),
    }),
  };
}

async function parserFor(format: ManifestFormat): Promise<FormatParser> {
  if (format === 'csv') return parseCsv;
  if (format === 'json') return parseJson;
  // Loaded lazily: the CUSCAR parser is another module and CSV/JSON users do not need it.
  const { parseCuscar } = (await import('./cuscar-parser.ts')) as { parseCuscar: FormatParser };
  return parseCuscar;
}

/** The format the content shows: JSON by its first bracket, EDIFACT by its service segments, CSV by its header. */
export function detectFormat(text: string): ManifestFormat | undefined {
  const start = text.trimStart();
  const first = start[0];
  if (first === '{' || first === '[') return 'json';
  if (/^UN[ABH]/.test(start)) return 'cuscar';
  const firstLine = start.split(/\r?\n|\r/, 1)[0] ?? '';
  return sniffCsvHeader(firstLine).knownColumns >= 2 ? 'csv' : undefined;
}

function formatFromExtension(name: string | undefined): ManifestFormat | undefined {
  if (!name) return undefined;
  const ext = extname(name).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.edi' || ext === '.edifact' || ext === '.cuscar') return 'cuscar';
  return undefined;
}

function isReadError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && !(err instanceof NotUtf8Error);
}

function describeReadError(err: unknown, name: string | undefined): string {
  const code = (err as { code?: string })?.code;
  const what = name ?? 'the file';
  if (code === 'ENOENT') return `${what} does not exist.`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied for ${what}.`;
  if (code === 'EISDIR') return `${what} is a directory, not a file.`;
  return `${what}: ${(err as Error)?.message ?? String(err)}`;
}
