import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FlagTerm } from '#core/search/search-terms.ts';
import { INDEXES, ITEM_TYPES, keys } from './pipeline-resources.ts';
import { backoffDelay, mapWithConcurrency, sleep } from './retry-with-backoff.ts';

/**
 * Search-term items of the single table (see search-terms.ts for what the terms are). Each
 * term of a flag or a manifest is one small item in that manifest's partition, carrying the
 * sparse bySearchTerm index keys `PORT#{port}#TERM#{term}` / date: a search is one Query per
 * (port, term), so the port is part of every key condition and no search ever scans.
 * The item keys are deterministic: a re-profiling or a redelivery rewrites the same items.
 */
export type Item = Record<string, unknown>;

export type FlagTermContext = {
  manifestId: string;
  port: string;
  containerNumber: string;
  profiledAt: string;
  expiresAt: number;
};

/**
 * The PutItem inputs for a flagged container's terms. The sort key carries the date of the
 * profiling that wrote them: a re-profiling rewrites the same items (same keys, no
 * duplicate) and moves them to its date.
 */
export function flagTermPuts(table: string, context: FlagTermContext, flagTerms: readonly FlagTerm[]) {
  const { manifestId, port, containerNumber } = context;
  const { partitionKey, sortKey } = INDEXES.bySearchTerm;
  return flagTerms.map((flagTerm) => ({
    TableName: table,
    Item: {
      ...keys.flagTerm(manifestId, containerNumber, flagTerm.term),
      type: ITEM_TYPES.searchTerm,
      manifestId,
      containerNumber,
      port,
      expiresAt: context.expiresAt,
      [partitionKey]: keys.termPk(port, flagTerm.term),
      [sortKey]: `${context.profiledAt}#${manifestId}#${containerNumber}`,
      ...(flagTerm.names && { names: flagTerm.names }),
    },
  }));
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

/** BatchWriteItem takes at most 25 puts. */
const BATCH_WRITE_MAX = 25;

/**
 * Writes term items 25 to a BatchWriteItem (a flag has about a hundred terms: a round trip
 * each would dominate profiling), retrying unprocessed items with backoff.
 */
export async function writeTerms(
  doc: DynamoDBDocumentClient,
  table: string,
  puts: readonly { Item: Item }[],
  options: { concurrency?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<void> {
  const batches: Item[][] = [];
  for (let i = 0; i < puts.length; i += BATCH_WRITE_MAX)
    batches.push(puts.slice(i, i + BATCH_WRITE_MAX).map((p) => p.Item));
  const wait = options.sleep ?? sleep;
  await mapWithConcurrency(batches, options.concurrency ?? 8, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 10)
        throw new Error(`${pending.length} search terms left unprocessed after ${attempt} attempts`);
      if (attempt > 0) await wait(backoffDelay(attempt));
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  });
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
    const out = await doc.send(
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
          const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: request } }));
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
