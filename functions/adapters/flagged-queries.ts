import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { FLAGGED_LIST_ATTRIBUTES, INDEXES, type IndexName, keys, TABLE_KEYS } from './pipeline-resources.ts';
import { createSearchReader, type SearchReader } from './search-index.ts';

/**
 * Read side of the single table for the analyst API: flagged containers and manifest records
 * of one port, by date, status or container number, a page at a time. Every query's key
 * condition names the port, so a query can only ever return that port's items; the caller
 * (the API) decides which port a user may ask for.
 */
export type Item = Record<string, unknown>;
export type StartKey = Record<string, string>;

export type FlaggedListRequest = {
  /** The one port listed. Without it, only a container search: across `ports`. */
  port?: string;
  /** A container search across several ports: these ports, or `all` (an admin). */
  ports?: readonly string[] | 'all';
  /** Inclusive bounds on the flag date (ISO strings; `upTo` is already widened to include the whole of `to`). */
  from?: string;
  upTo?: string;
  status?: string;
  lane?: string;
  /** Only flags of this transport mode (items without a mode are sea). */
  mode?: string;
  minScore?: number;
  container?: string;
  /** `date` (default): newest first; `score`: highest score first (byPortScore). */
  sort?: 'date' | 'score';
  limit: number;
  startKey?: StartKey;
};

export type Page = { items: Item[]; lastKey?: StartKey };

/** Which index a flagged-container listing reads, its partition, and the attributes of its start keys. */
export type FlaggedPlan = {
  index: IndexName;
  partition: { attribute: string; value: string };
  attributes: readonly string[];
};

export function flaggedListPlan(
  request: Pick<FlaggedListRequest, 'port' | 'status' | 'container' | 'sort'>,
): FlaggedPlan {
  const index: IndexName = request.container
    ? 'byContainer'
    : request.sort === 'score'
      ? 'byPortScore'
      : request.status
        ? 'byPortStatus'
        : 'byPortDate';
  const def = INDEXES[index];
  const value =
    index === 'byContainer'
      ? keys.containerPk(request.container as string)
      : index === 'byPortScore'
        ? keys.portScorePk(request.port as string)
        : index === 'byPortStatus'
          ? keys.portStatusPk(request.port as string, request.status as string)
          : keys.portDatePk(request.port as string);
  return {
    index,
    partition: { attribute: def.partitionKey, value },
    attributes: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, def.partitionKey, def.sortKey],
  };
}

/** The table's own keys: a manifest's flags share its partition (MANIFEST#{id}, CONTAINER#...). */
export function manifestFlaggedPlan(manifestId: string): FlaggedPlan {
  return {
    index: 'byPortDate',
    partition: { attribute: TABLE_KEYS.partitionKey, value: keys.manifestPartition(manifestId) },
    attributes: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey],
  };
}

export function manifestListPlan(port: string): FlaggedPlan {
  const def = INDEXES.byPortDate;
  return {
    index: 'byPortDate',
    partition: { attribute: def.partitionKey, value: keys.portManifestsPk(port) },
    attributes: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, def.partitionKey, def.sortKey],
  };
}

/** The listings, and the search terms' reader (search-index.ts) for GET /search. */
export interface FlaggedQueries extends SearchReader {
  listFlagged(request: FlaggedListRequest): Promise<Page>;
  getFlagged(manifestId: string, containerNumber: string): Promise<Item | undefined>;
  listManifests(request: {
    port: string;
    from?: string;
    upTo?: string;
    /** Only manifests of this transport mode (records without a mode are sea). */
    mode?: string;
    limit: number;
    startKey?: StartKey;
  }): Promise<Page>;
  getManifest(manifestId: string): Promise<Item | undefined>;
  /** The flagged containers of one manifest (its own partition of the table), by container number. */
  listFlaggedOfManifest(request: { manifestId: string; limit: number; startKey?: StartKey }): Promise<Page>;
  /** Every flag of a port in a period (statistics); only the attributes statistics need. */
  allFlagged(request: { port: string; from?: string; upTo?: string }): AsyncIterable<Item>;
  allManifests(request: { port: string; from?: string; upTo?: string }): AsyncIterable<Item>;
}

/** Sort-key condition for `[from, to]` on a sort key that starts with a timestamp after `prefix`. */
function sortKeyCondition(
  prefix: string,
  from: string | undefined,
  upTo: string | undefined,
  values: Record<string, unknown>,
): string | undefined {
  const lo = from !== undefined ? `${prefix}${from}` : prefix || undefined;
  const hi = upTo !== undefined ? `${prefix}${upTo}` : prefix ? `${prefix}\uffff` : undefined;
  if (lo !== undefined && hi !== undefined) {
    values[':lo'] = lo;
    values[':hi'] = hi;
    return `#sk BETWEEN :lo AND :hi`;
  }
  if (lo !== undefined) {
    values[':lo'] = lo;
    return `#sk >= :lo`;
  }
  if (hi !== undefined) {
    values[':hi'] = hi;
    return `#sk <= :hi`;
  }
  return undefined;
}

/**
 * A filter on the transport mode, added to `filters` (a filter reads only projected attributes:
 * the flag-list indexes hold `mode`). Records written before modes existed have none: sea.
 */
function filterByMode(
  mode: string | undefined,
  filters: string[],
  names: Record<string, string>,
  values: Record<string, unknown>,
): void {
  if (mode === undefined) return;
  names['#mode'] = 'mode';
  values[':mode'] = mode;
  filters.push(mode === 'sea' ? '(attribute_not_exists(#mode) OR #mode = :mode)' : '#mode = :mode');
}

export function createFlaggedQueries(options: {
  doc: DynamoDBDocumentClient;
  table: string;
}): FlaggedQueries {
  const { doc, table } = options;

  function flaggedQueryInput(request: Omit<FlaggedListRequest, 'limit' | 'startKey'>): QueryCommandInput {
    const plan = flaggedListPlan(request);
    const def = INDEXES[plan.index];
    const values: Record<string, unknown> = { ':pk': plan.partition.value };
    const names: Record<string, string> = { '#pk': def.partitionKey, '#sk': def.sortKey };
    const filters: string[] = [];
    let skCondition: string | undefined;
    // On indexes whose sort key is not the date, the date range is a filter.
    const filterByFlaggedDate = (range: { from?: string | undefined; upTo?: string | undefined }) => {
      if (range.from !== undefined) {
        names['#flaggedAt'] = 'flaggedAt';
        values[':from'] = range.from;
        filters.push('#flaggedAt >= :from');
      }
      if (range.upTo !== undefined) {
        names['#flaggedAt'] = 'flaggedAt';
        values[':upTo'] = range.upTo;
        filters.push('#flaggedAt <= :upTo');
      }
    };
    if (plan.index === 'byPortScore') {
      // Scores are the sort key: minScore is a key condition; dates become filters.
      if (request.minScore !== undefined) {
        values[':lo'] = keys.portScoreSkFrom(request.minScore);
        skCondition = '#sk >= :lo';
      }
      filterByFlaggedDate(request);
    } else if (plan.index === 'byContainer' && request.port === undefined) {
      // A container across several ports: the ports and dates become filters.
      if (request.ports !== 'all') {
        const ports = request.ports ?? [];
        names['#port'] = 'port';
        ports.forEach((p, i) => {
          values[`:port${i}`] = p;
        });
        filters.push(`#port IN (${ports.map((_, i) => `:port${i}`).join(', ')})`);
      }
      filterByFlaggedDate(request);
    } else {
      // byContainer's sort key is `{port}#{flaggedAt}`: the caller's port is a prefix of it.
      const prefix = plan.index === 'byContainer' ? `${request.port}#` : '';
      skCondition = sortKeyCondition(prefix, request.from, request.upTo, values);
    }
    if (!skCondition) delete names['#sk'];
    if ((plan.index === 'byContainer' || plan.index === 'byPortScore') && request.status) {
      names['#status'] = 'status';
      values[':status'] = request.status;
      filters.push('#status = :status');
    }
    if (request.lane) {
      names['#lane'] = 'lane';
      values[':lane'] = request.lane;
      filters.push('#lane = :lane');
    }
    filterByMode(request.mode, filters, names, values);
    if (request.minScore !== undefined && plan.index !== 'byPortScore') {
      names['#score'] = 'score';
      values[':minScore'] = request.minScore;
      filters.push('#score >= :minScore');
    }
    return {
      TableName: table,
      IndexName: def.indexName,
      KeyConditionExpression: skCondition ? `#pk = :pk AND ${skCondition}` : '#pk = :pk',
      ...(filters.length && { FilterExpression: filters.join(' AND ') }),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      // Newest (or highest score) first.
      ScanIndexForward: false,
    };
  }

  function manifestQueryInput(request: {
    port: string;
    from?: string;
    upTo?: string;
    mode?: string;
  }): QueryCommandInput {
    const def = INDEXES.byPortDate;
    const values: Record<string, unknown> = { ':pk': keys.portManifestsPk(request.port) };
    const skCondition = sortKeyCondition('', request.from, request.upTo, values);
    const names: Record<string, string> = {
      '#pk': def.partitionKey,
      ...(skCondition && { '#sk': def.sortKey }),
    };
    const filters: string[] = [];
    filterByMode(request.mode, filters, names, values);
    return {
      TableName: table,
      IndexName: def.indexName,
      KeyConditionExpression: skCondition ? `#pk = :pk AND ${skCondition}` : '#pk = :pk',
      ...(filters.length && { FilterExpression: filters.join(' AND ') }),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
    };
  }

  /**
   * Reads pages until `limit` items passed the filter. The next start key is built from the
   * last item returned (table keys + index keys), so a page never skips nor repeats an item
   * even when DynamoDB's own page ended elsewhere.
   */
  async function page(
    input: QueryCommandInput,
    plan: FlaggedPlan,
    limit: number,
    startKey?: StartKey,
  ): Promise<Page> {
    const items: Item[] = [];
    let exclusiveStartKey: Item | undefined = startKey;
    const filtered = input.FilterExpression !== undefined;
    do {
      const out = await doc.send(
        new QueryCommand({
          ...input,
          Limit: filtered ? Math.max(100, limit) : limit - items.length,
          ...(exclusiveStartKey && { ExclusiveStartKey: exclusiveStartKey }),
        }),
      );
      const got = out.Items ?? [];
      for (let i = 0; i < got.length; i++) {
        const item = got[i] as Item;
        items.push(item);
        if (items.length === limit) {
          const more = i < got.length - 1 || out.LastEvaluatedKey !== undefined;
          return { items, ...(more && { lastKey: keyOf(item, plan.attributes) }) };
        }
      }
      exclusiveStartKey = out.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return { items };
  }

  async function* all(input: QueryCommandInput): AsyncIterable<Item> {
    let exclusiveStartKey: Item | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({ ...input, ...(exclusiveStartKey && { ExclusiveStartKey: exclusiveStartKey }) }),
      );
      yield* (out.Items ?? []) as Item[];
      exclusiveStartKey = out.LastEvaluatedKey;
    } while (exclusiveStartKey);
  }

  const searchReader = createSearchReader(options);

  /**
   * The whole manifest records behind index items, in the index's order: byPortDate projects
   * only the flag-list attributes (pipeline-resources.ts INDEXES), a manifest reader needs all.
   */
  async function wholeRecords(indexItems: Item[]): Promise<Item[]> {
    const keyOfItem = (item: Item) => `${item[TABLE_KEYS.partitionKey]}\u0000${item[TABLE_KEYS.sortKey]}`;
    const records = await searchReader.getItems(
      indexItems.map((item) => ({
        pk: String(item[TABLE_KEYS.partitionKey]),
        sk: String(item[TABLE_KEYS.sortKey]),
      })),
    );
    const byKey = new Map(records.map((record) => [keyOfItem(record), record]));
    // A record deleted (TTL) between the query and the read is left out.
    return indexItems.flatMap((item): Item[] => {
      const record = byKey.get(keyOfItem(item));
      return record ? [record] : [];
    });
  }

  return {
    ...searchReader,
    listFlagged(request) {
      const plan = flaggedListPlan(request);
      const input = withProjection(flaggedQueryInput(request), [
        ...FLAGGED_LIST_ATTRIBUTES,
        ...plan.attributes,
      ]);
      return page(input, plan, request.limit, request.startKey);
    },
    async getFlagged(manifestId, containerNumber) {
      const out = await doc.send(
        new GetCommand({ TableName: table, Key: keys.flagged(manifestId, containerNumber) }),
      );
      return out.Item;
    },
    async listManifests(request) {
      const found = await page(
        manifestQueryInput(request),
        manifestListPlan(request.port),
        request.limit,
        request.startKey,
      );
      return { ...found, items: await wholeRecords(found.items) };
    },
    listFlaggedOfManifest(request) {
      const input: QueryCommandInput = {
        TableName: table,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
        ExpressionAttributeValues: {
          ':pk': keys.manifestPartition(request.manifestId),
          ':prefix': keys.flaggedSkPrefix,
        },
      };
      return page(input, manifestFlaggedPlan(request.manifestId), request.limit, request.startKey);
    },
    async getManifest(manifestId) {
      const out = await doc.send(new GetCommand({ TableName: table, Key: keys.manifest(manifestId) }));
      return out.Item;
    },
    allFlagged(request) {
      const input = flaggedQueryInput(request);
      return all({
        ...input,
        ProjectionExpression: '#status, #flaggedAt, #assessment.hits',
        ExpressionAttributeNames: {
          ...input.ExpressionAttributeNames,
          '#status': 'status',
          '#flaggedAt': 'flaggedAt',
          '#assessment': 'assessment',
        },
      });
    },
    async *allManifests(request) {
      // A BatchGet per page of the index (at most 1 MB of keys and list attributes).
      let batch: Item[] = [];
      for await (const item of all(manifestQueryInput(request))) {
        batch.push(item);
        if (batch.length === 100) {
          yield* await wholeRecords(batch);
          batch = [];
        }
      }
      if (batch.length) yield* await wholeRecords(batch);
    },
  };
}

/** `input` reading only `paths` (dotted paths name map members), under names of their own. */
function withProjection(input: QueryCommandInput, paths: readonly string[]): QueryCommandInput {
  const names: Record<string, string> = { ...input.ExpressionAttributeNames };
  const parts = [...new Set(paths)].map((path) =>
    path
      .split('.')
      .map((name) => {
        const alias = `#p_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
        names[alias] = name;
        return alias;
      })
      .join('.'),
  );
  return { ...input, ProjectionExpression: parts.join(', '), ExpressionAttributeNames: names };
}

function keyOf(item: Item, attributes: readonly string[]): StartKey {
  return Object.fromEntries(attributes.map((a) => [a, String(item[a])]));
}
