import type { ReportBuilder } from './report-builder.ts';

/**
 * Air waybill messages are documents of a few kilobytes, read whole. A file far beyond any
 * message (a misrouted dump) is refused before it fills the memory.
 */
export const AIR_MESSAGE_MAX_CHARS = 64 * 1024 * 1024;

/** The decoded text, joined; undefined (with FILE_TOO_LARGE) past `maxChars`. */
export async function readWholeText(
  text: AsyncIterable<string>,
  report: ReportBuilder,
  what: string,
  maxChars = AIR_MESSAGE_MAX_CHARS,
): Promise<string | undefined> {
  const parts: string[] = [];
  let length = 0;
  for await (const chunk of text) {
    length += chunk.length;
    if (length > maxChars) {
      report.fileError(
        'FILE_TOO_LARGE',
        `The ${what} file is larger than ${Math.round(maxChars / 1024 / 1024)} MB, far beyond any air waybill message; send one message (or one master's houses) per file.`,
      );
      return undefined;
    }
    parts.push(chunk);
  }
  return parts.join('');
}
