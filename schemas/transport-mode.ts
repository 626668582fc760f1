/**
 * Kept apart from the zod schemas (manifest.ts re-exports it) so the profile Lambda, which
 * reads the mode of every unit, does not pull in zod.
 */
export type TransportModeName = 'sea' | 'rail' | 'road' | 'air';

/** The mode of a voyage: sea when the manifest does not say. */
export function transportMode(voyage: { mode?: TransportModeName | undefined }): TransportModeName {
  return voyage.mode ?? 'sea';
}
