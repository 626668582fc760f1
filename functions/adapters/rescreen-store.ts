import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createFlaggedQueries } from './flagged-queries.ts';
import { INDEXES, INITIAL_FLAG_STATUS, keys } from './pipeline-resources.ts';

/**
 * What re-screening after a list update reads and writes in the table, all by index queries
 * (never a scan): the manifests a port received since a date (byPortDate, partition
 * `PORT#{port}#MANIFEST`), the open flags of a port (byPortStatus), and the mark on a flag
 * whose watchlist evidence names an entry the update removed.
 */
export type RecentManifest = {
  manifestId: string;
  port: string;
  receivedAt: string;
  status: string;
  sourceKeys: string[];
  sourceBytes?: number;
  vesselName?: string;
  voyageNumber?: string;
};

export type OpenFlag = {
  manifestId: string;
  containerNumber: string;
  assessment?: { hits?: unknown };
};

export interface RescreenStore {
  manifestsReceivedSince(port: string, since: string): AsyncIterable<RecentManifest>;
  openFlags(port: string): AsyncIterable<OpenFlag>;
  /** Replaces the stored assessment of a flag (only its evidence notes change); false if the flag is gone. */
  replaceAssessment(manifestId: string, containerNumber: string, assessment: unknown): Promise<boolean>;
}

export function createRescreenStore(options: { doc: DynamoDBDocumentClient; table: string }): RescreenStore {
  const { doc, table } = options;
  const manifests = createFlaggedQueries({ doc, table });

  async function* query(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({ TableName: table, ...input, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) yield item;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  return {
    async *manifestsReceivedSince(port, since) {
      for await (const item of manifests.allManifests({ port, from: since })) {
        yield {
          manifestId: String(item.manifestId),
          port: String(item.port ?? port),
          receivedAt: String(item.receivedAt ?? ''),
          status: String(item.status ?? ''),
          sourceKeys: [...((item.sourceKeys as Iterable<string> | undefined) ?? [])].sort(),
          ...(item.sourceBytes !== undefined && { sourceBytes: Number(item.sourceBytes) }),
          ...(typeof item.vesselName === 'string' && { vesselName: item.vesselName }),
          ...(typeof item.voyageNumber === 'string' && { voyageNumber: item.voyageNumber }),
        };
      }
    },

    async *openFlags(port) {
      const statusIndex = INDEXES.byPortStatus;
      for await (const item of query({
        IndexName: statusIndex.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': statusIndex.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.portStatusPk(port, INITIAL_FLAG_STATUS) },
        ProjectionExpression: 'manifestId, containerNumber, assessment',
      })) {
        yield {
          manifestId: String(item.manifestId),
          containerNumber: String(item.containerNumber),
          assessment: item.assessment as OpenFlag['assessment'],
        };
      }
    },

    async replaceAssessment(manifestId, containerNumber, assessment) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.flagged(manifestId, containerNumber),
            UpdateExpression: 'SET assessment = :assessment',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':assessment': assessment },
          }),
        );
        return true;
      } catch (err) {
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
        return false;
      }
    },
  };
}
