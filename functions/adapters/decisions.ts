import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type FlagStatus, keys } from './pipeline-resources.ts';

/**
 * Officers' and analysts' decisions on a flagged container. Only the officer attributes are
 * written (status, notes, decision, the decision history, version and the byPortStatus
 * partition); the assessment written by the pipeline is untouched, and the pipeline's own
 * update creates these attributes only `if_not_exists`, so neither side overwrites the other.
 *
 * Optimistic concurrency: the update is conditional on the version the user read; a stale
 * version fails and the caller gets the current one back.
 */
export type DecisionRecord = {
  status: FlagStatus;
  notes?: string;
  seizure?: { substance: string; quantity: number; unit: string; description?: string };
  by: { subject: string; username: string };
  at: string;
};

export type DecisionInput = {
  manifestId: string;
  containerNumber: string;
  /** The port the item must belong to (checked again in the condition). */
  port: string;
  expectedVersion: number;
  /** The status after this decision (the current one for a notes-only change). */
  status: FlagStatus;
  notes?: string;
  decision: DecisionRecord;
};

export type DecisionOutcome =
  | { outcome: 'updated'; item: Record<string, unknown> }
  | { outcome: 'not-found' }
  | { outcome: 'conflict'; currentVersion: number };

export interface Decisions {
  record(input: DecisionInput): Promise<DecisionOutcome>;
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
        if (
          !(err instanceof ConditionalCheckFailedException) &&
          (err as Error).name !== 'ConditionalCheckFailedException'
        ) {
          throw err;
        }
      }
      const current = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
      if (!current.Item || current.Item.port !== input.port) return { outcome: 'not-found' };
      return { outcome: 'conflict', currentVersion: Number(current.Item.version ?? 0) };
    },
  };
}

/** The UpdateItem input of a decision (exported for the tests). */
export function decisionUpdate(table: string, input: DecisionInput) {
  const sets = [
    '#status = :status',
    '#portStatusPk = :portStatusPk',
    '#decision = :decision',
    '#history = list_append(if_not_exists(#history, :empty), :entry)',
    '#version = #version + :one',
    '#updatedAt = :at',
  ];
  const names: Record<string, string> = {
    '#pk': 'pk',
    '#port': 'port',
    '#status': 'status',
    '#portStatusPk': 'portStatusPk',
    '#decision': 'decision',
    '#history': 'decisionHistory',
    '#version': 'version',
    '#updatedAt': 'decisionUpdatedAt',
  };
  const values: Record<string, unknown> = {
    ':status': input.status,
    ':portStatusPk': keys.portStatusPk(input.port, input.status),
    ':decision': input.decision,
    ':empty': [],
    ':entry': [input.decision],
    ':one': 1,
    ':at': input.decision.at,
    ':expected': input.expectedVersion,
    ':port': input.port,
  };
  if (input.notes !== undefined) {
    sets.push('#notes = :notes');
    names['#notes'] = 'notes';
    values[':notes'] = input.notes;
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
