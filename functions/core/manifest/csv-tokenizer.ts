/**
 * A streaming RFC 4180 tokenizer fed chunk by chunk. Written here instead of using csv-parse
 * because csv-parse alone tokenised the 200,000-row benchmark file below the 50,000 rows/s
 * intake target (bench/intake.bench.ts measures both), and because it miscounts lines after a
 * CRLF inside a quoted cell: this one reports the exact physical line where each record starts.
 *
 * Tolerant like a spreadsheet: a quote inside an unquoted cell is data, characters after a
 * closing quote are appended, CRLF, LF and lone CR all end a record, blank lines are skipped.
 */
export type RecordHandler = (cells: string[], line: number) => void;

export type TokenizerError =
  | { kind: 'unclosed-quote'; line: number }
  | { kind: 'record-too-long'; line: number; limit: number };

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvTokenizer {
  private cells: string[] = [];
  private field = '';
  private fieldStarted = false;
  private inQuotes = false;
  /** The previous chunk ended on a quote inside a quoted cell: escaped or closing, unknown yet. */
  private quotePending = false;
  /** The previous chunk ended on CR: a leading LF of the next chunk belongs to it. */
  private skipLf = false;
  private recordQuoted = false;
  private recordChars = 0;
  private line = 1;
  private recordLine = 1;
  private readonly delimiter: number;
  /** Cells of the current record so far (with `keepOnly`, those not kept are counted only). */
  private cellCount = 0;
  /**
   * When set, only the cell at this position is cut out of the text; the others are read (same
   * lines, quotes and limits) but handed on as ''. A pre-pass that wants one column sets it.
   */
  keepOnly: number | undefined;
  error: TokenizerError | undefined;

  constructor(
    delimiter: string,
    private readonly onRecord: RecordHandler,
    private readonly maxRecordChars = 16 * 1024 * 1024,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(text: string): void {
    if (this.error) return;
    const n = text.length;
    const d = this.delimiter;
    let i = 0;
    if (this.skipLf) {
      this.skipLf = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    if (this.quotePending && n > 0) {
      this.quotePending = false;
      if (text.charCodeAt(0) === QUOTE) {
        if (this.keeps()) this.field += '"';
        i++;
      } else {
        this.inQuotes = false;
      }
    }
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i);
        const end = q < 0 ? n : q;
        for (let k = text.indexOf('\n', i); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) this.line++;
        if (this.keeps()) this.field += text.slice(i, end);
        if (!this.grow(end - i)) return;
        if (q < 0) return;
        if (q + 1 >= n) {
          this.quotePending = true;
          return;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          if (this.keeps()) this.field += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      if (!this.fieldStarted) {
        if (this.cellCount === 0 && this.field === '') this.recordLine = this.line;
        this.fieldStarted = true;
        if (text.charCodeAt(i) === QUOTE) {
          this.inQuotes = true;
          this.recordQuoted = true;
          i++;
          continue;
        }
      }
      let j = i;
      let c = 0;
      while (j < n) {
        c = text.charCodeAt(j);
        if (c === d || c === LF || c === CR) break;
        j++;
      }
      if (j > i) {
        if (this.keeps()) this.field += text.slice(i, j);
        if (!this.grow(j - i)) return;
      }
      if (j >= n) return;
      this.endField();
      if (c !== d) {
        this.endRecord();
        this.line++;
        if (c === CR) {
          if (j + 1 >= n) this.skipLf = true;
          else if (text.charCodeAt(j + 1) === LF) j++;
        }
      }
      i = j + 1;
    }
  }

  /** End of input: the last record (without a final line break) or an unclosed-quote error. */
  end(): void {
    if (this.error) return;
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) {
      this.error = { kind: 'unclosed-quote', line: this.recordLine };
      return;
    }
    if (this.fieldStarted || this.cellCount > 0) {
      this.endField();
      this.endRecord();
    }
  }

  private grow(chars: number): boolean {
    this.recordChars += chars;
    if (this.recordChars <= this.maxRecordChars) return true;
    this.error = { kind: 'record-too-long', line: this.recordLine, limit: this.maxRecordChars };
    return false;
  }

  /** Whether the current cell's text is kept. */
  private keeps(): boolean {
    return this.keepOnly === undefined || this.keepOnly === this.cellCount;
  }

  private endField(): void {
    this.cellCount++;
    this.cells.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(): void {
    const cells = this.cells;
    // A record of one empty cell is blank (with `keepOnly`, one whose characters were all skipped is not).
    const blank = cells.length === 1 && cells[0] === '' && this.recordChars === 0 && !this.recordQuoted;
    this.cells = [];
    this.cellCount = 0;
    this.recordChars = 0;
    this.recordQuoted = false;
    if (!blank) this.onRecord(cells, this.recordLine);
  }
}
