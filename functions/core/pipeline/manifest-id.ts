import { createHash, type Hash } from 'node:crypto';

/**
 * The manifest id: a hash of the port and the file's bytes, so the same file twice (under any
 * name, or notified twice) is one manifest. Defined once here because the ingest and the
 * stall detector (which names the uploads that ended in the intake DLQ) must agree on it.
 */
export const MANIFEST_ID_LENGTH = 32;

/** A hash primed with the port; feed it the file's bytes, then `manifestIdOfDigest`. */
export function manifestIdHash(port: string): Hash {
  return createHash('sha256').update(`${port}\n`);
}

export function manifestIdOfDigest(hexDigest: string): string {
  return hexDigest.slice(0, MANIFEST_ID_LENGTH);
}

/** Streams the bytes through the hash: memory stays at one piece, whatever the file's size. */
export async function manifestIdOfBytes(port: string, bytes: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = manifestIdHash(port);
  for await (const piece of bytes) hash.update(piece);
  return manifestIdOfDigest(hash.digest('hex'));
}

/**
 * The id of a file that is not read (over the size cap, or no longer stored): from its ETag,
 * which is identical for identical bytes uploaded the same way.
 */
export function manifestIdOfUnread(port: string, eTagOrKey: string): string {
  return createHash('sha256').update(`${port}\netag:${eTagOrKey}`).digest('hex').slice(0, MANIFEST_ID_LENGTH);
}

/**
 * The id analysts see for a flagged container: `{manifestId}_{containerNumber}`. The manifest
 * id is fixed-length hex, so the split is unambiguous whatever the container number holds.
 */
export function flaggedId(manifestId: string, containerNumber: string): string {
  return `${manifestId}_${containerNumber}`;
}

export function parseFlaggedId(id: string): { manifestId: string; containerNumber: string } | undefined {
  const manifestId = id.slice(0, MANIFEST_ID_LENGTH);
  if (!/^[0-9a-f]+$/.test(manifestId) || manifestId.length !== MANIFEST_ID_LENGTH) return undefined;
  if (id[MANIFEST_ID_LENGTH] !== '_') return undefined;
  const containerNumber = id.slice(MANIFEST_ID_LENGTH + 1);
  return containerNumber ? { manifestId, containerNumber } : undefined;
}

export function isManifestId(value: string): boolean {
  return value.length === MANIFEST_ID_LENGTH && /^[0-9a-f]+$/.test(value);
}
