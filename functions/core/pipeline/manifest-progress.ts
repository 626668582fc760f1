import { type ManifestStatus, UNFINISHED_MANIFEST_STATUSES } from '#schemas/statuses.ts';

/**
 * When an unfinished manifest counts as stalled (pure: no clock, no I/O). A manifest makes
 * progress when it is recorded, queued, resumed or one of its chunks is profiled; one that
 * has made none for `stallAfterMinutes` is stalled, with a reason an officer can read.
 */
export type ManifestProgress = {
  status: ManifestStatus;
  chunkCount: number;
  chunksDone: number;
  chunksFailed?: number;
  receivedAt: string;
  lastProgressAt?: string;
};

export function isUnfinished(status: string): boolean {
  return (UNFINISHED_MANIFEST_STATUSES as readonly string[]).includes(status);
}

/** The moment before which a manifest's last progress makes it stalled now. */
export function idleCutoff(now: Date, stallAfterMinutes: number): string {
  return new Date(now.getTime() - stallAfterMinutes * 60_000).toISOString();
}

/** Why the manifest is stalled now, or undefined when it is not (finished, stalled already, or moving). */
export function idleStallReason(
  manifest: ManifestProgress,
  now: Date,
  stallAfterMinutes: number,
): string | undefined {
  if (manifest.status !== 'received' && manifest.status !== 'queued') return undefined;
  const last = manifest.lastProgressAt ?? manifest.receivedAt;
  if (!(last <= idleCutoff(now, stallAfterMinutes))) return undefined;
  const idleMinutes = Math.floor((now.getTime() - Date.parse(last)) / 60_000);
  const where =
    manifest.status === 'received'
      ? 'its chunks were never all queued'
      : `${manifest.chunksDone} of ${manifest.chunkCount} chunks profiled`;
  return `no progress for ${idleMinutes} minutes (${where}); an admin can resume it: pcu manifests resume`;
}

/** Chunks still to profile: the indexes below `chunkCount` not in `done`. */
export function missingChunks(chunkCount: number, done: readonly number[]): number[] {
  const doneSet = new Set(done);
  const missing: number[] = [];
  for (let i = 0; i < chunkCount; i++) if (!doneSet.has(i)) missing.push(i);
  return missing;
}
