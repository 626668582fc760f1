// The tokenizer alone (not the package index, which also brings the TokenParser and JSONParser).
import Tokenizer, { TokenizerError } from '@streamparser/json/tokenizer.js';
import type { ParsedTokenInfo } from '@streamparser/json/utils/types/parsedTokenInfo.js';
import TokenType from '@streamparser/json/utils/types/tokenType.js';
import type { z } from 'zod';
import { normaliseContainerNumber } from '#core/identifiers/container-number.ts';
import { normaliseLocode } from '#core/identifiers/locode.ts';
import {
  BillOfLading,
  Container,
  type DataQualityIssue,
  type Manifest,
  TransportMode,
  Voyage,
} from '#schemas/manifest.ts';
import type { IssueCode } from '#schemas/validation-report.ts';
import {
  billOfLadingProblems,
  containerProblems,
  type FieldProblem,
  goodsItemProblems,
  voyageProblems,
} from './record-checks.ts';
import type { ReportBuilder } from './report-builder.ts';

/**
 * Reads a manifest written as the model itself (schemas/manifest.ts), streamed: the text is
 * tokenised by @streamparser/json's Tokenizer and assembled here one record at a time (the
 * voyage, each B/L, each container). Only the record being read is built as a JSON value; it
 * is validated, turned into its model record and dropped. Nothing else of the document is
 * built: unknown keys are checked for syntax and skipped. (The library's TokenParser is not
 * used because it builds every value it is given; bounding a record means not building it.)
 *
 * Coverage: a record with field errors is kept with the bad fields left out; the errors are in
 * the report (JSON Pointer positions) and on the record as `dataQuality`. Only a record that
 * names neither a container nor a B/L is set aside (rejected, reported). A syntax error
 * rejects the file with its line and column.
 */
export interface JsonParseOptions {
  /** The PCU's port (UN/LOCODE), used with a warning when the voyage has no reporting port. */
  reportingPort?: string;
}

/** Bounds that keep a pathological document (deep nesting, huge records, millions of `{}`) cheap. */
export const JSON_LIMITS = {
  /** A manifest nests 6 levels (root > billsOfLading > B/L > goods > item > containers); deeper is not a manifest. */
  maxDepth: 32,
  /** Strings, numbers, objects and arrays in one record; a B/L with 5,000 goods lines holds about 75,000. */
  maxValuesPerRecord: 100_000,
  /** B/Ls plus containers of one file; the largest vessels declare about 25,000 containers. */
  maxRecords: 1_000_000,
  /** Field errors kept on one record as dataQuality (the report lists all of them). */
  maxDataQualityPerRecord: 50,
  /** Characters of a declared value kept in a dataQuality excerpt. */
  excerptChars: 64,
};

/** Where complete records go as the parser finds them (the ingest can chunk them as they come). */
export interface JsonRecordSink {
  billOfLading(bl: BillOfLading): void | Promise<void>;
  container(container: Container): void | Promise<void>;
}

export async function parseJson(
  text: AsyncIterable<string>,
  report: ReportBuilder,
  options: JsonParseOptions = {},
): Promise<Manifest | undefined> {
  const billsOfLading: BillOfLading[] = [];
  const containers: Container[] = [];
  const voyage = await parseJsonRecords(text, report, options, {
    billOfLading: (bl) => {
      billsOfLading.push(bl);
    },
    container: (c) => {
      containers.push(c);
    },
  });
  return voyage && { voyage, billsOfLading, containers };
}

/**
 * Streams the document, hands each accepted B/L and container to `sink` as soon as it is read,
 * and returns the voyage (undefined when the file is rejected as a whole).
 */
export async function parseJsonRecords(
  text: AsyncIterable<string>,
  report: ReportBuilder,
  options: JsonParseOptions,
  sink: JsonRecordSink,
): Promise<Voyage | undefined> {
  let voyage: Voyage | undefined;
  const assembler = new ManifestAssembler(report, (raw) => {
    if (options.reportingPort && isObject(raw) && !raw.reportingPort) {
      const port = normaliseLocode(options.reportingPort);
      raw.reportingPort = port;
      report.warning(
        'REQUIRED_FIELD',
        { path: '/voyage/reportingPort', field: 'reportingPort' },
        `The voyage has no reportingPort; the port known from outside the file, ${port}, is used.`,
      );
    }
    voyage = readVoyage(raw, report);
    return voyage !== undefined;
  });
  const tokenizer = new Tokenizer();
  tokenizer.onToken = (token) => assembler.token(token);
  const position = new TextPosition();
  try {
    for await (const chunk of text) {
      position.next(chunk);
      tokenizer.write(chunk);
      for (const record of assembler.drain()) {
        if (record.kind === 'bl') await sink.billOfLading(record.value);
        else await sink.container(record.value);
      }
      if (assembler.stopped) return undefined;
    }
    tokenizer.end();
    position.next('');
    assembler.end();
  } catch (err) {
    if (!(err instanceof JsonSyntaxError) && !isTokenizerError(err)) throw err;
    const offset = err instanceof JsonSyntaxError ? err.offset : tokenizerErrorOffset(err, position);
    const at = position.at(offset);
    const reason = err instanceof JsonSyntaxError ? err.message : tokenizerReason(err as Error);
    report.fileError(
      'JSON_SYNTAX',
      `The JSON is not well formed at line ${at.line}, column ${at.column}: ${reason}`,
      at,
    );
    return undefined;
  }
  if (assembler.stopped) return undefined;
  for (const record of assembler.drain()) {
    if (record.kind === 'bl') await sink.billOfLading(record.value);
    else await sink.container(record.value);
  }
  if (!assembler.rootSeen || !assembler.voyageSeen) {
    report.fileError(
      'JSON_SCHEMA',
      'The JSON is not a manifest: expected an object with voyage, billsOfLading and containers (see schemas/json/manifest.schema.json).',
      { path: '' },
    );
    return undefined;
  }
  return voyage;
}

// ---------------------------------------------------------------------------------------
// Assembling records from tokens.
// ---------------------------------------------------------------------------------------

enum Expect {
  Value,
  ValueOrEnd,
  KeyOrEnd,
  Key,
  Colon,
  CommaOrEnd,
}

enum Role {
  /** The document's top-level object: its keys say what each member is. */
  Root,
  /** `billsOfLading` or `containers`: each element is a record. */
  Records,
  /** Inside a record or the voyage: built as a plain value. */
  Build,
  /** An unknown member (or the rest of an oversized record): checked, not built. */
  Skip,
}

interface Frame {
  array: boolean;
  role: Role;
  expect: Expect;
  /** The value being built (Build frames only). */
  value: Record<string, unknown> | unknown[] | undefined;
  /** The current member's key (objects) or index (arrays). */
  key: string | number;
  /** For Records frames: `billsOfLading` or `containers`. */
  name?: string;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type ReadRecord = { kind: 'bl'; value: BillOfLading } | { kind: 'container'; value: Container };

class ManifestAssembler {
  private readonly frames: Frame[] = [];
  private readonly ready: ReadRecord[] = [];
  private rootDone = false;
  rootSeen = false;
  voyageSeen = false;
  stopped = false;
  private records = 0;
  /** Values built in the record being read, and whether it went over the limit. */
  private recordValues = 0;
  private recordOver = false;
  private mode: TransportMode = 'sea';

  constructor(
    private readonly report: ReportBuilder,
    /** Reads the voyage as soon as it is complete; false when it rejects the file. */
    private readonly onVoyage: (raw: unknown) => boolean,
  ) {}

  private takeVoyage(raw: unknown): void {
    if (this.voyageSeen) {
      this.report.fileError('JSON_SCHEMA', 'The manifest has two voyage members.', { path: '/voyage' });
      this.stopped = true;
      return;
    }
    this.voyageSeen = true;
    // B/Ls after the voyage (the usual order) have their places checked by its mode.
    const mode = TransportMode.safeParse(isObject(raw) ? raw.mode : undefined);
    if (mode.success) this.mode = mode.data;
    if (!this.onVoyage(raw)) this.stopped = true;
  }

  *drain(): Iterable<ReadRecord> {
    while (this.ready.length > 0) yield this.ready.shift() as ReadRecord;
  }

  token({ token, value, offset }: ParsedTokenInfo): void {
    if (this.stopped) return;
    const frame = this.frames.at(-1);
    if (!frame) {
      if (this.rootDone) throw new JsonSyntaxError('unexpected data after the end of the document', offset);
      if (token !== TokenType.LEFT_BRACE) {
        if (isValueStart(token)) {
          this.notAManifest();
          return;
        }
        throw new JsonSyntaxError(`unexpected ${describe(token, value)}`, offset);
      }
      this.rootSeen = true;
      this.frames.push({ array: false, role: Role.Root, expect: Expect.KeyOrEnd, value: undefined, key: '' });
      return;
    }
    switch (frame.expect) {
      case Expect.KeyOrEnd:
      case Expect.Key:
        if (token === TokenType.STRING) {
          frame.key = value as string;
          frame.expect = Expect.Colon;
          return;
        }
        if (token === TokenType.RIGHT_BRACE && frame.expect === Expect.KeyOrEnd) {
          this.close(frame);
          return;
        }
        throw new JsonSyntaxError(`expected a member name in quotes, got ${describe(token, value)}`, offset);
      case Expect.Colon:
        if (token === TokenType.COLON) {
          frame.expect = Expect.Value;
          return;
        }
        throw new JsonSyntaxError(`expected ':' after "${clip(String(frame.key))}"`, offset);
      case Expect.CommaOrEnd:
        if (token === TokenType.COMMA) {
          if (frame.array) {
            frame.key = (frame.key as number) + 1;
            frame.expect = Expect.Value;
          } else frame.expect = Expect.Key;
          return;
        }
        if (token === (frame.array ? TokenType.RIGHT_BRACKET : TokenType.RIGHT_BRACE)) {
          this.close(frame);
          return;
        }
        throw new JsonSyntaxError(
          `expected ',' or '${frame.array ? ']' : '}'}', got ${describe(token, value)}`,
          offset,
        );
      case Expect.ValueOrEnd:
      case Expect.Value:
        if (frame.expect === Expect.ValueOrEnd && token === TokenType.RIGHT_BRACKET) {
          this.close(frame);
          return;
        }
        if (!isValueStart(token))
          throw new JsonSyntaxError(`expected a value, got ${describe(token, value)}`, offset);
        frame.expect = Expect.CommaOrEnd;
        if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
          this.open(frame, token === TokenType.LEFT_BRACKET);
        } else {
          this.value(frame, token === TokenType.NULL ? null : value);
        }
    }
  }

  end(): void {
    if (this.stopped) return;
    if (this.frames.length > 0 || !this.rootDone) {
      throw new JsonSyntaxError('the document ends before it is complete', Number.POSITIVE_INFINITY);
    }
  }

  private open(parent: Frame, array: boolean): void {
    if (this.frames.length >= JSON_LIMITS.maxDepth) {
      this.report.fileError(
        'JSON_SCHEMA',
        `The JSON nests deeper than ${JSON_LIMITS.maxDepth} levels at ${this.pointer()}; a manifest needs 6.`,
        { path: this.pointer() },
      );
      this.stopped = true;
      return;
    }
    const role = this.childRole(parent, array);
    if (role === undefined) return;
    let value: Frame['value'];
    if (role === Role.Build) {
      if (parent.role !== Role.Build) this.startRecord();
      if (this.countValue()) value = array ? [] : {};
    }
    this.frames.push({
      array,
      role: value === undefined && role === Role.Build ? Role.Skip : role,
      expect: array ? Expect.ValueOrEnd : Expect.KeyOrEnd,
      value,
      key: array ? 0 : '',
      ...(role === Role.Records && { name: parent.key as string }),
    });
  }

  /** What a structure opened inside `parent` is; undefined when the file is rejected for it. */
  private childRole(parent: Frame, array: boolean): Role | undefined {
    if (parent.role === Role.Build) return Role.Build;
    if (parent.role === Role.Records) return Role.Build;
    if (parent.role === Role.Root) {
      if (parent.key === 'voyage') return Role.Build;
      if (parent.key === 'billsOfLading' || parent.key === 'containers') {
        if (array) return Role.Records;
        this.mustBeArray(parent.key);
        return undefined;
      }
    }
    return Role.Skip;
  }

  private value(parent: Frame, value: unknown): void {
    if (parent.role === Role.Build) {
      if (this.countValue()) attach(parent, value);
    } else if (parent.role === Role.Records) {
      this.startRecord();
      this.record(parent, value);
    } else if (parent.role === Role.Root) {
      if (parent.key === 'voyage') this.takeVoyage(value);
      else if ((parent.key === 'billsOfLading' || parent.key === 'containers') && value !== undefined) {
        this.mustBeArray(parent.key);
      }
    }
  }

  private close(frame: Frame): void {
    this.frames.pop();
    const parent = this.frames.at(-1);
    if (!parent) {
      this.rootDone = true;
      return;
    }
    if (frame.role === Role.Root || frame.role === Role.Records) return;
    if (parent.role === Role.Build) {
      if (frame.value !== undefined) attach(parent, frame.value);
    } else if (parent.role === Role.Records) {
      this.record(parent, frame.value ?? {});
    } else if (parent.role === Role.Root && parent.key === 'voyage') {
      this.finishOversized('/voyage', 'voyage');
      this.takeVoyage(frame.value);
    }
  }

  private startRecord(): void {
    this.recordValues = 0;
    this.recordOver = false;
  }

  /** Counts one value of the record being read; false once the record is over the limit. */
  private countValue(): boolean {
    if (this.recordOver) return false;
    if (++this.recordValues > JSON_LIMITS.maxValuesPerRecord) this.recordOver = true;
    return !this.recordOver;
  }

  private record(parent: Frame, raw: unknown): void {
    if (++this.records > JSON_LIMITS.maxRecords) {
      this.report.fileError(
        'FILE_TOO_LARGE',
        `The file declares more than ${JSON_LIMITS.maxRecords.toLocaleString('en')} B/Ls and containers; split it.`,
      );
      this.stopped = true;
      return;
    }
    const index = parent.key as number;
    const base = `/${parent.name}/${index}`;
    const issues: RecordIssues = { items: [], unlistedErrors: 0, unlistedWarnings: 0, declared: new Map() };
    if (this.recordOver) {
      pushIssue(issues, {
        code: 'JSON_SCHEMA',
        path: base,
        field: 'record',
        message: `The record holds more than ${JSON_LIMITS.maxValuesPerRecord.toLocaleString('en')} values; the rest of it is not read.`,
      });
    }
    const read =
      parent.name === 'billsOfLading'
        ? readBillOfLading(raw, index, issues, this.mode)
        : readContainer(raw, index, issues);
    const label = read.label;
    if (read.record === undefined) {
      const scope = this.report.record(label);
      for (const i of issues.items) {
        if (i.severity === 'warning') scope.warning(i.code, location(i), i.message);
        else scope.error(i.code, location(i), i.message);
      }
      if (issues.items.length === 0) scope.error('RECORD_REJECTED', { path: base });
      scope.commit();
    } else {
      this.report.record(label);
      for (const i of issues.items) {
        this.report.add({
          code: i.code,
          severity: i.severity ?? 'error',
          message: i.message,
          location: location(i),
          record: label,
        });
      }
      this.ready.push(read.record);
    }
    if (issues.unlistedErrors + issues.unlistedWarnings > 0) {
      this.report.countUnlisted(issues.unlistedErrors, issues.unlistedWarnings);
    }
  }

  private finishOversized(path: string, label: string): void {
    if (!this.recordOver) return;
    this.report.add({
      code: 'JSON_SCHEMA',
      severity: 'error',
      message: `The ${label} holds more than ${JSON_LIMITS.maxValuesPerRecord.toLocaleString('en')} values; the rest of it is not read.`,
      location: { path },
      record: label,
    });
  }

  private mustBeArray(key: string): void {
    this.report.fileError('JSON_SCHEMA', `${key} must be an array.`, { path: `/${key}` });
    this.stopped = true;
  }

  private notAManifest(): void {
    this.report.fileError(
      'JSON_SCHEMA',
      'The JSON is not a manifest: expected an object with voyage, billsOfLading and containers (see schemas/json/manifest.schema.json).',
      { path: '' },
    );
    this.stopped = true;
  }

  private pointer(): string {
    return this.frames.map((f) => `/${escapePointer(String(f.key))}`).join('');
  }
}

function attach(parent: Frame, value: unknown): void {
  const target = parent.value;
  if (target === undefined) return;
  if (parent.array) (target as unknown[]).push(value);
  else if (parent.key === '__proto__') {
    Object.defineProperty(target, '__proto__', {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else (target as Record<string, unknown>)[parent.key as string] = value;
}

function isValueStart(token: TokenType): boolean {
  return (
    token === TokenType.LEFT_BRACE ||
    token === TokenType.LEFT_BRACKET ||
    token === TokenType.STRING ||
    token === TokenType.NUMBER ||
    token === TokenType.TRUE ||
    token === TokenType.FALSE ||
    token === TokenType.NULL
  );
}

function describe(token: TokenType, value: unknown): string {
  switch (token) {
    case TokenType.STRING:
      return `the string "${clip(String(value))}"`;
    case TokenType.NUMBER:
      return `the number ${clip(String(value))}`;
    case TokenType.LEFT_BRACE:
      return "'{'";
    case TokenType.RIGHT_BRACE:
      return "'}'";
    case TokenType.LEFT_BRACKET:
      return "'['";
    case TokenType.RIGHT_BRACKET:
      return "']'";
    case TokenType.COLON:
      return "':'";
    case TokenType.COMMA:
      return "','";
    default:
      return String(value);
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

// ---------------------------------------------------------------------------------------
// Line and column of a byte offset, for syntax errors.
// ---------------------------------------------------------------------------------------

/** Follows the text as it is fed to the tokenizer, so a byte offset can be turned into line and column. */
class TextPosition {
  private chunk = '';
  private chunkStartByte = 0;
  private chunkBytes = 0;
  private line = 1;
  private column = 1;
  private nextLine = 1;
  private nextColumn = 1;

  next(chunk: string): void {
    this.chunkStartByte += this.chunkBytes;
    this.line = this.nextLine;
    this.column = this.nextColumn;
    this.chunk = chunk;
    this.chunkBytes = Buffer.byteLength(chunk, 'utf8');
    let last = -1;
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) {
      this.nextLine++;
      last = i;
    }
    this.nextColumn = last >= 0 ? chunk.length - last : this.column + chunk.length;
  }

  get bytesSeen(): number {
    return this.chunkStartByte + this.chunkBytes;
  }

  /** Line and column (1-based, in characters) of a byte offset; offsets before the current chunk give its start. */
  at(offset: number): { line: number; column: number } {
    const within = Math.max(0, Math.min(offset, this.bytesSeen) - this.chunkStartByte);
    const prefix = Buffer.from(this.chunk, 'utf8').subarray(0, within).toString('utf8');
    const lastNewline = prefix.lastIndexOf('\n');
    let line = this.line;
    for (let i = prefix.indexOf('\n'); i >= 0; i = prefix.indexOf('\n', i + 1)) line++;
    return lastNewline >= 0
      ? { line, column: prefix.length - lastNewline }
      : { line, column: this.column + prefix.length };
  }
}

function isTokenizerError(err: unknown): boolean {
  return err instanceof TokenizerError;
}

function tokenizerErrorOffset(err: unknown, position: TextPosition): number {
  const m = /absolute position "(\d+)"/.exec((err as Error).message);
  return m ? Number(m[1]) : position.bytesSeen;
}

function tokenizerReason(err: Error): string {
  const m = /^Unexpected "(.*?)" at/s.exec(err.message);
  if (m) return `unexpected character ${JSON.stringify(m[1])}`;
  if (/ended in the middle/.test(err.message)) return 'the document ends in the middle of a value';
  return err.message.slice(0, 200);
}

// ---------------------------------------------------------------------------------------
// Records: validate field by field, keep what is valid, report the rest.
// ---------------------------------------------------------------------------------------

interface RecordIssue {
  code: IssueCode;
  severity?: 'error' | 'warning';
  /** JSON Pointer of the value. */
  path: string;
  /** Model path of the field relative to its record (`shipper.country`, `goods.2.hsCode`). */
  field: string;
  message: string;
}

/** The issues of one record: the first MAX_LISTED are kept, the rest only counted (a 100,000-value record stays cheap). */
interface RecordIssues {
  items: RecordIssue[];
  unlistedErrors: number;
  unlistedWarnings: number;
  /**
   * Arrays some elements were left out of: model path (`goods.`, `transshipmentPorts.`) ->
   * the declared index of each kept element, so later findings name the declared position.
   */
  declared: Map<string, number[]>;
}

/** A model path (relative to the top record) with each array index as declared in the document. */
function declaredPath(issues: RecordIssues, path: string): string {
  if (issues.declared.size === 0) return path;
  const segs = path.split('.');
  let prefix = '';
  for (let i = 0; i < segs.length; i++) {
    const map = issues.declared.get(prefix);
    const seg = segs[i] as string;
    if (map && /^\d+$/.test(seg)) segs[i] = String(map[Number(seg)] ?? seg);
    prefix += `${segs[i]}.`;
  }
  return segs.join('.');
}

const MAX_LISTED_PER_RECORD = 100;

function pushIssue(list: RecordIssues, issue: RecordIssue): void {
  if (list.items.length < MAX_LISTED_PER_RECORD) list.items.push(issue);
  else if (issue.severity === 'warning') list.unlistedWarnings++;
  else list.unlistedErrors++;
}

function location(issue: RecordIssue) {
  return { path: issue.path, ...(issue.field !== 'record' && { field: issue.field }) };
}

/** Collects the field errors of one record: for the report, and as dataQuality on the record they belong to. */
class FieldErrors {
  constructor(
    readonly issues: RecordIssues,
    /** The dataQuality list of the record (B/L, goods item, container) the fields belong to. */
    readonly dataQuality: DataQualityIssue[],
    /** JSON Pointer of the object being read. */
    readonly path: string,
    /** Model path of the object relative to the record owning `dataQuality`. */
    readonly prefix: string,
    /** Model path relative to the top record (for the report). */
    readonly recordPrefix: string,
  ) {}

  child(key: string | number, dataQuality?: DataQualityIssue[]): FieldErrors {
    const seg = String(key);
    return new FieldErrors(
      this.issues,
      dataQuality ?? this.dataQuality,
      `${this.path}/${escapePointer(seg)}`,
      dataQuality ? '' : `${this.prefix}${seg}.`,
      `${this.recordPrefix}${seg}.`,
    );
  }

  error(key: string | number | undefined, code: IssueCode, message: string, value?: unknown): void {
    const seg = key === undefined ? '' : String(key);
    const field = `${this.prefix}${seg}`.replace(/\.$/, '') || 'record';
    const reportField = `${this.recordPrefix}${seg}`.replace(/\.$/, '') || 'record';
    pushIssue(this.issues, {
      code,
      path: key === undefined ? this.path : `${this.path}/${escapePointer(seg)}`,
      field: reportField,
      message: `${reportField}: ${message}`,
    });
    if (this.dataQuality.length < JSON_LIMITS.maxDataQualityPerRecord) {
      const shown = excerpt(value);
      this.dataQuality.push({ code, field, ...(shown !== undefined && { value: shown }) });
    }
  }

  warning(key: string, code: IssueCode, message: string): void {
    const field = declaredPath(this.issues, `${this.recordPrefix}${key}`);
    pushIssue(this.issues, {
      code,
      severity: 'warning',
      path: `${this.base}/${pointer(field)}`,
      field,
      message,
    });
  }

  /** JSON Pointer of the top record (the record's own fields are relative to it). */
  get base(): string {
    const depth = this.recordPrefix === '' ? 0 : this.recordPrefix.split('.').length - 1;
    return this.path
      .split('/')
      .slice(0, this.path.split('/').length - depth)
      .join('/');
  }
}

/** A bounded excerpt of a declared value (strings cut with a marker and the full length). */
export function excerpt(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const max = JSON_LIMITS.excerptChars;
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}

type AnySchema = z.ZodType;
type ObjectSchema = z.ZodObject;

function defOf(schema: AnySchema): { type: string; innerType?: AnySchema; element?: AnySchema } {
  return (schema as unknown as { def: { type: string; innerType?: AnySchema; element?: AnySchema } }).def;
}

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let def = defOf(s); def.type === 'optional' || def.type === 'default'; def = defOf(s)) {
    s = def.innerType as AnySchema;
  }
  return s;
}

/** Values of required fields a kept goods item gets when they are missing or invalid (reported). */
const GOODS_FALLBACKS = (index: number): Record<string, unknown> => ({
  lineNumber: index + 1,
  description: '',
});

/**
 * Reads `raw` against an object schema field by field: a valid field is kept, an invalid one
 * is reported and left out (or given its default). Arrays are read element by element. A
 * required field that is missing or invalid makes the object unreadable (undefined), unless
 * `fallbacks` names a value for it. Objects whose schema has `dataQuality` get their own list.
 */
function readObject(
  schema: ObjectSchema,
  raw: unknown,
  errors: FieldErrors,
  fallbacks?: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (!isObject(raw)) {
    errors.error(undefined, 'JSON_SCHEMA', `expected an object, got ${typeName(raw)}`, raw);
    return undefined;
  }
  const shape = schema.shape as Record<string, AnySchema>;
  const ownsQuality = 'dataQuality' in shape;
  if (ownsQuality) delete raw.dataQuality; // the intake's own findings, never the sender's
  // One parse of the whole object when it is of ordinary size; a record with a huge array is
  // read element by element, so a failing parse never builds an issue per element at once.
  if (!hasLargeArray(raw)) {
    const fast = schema.safeParse(raw);
    if (fast.success) return fast.data as Record<string, unknown>;
  }

  const quality: DataQualityIssue[] = ownsQuality ? [] : errors.dataQuality;
  const here = ownsQuality
    ? new FieldErrors(errors.issues, quality, errors.path, '', errors.recordPrefix)
    : errors;
  const out: Record<string, unknown> = {};
  let readable = true;
  for (const [key, fieldSchema] of Object.entries(shape)) {
    if (key === 'dataQuality') continue;
    const value = raw[key];
    const inner = unwrap(fieldSchema);
    const innerDef = defOf(inner);
    if (innerDef.type === 'array' && Array.isArray(value) && value.length > LARGE_ARRAY) {
      out[key] = readArray(innerDef.element as AnySchema, value, here.child(key));
      continue;
    }
    const parsed = fieldSchema.safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) out[key] = parsed.data;
      continue;
    }
    if (innerDef.type === 'array' && Array.isArray(value)) {
      out[key] = readArray(innerDef.element as AnySchema, value, here.child(key));
      continue;
    }
    if (innerDef.type === 'object' && isObject(value)) {
      const nested = readObject(inner as ObjectSchema, value, here.child(key));
      if (nested !== undefined) out[key] = nested;
      continue;
    }
    for (const issue of parsed.error.issues.slice(0, 5)) {
      here.error(key, codeFor(key, issue), issue.message, value);
    }
    const fallback =
      fallbacks && key in fallbacks
        ? { success: true, data: fallbacks[key] }
        : fieldSchema.safeParse(undefined);
    if (fallback.success) {
      if (fallback.data !== undefined) out[key] = fallback.data;
    } else readable = false;
  }
  if (!readable) return undefined;
  const checked = schema.safeParse(out);
  if (!checked.success) {
    // Not expected (every field was checked on its own); keep the record readable all the same.
    here.error(undefined, 'JSON_SCHEMA', checked.error.issues[0]?.message ?? 'invalid');
    return undefined;
  }
  const result = checked.data as Record<string, unknown>;
  if (ownsQuality && quality.length > 0) result.dataQuality = quality;
  return result;
}

/** Arrays longer than this are validated element by element. */
const LARGE_ARRAY = 200;

function hasLargeArray(raw: Record<string, unknown>): boolean {
  for (const key in raw) {
    const value = raw[key];
    if (Array.isArray(value) && value.length > LARGE_ARRAY) return true;
  }
  return false;
}

function readArray(element: AnySchema, values: unknown[], errors: FieldErrors): unknown[] {
  const out: unknown[] = [];
  const kept: number[] = [];
  const def = defOf(element);
  values.forEach((value, i) => {
    if (def.type === 'object') {
      if (isObject(value) && isEmpty(value)) {
        errors.error(i, 'JSON_SCHEMA', 'an empty object; left out');
        return;
      }
      const fallbacks = element === GOODS_ITEM_SCHEMA ? GOODS_FALLBACKS(i) : undefined;
      const item = readObject(element as ObjectSchema, value, errors.child(i), fallbacks);
      if (item !== undefined) {
        out.push(item);
        kept.push(i);
      }
      return;
    }
    const parsed = element.safeParse(value);
    if (parsed.success) {
      out.push(parsed.data);
      kept.push(i);
    } else
      errors.error(
        i,
        codeFor(errors.recordPrefix, parsed.error.issues[0]),
        parsed.error.issues[0]?.message ?? 'invalid',
        value,
      );
  });
  if (kept.length < values.length) errors.issues.declared.set(errors.recordPrefix, kept);
  return out;
}

const LOCODE_FIELDS =
  /(^|\.)(placeOfReceipt|portOfLoading|portOfDischarge|placeOfDelivery|transshipmentPorts|previousPortsOfCall|reportingPort)\.?$/;

function codeFor(field: string, issue: z.core.$ZodIssue | undefined): IssueCode {
  if (!issue) return 'JSON_SCHEMA';
  if (isMissing(issue)) return 'REQUIRED_FIELD';
  const last = field.replace(/\.$/, '').split('.').at(-1) ?? '';
  if (issue.code === 'too_small' && /weight|mass/i.test(last)) return 'WEIGHT_IMPOSSIBLE';
  if (issue.code === 'invalid_type') return 'JSON_SCHEMA';
  if (last === 'hsCode') return 'HS_FORMAT';
  if (last === 'dangerousGoodsUn') return 'DG_UN_NUMBER';
  if (last === 'country' || last === 'flag') return 'COUNTRY_UNKNOWN';
  if (LOCODE_FIELDS.test(field)) return 'LOCODE_FORMAT';
  if (issue.code === 'invalid_value') return 'VALUE_UNKNOWN';
  if (issue.code === 'too_small' || issue.code === 'not_multiple_of') return 'NUMBER_INVALID';
  return 'JSON_SCHEMA';
}

const GOODS_ITEM_SCHEMA = defOf(
  defOf(BillOfLading.shape.goods as unknown as AnySchema).innerType as AnySchema,
).element as AnySchema;

function readBillOfLading(
  raw: unknown,
  index: number,
  issues: RecordIssues,
  mode: TransportMode,
): { label: string; record?: ReadRecord } {
  const quality: DataQualityIssue[] = [];
  const errors = new FieldErrors(issues, quality, `/billsOfLading/${index}`, '', '');
  if (!isObject(raw)) {
    errors.error(undefined, 'JSON_SCHEMA', `a B/L is an object, got ${typeName(raw)}; it is set aside.`);
    return { label: `B/L #${index + 1}` };
  }
  if (typeof raw.number === 'number') raw.number = String(raw.number);
  normaliseContainerRefs(raw);
  const declared = typeof raw.number === 'string' ? raw.number.trim() : '';
  if (declared === '') {
    if (!referencesContainers(raw)) {
      errors.error(
        'number',
        'REQUIRED_FIELD',
        'the B/L has no number and names no container; it cannot be attributed and is set aside.',
      );
      return { label: `B/L #${index + 1}` };
    }
    // Attributable through its containers: kept (its parties are screened) under a stand-in number.
    errors.error(
      'number',
      'REQUIRED_FIELD',
      'the B/L has no number; it is kept under a stand-in number.',
      raw.number,
    );
    raw.number = `(no B/L number, #${index + 1})`;
  } else raw.number = declared;
  const label = `B/L ${raw.number as string}`;
  const bl = readObject(BillOfLading, raw, errors) as BillOfLading | undefined;
  if (!bl) return { label }; // not reached: every required field of a B/L has a value by now
  addQuality(bl, quality);
  addQuality(bl, applyProblems(bl, billOfLadingProblems(bl, mode), errors));
  bl.goods.forEach((goods, j) => {
    addQuality(goods, applyProblems(goods, goodsItemProblems(goods), errors.child('goods').child(j)));
  });
  return { label, record: { kind: 'bl', value: bl } };
}

function readContainer(
  raw: unknown,
  index: number,
  issues: RecordIssues,
): { label: string; record?: ReadRecord } {
  const errors = new FieldErrors(issues, [], `/containers/${index}`, '', '');
  if (!isObject(raw)) {
    errors.error(
      undefined,
      'JSON_SCHEMA',
      `a container is an object, got ${typeName(raw)}; it is set aside.`,
    );
    return { label: `container #${index + 1}` };
  }
  if (typeof raw.number === 'number') raw.number = String(raw.number);
  if (typeof raw.number === 'string') raw.number = normaliseContainerNumber(raw.number);
  if (typeof raw.number !== 'string' || raw.number === '') {
    errors.error(
      'number',
      'REQUIRED_FIELD',
      'the container has no number; it cannot be attributed and is set aside.',
    );
    return { label: `container #${index + 1}` };
  }
  const label = `container ${raw.number}`;
  const container = readObject(Container, raw, errors) as Container | undefined;
  if (!container) return { label };
  addQuality(container, applyProblems(container, containerProblems(container), errors));
  return { label, record: { kind: 'container', value: container } };
}

function addQuality(record: { dataQuality?: DataQualityIssue[] }, found: DataQualityIssue[]): void {
  if (found.length === 0) return;
  const list = record.dataQuality ?? [];
  for (const q of found) if (list.length < JSON_LIMITS.maxDataQualityPerRecord) list.push(q);
  record.dataQuality = list;
}

/**
 * The identifier and plausibility checks (record-checks.ts) on a record read from the schema:
 * an error leaves the field out (the identity, `number`, is kept as declared) and becomes
 * dataQuality; a warning is only reported. Returns the dataQuality found.
 */
function applyProblems(record: object, problems: FieldProblem[], errors: FieldErrors): DataQualityIssue[] {
  const found: DataQualityIssue[] = [];
  const holes = new Map<unknown[], Set<number>>();
  for (const p of problems) {
    if (p.severity === 'warning') {
      errors.warning(p.field, p.code, p.message);
      continue;
    }
    const value = getPath(record, p.field);
    const field = declaredPath(errors.issues, `${errors.recordPrefix}${p.field}`);
    pushIssue(errors.issues, {
      code: p.code,
      path: `${errors.base}/${pointer(field)}`,
      field,
      message: p.message,
    });
    const shown = excerpt(value);
    const local = field.slice(declaredPath(errors.issues, errors.recordPrefix).length);
    found.push({ code: p.code, field: local, ...(shown !== undefined && { value: shown }) });
    if (p.field !== 'number') dropPath(record, p.field, holes);
  }
  for (const [array, indexes] of holes) {
    const kept = array.filter((_, i) => !indexes.has(i));
    array.length = 0;
    array.push(...kept);
  }
  return found;
}

function getPath(record: object, field: string): unknown {
  let node: unknown = record;
  for (const seg of field.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

function dropPath(record: object, field: string, holes: Map<unknown[], Set<number>>): void {
  const segs = field.split('.');
  const last = segs.pop() as string;
  const target = segs.length === 0 ? record : getPath(record, segs.join('.'));
  if (Array.isArray(target)) {
    const set = holes.get(target) ?? new Set<number>();
    set.add(Number(last));
    holes.set(target, set);
  } else if (target && typeof target === 'object') delete (target as Record<string, unknown>)[last];
}

function referencesContainers(raw: Record<string, unknown>): boolean {
  if (Array.isArray(raw.containers) && raw.containers.some((c) => typeof c === 'string' && c !== ''))
    return true;
  return (
    Array.isArray(raw.goods) &&
    raw.goods.some(
      (g) =>
        isObject(g) &&
        Array.isArray(g.containers) &&
        g.containers.some((c) => typeof c === 'string' && c !== ''),
    )
  );
}

function normaliseContainerRefs(bl: Record<string, unknown>): void {
  if (Array.isArray(bl.containers)) {
    bl.containers = bl.containers.map((n) => (typeof n === 'string' ? normaliseContainerNumber(n) : n));
  }
  if (Array.isArray(bl.goods)) {
    for (const goods of bl.goods) {
      if (isObject(goods)) delete goods.dataQuality; // the intake's own findings, never the sender's
      if (isObject(goods) && Array.isArray(goods.containers)) {
        goods.containers = goods.containers.map((n) =>
          typeof n === 'string' ? normaliseContainerNumber(n) : n,
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// The voyage.
// ---------------------------------------------------------------------------------------

const REQUIRED_VOYAGE_FIELDS = new Set(['vesselName', 'voyageNumber', 'reportingPort']);

/**
 * The voyage is not a record that can be dropped: a missing or invalid vessel name, voyage
 * number or reporting port rejects the file; a bad optional field is an error and left out.
 */
function readVoyage(raw: unknown, report: ReportBuilder): Voyage | undefined {
  if (!isObject(raw)) {
    report.fileError('REQUIRED_FIELD', 'The manifest has no voyage object.', { path: '/voyage' });
    return undefined;
  }
  const candidate: Record<string, unknown> = { ...raw };
  for (let attempt = 0; attempt < 20; attempt++) {
    const parsed = Voyage.safeParse(candidate);
    const problems: { key: string; code: IssueCode; message: string }[] = [];
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        problems.push({
          key,
          code: codeFor(key, issue),
          message: `voyage.${issue.path.join('.')}: ${issue.message}`,
        });
      }
    } else {
      for (const p of voyageProblems(parsed.data)) {
        if (p.severity === 'warning') {
          report.add({
            ...p,
            location: { path: `/voyage/${pointer(p.field)}`, field: p.field },
            record: 'voyage',
          });
        } else {
          problems.push({ key: p.field.split('.')[0] as string, code: p.code, message: p.message });
        }
      }
      if (problems.length === 0) return parsed.data;
    }
    for (const p of problems) {
      const location = { path: `/voyage/${p.key}`, field: p.key };
      if (!p.key || REQUIRED_VOYAGE_FIELDS.has(p.key)) {
        report.fileError(
          p.code,
          `${p.message} The voyage needs a valid vessel name, voyage number and reporting port.`,
          location,
        );
        return undefined;
      }
      report.add({
        code: p.code,
        severity: 'error',
        message: `${p.message} (left out)`,
        location,
        record: 'voyage',
      });
      delete candidate[p.key];
    }
  }
  report.fileError('JSON_SCHEMA', 'The voyage object cannot be read.', { path: '/voyage' });
  return undefined;
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && /received undefined/.test(issue.message);
}

function pointer(field: string): string {
  return field.split('.').map(escapePointer).join('/');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: Record<string, unknown>): boolean {
  for (const _ in value) return false;
  return true;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
