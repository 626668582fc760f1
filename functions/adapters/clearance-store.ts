import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  auditOfCreation,
  auditOfRevocation,
  type Clearance,
  type ClearanceAuditEntry,
} from '#core/clearances/clearance-records.ts';
import { keys } from './pipeline-resources.ts';

/**
 * A port's clearances and their audit trail, in the pipeline table (keys.clearance,
 * keys.clearanceAudit). A clearance is written once and changed only by its revocation
 * (conditional: a clearance is revoked once). Audit entries are created with a condition that
 * the item does not exist and never updated. DynamoDB Local emulators lack transactions, so
 * the clearance is written first and its audit entry right after: a failure between the two
 * leaves a clearance without its entry, never an entry for a clearance that does not exist.
 */
export type RevokeOutcome =
  | { outcome: 'revoked'; clearance: Clearance }
  | { outcome: 'not-found' }
  | { outcome: 'already-revoked'; clearance: Clearance };

export interface ClearanceStore {
  create(clearance: Clearance): Promise<void>;
  get(port: string, clearanceId: string): Promise<Clearance | undefined>;
  /** Every clearance of the port (in force, expired and revoked), oldest id order. */
  list(port: string): Promise<Clearance[]>;
  revoke(
    port: string,
    clearanceId: string,
    revoked: NonNullable<Clearance['revoked']>,
  ): Promise<RevokeOutcome>;
  /** The port's audit trail in time order; of one clearance when `clearanceId` is given. */
  audit(port: string, clearanceId?: string): Promise<ClearanceAuditEntry[]>;
}

const CLEARANCE_ITEM = 'clearance';
const AUDIT_ITEM = 'clearanceAudit';

export function createClearanceStore(options: {
  doc: DynamoDBDocumentClient;
  table: string;
}): ClearanceStore {
  const { doc, table } = options;

  async function queryPrefix(port: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.clearancesPk(port), ':prefix': prefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) items.push(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async function writeAudit(entry: ClearanceAuditEntry): Promise<void> {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.clearanceAudit(entry.port, entry.at, entry.clearanceId, entry.action),
          itemType: AUDIT_ITEM,
          audit: entry,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  return {
    async create(clearance) {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.clearance(clearance.port, clearance.id), itemType: CLEARANCE_ITEM, clearance },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      await writeAudit(auditOfCreation(clearance));
    },

    async get(port, clearanceId) {
      const result = await doc.send(
        new GetCommand({ TableName: table, Key: keys.clearance(port, clearanceId), ConsistentRead: true }),
      );
      return result.Item?.clearance as Clearance | undefined;
    },

    async list(port) {
      const items = await queryPrefix(port, keys.clearanceSkPrefix);
      return items.map((i) => i.clearance as Clearance);
    },

    async revoke(port, clearanceId, revoked) {
      let updated: Clearance;
      try {
        const result = await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.clearance(port, clearanceId),
            UpdateExpression: 'SET #c.#revoked = :revoked',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#c.#revoked)',
            ExpressionAttributeNames: { '#c': 'clearance', '#revoked': 'revoked' },
            ExpressionAttributeValues: { ':revoked': revoked },
            ReturnValues: 'ALL_NEW',
          }),
        );
        updated = result.Attributes?.clearance as Clearance;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        const existing = await this.get(port, clearanceId);
        return existing ? { outcome: 'already-revoked', clearance: existing } : { outcome: 'not-found' };
      }
      await writeAudit(auditOfRevocation(updated, revoked));
      return { outcome: 'revoked', clearance: updated };
    },

    async audit(port, clearanceId) {
      const items = await queryPrefix(port, keys.clearanceAuditSkPrefix);
      const entries = items.map((i) => i.audit as ClearanceAuditEntry);
      return clearanceId ? entries.filter((e) => e.clearanceId === clearanceId) : entries;
    },
  };
}
