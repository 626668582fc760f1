/**
 * Bounded excerpts of values that are stored or shown (manifest records, flagged containers,
 * evidence): a value of any size becomes at most `maxChars` UTF-16 units of its start plus a
 * marker that gives its full length, and is always well-formed Unicode (a lone surrogate, which
 * no UTF-8 store accepts, becomes U+FFFD). The one helper the stores use, so a 500 KB vessel
 * name or goods description can never break a DynamoDB item (400 KB) or an SQS message.
 * Profiling itself sees the full value; only what is kept is bounded.
 */

/** Characters kept of a long value: enough to recognise any real name, description or address. */
export const EXCERPT_MAX_CHARS = 1_000;
/** Appended to a cut value: `… [truncated: 512000 characters]`. */
export const EXCERPT_MARKER = '… [truncated: ';

export type ExcerptInfo = { excerpt: string; truncated: boolean; length: number };

export function excerpt(value: string, maxChars: number = EXCERPT_MAX_CHARS): string {
  return excerptInfo(value, maxChars).excerpt;
}

export function excerptInfo(value: string, maxChars: number = EXCERPT_MAX_CHARS): ExcerptInfo {
  if (value.length <= maxChars) {
    const safe = wellFormed(value);
    return { excerpt: safe, truncated: false, length: value.length };
  }
  let head = value.slice(0, Math.max(0, maxChars));
  // Never cut between the two halves of a surrogate pair.
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return {
    excerpt: `${wellFormed(head)}${EXCERPT_MARKER}${value.length} characters]`,
    truncated: true,
    length: value.length,
  };
}

/** True when `value` is an excerpt made by this module (it carries the marker). */
export function isExcerpt(value: string): boolean {
  return value.includes(EXCERPT_MARKER) && /\[truncated: \d+ characters\]$/.test(value);
}

/**
 * Every string inside `value` (objects and arrays, any depth) replaced by its excerpt.
 * Returns the same object when nothing needed cutting, so the common case costs one walk.
 */
export function excerptStrings<T>(value: T, maxChars: number = EXCERPT_MAX_CHARS): T {
  return walk(value, maxChars) as T;
}

function walk(value: unknown, maxChars: number): unknown {
  if (typeof value === 'string')
    return value.length <= maxChars && isWellFormed(value) ? value : excerpt(value, maxChars);
  if (Array.isArray(value)) {
    let changed: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = walk(value[i], maxChars);
      if (next !== value[i]) {
        changed ??= value.slice();
        changed[i] = next;
      }
    }
    return changed ?? value;
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Set) &&
    !(value instanceof Uint8Array)
  ) {
    let changed: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = walk(item, maxChars);
      if (next !== item) {
        changed ??= { ...(value as Record<string, unknown>) };
        changed[key] = next;
      }
    }
    return changed ?? value;
  }
  return value;
}

/** Lone surrogates replaced by U+FFFD (String.prototype.toWellFormed, for any runtime). */
export function wellFormed(value: string): string {
  return isWellFormed(value) ? value : value.replace(LONE_SURROGATE, '\ufffd');
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ANY_SURROGATE = /[\ud800-\udfff]/;

function isWellFormed(value: string): boolean {
  if (!ANY_SURROGATE.test(value)) return true;
  LONE_SURROGATE.lastIndex = 0;
  const lone = LONE_SURROGATE.test(value);
  LONE_SURROGATE.lastIndex = 0;
  return !lone;
}
