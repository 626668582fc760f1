import type { Clearance } from '#core/clearances/clearance-records.ts';
import { ClearanceIndex } from '#core/clearances/suppression.ts';

/**
 * The clearances of each port, read from the table at most every `refreshMs` per port (one
 * Query of a small partition), so a chunk does not pay a read and a clearance an analyst just
 * made applies from the next refresh on. Concurrent chunks of a port share one read. The index
 * is rebuilt for each chunk's time, so a clearance stops applying the moment it expires.
 */
export function createClearanceCache(options: {
  load(port: string): Promise<Clearance[]>;
  refreshMs: number;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  const ports = new Map<string, { loadedAt: number; clearances: Promise<Clearance[]> }>();

  return {
    async forPort(port: string, at: Date): Promise<ClearanceIndex> {
      let cached = ports.get(port);
      if (!cached || now() - cached.loadedAt >= options.refreshMs) {
        const clearances = options.load(port);
        cached = { loadedAt: now(), clearances };
        ports.set(port, cached);
        // A failed read is not kept: the next chunk tries again (and this one fails and is retried).
        clearances.catch(() => {
          if (ports.get(port) === cached) ports.delete(port);
        });
      }
      return new ClearanceIndex(port, await cached.clearances, at.toISOString());
    },
  };
}
