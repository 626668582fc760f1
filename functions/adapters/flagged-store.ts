import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { INITIAL_FLAG_STATUS, ITEM_TYPES, keys } from './pipeline-resources.ts';
import { mapWithConcurrency, withBackoff } from './retry-with-backoff.ts';

/**
 * Flagged containers in DynamoDB (pk MANIFEST#{id}, sk CONTAINER#{number}). Written with
 * UpdateItem, never PutItem/BatchWriteItem: the update SETs only the assessment attributes
 * and creates the officer's fields (status, version, the byPortStatus keys) with
 * `if_not_exists`, so a re-profiling or an SQS redelivery refreshes the evidence but never
 * overwrites an officer's decision, and the deterministic key makes a duplicate impossible.
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
  vesselName?: string;
  voyageNumber?: string;
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
      await mapWithConcurrency(flagged, options.concurrency ?? 16, (item) =>
        withBackoff(() => doc.send(new UpdateCommand(flaggedUpdate(table, context, item))), {
          sleep: options.sleep,
        }),
      );
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
    vesselName: context.vesselName,
    voyageNumber: context.voyageNumber,
    score: item.score,
    lane: item.lane,
    assessment: item.assessment,
    consignment: item.consignment,
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
