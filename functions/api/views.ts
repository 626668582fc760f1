import { type FlagStatus, flaggedId } from '#adapters/pipeline-resources.ts';
import type { DecisionState } from '#core/decisions/decision-rules.ts';
import { CONVEYANCE_IDENTIFIERS } from '#core/pipeline/conveyance.ts';
import { parseRouteListing } from '#core/profiling/route-listing.ts';
import type {
  Consignment,
  Conveyance,
  Decision,
  DecisionChange,
  FlaggedDetail,
  FlaggedSummary,
  ManifestSummary,
  Note,
  RouteLeg,
  RouteListing,
} from '#schemas/api.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import type { TransportModeName } from '#schemas/transport-mode.ts';

/**
 * DynamoDB items -> the API's response shapes. Key attributes, TTLs and index keys never
 * leave the API: clients see ids, not storage.
 */
type Item = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);
const MODES: readonly string[] = ['sea', 'rail', 'road', 'air'];

/** The stored mode (items written before modes existed have none: sea) and conveyance identifiers. */
function modeOf(item: Item): { mode: TransportModeName; conveyance?: Conveyance } {
  const mode =
    typeof item.mode === 'string' && MODES.includes(item.mode) ? (item.mode as TransportModeName) : 'sea';
  const stored = item.conveyance;
  const conveyance: Conveyance = {};
  if (stored && typeof stored === 'object') {
    for (const name of CONVEYANCE_IDENTIFIERS) {
      const value = str((stored as Item)[name]);
      if (value !== undefined) conveyance[name] = value;
    }
  }
  return { mode, ...(Object.keys(conveyance).length > 0 && { conveyance }) };
}

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
    ...modeOf(item),
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

/** The history as stored (oldest first); entries written before `previousStatus` existed lack it. */
function historyOf(item: Item): DecisionChange[] {
  return Array.isArray(item.decisionHistory) ? (item.decisionHistory as DecisionChange[]) : [];
}

/** The outcome in force, without the `notes` older versions stored in it (notes live in the history). */
function decisionOf(item: Item): Decision | undefined {
  const stored = item.decision as (Decision & { notes?: unknown }) | undefined;
  if (!stored || typeof stored !== 'object') return undefined;
  const { notes: _notes, ...decision } = stored;
  return decision;
}

/** What functions/core/decisions decides on. */
export function toDecisionState(item: Item): DecisionState {
  const decision = decisionOf(item);
  return {
    status: (str(item.status) ?? 'open') as FlagStatus,
    ...(decision && { decision }),
    history: historyOf(item),
  };
}

/** The evidence field of a route condition -> the leg of the route it names. */
const LEG_OF_FIELD: Record<string, RouteLeg> = {
  'voyage.previousPortsOfCall': 'previous',
  'billOfLading.placeOfReceipt': 'receipt',
  'billOfLading.portOfLoading': 'loading',
  'billOfLading.transshipmentPorts': 'transshipment',
  'billOfLading.portOfDischarge': 'discharge',
  'billOfLading.placeOfDelivery': 'delivery',
};

/**
 * The places of the route that the rules which hit list, as their evidence recorded them at
 * profiling (the profile in force then, whatever it says today). Any rule counts, not only
 * the ROUTE-* ones: a route condition inside an `all` (a precursor on a risk route) lists too.
 */
export function routeListingsOf(item: Item): RouteListing[] {
  const byPlace = new Map<string, RouteListing>();
  const hits = hitsOf(item) as { ruleId: string; weight: number; evidence?: unknown }[];
  for (const hit of [...hits].sort((a, b) => num(b.weight) - num(a.weight))) {
    if (!Array.isArray(hit.evidence)) continue;
    for (const e of hit.evidence as { field?: unknown; value?: unknown; detail?: unknown }[]) {
      const listing = parseRouteListing(e.detail);
      const leg = typeof e.field === 'string' ? LEG_OF_FIELD[e.field] : undefined;
      if (!listing || !leg || typeof e.value !== 'string') continue;
      const key = `${leg}|${e.value}`;
      const known = byPlace.get(key);
      if (known) {
        if (!known.ruleIds.includes(hit.ruleId)) known.ruleIds.push(hit.ruleId);
        // A rule listing the port itself says more than one listing its country.
        if (listing.kind === 'port') known.listed = 'port';
        continue;
      }
      byPlace.set(key, {
        locode: e.value,
        leg,
        listed: listing.kind,
        country: e.value.slice(0, 2),
        ruleIds: [hit.ruleId],
      });
    }
  }
  return [...byPlace.values()];
}

export function toFlaggedDetail(item: Item): FlaggedDetail {
  const history = historyOf(item);
  const decision = decisionOf(item);
  // Every note was recorded with its change, so the history holds them all (the single `notes`
  // attribute older versions overwrote is never shown: it only ever repeated the last one).
  const notes: Note[] = history
    .filter((e) => typeof e.notes === 'string' && e.notes !== '')
    .map((e) => ({ text: e.notes as string, by: e.by, at: e.at }));
  return {
    ...toFlaggedSummary(item),
    ...(item.assessment !== undefined && { assessment: item.assessment as ContainerAssessment }),
    ...(item.consignment !== undefined && { consignment: item.consignment as Consignment }),
    routeListings: routeListingsOf(item),
    ...(str(item.snapshotVersion) && { snapshotVersion: str(item.snapshotVersion) }),
    notes,
    ...(decision && { decision }),
    history,
  };
}

export function toManifestSummary(item: Item): ManifestSummary {
  const counts = (item.counts ?? {}) as ManifestSummary['counts'];
  const setSize = (value: unknown) =>
    value instanceof Set ? value.size : Array.isArray(value) ? value.length : num(value);
  const optional = [
    'validationStatus',
    'format',
    'vesselName',
    'imoNumber',
    'voyageNumber',
    'eta',
    'completedAt',
    'lastProgressAt',
    'stalledAt',
    'stalledReason',
    'resumedAt',
  ] as const;
  const summary: ManifestSummary = {
    id: String(item.manifestId),
    port: String(item.port),
    ...modeOf(item),
    status: (str(item.status) ?? 'received') as ManifestSummary['status'],
    receivedAt: String(item.receivedAt ?? ''),
    counts,
    chunkCount: num(item.chunkCount),
    chunksDone: setSize(item.chunksDone),
    chunksFailed: setSize(item.chunksFailed),
    containersProfiled: num(item.containersProfiled),
    containersFlagged: num(item.containersFlagged),
    ...(item.resumeCount !== undefined && { resumeCount: num(item.resumeCount) }),
  };
  for (const name of optional) {
    const value = str(item[name]);
    if (value !== undefined) summary[name] = value as never;
  }
  return summary;
}
