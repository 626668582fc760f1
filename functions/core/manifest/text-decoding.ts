/**
 * Turns a manifest's bytes into text without ever holding the whole file: a first look at the
 * head of the file (empty? binary? which format?) and a streaming decoder (UTF-8, or Latin-1
 * when the bytes are not UTF-8).
 */

export type TextEncodingName = 'utf-8' | 'latin1';

/** A manifest's bytes; `open()` may be called more than once (the Latin-1 fallback re-reads). */
export type ManifestSource = { name?: string; open(): AsyncIterable<Uint8Array> };

/** Bytes read for the first look (format, binary content, encoding of the head). */
const SNIFF_BYTES = 64 * 1024;

export interface SourceHead {
  /** The first SNIFF_BYTES bytes (fewer when the file is shorter). */
  bytes: Uint8Array;
  /** True when the whole file fits in `bytes`. */
  complete: boolean;
}

export async function readHead(source: ManifestSource): Promise<SourceHead> {
  const parts: Uint8Array[] = [];
  let length = 0;
  let complete = true;
  for await (const chunk of source.open()) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= SNIFF_BYTES) {
      complete = false;
      break; // leaving the loop closes the underlying stream
    }
  }
  const bytes = new Uint8Array(Math.min(length, SNIFF_BYTES));
  let offset = 0;
  for (const part of parts) {
    const take = Math.min(part.length, bytes.length - offset);
    bytes.set(part.subarray(0, take), offset);
    offset += take;
    if (offset >= bytes.length) break;
  }
  return { bytes, complete: complete && length <= SNIFF_BYTES };
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Why the head is not text, in words an officer can act on; undefined when it is text. */
export function binaryReason(head: Uint8Array): string | undefined {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    return 'The file is UTF-16 text; save it as UTF-8 (or CSV UTF-8 in a spreadsheet).';
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    return 'The file is a ZIP archive (an .xlsx workbook?); export the sheet as CSV.';
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    return 'The file is an old Excel/Office document; export the sheet as CSV.';
  }
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'The file is a PDF, not a manifest.';
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i] as number;
    if (b === 0) return `The file contains a NUL byte at offset ${i}: it is not text.`;
    // Tab, LF, VT, FF, CR are text; 0x1C-0x1F are EDIFACT level-B separators.
    if ((b < 0x09 || (b > 0x0d && b < 0x1c) || b === 0x7f) && ++controls > Math.max(8, head.length / 100)) {
      return 'The file contains many control characters: it is not text.';
    }
  }
  return undefined;
}

/** Whether the bytes are valid UTF-8 (a sequence cut at the end of an incomplete head is fine). */
export function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    decoder.decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** The head as text (for format detection), BOM removed, invalid bytes replaced. */
export function headText(head: Uint8Array, encoding: TextEncodingName): string {
  const start = startsWith(head, UTF8_BOM) ? 3 : 0;
  return new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'latin1', { ignoreBOM: true }).decode(
    head.subarray(start),
  );
}

/** Thrown while decoding as UTF-8 when a byte sequence is invalid: the caller restarts as Latin-1. */
export class NotUtf8Error extends Error {
  constructor() {
    super('The bytes are not valid UTF-8.');
    this.name = 'NotUtf8Error';
  }
}

/** Thrown while reading when the bytes go past the caller's limit (the size may be unknown beforehand). */
export class FileTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The file is larger than ${limitBytes} bytes.`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * Control characters that cannot be text in a manifest: C0 controls other than tab, LF, VT, FF
 * and CR, and DEL. 0x1C-0x1F are EDIFACT level-B separators and are left to the CUSCAR reader
 * when `keepSeparators` is set. They are removed wherever they occur, so a NUL (or a BEL, an
 * ESC...) never reaches a stored or screened name, and reported with where the first one was.
 */
const CONTROLS = /[\x00-\x08\x0e-\x1f\x7f]/g;
const CONTROLS_EXCEPT_SEPARATORS = /[\x00-\x08\x0e-\x1b\x7f]/g;

export interface ControlCharacters {
  count: number;
  /** Where the first one was: 1-based line and column of the text, and its code point. */
  first?: { line: number; column: number; codePoint: number };
}

export interface DecodeOptions {
  /** Stop with FileTooLargeError once more than this many bytes have been read. */
  maxBytes?: number;
  /** Keep 0x1C-0x1F (EDIFACT level-B separators). */
  keepSeparators?: boolean;
  /** Filled in while decoding: the control characters removed. */
  controls?: ControlCharacters;
}

/**
 * Decodes the source chunk by chunk. UTF-8 is decoded strictly (NotUtf8Error on the first invalid
 * byte); `latin1` is the WHATWG label, i.e. Windows-1252, which is what spreadsheets export. A
 * UTF-8 BOM is dropped in both cases. Control characters that cannot be text are removed and
 * counted in `options.controls`; more than `options.maxBytes` bytes throw FileTooLargeError.
 */
export async function* decodeSource(
  source: ManifestSource,
  encoding: TextEncodingName,
  options: DecodeOptions = {},
): AsyncIterable<string> {
  const utf8 = encoding === 'utf-8';
  const decoder = new TextDecoder(utf8 ? 'utf-8' : 'latin1', { fatal: utf8, ignoreBOM: true });
  const controls = options.controls ?? { count: 0 };
  const pattern = options.keepSeparators ? CONTROLS_EXCEPT_SEPARATORS : CONTROLS;
  const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
  let bytesRead = 0;
  // Line and column of the start of the next chunk, followed until the first control character.
  let line = 1;
  let column = 1;
  const clean = (text: string): string => {
    pattern.lastIndex = 0;
    if (!pattern.test(text)) {
      if (controls.first === undefined) [line, column] = advance(text, line, column);
      return text;
    }
    if (controls.first === undefined) {
      pattern.lastIndex = 0;
      const at = (pattern.exec(text) as RegExpExecArray).index;
      const [l, c] = advance(text.slice(0, at), line, column);
      controls.first = { line: l, column: c, codePoint: text.charCodeAt(at) };
    }
    return text.replace(pattern, () => {
      controls.count++;
      return '';
    });
  };
  let first = true;
  for await (const chunk of source.open()) {
    bytesRead += chunk.length;
    if (bytesRead > max) throw new FileTooLargeError(max);
    let bytes = chunk;
    if (first && bytes.length > 0) {
      first = false;
      if (startsWith(bytes, UTF8_BOM)) bytes = bytes.subarray(3);
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw new NotUtf8Error();
    }
    if (text) {
      text = clean(text);
      if (text) yield text;
    }
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new NotUtf8Error();
  }
  if (tail) tail = clean(tail);
  if (tail) yield tail;
}

/** Line and column after `text`, starting from `line`, `column`. */
function advance(text: string, line: number, column: number): [number, number] {
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return [line, last >= 0 ? text.length - last : column + text.length];
}
