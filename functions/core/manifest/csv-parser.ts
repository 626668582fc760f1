import { normaliseContainerNumber } from '#core/identifiers/container-number.ts';
import { normaliseHsCode } from '#core/identifiers/hs-code.ts';
import { normaliseImo } from '#core/identifiers/imo.ts';
import { normaliseLocode } from '#core/identifiers/locode.ts';
import type {
  BillOfLading,
  Container,
  EquipmentKind,
  GoodsItem,
  Manifest,
  Party,
  TransportDocumentType,
  TransportMode,
  Voyage,
} from '#schemas/manifest.ts';
import { transportMode } from '#schemas/transport-mode.ts';
import type { IssueCode, IssueLocation } from '#schemas/validation-report.ts';
import {
  CONVEYANCE_COLUMNS,
  CSV_COLUMNS,
  type CsvColumn,
  type CsvColumnName,
  columnForHeader,
  documentTypeOfHeader,
  equipmentKindOfHeader,
  REQUIRED_COLUMNS,
  sniffCsvHeader,
} from './csv-columns.ts';
import { CsvTokenizer, type TokenizerError } from './csv-tokenizer.ts';
import { dropUntypedValues, noteDataQuality, valueAtPath } from './data-quality.ts';
import {
  billOfLadingProblems,
  containerProblems,
  type FieldProblem,
  goodsItemProblems,
  goodsWeightProblem,
  IMPOSSIBLE_CONTAINER_KG,
  isValidDate,
  voyageProblems,
} from './record-checks.ts';
import { emptyBillOfLading, emptyContainer, emptyGoodsItem, emptyParty } from './record-shapes.ts';
import { RecordScope, type ReportBuilder } from './report-builder.ts';
import { ownedCopy, ValueInterner } from './value-interner.ts';

/** A record (usually an unclosed quote) longer than this stops the read instead of eating memory. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** Separators of multi-value cells. Party cells use `|` only: addresses contain `;`. */
const CODE_SEPARATOR = /[|;]/;
const PARTY_SEPARATOR = '|';

type Row = string[];

/**
 * Per-B/L bookkeeping. Lookups are linear while a B/L is small (almost all are) and switch to
 * maps beyond SMALL: 100,000 B/Ls with a Map and a Set each would cost tens of MB.
 */
class BlState {
  private containerSet: Set<string> | undefined;
  private goodsIndex: Map<number, GoodsItem> | undefined;
  lastLine = 0;
  /** Its goods lines heavier than one container (judged when the B/L is complete). */
  heavy: HeavyGoods[] | undefined;

  constructor(
    readonly bl: BillOfLading,
    /** Hash of the B/L cells of its first row: later rows that differ get BL_CONFLICT. */
    readonly cellsHash: number,
    readonly line: number,
  ) {}

  hasContainer(number: string): boolean {
    if (this.containerSet) return this.containerSet.has(number);
    return this.bl.containers.includes(number);
  }

  addContainer(number: string): void {
    this.bl.containers = appended(this.bl.containers, number);
    if (this.containerSet) this.containerSet.add(number);
    else if (this.bl.containers.length > SMALL) this.containerSet = new Set(this.bl.containers);
  }

  goodsLine(lineNumber: number): GoodsItem | undefined {
    if (this.goodsIndex) return this.goodsIndex.get(lineNumber);
    for (const goods of this.bl.goods) if (goods.lineNumber === lineNumber) return goods;
    return undefined;
  }

  addGoods(goods: GoodsItem): void {
    this.bl.goods = appended(this.bl.goods, goods);
    this.lastLine = Math.max(this.lastLine, goods.lineNumber);
    if (this.goodsIndex) this.goodsIndex.set(goods.lineNumber, goods);
    else if (this.bl.goods.length > SMALL)
      this.goodsIndex = new Map(this.bl.goods.map((g) => [g.lineNumber, g]));
  }
}

const SMALL = 16;

/** A container of a first reading, met again in the second (see CsvRecordSink.knownContainers). */
const KNOWN_CONTAINER: ContainerState = { container: undefined, cellsHash: 0, line: 0 };

interface ContainerState {
  /** Undefined when streamed: the sink has it, the reader needs only the hash and line. */
  container: Container | undefined;
  /** Hash of the container cells of its first row (a hash, not the text: 140,000 keys cost MBs). */
  cellsHash: number;
  line: number;
}

/** A goods line heavier than one container can hold: judged at the end, over all its containers. */
interface HeavyGoods {
  bl: BillOfLading;
  goods: GoodsItem;
  line: number;
  /** Whether its row was already counted as a record with errors. */
  rowHadErrors: boolean;
  /** Set once judged (its B/L complete): the problem, if the weight is impossible. */
  judged?: { problem: ReturnType<typeof goodsWeightProblem> };
}

/** A record with data quality: the model record a row's error is kept on. */
type QualityTarget = { dataQuality?: BillOfLading['dataQuality'] };

interface VoyageField {
  raw?: string;
  line?: number;
  /** The untrimmed cell of the previous row, to skip unchanged values cheaply. */
  lastCell?: string;
  /** Values already checked and not taken (invalid, or conflicting with `raw`). */
  rejected: Set<string>;
}

/**
 * Streams a manifest CSV (see csv-columns.ts) into the model. A row with field errors is kept:
 * the bad value is left out of its field and the error is kept on the B/L, container or goods
 * line it concerns (`dataQuality`) and reported. Only a row with neither a B/L nor a container
 * number is set aside. Warnings never block; a header without the required columns rejects
 * the file. Returns undefined when the file is rejected as a whole.
 */
export async function parseCsv(
  text: AsyncIterable<string>,
  report: ReportBuilder,
  options: CsvParseOptions = {},
): Promise<Manifest | undefined> {
  const reader = new CsvManifestReader(report, options);
  if (!(await readRows(text, reader))) return undefined;
  return reader.finish();
}

/**
 * What a streamed reading (the ingest's) gets: each container when first declared, each B/L
 * once complete. A CSV B/L's rows may be anywhere in the file, so the B/L is complete at its
 * last row: `lastRows` (from `csvLastRows`, a first pass over the same text) says which that
 * is. Only the B/Ls still expecting a row are held.
 */
export interface CsvRecordSink {
  lastRows: ReadonlyMap<string, number>;
  /** `firstLine`: the B/L's first row; the whole-model reading orders its B/Ls by it. */
  billOfLading(bl: BillOfLading, firstLine: number): void | Promise<void>;
  container(container: Container): void;
  /**
   * Containers a first reading has already read (and handed on): not built again, a second
   * reading only wants the B/Ls.
   */
  knownContainers?: ReadonlyMap<string, Container>;
}

/**
 * Streams a CSV manifest into `sink` with the same checks and report as `parseCsv`, without
 * building the model. Returns the voyage, undefined when the file is rejected as a whole.
 */
export async function parseCsvRecords(
  text: AsyncIterable<string>,
  report: ReportBuilder,
  options: CsvParseOptions,
  sink: CsvRecordSink,
): Promise<Voyage | undefined> {
  const reader = new CsvManifestReader(report, options, sink);
  if (!(await readRows(text, reader))) return undefined;
  const manifest = reader.finish();
  await reader.drain();
  return manifest?.voyage;
}

/**
 * The last row of each B/L number (the first pass of a streamed reading): rows are only
 * tokenized, the number's cell is the only one kept.
 */
export async function csvLastRows(text: AsyncIterable<string>): Promise<Map<string, number>> {
  const { head, rest } = await peekFirstLine(text);
  const { delimiter } = sniffCsvHeader(head);
  const lastRows = new Map<string, number>();
  let at: number | undefined;
  let header = true;
  const tokenizer = new CsvTokenizer(
    delimiter,
    (cells, line) => {
      if (header) {
        header = false;
        at = cells.findIndex((cell) => columnForHeader(cell)?.name === 'bl_number');
        // Only that cell is cut out of the rows (the others are read, not copied).
        tokenizer.keepOnly = at;
        return;
      }
      const number = at === undefined || at < 0 ? '' : (cells[at] ?? '').trim();
      if (number) lastRows.set(lastRows.has(number) ? number : ownedCopy(number), line);
    },
    MAX_RECORD_CHARS,
  );
  for await (const chunk of rest) {
    tokenizer.push(chunk);
    if (tokenizer.error) break;
  }
  if (!tokenizer.error) tokenizer.end();
  return lastRows;
}

/** Feeds the text's rows to the reader; false when the file is rejected (header). */
async function readRows(text: AsyncIterable<string>, reader: CsvManifestReader): Promise<boolean> {
  const { head, rest } = await peekFirstLine(text);
  const { delimiter } = sniffCsvHeader(head);
  let stopped = false;
  const tokenizer = new CsvTokenizer(
    delimiter,
    (cells, line) => {
      if (!stopped && !reader.row(cells, line)) stopped = true;
    },
    MAX_RECORD_CHARS,
  );
  for await (const chunk of rest) {
    tokenizer.push(chunk);
    await reader.drain();
    if (stopped || tokenizer.error) break;
  }
  if (!stopped && !tokenizer.error) tokenizer.end();
  if (tokenizer.error) reader.malformed(tokenizer.error);
  await reader.drain();
  return !stopped;
}

/** Reads until the first line break so the delimiter can be chosen before csv-parse starts. */
async function peekFirstLine(
  text: AsyncIterable<string>,
): Promise<{ head: string; rest: AsyncIterable<string> }> {
  const iterator = text[Symbol.asyncIterator]();
  const seen: string[] = [];
  let head = '';
  while (!/[\r\n]/.test(head) && head.length < 1_000_000) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    head += next.value;
  }
  const firstLine = head.split(/\r?\n|\r/, 1)[0] ?? '';
  async function* rest(): AsyncIterable<string> {
    yield* seen;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: firstLine, rest: rest() };
}

export interface CsvParseOptions {
  /** The PCU's port (UN/LOCODE), used with a warning when no row gives a reporting port. */
  reportingPort?: string;
}

class CsvManifestReader {
  private header: Row | undefined;
  private readonly index = new Map<CsvColumnName, number>();
  /** The same positions as `index`, as a plain object: `cell` runs some 40 times per row. */
  private columnAt: Partial<Record<CsvColumnName, number>> = {};
  private readonly mapped: { column: CsvColumn; at: number }[] = [];
  private goodsColumns: number[] = [];
  private containerColumns: number[] = [];
  private readonly bls = new Map<string, BlState>();
  private readonly containers = new Map<string, ContainerState>();
  private readonly seenRows = new Set<string>();
  private readonly voyageFields = new Map<string, VoyageField>();
  private readonly voyage: Partial<Voyage> = {};
  private blColumns: number[] = [];
  /** One copy of each repeated value (ports, names, descriptions...), one interner per column. */
  private readonly interners = new Map<string, ValueInterner>();
  /** Identical parties share one (read-only) object: the same consignee recurs on many B/Ls. */
  private readonly parties = new Map<string, Party[]>();
  private partyCount = 0;
  private readonly heavyGoods: HeavyGoods[] = [];
  /** Streamed: B/Ls complete, waiting for `drain` (the tokenizer's callback is synchronous). */
  private readonly ready: { bl: BillOfLading; firstLine: number }[] = [];
  /** What a `CMR number` or `Wagon No` header says of rows that do not say it themselves. */
  private headerDocumentType: TransportDocumentType | undefined;
  private headerEquipmentKind: EquipmentKind | undefined;

  constructor(
    private readonly report: ReportBuilder,
    private readonly options: CsvParseOptions = {},
    private readonly sink?: CsvRecordSink,
  ) {}

  /** Hands the complete B/Ls to the sink. */
  async drain(): Promise<void> {
    if (!this.sink) return;
    while (this.ready.length > 0) {
      const next = this.ready.splice(0, this.ready.length);
      for (const { bl, firstLine } of next) await this.sink.billOfLading(bl, firstLine);
    }
  }

  /** Streamed: the B/L is complete after this row (its last), it leaves the reader. */
  private completeAt(blNumber: string, line: number): void {
    const lastRow = this.sink?.lastRows.get(blNumber);
    if (lastRow !== undefined && lastRow > line) return;
    const state = this.bls.get(blNumber);
    if (!state) return;
    this.bls.delete(blNumber);
    this.complete(state);
    this.ready.push({ bl: state.bl, firstLine: state.line });
  }

  /** A B/L whose rows are all read: goods in line order, its heavy goods judged. */
  private complete(state: BlState): void {
    if (state.bl.goods.length > 1) state.bl.goods.sort((a, b) => a.lineNumber - b.lineNumber);
    if (state.heavy) for (const heavy of state.heavy) judgeHeavy(heavy);
    state.heavy = undefined;
  }

  malformed(err: TokenizerError): void {
    const scope = this.report.record(`line ${err.line}`);
    scope.error(
      'CSV_MALFORMED',
      { line: err.line },
      err.kind === 'unclosed-quote'
        ? `A quote opened at line ${err.line} is never closed; the file could not be read from there on.`
        : `The record starting at line ${err.line} is longer than ${err.limit / 1024 / 1024} MB (an unclosed quote?); the file could not be read from there on.`,
    );
    scope.commit();
  }

  /** Handles one record; false stops the read (the file is rejected). */
  row(record: Row, line: number): boolean {
    if (!this.header) return this.readHeader(record, line);
    const blNumber = this.readRow(record, line);
    if (this.sink && blNumber) this.completeAt(blNumber, line);
    return true;
  }

  private readHeader(record: Row, line: number): boolean {
    this.header = record;
    record.forEach((cell, at) => {
      const column = columnForHeader(cell);
      if (!column) {
        if (cell.trim()) {
          this.report.warning(
            'CSV_UNKNOWN_COLUMN',
            { line, column: at + 1, field: cell },
            `Column "${cell.trim()}" is not recognised and was ignored.`,
          );
        }
        return;
      }
      const name = column.name as CsvColumnName;
      if (this.index.has(name)) {
        this.report.warning(
          'CSV_DUPLICATE_COLUMN',
          { line, column: at + 1, field: cell },
          `Columns "${record[this.index.get(name) as number]}" and "${cell}" both mean ${name}; the first is used.`,
        );
        return;
      }
      this.index.set(name, at);
      this.columnAt[name] = at;
      this.mapped.push({ column, at });
      if (name === 'bl_number') this.headerDocumentType = documentTypeOfHeader(cell);
      if (name === 'container_number') this.headerEquipmentKind = equipmentKindOfHeader(cell);
    });
    // A train, truck or flight column names the conveyance: vessel name and voyage may be absent.
    const conveyanceNamed = CONVEYANCE_COLUMNS.some((name) => this.index.has(name));
    const missing = REQUIRED_COLUMNS.filter(
      (col) =>
        !this.index.has(col.name as CsvColumnName) &&
        !(conveyanceNamed && (col.name === 'vessel_name' || col.name === 'voyage_number')),
    );
    if (missing.length > 0) {
      this.report.fileError(
        'CSV_MISSING_COLUMN',
        `Required column(s) missing from the header: ${missing.map((col) => col.name).join(', ')}. ` +
          `Accepted names: ${missing.map((col) => `${col.name} (${col.aliases.slice(0, 4).join(', ')})`).join('; ')}.`,
        { line },
      );
      return false;
    }
    this.goodsColumns = this.mapped.filter((m) => m.column.level === 'goods').map((m) => m.at);
    this.containerColumns = this.mapped.filter((m) => m.column.level === 'container').map((m) => m.at);
    this.blColumns = this.mapped.filter((m) => m.column.level === 'bl').map((m) => m.at);
    return true;
  }

  /**
   * The trimmed cell. It may be a view into the decoded chunk (V8 makes substrings of 13+
   * characters views into their parent): whatever the model keeps goes through `owned` or
   * `shared`, or the model would keep every chunk of the file in memory.
   */
  private cell(record: Row, name: CsvColumnName): string {
    const at = this.columnAt[name];
    if (at === undefined) return '';
    const value = record[at];
    if (!value) return '';
    return value.trim();
  }

  /** A cell kept in the model whose values are unique (B/L numbers, seals). */
  private owned(record: Row, name: CsvColumnName): string {
    return ownedCopy(this.cell(record, name));
  }

  /** A cell kept in the model whose values repeat (names, addresses, descriptions, codes). */
  private shared(record: Row, name: CsvColumnName): string {
    return this.intern(name, this.cell(record, name));
  }

  private intern(column: string, value: string): string {
    let interner = this.interners.get(column);
    if (!interner) {
      interner = new ValueInterner();
      this.interners.set(column, interner);
    }
    return interner.intern(value);
  }

  private loc(name: CsvColumnName, line: number): IssueLocation {
    const at = this.index.get(name);
    return at === undefined
      ? { line, field: name }
      : { line, column: at + 1, field: this.header?.[at] ?? name };
  }

  /** Reads one row; returns the B/L number it belongs to, if any. */
  private readRow(record: Row, line: number): string | undefined {
    let blNumber = this.owned(record, 'bl_number');
    const rawContainer = this.cell(record, 'container_number');
    if (!blNumber && !rawContainer && record.every((cell) => cell.trim() === '')) return undefined;
    const containerNumber = rawContainer ? ownedCopy(normaliseContainerNumber(rawContainer)) : '';
    const label = blNumber
      ? containerNumber
        ? `line ${line}: B/L ${blNumber} / container ${containerNumber}`
        : `line ${line}: B/L ${blNumber}`
      : `line ${line}: container ${containerNumber}`;
    const scope = this.report.record(label);
    const header = this.header as Row;

    if (record.length !== header.length) {
      this.report.warnOnce(
        'CSV_FIELD_COUNT',
        { line },
        `Line ${line} has ${record.length} cells, the header ${header.length}; missing cells are read as empty ` +
          '(reported once for the file).',
      );
    }
    for (const { column, at } of this.mapped) {
      const value = record[at];
      if (value && isFormulaLike(value) && !(column.level !== 'bl' && /^[-+]?\d/.test(value))) {
        scope.warning(
          'CSV_FORMULA_CELL',
          { line, column: at + 1, field: header[at] },
          `The ${column.name} cell starts with "${value[0]}" like a spreadsheet formula; it is kept as plain text.`,
        );
      }
    }
    this.readVoyage(record, line);

    if (!blNumber && !containerNumber) {
      scope.error(
        'REQUIRED_FIELD',
        this.loc('bl_number', line),
        'The row has neither a B/L number nor a container number; it cannot be attributed and is set aside.',
      );
      scope.setAside();
      return undefined;
    }

    const goodsPresent = anyCell(record, this.goodsColumns);
    // A container row with B/L details or goods but no B/L number: its parties must still be
    // screened and its goods profiled, so the B/L is kept under a number made from the line.
    const unnumberedBl = !blNumber && (goodsPresent || anyCell(record, this.blColumns));
    if (unnumberedBl) {
      blNumber = `NO-BL-NUMBER-LINE-${line}`;
      scope.label = `line ${line}: B/L (none) / container ${containerNumber}`;
    }
    const lineCell = this.cell(record, 'goods_line');
    const lineNumber = positiveInteger(lineCell);
    // With a goods_line number a repeat is found through the B/L's goods; otherwise by the row's content.
    const known = blNumber ? this.bls.get(blNumber) : undefined;
    let rowKey: string | undefined;
    let duplicate: boolean;
    if (goodsPresent && lineNumber !== undefined) {
      const existing = known?.goodsLine(lineNumber);
      duplicate =
        !!existing &&
        (containerNumber ? existing.containers.includes(containerNumber) : existing.containers.length === 0);
    } else {
      rowKey = `${blNumber}\u0001${containerNumber}\u0001${
        goodsPresent ? this.goodsColumns.map((at) => (record[at] ?? '').trim()).join('\u0001') : ''
      }`;
      duplicate = this.seenRows.has(rowKey);
    }
    if (duplicate) {
      scope.warning(
        'DUPLICATE_ROW',
        { line },
        `The same B/L, container${goodsPresent ? ' and goods line' : ''} appear on an earlier row; this repeat was ignored.`,
      );
      scope.keep();
      return blNumber;
    }

    // Bill of lading (validated on its first accepted row; later rows repeat it).
    let blState = known;
    let newBl: BillOfLading | undefined;
    const blHash = blNumber ? cellsHash(record, this.blColumns) : 0;
    if (blNumber && !blState) {
      newBl = this.buildBl(record, line, blNumber, scope);
      if (unnumberedBl)
        this.fault(
          scope,
          newBl,
          'REQUIRED_FIELD',
          'number',
          'bl_number',
          line,
          `The row has B/L details or goods but no B/L number; they are kept as B/L ${blNumber}.`,
        );
      if (newBl)
        this.place(billOfLadingProblems(newBl, transportMode(this.voyage)), 'bl', line, scope, newBl);
    } else if (blState && blState.cellsHash !== blHash) {
      this.blConflict(record, line, blState, scope);
    }

    // Container (validated on its first accepted row; differing repeats are DUPLICATE_CONTAINER).
    const containerState = containerNumber
      ? (this.containers.get(containerNumber) ??
        (this.sink?.knownContainers?.has(containerNumber) ? KNOWN_CONTAINER : undefined))
      : undefined;
    let newContainer: Container | undefined;
    const containerHash = containerNumber ? cellsHash(record, this.containerColumns) : 0;
    if (containerNumber && !containerState) {
      newContainer = this.buildContainer(record, line, containerNumber, scope);
      this.place(containerProblems(newContainer), 'container', line, scope, newContainer);
    } else if (
      containerState &&
      containerState !== KNOWN_CONTAINER &&
      containerState.cellsHash !== containerHash
    ) {
      scope.warning(
        'DUPLICATE_CONTAINER',
        this.loc('container_number', line),
        `Container ${containerNumber} is declared with different details than at line ${containerState.line}; the first is kept.`,
      );
    }

    // Goods line.
    let goods: GoodsItem | undefined;
    if (goodsPresent) {
      goods = this.buildGoods(record, line, containerNumber, lineNumber, scope);
      // The weight is the whole line's, over all its containers: judged in finish().
      this.place(goodsItemProblems(goods, { weightLimit: false }), 'goods', line, scope, goods);
    }

    const rowHadErrors = !scope.keep();
    if (rowKey !== undefined) this.seenRows.add(rowKey);
    if (newContainer) {
      this.containers.set(containerNumber, {
        container: this.sink ? undefined : newContainer,
        cellsHash: containerHash,
        line,
      });
      this.sink?.container(newContainer);
    }
    if (!blNumber) return undefined;
    if (!blState) {
      blState = new BlState(newBl as BillOfLading, blHash, line);
      this.bls.set(blNumber, blState);
    }
    if (containerNumber && !blState.hasContainer(containerNumber)) blState.addContainer(containerNumber);
    if (goods) {
      const existing = lineNumber !== undefined ? blState.goodsLine(goods.lineNumber) : undefined;
      if (existing) {
        if (containerNumber && !existing.containers.includes(containerNumber))
          existing.containers = appended(existing.containers, containerNumber);
      } else {
        if (lineNumber === undefined) goods.lineNumber = blState.lastLine + 1;
        blState.addGoods(goods);
        if ((goods.grossWeightKg ?? 0) > IMPOSSIBLE_CONTAINER_KG) {
          const heavy: HeavyGoods = { bl: blState.bl, goods, line, rowHadErrors };
          this.heavyGoods.push(heavy);
          if (this.sink) {
            blState.heavy ??= [];
            blState.heavy.push(heavy);
          }
        }
      }
    }
    return blNumber;
  }

  /**
   * A later row of a B/L whose B/L cells differ from its first row: the first values are kept.
   * The row's B/L is built again (rare) to name the fields that really differ; cells that
   * differ only in ways the model does not keep (case of a code, spacing) are not reported.
   */
  private blConflict(record: Row, line: number, state: BlState, scope: RecordScope): void {
    const again = this.buildBl(record, line, state.bl.number, new RecordScope(this.report, 'B/L conflict'));
    if (!again) return;
    const fields: string[] = [];
    let column: CsvColumnName | undefined;
    for (const field of BL_FIELDS) {
      if (JSON.stringify(again[field]) === JSON.stringify(state.bl[field])) continue;
      const role = PARTY_ROLES[field as keyof typeof PARTY_ROLES];
      if (role) {
        // Name the party's field that differs: `shipper.address` at the shipper_address column.
        const parts = (v: unknown) => (Array.isArray(v) ? v : [v]) as (Party | undefined)[];
        const [now, first] = [parts(again[field]), parts(state.bl[field])];
        for (const [key, suffix] of PARTY_FIELDS) {
          const differs = (p: Party | undefined, k: number) => p?.[key] !== first[k]?.[key];
          if (now.some(differs) || now.length !== first.length) {
            fields.push(`${field}.${key}`);
            column ??= `${role}_${suffix}` as CsvColumnName;
          }
        }
      } else {
        fields.push(field);
        column ??= columnForField('bl', field);
      }
    }
    if (fields.length === 0) return;
    scope.warning(
      'BL_CONFLICT',
      column ? this.loc(column, line) : { line, field: fields[0] as string },
      `B/L ${state.bl.number} is given with a different ${fields.join(', ')} than at line ${state.line}; the first values are kept.`,
    );
  }

  /**
   * Gives field problems from record-checks a CSV position; errors are kept on `target` as data
   * quality, and values its type cannot hold are left out.
   */
  private place(
    problems: FieldProblem[],
    level: CsvColumn['level'],
    line: number,
    scope: RecordScope,
    target: QualityTarget,
  ): void {
    if (problems.length === 0) return;
    for (const p of problems) {
      const name = columnForField(level, p.field);
      scope.problems([p], name ? this.loc(name, line) : { line, field: p.field });
      if (p.severity === 'error') noteDataQuality(target, p.code, p.field, valueAtPath(target, p.field));
    }
    dropUntypedValues(target, problems);
  }

  /** A field error of the row: reported, and kept on the record it concerns. */
  private fault(
    scope: RecordScope,
    target: QualityTarget | undefined,
    code: IssueCode,
    field: string,
    column: CsvColumnName,
    line: number,
    message: string,
    value?: string,
  ): void {
    scope.error(code, this.loc(column, line), message);
    if (target) noteDataQuality(target, code, field, value);
  }

  /**
   * The manifest's mode, or this row's when none is kept yet: a rail or road row's reporting
   * place is checked as a station or crossing, though its mode column comes after it.
   */
  private rowMode(record: Row): TransportMode | undefined {
    if (this.voyage.mode) return this.voyage.mode;
    const raw = this.index.has('mode') ? this.cell(record, 'mode') : undefined;
    return raw ? TRANSPORT_MODES[raw.toLowerCase()] : undefined;
  }

  private readVoyage(record: Row, line: number): void {
    for (const column of VOYAGE_COLUMNS) {
      const at = this.index.get(column.name);
      if (at === undefined) continue;
      let state = this.voyageFields.get(column.name);
      if (!state) {
        state = { rejected: new Set() };
        this.voyageFields.set(column.name, state);
      }
      // Fast path: the voyage cells are the same on nearly every row.
      const cellText = record[at];
      if (cellText === undefined || cellText === state.lastCell) continue;
      state.lastCell = cellText;
      const raw = this.cell(record, column.name);
      if (!raw) continue;
      if (raw === state.raw || state.rejected.has(raw)) continue;
      const value = voyageValue(column.name, raw);
      const problems: FieldProblem[] =
        column.name === 'mode' || column.name === 'border_station'
          ? modalVoyageProblems(column.name, raw, value)
          : value === undefined
            ? [
                {
                  code: 'DATE_INVALID',
                  severity: 'error',
                  message: `ETA "${raw}" is not a valid date.`,
                  field: 'eta',
                },
              ]
            : column.name === 'flag' && !/^[A-Z]{2}$/.test(value as string)
              ? [
                  {
                    code: 'COUNTRY_UNKNOWN',
                    severity: 'error',
                    message: `Flag "${raw}" is not an ISO 3166 alpha-2 code.`,
                    field: 'flag',
                  },
                ]
              : voyageProblems({ mode: this.rowMode(record), [column.field]: value });
      let ok = true;
      for (const p of problems) {
        if (p.severity === 'error') ok = false;
        this.report.add({ ...p, location: this.loc(column.name, line), record: 'voyage' });
      }
      if (ok && state.raw !== undefined) {
        this.report.warnOnce(
          'CSV_VOYAGE_CONFLICT',
          this.loc(column.name, line),
          `Line ${line} gives ${column.name} "${raw}", line ${state.line} gave "${state.raw}"; the first is kept ` +
            '(reported once per column).',
          `conflict:${column.name}`,
        );
        state.rejected.add(raw); // seen: do not check this value again
      } else if (ok) {
        state.raw = ownedCopy(raw);
        state.line = line;
        (this.voyage as Record<string, unknown>)[column.field] = value;
      } else {
        state.rejected.add(raw);
      }
    }
  }

  private buildBl(record: Row, line: number, number: string, scope: RecordScope): BillOfLading | undefined {
    const bl = emptyBillOfLading();
    bl.number = number;
    bl.type = 'master';
    bl.notifyParties = none();
    bl.transshipmentPorts = none();
    bl.containers = none();
    bl.goods = none();
    const type = this.cell(record, 'bl_type').toLowerCase();
    if (type) {
      if (['master', 'm', 'mbl', 'mb/l'].includes(type)) bl.type = 'master';
      else if (['house', 'h', 'hbl', 'hb/l'].includes(type)) bl.type = 'house';
      else
        this.fault(
          scope,
          bl,
          'VALUE_UNKNOWN',
          'type',
          'bl_type',
          line,
          `B/L type "${type}" is neither master nor house; read as master.`,
          type,
        );
    }
    const master = this.owned(record, 'master_bl');
    if (master) bl.masterNumber = master;
    for (const role of ['shipper', 'consignee', 'forwarder'] as const) {
      const party = this.party(record, line, role, scope, bl);
      if (party) bl[role] = party;
    }
    bl.notifyParties = this.notifyParties(record, line, scope, bl);
    for (const [name, field] of [
      ['place_of_receipt', 'placeOfReceipt'],
      ['port_of_loading', 'portOfLoading'],
      ['port_of_discharge', 'portOfDischarge'],
      ['place_of_delivery', 'placeOfDelivery'],
    ] as const) {
      const code = this.cell(record, name);
      if (code) bl[field] = this.intern('ports', normaliseLocode(code));
    }
    bl.transshipmentPorts = splitCodes(this.cell(record, 'transshipment_ports')).map((code) =>
      this.intern('ports', normaliseLocode(code)),
    );
    const documentType = this.cell(record, 'document_type');
    if (documentType) {
      const known = DOCUMENT_TYPES[documentType.toLowerCase().replace(/[\s_]+/g, '-')];
      if (known) bl.documentType = known;
      else
        this.fault(
          scope,
          bl,
          'VALUE_UNKNOWN',
          'documentType',
          'document_type',
          line,
          `Document type "${documentType}" is none of bill-of-lading, cim-smgs, cmr, air-waybill; left out.`,
          documentType,
        );
    } else if (this.headerDocumentType) bl.documentType = this.headerDocumentType;
    const pieces = this.number(record, 'piece_count', line, scope, false, bl, 'pieceCount');
    if (pieces !== undefined) {
      if (Number.isInteger(pieces)) bl.pieceCount = pieces;
      else
        this.fault(
          scope,
          bl,
          'NUMBER_INVALID',
          'pieceCount',
          'piece_count',
          line,
          `Piece count ${pieces} is not a whole number; it is left out.`,
          String(pieces),
        );
    }
    const weight = this.number(record, 'document_gross_weight_kg', line, scope, true, bl, 'grossWeightKg');
    if (weight !== undefined) bl.grossWeightKg = weight;
    const freight = this.cell(record, 'freight_terms').toLowerCase();
    if (freight) {
      const terms = FREIGHT_TERMS[freight];
      if (terms) bl.freightTerms = terms;
      else
        scope.warning(
          'VALUE_UNKNOWN',
          this.loc('freight_terms', line),
          `Freight terms "${freight}" are not prepaid, collect or elsewhere; left out.`,
        );
    }
    return bl;
  }

  private party(
    record: Row,
    line: number,
    role: 'shipper' | 'consignee' | 'forwarder',
    scope: RecordScope,
    bl: BillOfLading,
  ): Party | undefined {
    const name = this.cell(record, `${role}_name`);
    const address = this.cell(record, `${role}_address`);
    const country = this.cell(record, `${role}_country`);
    const identifier = this.cell(record, `${role}_id`);
    if (!name && !address && !country && !identifier) return undefined;
    if (!name) {
      this.fault(
        scope,
        bl,
        'REQUIRED_FIELD',
        `${role}.name`,
        `${role}_name`,
        line,
        `The ${role} has an address, country or id but no name; it cannot be screened.`,
        address || identifier || country,
      );
      return undefined;
    }
    return this.makeParty(name, address, country, identifier, this.loc(`${role}_country`, line), scope);
  }

  /** The cells may be views into the chunk: the party keeps interned copies. */
  private makeParty(
    name: string,
    address: string,
    country: string,
    identifier: string,
    countryAt: IssueLocation,
    scope: RecordScope,
  ): Party {
    const code = country.toUpperCase();
    // The model only holds 2-letter codes; a country written out is reported and left out.
    const countryOk = !country || /^[A-Z]{2}$/.test(code);
    // Found by address (or name without one): common names recur with many addresses.
    const partyKey = address || name;
    const namesakes = countryOk ? this.parties.get(partyKey) : undefined;
    if (namesakes) {
      for (const p of namesakes) {
        if (
          p.name === name &&
          (p.address ?? '') === address &&
          (p.country ?? '') === code &&
          (p.identifier ?? '') === identifier
        )
          return p;
      }
    }
    const party = emptyParty();
    party.name = this.intern('party_name', name);
    if (address) party.address = this.intern('party_address', address);
    if (country) {
      if (countryOk) party.country = this.intern('ports', code);
      else
        scope.warning(
          'COUNTRY_UNKNOWN',
          countryAt,
          `Country "${country}" is not an ISO 3166 alpha-2 code; left out.`,
        );
    }
    if (identifier) party.identifier = this.intern('party_id', identifier);
    if (countryOk && this.partyCount < MAX_SHARED_PARTIES) {
      this.partyCount++;
      if (!namesakes) this.parties.set(party.address ?? party.name, [party]);
      else if (namesakes.length < 8) namesakes.push(party);
    }
    return party;
  }

  private notifyParties(record: Row, line: number, scope: RecordScope, bl: BillOfLading): Party[] {
    // Positional: `|KE` gives the second party's country, so empty entries are kept.
    const split = (name: CsvColumnName, separator: string | RegExp) => {
      const value = this.cell(record, name);
      return value ? value.split(separator).map((v) => v.trim()) : [];
    };
    const names = split('notify_name', PARTY_SEPARATOR);
    const addresses = split('notify_address', PARTY_SEPARATOR);
    const countries = split('notify_country', CODE_SEPARATOR);
    const ids = split('notify_id', PARTY_SEPARATOR);
    const count = Math.max(names.length, addresses.length, countries.length, ids.length);
    let parties: Party[] = none();
    for (let i = 0; i < count; i++) {
      const name = names[i] ?? '';
      if (!name) {
        this.fault(
          scope,
          bl,
          'REQUIRED_FIELD',
          `notifyParties.${i}.name`,
          'notify_name',
          line,
          `Notify party ${i + 1} has no name; it cannot be screened.`,
          addresses[i] || ids[i] || countries[i],
        );
        continue;
      }
      parties = appended(
        parties,
        this.makeParty(
          name,
          addresses[i] ?? '',
          countries[i] ?? '',
          ids[i] ?? '',
          this.loc('notify_country', line),
          scope,
        ),
      );
    }
    return parties;
  }

  private buildContainer(record: Row, line: number, number: string, scope: RecordScope): Container {
    const container = emptyContainer();
    container.number = number;
    container.seals = none();
    container.status = 'full';
    container.shipperOwned = false;
    const kind = this.cell(record, 'equipment_kind');
    if (kind) {
      const known = EQUIPMENT_KINDS[kind.toLowerCase()];
      if (known) container.kind = known;
      else
        this.fault(
          scope,
          container,
          'VALUE_UNKNOWN',
          'kind',
          'equipment_kind',
          line,
          `Equipment kind "${kind}" is none of container, wagon, trailer, uld; checked as a container.`,
          kind,
        );
    } else if (this.headerEquipmentKind) container.kind = this.headerEquipmentKind;
    const isoType = this.cell(record, 'iso_type');
    if (isoType) container.isoType = this.intern('iso_type', isoType.toUpperCase());
    container.seals = splitCodes(this.cell(record, 'seals')).map(ownedCopy);
    const status = this.cell(record, 'container_status').toLowerCase();
    if (status) {
      if (['full', 'f', 'fcl', 'lcl', 'laden'].includes(status)) container.status = 'full';
      else if (['empty', 'e', 'mty'].includes(status)) container.status = 'empty';
      else
        this.fault(
          scope,
          container,
          'VALUE_UNKNOWN',
          'status',
          'container_status',
          line,
          `Container status "${status}" is neither full nor empty; read as full.`,
          status,
        );
    }
    const owned = this.cell(record, 'shipper_owned').toLowerCase();
    if (owned) {
      if (['yes', 'y', 'true', '1', 'soc'].includes(owned)) container.shipperOwned = true;
      else if (!['no', 'n', 'false', '0', 'coc'].includes(owned)) {
        scope.warning(
          'VALUE_UNKNOWN',
          this.loc('shipper_owned', line),
          `Shipper-owned "${owned}" is not yes or no; read as no.`,
        );
      }
    }
    const vgm = this.number(record, 'vgm_kg', line, scope, true, container, 'verifiedGrossMassKg');
    if (vgm !== undefined) container.verifiedGrossMassKg = vgm;
    return container;
  }

  private buildGoods(
    record: Row,
    line: number,
    containerNumber: string,
    lineNumber: number | undefined,
    scope: RecordScope,
  ): GoodsItem {
    const goods = emptyGoodsItem();
    goods.lineNumber = lineNumber ?? 1;
    goods.description = this.shared(record, 'description');
    goods.containers = none();
    const lineCell = this.cell(record, 'goods_line');
    if (lineCell && lineNumber === undefined)
      this.fault(
        scope,
        goods,
        'NUMBER_INVALID',
        'lineNumber',
        'goods_line',
        line,
        `Goods line "${lineCell}" is not a positive whole number; the line is numbered in row order.`,
        lineCell,
      );
    const hs = this.cell(record, 'hs_code');
    if (hs) {
      const code = normaliseHsCode(hs);
      if (/^\d{4,10}$/.test(code)) goods.hsCode = this.intern('hs_code', code);
      else
        this.fault(
          scope,
          goods,
          'HS_FORMAT',
          'hsCode',
          'hs_code',
          line,
          `HS code "${hs}" is not 6 to 10 digits; it is left out.`,
          hs,
        );
    }
    const count = this.number(record, 'package_count', line, scope, false, goods, 'packageCount');
    if (count !== undefined) {
      if (Number.isInteger(count)) goods.packageCount = count;
      else
        this.fault(
          scope,
          goods,
          'NUMBER_INVALID',
          'packageCount',
          'package_count',
          line,
          `Package count ${count} is not a whole number; it is left out.`,
          String(count),
        );
    }
    const packageType = this.shared(record, 'package_type');
    if (packageType) goods.packageType = packageType;
    const weight = this.number(record, 'gross_weight_kg', line, scope, true, goods, 'grossWeightKg');
    if (weight !== undefined) goods.grossWeightKg = weight;
    const volume = this.number(record, 'volume_m3', line, scope, false, goods, 'volumeM3');
    if (volume !== undefined) goods.volumeM3 = volume;
    const marks = this.shared(record, 'marks');
    if (marks) goods.marks = marks;
    const un = this.cell(record, 'un_number');
    if (un) {
      const code = un.toUpperCase().replace(/^UN\s*/, '');
      if (/^\d{4}$/.test(code)) goods.dangerousGoodsUn = code;
      else
        this.fault(
          scope,
          goods,
          'DG_UN_NUMBER',
          'dangerousGoodsUn',
          'un_number',
          line,
          `UN number "${un}" is not 4 digits; it is left out.`,
          un,
        );
    }
    if (containerNumber) goods.containers = [containerNumber];
    return goods;
  }

  /**
   * A non-negative decimal; negative weights are WEIGHT_IMPOSSIBLE, anything else NUMBER_INVALID
   * (left out of the model, kept on `target` as data quality under `field`).
   */
  private number(
    record: Row,
    name: CsvColumnName,
    line: number,
    scope: RecordScope,
    weight: boolean,
    target: QualityTarget,
    field: string,
  ): number | undefined {
    const raw = this.cell(record, name);
    if (!raw) return undefined;
    const n = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isFinite(n)) {
      this.fault(
        scope,
        target,
        'NUMBER_INVALID',
        field,
        name,
        line,
        `${name} "${raw}" is not a number; it is left out.`,
        raw,
      );
      return undefined;
    }
    if (n < 0) {
      this.fault(
        scope,
        target,
        weight ? 'WEIGHT_IMPOSSIBLE' : 'NUMBER_INVALID',
        field,
        name,
        line,
        `${name} ${raw} is negative; it is left out.`,
        raw,
      );
      return undefined;
    }
    return n;
  }

  finish(): Manifest | undefined {
    if (!this.header) {
      this.report.fileError('FILE_EMPTY', 'The file has no header row.');
      return undefined;
    }
    if (!this.voyage.reportingPort && this.options.reportingPort) {
      const port = normaliseLocode(this.options.reportingPort);
      this.voyage.reportingPort = port;
      this.report.warning(
        'REQUIRED_FIELD',
        { field: 'reporting_port' },
        `No row gives a valid reporting_port; the port known from outside the file, ${port}, is used.`,
      );
    }
    fillConveyance(this.voyage);
    const missing = (['vesselName', 'voyageNumber', 'reportingPort'] as const).filter((f) => !this.voyage[f]);
    if (missing.length > 0) {
      const names = missing.map((f) => VOYAGE_COLUMNS.find((col) => col.field === f)?.name).join(', ');
      this.report.fileError(
        'REQUIRED_FIELD',
        `No row gives a valid ${names}: the voyage is unknown, nothing can be reported.`,
      );
      return undefined;
    }
    const voyage = { previousPortsOfCall: [], ...this.voyage } as Voyage;
    const billsOfLading: BillOfLading[] = [];
    for (const state of this.bls.values()) {
      this.complete(state);
      if (this.sink) this.ready.push({ bl: state.bl, firstLine: state.line });
      else billsOfLading.push(state.bl);
    }
    this.bls.clear();
    this.judgeHeavyGoods();
    if (this.sink) return { voyage, billsOfLading, containers: [] };
    const containers: Container[] = [];
    for (const state of this.containers.values()) if (state.container) containers.push(state.container);
    return { voyage, billsOfLading, containers };
  }

  /**
   * Goods lines heavier than one container, now that all their containers are known. The line
   * is kept (it is profiled with its weight, which is evidence) and the error kept on it.
   */
  private judgeHeavyGoods(): void {
    for (const heavy of this.heavyGoods) {
      const { bl, goods, line, rowHadErrors } = heavy;
      const p = judgeHeavy(heavy);
      if (!p) continue;
      this.report.add({
        ...p,
        message: `${p.message} Goods line ${goods.lineNumber} of B/L ${bl.number} is kept with this error.`,
        location: this.loc('gross_weight_kg', line),
        record: `line ${line}: B/L ${bl.number} goods line ${goods.lineNumber}`,
      });
      if (!rowHadErrors) this.report.countRecordWithErrors();
    }
    this.heavyGoods.length = 0;
  }
}

/**
 * Judges a heavy goods line once its B/L is complete (all its containers known): the error is
 * kept on the line, once; the report takes it at the end, in row order.
 */
function judgeHeavy(heavy: HeavyGoods): ReturnType<typeof goodsWeightProblem> {
  if (!heavy.judged) {
    const problem = goodsWeightProblem(heavy.goods);
    if (problem) noteDataQuality(heavy.goods, problem.code, 'grossWeightKg', heavy.goods.grossWeightKg);
    heavy.judged = { problem };
  }
  return heavy.judged.problem;
}

const BL_FIELDS = [
  'type',
  'masterNumber',
  'shipper',
  'consignee',
  'notifyParties',
  'forwarder',
  'placeOfReceipt',
  'portOfLoading',
  'transshipmentPorts',
  'portOfDischarge',
  'placeOfDelivery',
  'freightTerms',
  'documentType',
  'pieceCount',
  'grossWeightKg',
] as const satisfies readonly (keyof BillOfLading)[];

const PARTY_ROLES = {
  shipper: 'shipper',
  consignee: 'consignee',
  forwarder: 'forwarder',
  notifyParties: 'notify',
} as const;
const PARTY_FIELDS = [
  ['name', 'name'],
  ['address', 'address'],
  ['country', 'country'],
  ['identifier', 'id'],
] as const;

/** More distinct parties than this are not shared (each still gets interned strings). */
const MAX_SHARED_PARTIES = 100_000;

/**
 * A 53-bit hash (two FNV-1a variants) of the trimmed cells at `columns`: compares a row's
 * cells with the first row's without keeping their text.
 */
function cellsHash(record: Row, columns: number[]): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const at of columns) {
    const cell = record[at];
    if (cell) {
      const text =
        cell.length > 0 && (cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32)
          ? cell.trim()
          : cell;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
      }
    }
    h1 = Math.imul(h1 ^ 0xffff, 0x01000193);
    h2 = Math.imul(h2 ^ 0xffff, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return (h1 >>> 0) * 0x200000 + (h2 >>> 11);
}

const VOYAGE_COLUMNS = (CSV_COLUMNS as readonly CsvColumn[]).filter(
  (col) => col.level === 'voyage',
) as (CsvColumn & {
  name: CsvColumnName;
})[];

const FREIGHT_TERMS: Record<string, BillOfLading['freightTerms']> = {
  prepaid: 'prepaid',
  pp: 'prepaid',
  p: 'prepaid',
  'freight prepaid': 'prepaid',
  collect: 'collect',
  cc: 'collect',
  c: 'collect',
  'freight collect': 'collect',
  elsewhere: 'elsewhere',
  'payable elsewhere': 'elsewhere',
};

const FIELD_COLUMNS = new Map<string, CsvColumnName>();
for (const column of CSV_COLUMNS as readonly CsvColumn[])
  FIELD_COLUMNS.set(`${column.level}:${column.field}`, column.name as CsvColumnName);

/** `notifyParties.1.country` -> `notify_country`; `transshipmentPorts.2` -> `transshipment_ports`. */
function columnForField(level: CsvColumn['level'], field: string): CsvColumnName | undefined {
  return FIELD_COLUMNS.get(`${level}:${field.replace(/\.\d+/g, '')}`);
}

/** Whether any of the cells at `columns` has content. */
function anyCell(record: Row, columns: number[]): boolean {
  for (const at of columns) {
    const value = record[at];
    if (value && value.trim() !== '') return true;
  }
  return false;
}

/** A goods line number: a positive whole number, or undefined. */
function positiveInteger(cell: string): number | undefined {
  if (!cell) return undefined;
  const n = Number(cell);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function splitCodes(cell: string): string[] {
  if (!cell) return none();
  const values = cell.split(CODE_SEPARATOR).map((v) => v.trim());
  return values.includes('') ? values.filter(Boolean) : values;
}

/**
 * The model's empty lists are one shared, frozen array (a B/L without transshipment ports or
 * notify parties costs no array of its own). The model is read-only downstream; a push would
 * throw rather than corrupt other records. `appended` copies short lists, never pushes on them.
 */
const NONE: readonly never[] = Object.freeze([]);

function none<T>(): T[] {
  return NONE as unknown as T[];
}

/**
 * `list` with `item` added, as an exact-size array while the list is short: push() grows a
 * one-element array to room for 17, and most B/Ls and goods lines have one or two containers.
 */
function appended<T>(list: T[], item: T): T[] {
  if (list.length >= 8) {
    list.push(item);
    return list;
  }
  const copy = new Array<T>(list.length + 1);
  for (let i = 0; i < list.length; i++) copy[i] = list[i] as T;
  copy[list.length] = item;
  return copy;
}

function isFormulaLike(value: string): boolean {
  const first = value.charCodeAt(0);
  // = + - @ : what spreadsheets evaluate when the file is opened.
  return first === 61 || first === 43 || first === 45 || first === 64;
}

const DOCUMENT_TYPES: Record<string, TransportDocumentType> = {
  'bill-of-lading': 'bill-of-lading',
  'b/l': 'bill-of-lading',
  bl: 'bill-of-lading',
  'cim-smgs': 'cim-smgs',
  'cim/smgs': 'cim-smgs',
  cim: 'cim-smgs',
  smgs: 'cim-smgs',
  cmr: 'cmr',
  'air-waybill': 'air-waybill',
  awb: 'air-waybill',
  mawb: 'air-waybill',
  hawb: 'air-waybill',
};

const EQUIPMENT_KINDS: Record<string, EquipmentKind> = {
  container: 'container',
  wagon: 'wagon',
  railcar: 'wagon',
  trailer: 'trailer',
  'semi-trailer': 'trailer',
  uld: 'uld',
};

/** Mode names, and the UN/ECE Recommendation 19 codes of the mode of transport. */
const TRANSPORT_MODES: Record<string, TransportMode> = {
  sea: 'sea',
  maritime: 'sea',
  '1': 'sea',
  rail: 'rail',
  '2': 'rail',
  road: 'road',
  '3': 'road',
  air: 'air',
  '4': 'air',
};

/** The checks of the mode and border station cells (the others go through voyageProblems). */
function modalVoyageProblems(name: 'mode' | 'border_station', raw: string, value: unknown): FieldProblem[] {
  if (name === 'mode') {
    return value === undefined
      ? [
          {
            code: 'VALUE_UNKNOWN',
            severity: 'error',
            message: `Mode "${raw}" is none of sea, rail, road, air (or 1 to 4).`,
            field: 'mode',
          },
        ]
      : [];
  }
  // Whether the code is known (UN/LOCODE or the locations file) is voyageProblems' question.
  return /^[A-Z]{2}[A-Z0-9]{3}$/.test(value as string)
    ? voyageProblems({ borderStation: value as string })
    : [
        {
          code: 'LOCODE_FORMAT',
          severity: 'error',
          message: `Border station "${raw}" is not a UN/LOCODE (2 letters + 3 letters or digits).`,
          field: 'borderStation',
        },
      ];
}

/**
 * A rail, road or air CSV may name its conveyance only by train, truck or flight: the model's
 * conveyance name and trip (schemas/manifest.ts, Voyage) are then taken from it.
 */
function fillConveyance(voyage: Partial<Voyage>): void {
  const conveyance = voyage.trainNumber ?? voyage.truckRegistration ?? voyage.flightNumber;
  if (!conveyance) return;
  voyage.vesselName ??= conveyance;
  voyage.voyageNumber ??= voyage.trainNumber ?? voyage.tirCarnet ?? conveyance;
}

/** The model value of a voyage cell, or undefined for an ETA that is no date or an unknown mode. */
function voyageValue(name: CsvColumnName, raw: string): unknown {
  switch (name) {
    case 'mode':
      return TRANSPORT_MODES[raw.toLowerCase()];
    case 'border_station':
      return normaliseLocode(raw);
    case 'truck_registration':
    case 'trailer_registration':
    case 'tir_carnet':
    case 'flight_number':
      return ownedCopy(raw.toUpperCase().replace(/\s+/g, ''));
    case 'aircraft_registration':
      return ownedCopy(raw.toUpperCase());
    case 'imo':
      return normaliseImo(raw);
    case 'flag':
      return raw.toUpperCase();
    case 'reporting_port':
      return normaliseLocode(raw);
    case 'previous_ports':
      return splitCodes(raw).map(normaliseLocode);
    case 'eta':
      return parseDate(raw);
    default:
      return ownedCopy(raw);
  }
}

/**
 * ISO 8601 date or date-time with offset; also `YYYY-MM-DD HH:MM[:SS]` (read as UTC, as
 * spreadsheets drop the zone) and `YYYYMMDD` (EDIFACT style). Undefined when not a real date.
 */
export function parseDate(raw: string): string | undefined {
  let value = raw.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (compact) value = `${compact[1]}-${compact[2]}-${compact[3]}`;
  const spaced = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(value);
  if (spaced) value = `${spaced[1]}T${spaced[2]}${spaced[2]?.length === 5 ? ':00' : ''}Z`;
  // The model's date-time carries seconds: `2024-03-15T10:00Z` -> `2024-03-15T10:00:00Z`.
  value = value.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$/, '$1:00$2');
  return isValidDate(value) ? value : undefined;
}
