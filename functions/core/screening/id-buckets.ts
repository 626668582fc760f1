/**
 * A string-keyed lookup table of ids as two typed arrays, so that a prebuilt index stores it
 * as it is and loads it without rebuilding anything: each key hashes to a bucket, each bucket
 * holds the ascending ids filed under keys of that hash (compressed sparse rows). The keys
 * themselves are not stored: a lookup checks each id of the bucket against the key (the
 * vocabulary word it is, the phonetic key it has, the word it is one deletion of), so a hash
 * collision never yields a wrong id, and a hit gives the same ids, in the same order, as a
 * Map from key to the ascending list of ids.
 */
export interface IdBuckets {
  /** Bucket b holds ids[start[b] .. start[b + 1]); the bucket count is a power of two. */
  readonly start: Int32Array;
  readonly ids: Int32Array;
}

/** FNV-1a over the UTF-16 code units. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Files every id 0..count-1 under each of its keys. `keysOf` is called twice per id (counting,
 * then filling) and must give the same keys both times.
 */
export function buildIdBuckets(count: number, keysOf: (id: number) => readonly string[]): IdBuckets {
  let total = 0;
  for (let id = 0; id < count; id++) total += keysOf(id).length;
  let buckets = 1;
  while (buckets < total) buckets *= 2;
  const mask = buckets - 1;
  // An id lands in a bucket once, however many of its keys hash there.
  const last = new Int32Array(buckets).fill(-1);
  const counts = new Int32Array(buckets + 1);
  for (let id = 0; id < count; id++) {
    for (const key of keysOf(id)) {
      const b = hashKey(key) & mask;
      if (last[b] === id) continue;
      last[b] = id;
      counts[b + 1]!++;
    }
  }
  for (let b = 0; b < buckets; b++) counts[b + 1]! += counts[b]!;
  const fill = counts.slice(0, buckets);
  const ids = new Int32Array(counts[buckets]!);
  last.fill(-1);
  for (let id = 0; id < count; id++) {
    for (const key of keysOf(id)) {
      const b = hashKey(key) & mask;
      if (last[b] === id) continue;
      last[b] = id;
      ids[fill[b]!++] = id;
    }
  }
  return { start: counts, ids };
}

/** The ids filed under `key` (those of its bucket that `holds` accepts), ascending; undefined when none. */
export function findIds(table: IdBuckets, key: string, holds: (id: number) => boolean): number[] | undefined {
  const b = hashKey(key) & (table.start.length - 2);
  let found: number[] | undefined;
  for (let i = table.start[b]!; i < table.start[b + 1]!; i++) {
    const id = table.ids[i]!;
    if (!holds(id)) continue;
    if (found) found.push(id);
    else found = [id];
  }
  return found;
}

/** The first id filed under `key` that `holds` accepts (for keys that name one id). */
export function findId(table: IdBuckets, key: string, holds: (id: number) => boolean): number | undefined {
  const b = hashKey(key) & (table.start.length - 2);
  for (let i = table.start[b]!; i < table.start[b + 1]!; i++) if (holds(table.ids[i]!)) return table.ids[i]!;
  return undefined;
}

/** Whether `short` is `long` with one character left out. */
export function isOneDeletionOf(short: string, long: string): boolean {
  if (long.length !== short.length + 1) return false;
  let i = 0;
  while (i < short.length && short.charCodeAt(i) === long.charCodeAt(i)) i++;
  for (let j = i; j < short.length; j++) if (short.charCodeAt(j) !== long.charCodeAt(j + 1)) return false;
  return true;
}
