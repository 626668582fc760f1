import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor, Decision, DecisionChange } from '#schemas/api.ts';
import { type FlagStatus, keys } from './pipeline-resources.ts';

/**
 * Officers' and analysts' decisions on a flagged container, as decided by
 * functions/core/decisions/decision-rules.ts. Only the officer attributes are written (status,
 * the outcome in force, the history, version and the byPortStatus partition); the assessment
 * written by the pipeline is untouched, and the pipeline's own update creates these
 * attributes only `if_not_exists`, so neither side overwrites the other.
 *
 * The history is appended (`list_append`), never rewritten, and notes live only in it, so a
 * note can neither replace another nor drop the seizure details of the outcome in force.
 *
 * Optimistic concurrency: the update is conditional on the version the user read; a stale
 * version fails and the caller gets the current one back, with who changed it and when.
 */
export type DecisionInput = {
  manifestId: string;
  containerNumber: string;
  /** The port the item must belong to (checked again in the condition). */
  port: string;
  expectedVersion: number;
  /** The status after this change (the current one for a notes-only change). */
  status: FlagStatus;
  /** The new outcome in force; absent for a notes-only change, which leaves it as it is. */
  decision?: Decision;
  /** The change, appended to the history. */
  entry: DecisionChange;
};

export type DecisionOutcome =
  | { outcome: 'updated'; item: Record<string, unknown> }
  | { outcome: 'not-found' }
  | { outcome: 'conflict'; currentVersion: number; changedBy?: Actor; changedAt?: string }
  /** DynamoDB refused the item as too large (400 KB): nothing was written. */
  | { outcome: 'too-large' };

export interface Decisions {
  record(input: DecisionInput): Promise<DecisionOutcome>;
}

/** Who made the last change to an item, and when (for a 409 a person can act on). */
export function lastChange(item: Record<string, unknown>): { changedBy?: Actor; changedAt?: string } {
  const history = Array.isArray(item.decisionHistory) ? (item.decisionHistory as DecisionChange[]) : [];
  const last = history.at(-1);
  if (!last?.by || typeof last.at !== 'string') return {};
  return {
    changedBy: { subject: String(last.by.subject), username: String(last.by.username) },
    changedAt: last.at,
  };
}

export function createDecisions(options: { doc: DynamoDBDocumentClient; table: string }): Decisions {
  const { doc, table } = options;
  return {
    async record(input) {
      const key = keys.flagged(input.manifestId, input.containerNumber);
      try {
        const out = await doc.send(new UpdateCommand(decisionUpdate(table, input)));
        return { outcome: 'updated', item: out.Attributes ?? {} };
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'ValidationException' && /size/i.test((err as Error).message)) {
          return { outcome: 'too-large' };
        }
        if (!(err instanceof ConditionalCheckFailedException) && name !== 'ConditionalCheckFailedException') {
          throw err;
        }
      }
      const current = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
      if (!current.Item || current.Item.port !== input.port) return { outcome: 'not-found' };
      return {
        outcome: 'conflict',
        currentVersion: Number(current.Item.version ?? 0),
        ...lastChange(current.Item),
      };
    },
  };
}

/** The UpdateItem input of a decision (exported for the tests). */
export function decisionUpdate(table: string, input: DecisionInput) {
  const sets = [
    '#status = :status',
    '#portStatusPk = :portStatusPk',
    '#history = list_append(if_not_exists(#history, :empty), :entry)',
    '#version = #version + :one',
    '#updatedAt = :at',
  ];
  const names: Record<string, string> = {
    '#pk': 'pk',
    '#port': 'port',
    '#status': 'status',
    '#portStatusPk': 'portStatusPk',
    '#history': 'decisionHistory',
    '#version': 'version',
    '#updatedAt': 'decisionUpdatedAt',
  };
  const values: Record<string, unknown> = {
    ':status': input.status,
    ':portStatusPk': keys.portStatusPk(input.port, input.status),
    ':empty': [],
    ':entry': [input.entry],
    ':one': 1,
    ':at': input.entry.at,
    ':expected': input.expectedVersion,
    ':port': input.port,
  };
  if (input.decision) {
    sets.push('#decision = :decision');
    names['#decision'] = 'decision';
    values[':decision'] = input.decision;
  }
  return {
    TableName: table,
    Key: keys.flagged(input.manifestId, input.containerNumber),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: 'attribute_exists(#pk) AND #port = :port AND #version = :expected',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_NEW' as const,
  };
}
