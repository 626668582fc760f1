/**
 * The statuses of the domain, defined once: the API schemas, the stores, the handlers and the
 * CLI import them from here.
 *
 * A manifest is `received` (recorded, its chunks being queued), `queued` (every chunk on the
 * profiling queue), `stalled` (no progress for the configured time, or a chunk failed for
 * good: the record says why; an admin resumes it), `complete` (every chunk profiled) or
 * `rejected` (nothing could be profiled; the validation report says why).
 */
export const MANIFEST_STATUSES = ['received', 'queued', 'stalled', 'complete', 'rejected'] as const;
export type ManifestStatus = (typeof MANIFEST_STATUSES)[number];
/** Statuses of a manifest whose profiling is not finished (what the stall detector watches). */
export const UNFINISHED_MANIFEST_STATUSES = [
  'received',
  'queued',
  'stalled',
] as const satisfies readonly ManifestStatus[];

/** A flagged container: open, assigned for inspection, inspected (clear or seizure), released. */
export const FLAG_STATUSES = [
  'open',
  'assigned',
  'inspected-clear',
  'inspected-seizure',
  'released',
] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];
export const INITIAL_FLAG_STATUS: FlagStatus = 'open';
