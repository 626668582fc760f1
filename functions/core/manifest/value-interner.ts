/**
 * One stored copy per distinct value of a manifest's repeated cells (ports, party names and
 * addresses, descriptions, ISO types). Two reasons: manifests repeat these values on most rows,
 * and a cell cut out of a decoded chunk is, in V8, a view that keeps the whole chunk alive; the
 * copy stored here is flat and owns its characters. Values seen once cost a Map entry, so the
 * map stops growing at `maxEntries` (later new values are still copied, just not shared).
 */
export class ValueInterner {
  private readonly values = new Map<string, string>();

  constructor(private readonly maxEntries = 250_000) {}

  intern(value: string): string {
    if (value.length === 0) return '';
    const known = this.values.get(value);
    if (known !== undefined) return known;
    const copy = ownedCopy(value);
    if (this.values.size < this.maxEntries) this.values.set(copy, copy);
    return copy;
  }
}

/**
 * A copy that does not point into its parent string. V8 makes substrings of 13+ characters
 * views (sliced strings); shorter ones are copied already. Concatenating forces a flat copy.
 */
export function ownedCopy(value: string): string {
  return value.length < 13 ? value : ` ${value}`.slice(1);
}
