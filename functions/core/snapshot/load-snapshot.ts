import {
  type AssessOptions,
  type CompiledProfiles,
  compileProfiles,
} from '#core/profiling/compile-profiles.ts';
import type { ScreeningIndex } from '#core/screening/screening-index.ts';
import { deserializeScreeningIndex } from '#core/screening/serialize-index.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import type { ProfileSet } from '#schemas/risk-profile.ts';

/**
 * A config snapshot: everything the profile Lambda needs to score containers, published as
 * one immutable S3 object per version. The screening index is stored pre-built (serialized)
 * so a cold start deserializes it instead of re-indexing tens of thousands of names.
 *
 * Layout (text): line 1 is the JSON header (version, counts, the profile set); the rest of
 * the file is the serialized screening index, parsed only by `deserializeScreeningIndex`.
 * The version is a hash of the content, so publishing the same config twice yields the same
 * version, and a version never names two different configs.
 */
export const SNAPSHOT_FORMAT = 'pcu-config-snapshot/1';

export type SnapshotHeader = {
  format: typeof SNAPSHOT_FORMAT;
  version: string;
  builtAt: string;
  profileVersion: string;
  watchlists: Array<{ list: string; entries: number }>;
  profileSet: ProfileSet;
};

export type BuiltSnapshot = { version: string; header: SnapshotHeader; body: string };

export type LoadedSnapshot = {
  version: string;
  profileVersion: string;
  header: SnapshotHeader;
  screening: ScreeningIndex;
  compiled: CompiledProfiles;
  assess(unit: ContainerUnit, opts?: AssessOptions): ContainerAssessment;
  /** One per manifest chunk: each party name is screened once per session. */
  newSession(): NonNullable<AssessOptions['session']>;
};

export class SnapshotFormatError extends Error {
  constructor(message: string) {
    super(`not a PCU config snapshot: ${message}`);
    this.name = 'SnapshotFormatError';
  }
}

/** Reads a snapshot body and compiles it: done once per Lambda container and version. */
export function loadSnapshot(body: string): LoadedSnapshot {
  const header = readSnapshotHeader(body);
  // Snapshots published before the header lost its `indexEncoding` field hold the same text.
  const screening = deserializeScreeningIndex(body.slice(body.indexOf('\n') + 1));
  const compiled = compileProfiles(header.profileSet, { screening });
  return {
    version: header.version,
    profileVersion: header.profileVersion,
    header,
    screening,
    compiled,
    assess: (unit, opts) => compiled.assess(unit, opts),
    newSession: () => compiled.newSession(),
  };
}

export function readSnapshotHeader(body: string): SnapshotHeader {
  const newline = body.indexOf('\n');
  if (newline < 0) throw new SnapshotFormatError('no header line');
  let header: Partial<SnapshotHeader>;
  try {
    header = JSON.parse(body.slice(0, newline));
  } catch {
    throw new SnapshotFormatError('the header line is not JSON');
  }
  if (header.format !== SNAPSHOT_FORMAT) throw new SnapshotFormatError(`format is ${String(header.format)}`);
  if (typeof header.version !== 'string' || !header.profileSet)
    throw new SnapshotFormatError('version or profiles missing');
  return header as SnapshotHeader;
}
