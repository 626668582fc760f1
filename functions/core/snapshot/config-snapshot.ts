import { createHash } from 'node:crypto';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import { ProfileSet, type ProfileSetInput } from '#schemas/risk-profile.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import { type AssessOptions, type CompiledProfiles, compileProfiles } from '#core/profiling/index.ts';
import {
  buildScreeningIndex,
  deserializeScreeningIndex,
  type ScreeningIndex,
  serializeScreeningIndex,
} from '#core/screening/index.ts';

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
  /** How the index part is encoded: as the serializer's string, or JSON of its value. */
  indexEncoding: 'string' | 'json';
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

export function buildSnapshot(input: {
  entries: readonly WatchlistEntry[];
  profileSet: ProfileSetInput | ProfileSet;
  builtAt?: Date;
}): BuiltSnapshot {
  const profileSet = ProfileSet.parse(input.profileSet);
  const serialized = serializeScreeningIndex(buildScreeningIndex(input.entries)) as unknown;
  const indexEncoding = typeof serialized === 'string' ? 'string' : 'json';
  const indexText = typeof serialized === 'string' ? serialized : JSON.stringify(serialized);
  const counts = new Map<string, number>();
  for (const entry of input.entries) counts.set(entry.list, (counts.get(entry.list) ?? 0) + 1);
  const watchlists = [...counts]
    .map(([list, entries]) => ({ list, entries }))
    .sort((a, b) => a.list.localeCompare(b.list));

  const hash = createHash('sha256');
  hash.update(JSON.stringify({ profileSet, watchlists, indexEncoding }));
  hash.update('\n');
  hash.update(indexText);
  const version = hash.digest('hex').slice(0, 16);

  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    version,
    builtAt: (input.builtAt ?? new Date()).toISOString(),
    profileVersion: profileSet.version,
    watchlists,
    indexEncoding,
    profileSet,
  };
  return { version, header, body: `${JSON.stringify(header)}\n${indexText}` };
}

/** Reads a snapshot body and compiles it: done once per Lambda container and version. */
export function loadSnapshot(body: string): LoadedSnapshot {
  const header = readSnapshotHeader(body);
  const indexText = body.slice(body.indexOf('\n') + 1);
  const serialized = header.indexEncoding === 'string' ? indexText : JSON.parse(indexText);
  const screening = deserializeScreeningIndex(serialized as Parameters<typeof deserializeScreeningIndex>[0]);
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
