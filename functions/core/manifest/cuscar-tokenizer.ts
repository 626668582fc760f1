/**
 * Incremental UN/EDIFACT tokenizer: turns text arriving in chunks of any size into segments,
 * one at a time, without ever holding the whole interchange. It handles the UNA service
 * string advice (non-default separators), the release character, a UTF-8 BOM and line
 * breaks between (or inside) segments, which many senders add for readability.
 */

export interface Delimiters {
  component: string;
  element: string;
  decimal: string;
  /** Empty when the UNA declares no release character (a space in its 4th position). */
  release: string;
  segment: string;
}

export const DEFAULT_DELIMITERS: Delimiters = {
  component: ':',
  element: '+',
  decimal: '.',
  release: '?',
  segment: "'",
};

export interface Segment {
  /** Three upper-case letters or digits for a well-formed segment (`EQD`); see `malformed`. */
  tag: string;
  /**
   * Data elements after the tag, each a list of components, release characters removed:
   * `EQD+CN+MSKU7351770:6346:5` -> `[['CN'], ['MSKU7351770', '6346', '5']]`.
   */
  elements: string[][];
  /** 1-based line where the segment starts. */
  line: number;
  /** Set when the segment cannot be read: a bad tag, or a runaway length without terminator. */
  malformed?: 'tag' | 'runaway';
  /** The text ended without this segment's terminator. */
  unterminated?: boolean;
}

export interface TokenizerOptions {
  /**
   * Longest segment accepted; a longer run without a segment terminator is reported as one
   * malformed segment and skipped, so garbage without terminators is never buffered whole.
   * Real CUSCAR segments are well under 3,000 characters.
   */
  maxSegmentLength?: number;
}

const TAG = /^[A-Z0-9]{3}$/;
const DEFAULT_MAX_SEGMENT = 64 * 1024;

/** Streams segments from text chunks. `onDelimiters` is told what the UNA declared, if anything. */
export async function* tokenizeEdifact(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: TokenizerOptions & { onDelimiters?: (d: Delimiters) => void } = {},
): AsyncGenerator<Segment> {
  const tokenizer = new EdifactTokenizer(options);
  for await (const chunk of chunks) {
    yield* tokenizer.push(chunk);
  }
  yield* tokenizer.end();
}

/** Push-style tokenizer: `push(chunk)` returns the segments completed by that chunk; `end()` the rest. */
export class EdifactTokenizer {
  delimiters: Delimiters = { ...DEFAULT_DELIMITERS };
  private buf = '';
  /** Position in `buf` up to which the text has been scanned for a terminator. */
  private scanned = 0;
  /** Line number at `buf[0]`. */
  private line = 1;
  private started = false;
  /** Skipping a runaway segment until the next terminator. */
  private skipping = false;
  private readonly maxSegment: number;
  private readonly onDelimiters: ((d: Delimiters) => void) | undefined;

  constructor(options: TokenizerOptions & { onDelimiters?: (d: Delimiters) => void } = {}) {
    this.maxSegment = options.maxSegmentLength ?? DEFAULT_MAX_SEGMENT;
    this.onDelimiters = options.onDelimiters;
  }

  push(chunk: string): Segment[] {
    const out: Segment[] = [];
    if (chunk.length === 0) return out;
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    if (!this.started && !this.readServiceStringAdvice(false)) return out;
    this.scan(out, false);
    return out;
  }

  end(): Segment[] {
    const out: Segment[] = [];
    if (!this.started) this.readServiceStringAdvice(true);
    this.scan(out, true);
    return out;
  }

  /**
   * Reads a BOM and a UNA at the very start. Returns false while too little text has arrived
   * to decide (a UNA needs 9 characters).
   */
  private readServiceStringAdvice(final: boolean): boolean {
    const buf = this.buf;
    let i = buf.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (i < buf.length && isLayoutChar(buf.charCodeAt(i))) i++;
    if (i === buf.length && !final) return false;
    if (buf.startsWith('UNA', i) || (!final && 'UNA'.startsWith(buf.slice(i)))) {
      if (buf.length < i + 9 && !final) return false;
      if (buf.length >= i + 9) {
        const release = buf[i + 6] as string;
        this.delimiters = {
          component: buf[i + 3] as string,
          element: buf[i + 4] as string,
          decimal: buf[i + 5] as string,
          release: release === ' ' ? '' : release,
          segment: buf[i + 8] as string,
        };
        this.onDelimiters?.(this.delimiters);
        i += 9;
      }
    }
    this.line += countNewlines(buf, 0, i);
    this.buf = buf.slice(i);
    this.scanned = 0;
    this.started = true;
    return true;
  }

  private scan(out: Segment[], final: boolean): void {
    const { segment: term, release } = this.delimiters;
    const termCode = term.charCodeAt(0);
    const releaseCode = release ? release.charCodeAt(0) : -1;
    const buf = this.buf;
    const len = buf.length;
    let start = 0;
    let i = this.scanned;
    while (i < len) {
      const c = buf.charCodeAt(i);
      if (c === releaseCode) {
        if (i + 1 >= len) break; // the released character has not arrived yet
        i += 2;
        continue;
      }
      if (c === termCode) {
        this.emit(out, buf, start, i);
        start = i + 1;
        i = start;
        continue;
      }
      i++;
      if (i - start > this.maxSegment && !this.skipping) {
        // A runaway segment: report it once, then drop text until the next terminator.
        out.push({ tag: '', elements: [], line: this.line + leadingLines(buf, start), malformed: 'runaway' });
        this.skipping = true;
        this.line += countNewlines(buf, start, i);
        start = i;
      } else if (this.skipping && i - start > this.maxSegment) {
        this.line += countNewlines(buf, start, i);
        start = i;
      }
    }
    if (final) {
      if (start < len) this.emit(out, buf, start, len, true);
      this.buf = '';
      this.scanned = 0;
      return;
    }
    this.buf = buf.slice(start);
    this.scanned = i - start;
  }

  private emit(out: Segment[], buf: string, start: number, end: number, unterminated = false): void {
    if (this.skipping) {
      this.skipping = false;
      this.line += countNewlines(buf, start, end);
      return;
    }
    // Skip layout (line breaks, spaces, tabs) before the tag.
    let s = start;
    while (s < end && isLayoutChar(buf.charCodeAt(s))) s++;
    const line = this.line + countNewlines(buf, start, s);
    this.line = line;
    if (s === end) return; // only layout: nothing to emit (e.g. trailing CRLF)
    // Values are sliced from a copy of the segment, not from the chunk: a value kept in the
    // model then holds on to its segment, not to the whole 64 KiB chunk it arrived in.
    const own = `${buf.slice(s, end)} `;
    const segment = splitSegment(own, 0, own.length - 1, this.delimiters, line);
    this.line += newlinesInLastSplit;
    if (unterminated) segment.unterminated = true;
    out.push(segment);
  }
}

function isLayoutChar(c: number): boolean {
  return c === 10 || c === 13 || c === 32 || c === 9;
}

function countNewlines(s: string, from: number, to: number): number {
  // A bounded loop: indexOf would scan to the end of the chunk when a file has no line breaks.
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

function leadingLines(s: string, from: number): number {
  let i = from;
  let n = 0;
  while (i < s.length && isLayoutChar(s.charCodeAt(i))) {
    if (s.charCodeAt(i) === 10) n++;
    i++;
  }
  return n;
}

/** Line feeds inside the segment last split (counted on the way, to avoid a second pass). */
let newlinesInLastSplit = 0;

/** Splits one segment's text (between terminators) into tag, elements and components. */
export function splitSegment(text: string, start: number, end: number, d: Delimiters, line: number): Segment {
  const elementCode = d.element.charCodeAt(0);
  const componentCode = d.component.charCodeAt(0);
  const releaseCode = d.release ? d.release.charCodeAt(0) : -1;
  const elements: string[][] = [];
  let components: string[] = [];
  let current = '';
  let runStart = start;
  let newlines = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === releaseCode) {
      current += text.slice(runStart, i);
      if (i + 1 < end) current += text[i + 1];
      if (text.charCodeAt(i + 1) === 10) newlines++;
      i++;
      runStart = i + 1;
    } else if (c === elementCode || c === componentCode) {
      current += text.slice(runStart, i);
      components.push(current);
      current = '';
      runStart = i + 1;
      if (c === elementCode) {
        elements.push(components);
        components = [];
      }
    } else if (c === 10 || c === 13) {
      // Line breaks inside a segment come from senders wrapping long lines: not data.
      if (c === 10) newlines++;
      current += text.slice(runStart, i);
      runStart = i + 1;
    }
  }
  current += text.slice(runStart, end);
  components.push(current);
  elements.push(components);
  newlinesInLastSplit = newlines;
  const tagElement = elements.shift() as string[];
  const tag = (tagElement[0] ?? '').trimEnd();
  const segment: Segment = { tag, elements, line };
  if (!TAG.test(tag)) segment.malformed = 'tag';
  return segment;
}

/** Component `c` (0-based) of element `e` (0-based, after the tag), trimmed; '' when absent. */
export function component(segment: Segment, e: number, c = 0): string {
  return (segment.elements[e]?.[c] ?? '').trim();
}

/** All non-empty components of element `e`, trimmed. */
export function components(segment: Segment, e: number): string[] {
  const el = segment.elements[e];
  if (!el) return [];
  const out: string[] = [];
  for (const c of el) {
    const t = c.trim();
    if (t) out.push(t);
  }
  return out;
}
