import type { Logger } from '@aws-lambda-powertools/logger';
import type { LocationsFileStore } from '#adapters/locations-file-store.ts';
import { parseLocationsFile, useDeploymentLocations } from '#core/identifiers/locations.ts';

/**
 * Keeps the deployment's published locations file installed for validation: read before the
 * first manifest, then checked again (a conditional GET) at most every `maxAgeMs`, so a
 * `pcu publish --locations` reaches warm Lambdas within minutes. A bad row is logged and left
 * out (pcu publish refuses such a file; this guards against one put into the bucket by hand).
 */
export function createDeploymentLocationsLoader(deps: {
  store: LocationsFileStore;
  logger: Pick<Logger, 'warn'>;
  maxAgeMs?: number;
  now?: () => number;
}): () => Promise<void> {
  const maxAgeMs = deps.maxAgeMs ?? 5 * 60_000;
  const now = deps.now ?? Date.now;
  let etag: string | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  return async function refreshDeploymentLocations() {
    if (now() - checkedAt < maxAgeMs) return;
    const read = await deps.store.read(etag);
    checkedAt = now();
    if (!read.changed) return;
    etag = read.etag;
    const parsed = read.text === undefined ? { locations: [], problems: [] } : parseLocationsFile(read.text);
    for (const p of parsed.problems) {
      deps.logger.warn('locations file: row left out', { line: p.line, field: p.field, reason: p.message });
    }
    useDeploymentLocations(parsed.locations);
  };
}
