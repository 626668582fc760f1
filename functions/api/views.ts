import { type FlagStatus, flaggedId } from '#adapters/pipeline-resources.ts';
import type { Consignment, Decision, FlaggedDetail, FlaggedSummary, ManifestSummary } from '#schemas/api.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';

/**
 * DynamoDB items -> the API's response shapes. Key attributes, TTLs and index keys never
 * leave the API: clients see ids, not storage.
 */
type Item = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);

function hitsOf(item: Item): { ruleId: string; weight: number; description?: string }[] {
  const assessment = item.assessment as { hits?: unknown } | undefined;
  return Array.isArray(assessment?.hits) ? (assessment.hits as { ruleId: string; weight: number }[]) : [];
}

export function toFlaggedSummary(item: Item): FlaggedSummary {
  const manifestId = String(item.manifestId);
  const containerNumber = String(item.containerNumber);
  const rules = hitsOf(item)
    .slice()
    .sort((a, b) => num(b.weight) - num(a.weight))
    .map((h) => String(h.ruleId));
  return {
    id: flaggedId(manifestId, containerNumber),
    manifestId,
    containerNumber,
    port: String(item.port),
    ...(str(item.vesselName) && { vesselName: str(item.vesselName) }),
    ...(str(item.voyageNumber) && { voyageNumber: str(item.voyageNumber) }),
    score: num(item.score),
    ...(str(item.lane) && { lane: str(item.lane) }),
    status: (str(item.status) ?? 'open') as FlagStatus,
    version: num(item.version) || 1,
    flaggedAt: String(item.flaggedAt ?? item.profiledAt ?? ''),
    ...(str(item.profiledAt) && { profiledAt: str(item.profiledAt) }),
    rules: [...new Set(rules)],
  };
}

export function toFlaggedDetail(item: Item): FlaggedDetail {
  const history = Array.isArray(item.decisionHistory) ? (item.decisionHistory as Decision[]) : [];
  return {
    ...toFlaggedSummary(item),
    ...(item.assessment !== undefined && { assessment: item.assessment as ContainerAssessment }),
    ...(item.consignment !== undefined && { consignment: item.consignment as Consignment }),
    ...(str(item.snapshotVersion) && { snapshotVersion: str(item.snapshotVersion) }),
    ...(str(item.notes) && { notes: str(item.notes) }),
    ...(item.decision !== undefined && { decision: item.decision as Decision }),
    history,
  };
}

export function toManifestSummary(item: Item): ManifestSummary {
  const counts = (item.counts ?? {}) as ManifestSummary['counts'];
  const chunksDone = item.chunksDone;
  const done =
    chunksDone instanceof Set
      ? chunksDone.size
      : Array.isArray(chunksDone)
        ? chunksDone.length
        : num(chunksDone);
  const optional = [
    'validationStatus',
    'format',
    'vesselName',
    'imoNumber',
    'voyageNumber',
    'eta',
    'completedAt',
  ] as const;
  const summary: ManifestSummary = {
    id: String(item.manifestId),
    port: String(item.port),
    status: (str(item.status) ?? 'received') as ManifestSummary['status'],
    receivedAt: String(item.receivedAt ?? ''),
    counts,
    chunkCount: num(item.chunkCount),
    chunksDone: done,
    containersProfiled: num(item.containersProfiled),
    containersFlagged: num(item.containersFlagged),
  };
  for (const name of optional) {
    const value = str(item[name]);
    if (value !== undefined) summary[name] = value as never;
  }
  return summary;
}
