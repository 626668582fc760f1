import type { FlaggedContainerWrite, FlaggedStore } from '#adapters/flagged-store.ts';
import type { ManifestRecords } from '#adapters/manifest-records.ts';
import type { ManifestStore } from '#adapters/manifest-store.ts';
import { expiresAtFor } from '#adapters/pipeline-resources.ts';
import type { RescreenStore } from '#adapters/rescreen-store.ts';
import type { IntakeRead, ManifestSource } from '#core/manifest/parse-manifest.ts';
import { consignmentOf } from '#core/pipeline/consignment.ts';
import { conveyanceOf } from '#core/pipeline/conveyance.ts';
import { compileProfiles } from '#core/profiling/compile-profiles.ts';
import { buildScreeningIndex } from '#core/screening/index.ts';
import type { LoadedSnapshot } from '#core/snapshot/load-snapshot.ts';
import { entryKey, type ListDiff } from '#core/watchlists/list-diff.ts';
import type { ContainerAssessment, Evidence } from '#schemas/assessment.ts';

/**
 * Re-screening after a list update. The manifests each port received in the last `days` days
 * (an index query per port) are read again from their stored files and every container is
 * assessed with the profiles against a small screening index of the added and changed entries
 * only: cheap, since the index holds a handful of names. A container that hits there is then
 * assessed with the new snapshot as profiling would assess it now, and written as a flag if
 * that assessment still names one of those entries (the full index weighs words by their
 * rarity across all lists, so it has the last word). The matching evidence says which list
 * update brought it. Flag writes are the profile Lambda's idempotent UpdateItem: an existing
 * flag of the container gets the new assessment (its decisions and notes are kept), never a
 * second item.
 *
 * Removed entries close nothing: an open flag whose evidence names one gets a note on that
 * evidence, and an officer decides.
 */
export type ListUpdate = {
  /** When the refresh ran (ISO); its date names the update. */
  at: string;
  snapshotVersion: string;
  diffs: readonly ListDiff[];
};

export type RescreenDeps = {
  store: RescreenStore;
  manifestStore: Pick<ManifestStore, 'read'>;
  flaggedStore: FlaggedStore;
  manifestRecords: Pick<ManifestRecords, 'recountFlags'>;
  readManifest: (
    source: ManifestSource,
    opts: { reportingPort?: string; sizeBytes?: number },
  ) => Promise<IntakeRead>;
  ports: readonly string[];
  days: number;
  retentionDays: number;
};

export type RescreenOutcome = {
  since: string;
  manifests: number;
  containers: number;
  /** Containers written as flags (new, or an existing flag given the new hit). */
  flagsWritten: number;
  /** Open flags whose evidence names a removed entry, marked. */
  flagsMarkedRemoved: number;
  /** Stored files that could not be read again (expired, deleted): skipped. */
  manifestsUnreadable: number;
};

export function listUpdateName(list: string, at: string): string {
  return `${list} list update of ${at.slice(0, 10)}`;
}

type Change = { list: string; kind: 'added' | 'changed' | 'removed' };

function changesOf(diffs: readonly ListDiff[], kinds: readonly Change['kind'][]): Map<string, Change> {
  const changes = new Map<string, Change>();
  for (const diff of diffs) {
    for (const kind of kinds) {
      for (const entry of diff[kind]) changes.set(entryKey(entry), { list: diff.list, kind });
    }
  }
  return changes;
}

/**
 * The assessment with a note on each piece of watchlist evidence that names a changed entry,
 * or undefined when none does. Idempotent: a note already there is not added again.
 */
export function noteListUpdate(
  assessment: { hits?: unknown },
  changes: ReadonlyMap<string, Change>,
  at: string,
): { noted: boolean; assessment: Record<string, unknown> } {
  let noted = false;
  const hits = Array.isArray(assessment.hits) ? (assessment.hits as { evidence?: Evidence[] }[]) : [];
  const annotated = hits.map((hit) => ({
    ...hit,
    evidence: (hit.evidence ?? []).map((evidence) => {
      const match = evidence.watchlist;
      const change = match && changes.get(entryKey({ list: match.list, id: match.entityId }));
      if (!change) return evidence;
      const note =
        change.kind === 'removed'
          ? `entry removed in the ${listUpdateName(change.list, at)}: review whether this flag still stands`
          : `entry ${change.kind} in the ${listUpdateName(change.list, at)}`;
      noted = true;
      if (evidence.detail?.includes(note)) return evidence;
      return { ...evidence, detail: evidence.detail ? `${evidence.detail}; ${note}` : note };
    }),
  }));
  return { noted, assessment: { ...assessment, hits: annotated } };
}

function hasWatchlistEvidence(assessment: ContainerAssessment): boolean {
  return assessment.hits.some((hit) => hit.evidence.some((e) => e.watchlist !== undefined));
}

export async function rescreenRecentManifests(
  snapshot: LoadedSnapshot,
  update: ListUpdate,
  deps: RescreenDeps,
): Promise<RescreenOutcome> {
  const since = new Date(Date.parse(update.at) - deps.days * 86_400_000).toISOString();
  const outcome: RescreenOutcome = {
    since,
    manifests: 0,
    containers: 0,
    flagsWritten: 0,
    flagsMarkedRemoved: 0,
    manifestsUnreadable: 0,
  };
  const listed = changesOf(update.diffs, ['added', 'changed']);
  if (listed.size > 0) {
    const deltaEntries = update.diffs.flatMap((d) => [...d.added, ...d.changed]);
    // The same profiles (roles screened, thresholds, identifier lookups), against the new entries only.
    const deltaProfiles = compileProfiles(snapshot.header.profileSet, {
      screening: buildScreeningIndex(deltaEntries),
    });
    for (const port of deps.ports) {
      for await (const manifest of deps.store.manifestsReceivedSince(port, since)) {
        const key = manifest.sourceKeys[0];
        if (manifest.status === 'rejected' || !key) continue;
        let read: IntakeRead;
        try {
          read = await deps.readManifest(
            { name: key, open: () => deps.manifestStore.read(key) },
            {
              reportingPort: port,
              ...(manifest.sourceBytes !== undefined && { sizeBytes: manifest.sourceBytes }),
            },
          );
        } catch (err) {
          if ((err as Error)?.name !== 'NoSuchKey') throw err;
          outcome.manifestsUnreadable++;
          continue;
        }
        if (!read.voyage) continue;
        outcome.manifests++;
        const deltaSession = deltaProfiles.newSession();
        const fullSession = snapshot.newSession();
        const writes: FlaggedContainerWrite[] = [];
        await read.forEachUnit((unit) => {
          outcome.containers++;
          const candidate = deltaProfiles.assess(unit, { reportingPort: port, session: deltaSession });
          if (!hasWatchlistEvidence(candidate)) return;
          const assessment = snapshot.assess(unit, { reportingPort: port, session: fullSession });
          if (!assessment.flagged) return;
          const noted = noteListUpdate(assessment, listed, update.at);
          if (!noted.noted) return;
          writes.push({
            containerNumber: assessment.containerNumber,
            score: assessment.score,
            lane: assessment.lane,
            assessment: noted.assessment,
            consignment: consignmentOf(unit),
          });
        });
        if (writes.length === 0) continue;
        await deps.flaggedStore.writeFlagged(
          {
            manifestId: manifest.manifestId,
            port,
            ...conveyanceOf(read.voyage),
            vesselName: manifest.vesselName ?? read.voyage.vesselName,
            voyageNumber: manifest.voyageNumber ?? read.voyage.voyageNumber,
            snapshotVersion: update.snapshotVersion,
            profiledAt: update.at,
            // A flag lives as long as its manifest's record, not longer because a list changed.
            expiresAt: expiresAtFor(new Date(manifest.receivedAt), deps.retentionDays),
          },
          writes,
        );
        await deps.manifestRecords.recountFlags(manifest.manifestId);
        outcome.flagsWritten += writes.length;
      }
    }
  }
  const removed = changesOf(update.diffs, ['removed']);
  if (removed.size > 0) {
    for (const port of deps.ports) {
      for await (const flag of deps.store.openFlags(port)) {
        if (!flag.assessment) continue;
        const before = JSON.stringify(flag.assessment);
        const noted = noteListUpdate(flag.assessment, removed, update.at);
        if (!noted.noted || JSON.stringify(noted.assessment) === before) continue;
        if (await deps.store.replaceAssessment(flag.manifestId, flag.containerNumber, noted.assessment)) {
          outcome.flagsMarkedRemoved++;
        }
      }
    }
  }
  return outcome;
}
