/**
 * One stored copy per distinct value of a manifest's repeated cells (ports, party names and
 * addresses, descriptions, ISO types). Two reasons: manifests repeat these values on most rows,
 * and a cell cut out of a decoded chunk is, in V8, a view that keeps the whole chunk alive; the
 * copy stored here is flat and owns its characters. Values seen once cost a Map entry, so the
 * map stops growing at `maxEntries` (later new values are still copied, just not shared).
 */
export class ValueInterner {
  private values: Map<string, string> | undefined = new Map();
  private lookups = 0;
  private hits = 0;

  constructor(private readonly maxEntries = 250_000) {}

  intern(value: string): string {
    if (value.length === 0) return '';
    const values = this.values;
    if (!values) return ownedCopy(value);
    const known = values.get(value);
    this.lookups++;
    if (known !== undefined) {
      this.hits++;
      return known;
    }
    // A column whose values hardly repeat (addresses, marks) is not worth a Map entry per value.
    if (this.lookups === 4096 && this.hits < this.lookups / 4) this.values = undefined;
    const copy = ownedCopy(value);
    if (this.values && values.size < this.maxEntries) values.set(copy, copy);
    return copy;
  }
}

/**
 * A flat copy that does not point into its parent string. V8 makes substrings of 13+ characters
 * views (sliced strings); shorter ones are copied already. A round trip through UTF-16 bytes
 * gives a plain sequential string (one-byte when it can be): concatenating and slicing instead
 * would keep two extra string headers (64 bytes) per value.
 */
export function ownedCopy(value: string): string {
  return value.length < 13 ? value : Buffer.from(value, 'utf16le').toString('utf16le');
}
