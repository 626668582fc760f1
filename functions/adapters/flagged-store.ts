import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConveyanceIdentifiers } from '#core/pipeline/conveyance.ts';
import { type ConsignmentParties, flagTerms } from '#core/search/search-terms.ts';
import { EXCERPT_MAX_CHARS, excerpt, excerptStrings } from '#core/text/excerpt.ts';
import type { TransportModeName } from '#schemas/transport-mode.ts';
import { INITIAL_FLAG_STATUS, ITEM_TYPES, keys } from './pipeline-resources.ts';
import { mapWithConcurrency } from './retry-with-backoff.ts';
import { flagTermPuts, writeTerms } from './search-index.ts';

/**
 * Flagged containers in DynamoDB (pk MANIFEST#{id}, sk CONTAINER#{number}). Written with
 * UpdateItem, never PutItem/BatchWriteItem: the update SETs only the assessment attributes
 * and creates the officer's fields (status, version, the byPortStatus keys) with
 * `if_not_exists`, so a re-profiling or an SQS redelivery refreshes the evidence but never
 * overwrites an officer's decision, and the deterministic key makes a duplicate impossible.
 * Values from the manifest are stored as bounded excerpts (`storedAssessment`), so no value
 * of any size can make the item exceed DynamoDB's 400 KB. Beside each flag go its search
 * terms (B/L numbers, party identifiers and name words; search-index.ts), also deterministic
 * items, written after the flag so a term never points at a flag that is not there.
 */
export type FlaggedContainerWrite = {
  containerNumber: string;
  score: number;
  lane?: string;
  /** The full assessment (hits and their evidence), stored as a map for the API. */
  assessment: Record<string, unknown>;
  /** What the inspection list shows: the container and its B/Ls as declared (see consignmentOf). */
  consignment?: Record<string, unknown>;
};

export type FlaggedContext = {
  manifestId: string;
  port: string;
  /** Sea when absent (flags written before modes existed have none). */
  mode?: TransportModeName;
  vesselName?: string;
  voyageNumber?: string;
  /** The mode's conveyance identifiers (core/pipeline/conveyance.ts), already bounded. */
  conveyance?: ConveyanceIdentifiers;
  snapshotVersion: string;
  profiledAt: string;
  expiresAt: number;
};

export interface FlaggedStore {
  writeFlagged(context: FlaggedContext, flagged: readonly FlaggedContainerWrite[]): Promise<void>;
}

export function createFlaggedStore(options: {
  doc: DynamoDBDocumentClient;
  table: string;
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
}): FlaggedStore {
  const { doc, table } = options;
  return {
    async writeFlagged(context, flagged) {
      const concurrency = options.concurrency ?? 16;
      await mapWithConcurrency(flagged, concurrency, (item) =>
        doc.send(new UpdateCommand(flaggedUpdate(table, context, item))),
      );
      const puts = flagged.flatMap((item) =>
        flagTermPuts(
          table,
          {
            manifestId: context.manifestId,
            port: context.port,
            containerNumber: item.containerNumber,
            profiledAt: context.profiledAt,
            expiresAt: context.expiresAt,
          },
          flagTerms(item.consignment as ConsignmentParties | undefined),
        ),
      );
      await writeTerms(doc, table, puts, { sleep: options.sleep });
    },
  };
}

/** The UpdateItem input for one flagged container (exported for the tests and the local stack). */
export function flaggedUpdate(table: string, context: FlaggedContext, item: FlaggedContainerWrite) {
  const { manifestId, port, profiledAt } = context;
  const number = item.containerNumber;
  const assessmentValues: Record<string, unknown> = {
    type: ITEM_TYPES.flagged,
    manifestId,
    containerNumber: number,
    port,
    mode: context.mode,
    vesselName: context.vesselName === undefined ? undefined : excerpt(context.vesselName),
    voyageNumber: context.voyageNumber === undefined ? undefined : excerpt(context.voyageNumber),
    conveyance: context.conveyance,
    score: item.score,
    lane: item.lane,
    assessment: storedAssessment(item.assessment),
    consignment: item.consignment === undefined ? undefined : storedConsignment(item.consignment),
    snapshotVersion: context.snapshotVersion,
    profiledAt,
    expiresAt: context.expiresAt,
    ...keys.portScore(port, item.score, manifestId, number),
    portDatePk: keys.portDatePk(port),
    containerPk: keys.containerPk(number),
  };
  // Fixed at the first flag, so the date indexes do not move when a manifest is re-profiled.
  const firstValues: Record<string, unknown> = {
    flaggedAt: profiledAt,
    status: INITIAL_FLAG_STATUS,
    version: 1,
    portDateSk: keys.portDate(port, profiledAt, manifestId, number).portDateSk,
    ...keys.portStatus(port, INITIAL_FLAG_STATUS, profiledAt, manifestId, number),
    containerSk: keys.container(number, port, profiledAt).containerSk,
  };
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  let n = 0;
  for (const [attr, value] of Object.entries(assessmentValues)) {
    if (value === undefined) continue;
    names[`#a${n}`] = attr;
    values[`:a${n}`] = value;
    sets.push(`#a${n} = :a${n}`);
    n++;
  }
  for (const [attr, value] of Object.entries(firstValues)) {
    names[`#a${n}`] = attr;
    values[`:a${n}`] = value;
    sets.push(`#a${n} = if_not_exists(#a${n}, :a${n})`);
    n++;
  }
  return {
    TableName: table,
    Key: keys.flagged(manifestId, number),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** What a stored assessment may take of the 400 KB item (the rest is keys, indexes, decisions). */
export const ASSESSMENT_MAX_BYTES = 160 * 1024;
/** The consignment as declared beside it; with the decision history the item stays under 400 KB. */
export const CONSIGNMENT_MAX_BYTES = 64 * 1024;
/** Evidence kept per rule hit; the rest is counted in one marker entry. */
export const EVIDENCE_PER_HIT = 25;

/**
 * The assessment as stored: every string an excerpt, at most EVIDENCE_PER_HIT evidence items
 * per hit (then a marker entry saying how many more), and, if that is still too large, tighter
 * bounds until it fits ASSESSMENT_MAX_BYTES. The hits (rules, weights) are always kept whole.
 */
/**
 * The consignment as declared, bounded the same way: strings cut to excerpts, and when a box
 * carries very many goods lines or B/Ls, the first ones kept with the number left out (the
 * validation report and the stored file hold them all).
 */
export function storedConsignment(consignment: Record<string, unknown>): Record<string, unknown> {
  type Bl = { goods?: unknown[]; goodsOmitted?: number };
  const steps = [
    { chars: EXCERPT_MAX_CHARS, goods: Number.POSITIVE_INFINITY, bls: Number.POSITIVE_INFINITY },
    { chars: 200, goods: 50, bls: 50 },
    { chars: 100, goods: 10, bls: 10 },
  ];
  let bounded = consignment;
  for (const step of steps) {
    const cut = excerptStrings(consignment, step.chars) as { billsOfLading?: Bl[] };
    const bls = cut.billsOfLading ?? [];
    bounded = {
      ...cut,
      billsOfLading: bls.slice(0, step.bls).map((bl) =>
        (bl.goods?.length ?? 0) > step.goods
          ? {
              ...bl,
              goods: bl.goods?.slice(0, step.goods),
              goodsOmitted: (bl.goods?.length ?? 0) - step.goods,
            }
          : bl,
      ),
      ...(bls.length > step.bls && { billsOfLadingOmitted: bls.length - step.bls }),
    };
    if (Buffer.byteLength(JSON.stringify(bounded)) <= CONSIGNMENT_MAX_BYTES) return bounded;
  }
  return bounded;
}

export function storedAssessment(assessment: Record<string, unknown>): Record<string, unknown> {
  const steps = [
    { chars: EXCERPT_MAX_CHARS, evidence: EVIDENCE_PER_HIT },
    { chars: 200, evidence: 5 },
    { chars: 100, evidence: 0 },
  ];
  let bounded = assessment;
  for (const step of steps) {
    bounded = boundEvidence(excerptStrings(assessment, step.chars), step.evidence);
    if (Buffer.byteLength(JSON.stringify(bounded)) <= ASSESSMENT_MAX_BYTES) return bounded;
  }
  return bounded;
}

function boundEvidence(assessment: Record<string, unknown>, perHit: number): Record<string, unknown> {
  const hits = assessment.hits;
  if (!Array.isArray(hits)) return assessment;
  let changed = false;
  const bounded = hits.map((hit: { evidence?: unknown[] }) => {
    const evidence = hit?.evidence;
    if (!Array.isArray(evidence) || evidence.length <= perHit) return hit;
    changed = true;
    return {
      ...hit,
      evidence: [
        ...evidence.slice(0, perHit),
        {
          field: 'evidence',
          detail: `${evidence.length - perHit} more not stored (${evidence.length} in all)`,
        },
      ],
    };
  });
  return changed ? { ...assessment, hits: bounded } : assessment;
}
