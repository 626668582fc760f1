import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FlagTerm } from '#core/search/search-terms.ts';
import { INDEXES, ITEM_TYPES, keys } from './pipeline-resources.ts';
import { withBackoff } from './retry-with-backoff.ts';

/**
 * Search-term items of the single table (see search-terms.ts for what the terms are). Each
 * term of a flag or a manifest is one small item in that manifest's partition, carrying the
 * sparse bySearchTerm index keys `PORT#{port}#TERM#{term}` / date: a search is one Query per
 * (port, term), so the port is part of every key condition and no search ever scans.
 * The item keys are deterministic: a re-profiling or a redelivery rewrites the same items,
 * and a flag's term keeps the date of its first write (`if_not_exists`), like the flag.
 */
export type Item = Record<string, unknown>;

export type FlagTermContext = {
  manifestId: string;
  port: string;
  containerNumber: string;
  profiledAt: string;
  expiresAt: number;
};

/** The UpdateItem input for one term of one flagged container. */
export function flagTermUpdate(table: string, context: FlagTermContext, flagTerm: FlagTerm) {
  const { manifestId, port, containerNumber } = context;
  return {
    TableName: table,
    Key: keys.flagTerm(manifestId, containerNumber, flagTerm.term),
    UpdateExpression: `SET #type = :type, #manifestId = :manifestId, #containerNumber = :containerNumber, #port = :port, #expiresAt = :expiresAt, #termPk = :termPk, #termSk = if_not_exists(#termSk, :termSk)${flagTerm.names ? ', #names = :names' : ''}`,
    ExpressionAttributeNames: {
      '#type': 'type',
      '#manifestId': 'manifestId',
      '#containerNumber': 'containerNumber',
      '#port': 'port',
      '#expiresAt': 'expiresAt',
      '#termPk': INDEXES.bySearchTerm.partitionKey,
      '#termSk': INDEXES.bySearchTerm.sortKey,
      ...(flagTerm.names && { '#names': 'names' }),
    },
    ExpressionAttributeValues: {
      ':type': ITEM_TYPES.searchTerm,
      ':manifestId': manifestId,
      ':containerNumber': containerNumber,
      ':port': port,
      ':expiresAt': context.expiresAt,
      ':termPk': keys.termPk(port, flagTerm.term),
      ':termSk': `${context.profiledAt}#${manifestId}#${containerNumber}`,
      ...(flagTerm.names && { ':names': flagTerm.names }),
    },
  };
}

export type ManifestTermContext = {
  manifestId: string;
  port: string;
  receivedAt: string;
  expiresAt: number;
};

/** The PutItem inputs for a manifest's terms, and its id under the port's manifest-id partition. */
export function manifestTermPuts(table: string, context: ManifestTermContext, terms: readonly string[]) {
  const { manifestId, port } = context;
  const base = { type: ITEM_TYPES.searchTerm, manifestId, port, expiresAt: context.expiresAt };
  const { partitionKey, sortKey } = INDEXES.bySearchTerm;
  return [
    {
      TableName: table,
      Item: {
        ...keys.manifestTerm(manifestId, 'manifest'),
        ...base,
        [partitionKey]: keys.manifestIdTermPk(port),
        [sortKey]: manifestId,
      },
    },
    ...terms.map((t) => ({
      TableName: table,
      Item: {
        ...keys.manifestTerm(manifestId, t),
        ...base,
        [partitionKey]: keys.termPk(port, t),
        [sortKey]: `${context.receivedAt}#${manifestId}`,
      },
    })),
  ];
}

export async function writeManifestTerms(
  doc: DynamoDBDocumentClient,
  table: string,
  context: ManifestTermContext,
  terms: readonly string[],
): Promise<void> {
  await Promise.all(
    manifestTermPuts(table, context, terms).map((input) =>
      withBackoff(() => doc.send(new PutCommand(input))),
    ),
  );
}

export async function writeFlagTerm(
  doc: DynamoDBDocumentClient,
  table: string,
  context: FlagTermContext,
  flagTerm: FlagTerm,
  sleep?: (ms: number) => Promise<void>,
): Promise<void> {
  await withBackoff(() => doc.send(new UpdateCommand(flagTermUpdate(table, context, flagTerm))), { sleep });
}

/** A term item as read back: which flag or manifest holds the term (and the names, for party words). */
export type TermHit = { manifestId: string; containerNumber?: string; names?: string[]; sortKey: string };

/** BatchGetItem takes at most 100 keys. */
const BATCH_GET_MAX = 100;

export interface SearchReader {
  /** The newest `limit` items of one port holding one term. */
  termHits(port: string, term: string, limit: number): Promise<TermHit[]>;
  /** A port's manifests whose id starts with `prefix`. */
  manifestIdHits(port: string, prefix: string, limit: number): Promise<TermHit[]>;
  /** Items by their table keys (flags or manifest records), in any order; missing ones left out. */
  getItems(itemKeys: readonly { pk: string; sk: string }[], attributes?: readonly string[]): Promise<Item[]>;
}

export function createSearchReader(options: { doc: DynamoDBDocumentClient; table: string }): SearchReader {
  const { doc, table } = options;
  const def = INDEXES.bySearchTerm;
  const toHit = (item: Item): TermHit => ({
    manifestId: String(item.manifestId),
    ...(typeof item.containerNumber === 'string' && { containerNumber: item.containerNumber }),
    ...(Array.isArray(item.names) && { names: item.names.map(String) }),
    sortKey: String(item[def.sortKey]),
  });
  async function query(values: Item, condition: string, limit: number): Promise<TermHit[]> {
    const out = await withBackoff(() =>
      doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: def.indexName,
          KeyConditionExpression: condition,
          ExpressionAttributeNames: {
            '#pk': def.partitionKey,
            ...(condition.includes('#sk') && { '#sk': def.sortKey }),
          },
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    return (out.Items ?? []).map(toHit);
  }
  return {
    termHits(port, term, limit) {
      return query({ ':pk': keys.termPk(port, term) }, '#pk = :pk', limit);
    },
    manifestIdHits(port, prefix, limit) {
      return query(
        { ':pk': keys.manifestIdTermPk(port), ':prefix': prefix },
        '#pk = :pk AND begins_with(#sk, :prefix)',
        limit,
      );
    },
    async getItems(itemKeys, attributes) {
      const unique = [...new Map(itemKeys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
      const items: Item[] = [];
      for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
        let pending: { pk: string; sk: string }[] = unique.slice(i, i + BATCH_GET_MAX);
        // Unprocessed keys (throttling, 16 MB) are asked again with backoff until none are left.
        for (let attempt = 0; pending.length > 0; attempt++) {
          const request = {
            Keys: pending,
            ...(attributes && projection(attributes)),
          };
          const out = await withBackoff(() =>
            doc.send(new BatchGetCommand({ RequestItems: { [table]: request } })),
          );
          items.push(...((out.Responses?.[table] ?? []) as Item[]));
          pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as { pk: string; sk: string }[];
          if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        }
      }
      return items;
    },
  };
}

/** A ProjectionExpression for attribute paths (`assessment.hits` reads one member of a map). */
function projection(paths: readonly string[]) {
  const names: Record<string, string> = {};
  const expression = paths.map((path, n) =>
    path
      .split('.')
      .map((part, m) => {
        names[`#p${n}_${m}`] = part;
        return `#p${n}_${m}`;
      })
      .join('.'),
  );
  return { ProjectionExpression: expression.join(', '), ExpressionAttributeNames: names };
}
