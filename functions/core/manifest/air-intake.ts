import {
  type BillOfLading,
  type Container,
  Manifest,
  type ManifestInput,
  type Voyage,
} from '#schemas/manifest.ts';
import type { ManifestFormat } from '#schemas/validation-report.ts';
import type { ReportBuilder } from './report-builder.ts';

/**
 * How parse-manifest.ts reaches the air waybill readers (Cargo-XML, Cargo-IMP): content
 * detection, the whole-model parser, and the record-by-record reading of the ingest. An air
 * message is small and read whole; its records are then handed out like the streamed formats'.
 */
export type AirFormat = 'cargo-xml' | 'cargo-imp';

export type AirParser = (
  text: AsyncIterable<string>,
  report: ReportBuilder,
  options: { reportingPort?: string },
) => Promise<ManifestInput | undefined>;

export function isAirFormat(format: ManifestFormat | undefined): format is AirFormat {
  return format === 'cargo-xml' || format === 'cargo-imp';
}

/**
 * XML (Cargo-XML; the reader names any other root), or a Cargo-IMP FWB/FHL identifier line,
 * possibly after a Type-B envelope (`QK` address, `.` origin lines).
 */
export function detectAirFormat(start: string): AirFormat | undefined {
  if (start.startsWith('<')) return 'cargo-xml';
  for (const line of start.split(/\r\n|\r|\n/, 6)) {
    const t = line.trim();
    if (/^(FWB|FHL)\/\d{1,3}$/.test(t)) return 'cargo-imp';
    if (t !== '' && !/^(Q[A-Z] |\.)/.test(t)) return undefined;
  }
  return undefined;
}

/**
 * The whole-model reader of an air format: the message read whole, its waybills converted.
 * Loaded lazily, like the CUSCAR reader: CSV and JSON users load neither the XML parser nor
 * the airport tables.
 */
export async function airParser(format: AirFormat): Promise<AirParser> {
  // Kept once loaded: a dynamic import of a loaded module still costs a resolve (a loader
  // round trip under tsx), per file.
  let parser = airParsers.get(format);
  if (!parser) {
    parser = await loadAirParser(format);
    airParsers.set(format, parser);
  }
  return parser;
}

const airParsers = new Map<AirFormat, AirParser>();

/** A literal specifier, so the bundler puts the readers (and their airport table) into the ingest Lambda. */
async function loadAirParser(format: AirFormat): Promise<AirParser> {
  const { airReader } = await import('./air-readers.ts');
  return airReader(format);
}

export interface AirRecordSink {
  billOfLading(bl: BillOfLading): void | Promise<void>;
  container(container: Container): void | Promise<void>;
  /** The whole model, once its records are handed out (a message is small and read whole). */
  model?(manifest: Manifest): void;
}

/** The ingest's reading: the message read whole, then its records handed to `sink`; returns the voyage. */
export async function readAirRecords(
  format: AirFormat,
  text: AsyncIterable<string>,
  report: ReportBuilder,
  options: { reportingPort?: string },
  sink: AirRecordSink,
): Promise<Voyage | undefined> {
  const input = await (await airParser(format))(text, report, options);
  if (!input || report.isFileRejected) return undefined;
  const model = modelOf(input, report);
  if (!model) return undefined;
  for (const container of model.containers) await sink.container(container);
  for (const bl of model.billsOfLading) await sink.billOfLading(bl);
  sink.model?.(model);
  return model.voyage;
}

/**
 * The schema fills defaults and is the last guard that what leaves the intake is a Manifest
 * (readers that build ManifestInput: CUSCAR, the air formats); a misfit rejects the file.
 */
export function modelOf(input: ManifestInput, report: ReportBuilder): Manifest | undefined {
  const parsed = Manifest.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  report.fileError(
    'JSON_SCHEMA',
    `The manifest read from the file does not fit the model: ${first?.message} at /${first?.path.join('/')}.`,
  );
  return undefined;
}
