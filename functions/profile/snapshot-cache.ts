import type { SnapshotStore } from '#adapters/snapshot-store.ts';

/**
 * The published config snapshot, loaded once per Lambda container and kept while the
 * pointer names the same version. The pointer is re-checked at most every `refreshMs`
 * (a conditional GET of a ~100-byte object), so a newly published version is picked up
 * within a minute without paying a snapshot download per invocation. Concurrent callers
 * share one in-flight load. If the pointer cannot be read, the loaded version keeps serving.
 */
export type VersionedSnapshot = { version: string };

export function createSnapshotCache<S extends VersionedSnapshot>(options: {
  store: SnapshotStore;
  load: (body: string) => S;
  refreshMs: number;
  now?: () => number;
  onLoaded?: (snapshot: S, loadMs: number) => void;
  onPointerError?: (err: unknown) => void;
}) {
  const now = options.now ?? Date.now;
  let current: S | undefined;
  let etag: string | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<S> | undefined;

  async function refresh(): Promise<S> {
    let read: Awaited<ReturnType<SnapshotStore['readPointer']>>;
    try {
      read = await options.store.readPointer(current ? etag : undefined);
    } catch (err) {
      if (!current) throw err;
      options.onPointerError?.(err);
      checkedAt = now();
      return current;
    }
    checkedAt = now();
    if (!read.changed) return current as S;
    if (current && read.pointer.version === current.version) {
      etag = read.etag;
      return current;
    }
    const started = performance.now();
    const loaded = options.load(await options.store.readSnapshot(read.pointer.key));
    current = loaded;
    etag = read.etag;
    options.onLoaded?.(loaded, performance.now() - started);
    return loaded;
  }

  return {
    async current(): Promise<S> {
      if (current && now() - checkedAt < options.refreshMs) return current;
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    /** The snapshot loaded so far, without checking the pointer (for tests and logs). */
    peek(): S | undefined {
      return current;
    },
  };
}
