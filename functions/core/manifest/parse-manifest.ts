import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { BillOfLading, ContainerUnit, Manifest, ManifestInput, Voyage } from '#schemas/manifest.ts';
import type { ManifestFormat, ValidationReport } from '#schemas/validation-report.ts';
import { airParser, detectAirFormat, isAirFormat, modelOf, readAirRecords } from './air-intake.ts';
import { UnitAssembler } from './container-units.ts';
import { CrossRecordIndex, checkAcrossRecords } from './cross-record-checks.ts';
import { sniffCsvHeader } from './csv-columns.ts';
import { csvLastRows, parseCsv, parseCsvRecords } from './csv-parser.ts';
import { type JsonParseOptions, parseJson, parseJsonRecords } from './json-parser.ts';
import { ReportBuilder } from './report-builder.ts';
import {
  binaryReason,
  type ControlCharacters,
  decodeSource,
  FileTooLargeError,
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
  /** The file's size when known beforehand (e.g. the S3 object size), checked against `maxBytes`. */
  sizeBytes?: number;
  /**
   * Largest file accepted per format (bytes); larger gives FILE_TOO_LARGE. Checked against
   * `sizeBytes` as soon as the format is known, and against the bytes read while streaming.
   */
  maxBytes?: Partial<Record<ManifestFormat, number>>;
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
 * clear reason; a record with field errors is kept with them as dataQuality.
 */
export async function parseManifest(source: ManifestSource, opts: ParseOptions = {}): Promise<ParseResult> {
  const read = await readText(source, opts, async (text, report, format) => {
    const parser = await parserFor(format);
    return parser(text, report, { ...(opts.reportingPort && { reportingPort: opts.reportingPort }) });
  });
  if ('rejected' in read) return { report: read.rejected };
  // The CSV and JSON parsers build complete model objects; CUSCAR and the air readers give ManifestInput.
  return finish(read.value, read.report, read.format === 'cuscar' || isAirFormat(read.format));
}

/** What the ingest needs of a manifest, without holding it whole where the format allows. */
export interface IntakeRead {
  report: ValidationReport;
  /** Undefined when the file is rejected as a whole. */
  voyage?: Voyage;
  /** How many units `forEachUnit` hands out (one per distinct declared container). */
  unitCount: number;
  /**
   * Hands out every container unit: the source is read again, streamed, each unit handed out
   * as soon as its last B/L is read (only the index of the first reading is held).
   */
  forEachUnit(onUnit: (unit: ContainerUnit) => void | Promise<void>): Promise<void>;
}

/**
 * The ingest's reading of a manifest, in every format. It is read twice: first to validate
 * it, report, and index it (containers and which B/L names which); then, once the caller has
 * recorded the manifest, again to hand its units to chunking as they complete. Peak memory
 * is then the index plus the B/Ls still open (CSV: still expecting a row; both: of containers
 * waiting for a later B/L), not the whole model. A CSV is tokenized once more before the first
 * reading, for the last row of each B/L.
 */
export async function readManifestForIntake(
  source: ManifestSource,
  opts: ParseOptions = {},
): Promise<IntakeRead> {
  let index = new CrossRecordIndex();
  let voyage: Voyage | undefined;
  let lastRows: ReadonlyMap<string, number> = new Map();
  let droppedLinks: ReadonlySet<string> = new Set();
  // An air message is read whole anyway: its model is kept for the second reading, not read again.
  let airModel: Manifest | undefined;
  const read = await readText(source, opts, async (text, report, format) => {
    index = new CrossRecordIndex(); // a reading started again (as Latin-1) starts a new index
    if (isAirFormat(format)) {
      voyage = await readAirRecords(format, text, report, jsonOptions(opts), {
        billOfLading: (bl) => index.addBillOfLading(bl),
        container: (c) => {
          index.addContainer(c, report);
        },
        model: (m) => {
          airModel = m;
        },
      });
      return undefined;
    }
    if (format === 'csv') {
      // First pass: the last row of each B/L, so that each is handed on as soon as it is complete.
      lastRows = await csvLastRows(decodeSource(source, report.encoding ?? 'utf-8', csvDecodeOptions(opts)));
      voyage = await parseCsvRecords(text, report, jsonOptions(opts), {
        lastRows,
        billOfLading: (bl, firstLine) => index.addBillOfLading(bl, firstLine),
        container: (c) => {
          index.addContainer(c, report);
        },
      });
      return undefined;
    }
    if (format === 'cuscar') {
      const { parseCuscarRecords } = await import('./cuscar-parser.ts');
      const records = await parseCuscarRecords(text, report, jsonOptions(opts), {
        billOfLading: (bl) => index.addBillOfLading(bl),
        container: (c) => {
          index.addContainer(c, report);
        },
      });
      voyage = records?.voyage;
      droppedLinks = records?.droppedLinks ?? new Set();
      return undefined;
    }
    voyage = await parseJsonRecords(text, report, jsonOptions(opts), {
      billOfLading: (bl) => index.addBillOfLading(bl),
      container: (c) => {
        index.addContainer(c, report);
      },
    });
    return undefined;
  });
  if ('rejected' in read) return noUnits(read.rejected);
  const report = read.report;
  if (!voyage || report.isFileRejected) return noUnits(report.build(ZERO));
  // After readText, as in the whole-model reading: its warnings come after those of decoding.
  index.finish(report, droppedLinks);
  const streamedVoyage = voyage;
  return {
    report: report.build({
      billsOfLading: index.billsOfLading,
      containers: index.containers.size,
      goodsItems: index.goodsItems,
    }),
    voyage: streamedVoyage,
    // Every declared container, and a stand-in per B/L number that names none of them.
    unitCount: index.containers.size + index.standIns.size,
    async forEachUnit(onUnit) {
      const units = new UnitAssembler(streamedVoyage, index);
      // The second reading's report repeats the first; it is not kept.
      const again = new ReportBuilder();
      const text = decodeSource(source, read.encoding, { keepSeparators: read.format === 'cuscar' });
      const billOfLading = async (bl: BillOfLading, order?: number) => {
        for (const unit of units.addBillOfLading(bl, order)) await onUnit(unit);
      };
      if (airModel) {
        for (const bl of airModel.billsOfLading) await billOfLading(bl);
      } else if (isAirFormat(read.format)) {
        await readAirRecords(read.format, text, again, jsonOptions(opts), {
          billOfLading,
          container: () => {},
        });
      } else if (read.format === 'csv') {
        await parseCsvRecords(text, again, jsonOptions(opts), {
          lastRows,
          knownContainers: index.containers,
          billOfLading,
          container: () => {},
        });
      } else if (read.format === 'cuscar') {
        const { parseCuscarRecords } = await import('./cuscar-parser.ts');
        await parseCuscarRecords(text, again, jsonOptions(opts), {
          droppedLinks,
          knownContainers: index.containers,
          billOfLading: (bl) => billOfLading(bl),
          container: () => {},
        });
      } else {
        await parseJsonRecords(text, again, jsonOptions(opts), {
          billOfLading: (bl) => billOfLading(bl),
          container: () => {},
        });
      }
      for (const unit of units.finish()) await onUnit(unit);
    },
  };
}

/** The pre-pass decodes like the reading itself (same limit), without counting control characters twice. */
function csvDecodeOptions(opts: ParseOptions) {
  const limit = opts.maxBytes?.csv;
  return { keepSeparators: false, ...(limit !== undefined && { maxBytes: limit }) };
}

function jsonOptions(opts: ParseOptions): JsonParseOptions {
  return opts.reportingPort ? { reportingPort: opts.reportingPort } : {};
}

function noUnits(report: ValidationReport): IntakeRead {
  return { report, unitCount: 0, async forEachUnit() {} };
}

type TextRead<T> =
  | { rejected: ValidationReport }
  | { value: T; report: ReportBuilder; format: ManifestFormat; encoding: TextEncodingName };

/**
 * The part every reading shares: the first look at the head (empty, binary, format, size
 * limit), then the text decoded and handed to `parse`, again as Latin-1 when the bytes turn
 * out not to be UTF-8; FILE_TOO_LARGE when the bytes go past the format's limit.
 */
async function readText<T>(
  source: ManifestSource,
  opts: ParseOptions,
  parse: (text: AsyncIterable<string>, report: ReportBuilder, format: ManifestFormat) => Promise<T>,
): Promise<TextRead<T>> {
  const first = new ReportBuilder();
  let head: Awaited<ReturnType<typeof readHead>>;
  try {
    head = await readHead(source);
  } catch (err) {
    first.fileError('FILE_UNREADABLE', `The file cannot be read: ${describeReadError(err, source.name)}`);
    return { rejected: first.build(ZERO) };
  }

  const binary = head.bytes.length > 0 ? binaryReason(head.bytes) : undefined;
  const initialEncoding: TextEncodingName = isUtf8(head.bytes, head.complete) ? 'utf-8' : 'latin1';
  const text = headText(head.bytes, initialEncoding);
  if (binary) {
    first.fileError('FILE_BINARY', binary);
    return { rejected: first.build(ZERO) };
  }
  if (text.trim() === '') {
    first.fileError(
      'FILE_EMPTY',
      head.bytes.length === 0 ? 'The file is empty (0 bytes).' : 'The file has only blank lines.',
    );
    return { rejected: first.build(ZERO) };
  }

  const detected = detectFormat(text);
  const claimed = opts.format ?? formatFromExtension(source.name);
  const format = detected ?? opts.format;
  if (!format) {
    first.fileError(
      'FILE_FORMAT_UNKNOWN',
      'The content is not JSON, EDIFACT (UNA/UNB/UNH), Cargo-XML, a Cargo-IMP FWB/FHL message or a CSV with a manifest header (e.g. bl_number, container_number). ' +
        'See the README, "Manifests: formats, validation and error codes".',
    );
    return { rejected: first.build(ZERO) };
  }

  const limit = opts.maxBytes?.[format];
  if (limit !== undefined && opts.sizeBytes !== undefined && opts.sizeBytes > limit) {
    return { rejected: tooLarge(format, opts.sizeBytes, limit) };
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
    const controls: ControlCharacters = { count: 0 };
    try {
      const decoded = decodeSource(source, encoding, {
        controls,
        keepSeparators: format === 'cuscar',
        ...(limit !== undefined && { maxBytes: limit }),
      });
      const value = await parse(decoded, report, format);
      reportControls(controls, report);
      return { value, report, format, encoding };
    } catch (err) {
      if (err instanceof FileTooLargeError) {
        return { rejected: tooLarge(format, undefined, err.limitBytes) };
      }
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
        return { rejected: rejected.build(ZERO) };
      }
      throw err;
    }
  }
}

const ZERO = { billsOfLading: 0, containers: 0, goodsItems: 0 };

function tooLarge(format: ManifestFormat, size: number | undefined, limit: number): ValidationReport {
  const report = new ReportBuilder();
  report.format = format;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
  report.fileError(
    'FILE_TOO_LARGE',
    `${size === undefined ? 'The file is' : `The file is ${mb(size)},`} larger than the ${mb(limit)} accepted for ${format.toUpperCase()} manifests; split it (one file per voyage leg or per range of B/Ls) or send it as CSV.`,
  );
  return report.build(ZERO);
}

/** Control characters removed while decoding: one warning with the first position and the count. */
function reportControls(controls: ControlCharacters, report: ReportBuilder): void {
  if (controls.count === 0 || !controls.first) return;
  const { line, column, codePoint } = controls.first;
  const name = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  report.warning(
    'TEXT_CONTROL_CHARACTER',
    { line, column },
    `${controls.count} control character(s) that cannot be text were removed; the first, ${name}${codePoint === 0 ? ' (NUL)' : ''}, at line ${line}, column ${column}.`,
  );
}

function finish(input: ManifestInput | undefined, report: ReportBuilder, needsSchema: boolean): ParseResult {
  if (!input || report.isFileRejected) return { report: report.build(ZERO) };
  if (!needsSchema) return withCrossChecks(input as Manifest, report);
  const parsed = modelOf(input, report);
  return parsed ? withCrossChecks(parsed, report) : { report: report.build(ZERO) };
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
  if (isAirFormat(format)) return airParser(format);
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
  const air = detectAirFormat(start);
  if (air) return air;
  const firstLine = start.split(/\r?\n|\r/, 1)[0] ?? '';
  return sniffCsvHeader(firstLine).knownColumns >= 2 ? 'csv' : undefined;
}

function formatFromExtension(name: string | undefined): ManifestFormat | undefined {
  if (!name) return undefined;
  const ext = extname(name).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.json') return 'json';
  if (ext === '.edi' || ext === '.edifact' || ext === '.cuscar') return 'cuscar';
  if (ext === '.xml') return 'cargo-xml';
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
