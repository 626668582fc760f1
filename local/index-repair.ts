/**
 * Repairs what a SIGKILL can leave in dynalite's files: dynalite writes an item's index entries
 * and then the item itself, as two LevelDB writes, so a kill between them leaves an index entry
 * whose item was never stored (or holds other index keys). DynamoDB writes both atomically;
 * only the emulator needs this. Run once when the local stack starts on a kept data directory,
 * before unfinished work is resumed, or the flag lists would show such a flag twice.
 *
 * Only through the DynamoDB API: an entry without its item is removed by storing an item with
 * its keys and deleting it; an entry whose item has other index keys, by moving the item's keys
 * to the entry's and back (each update removes the index entry of the keys it replaces).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { INDEXES, TABLE_KEYS } from '#adapters/resource-settings.ts';

type Item = Record<string, unknown>;

export async function repairEmulatorIndexes(doc: DynamoDBDocumentClient, table: string): Promise<number> {
  const { partitionKey: pk, sortKey: sk } = TABLE_KEYS;
  let repaired = 0;
  for (const index of Object.values(INDEXES)) {
    const orphans: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({ TableName: table, IndexName: index.indexName, ExclusiveStartKey: start }),
      );
      for (const entry of page.Items ?? []) {
        const key = { [pk]: entry[pk], [sk]: entry[sk] };
        const item = (await doc.send(new GetCommand({ TableName: table, Key: key }))).Item;
        const same =
          item !== undefined &&
          item[index.partitionKey] === entry[index.partitionKey] &&
          item[index.sortKey] === entry[index.sortKey];
        if (!same) orphans.push({ entry, item });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    for (const { entry, item } of orphans as { entry: Item; item?: Item }[]) {
      const key = { [pk]: entry[pk], [sk]: entry[sk] };
      if (item === undefined) {
        await doc.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...key,
              [index.partitionKey]: entry[index.partitionKey],
              [index.sortKey]: entry[index.sortKey],
            },
          }),
        );
        await doc.send(new DeleteCommand({ TableName: table, Key: key }));
      } else {
        const names = { '#p': index.partitionKey, '#s': index.sortKey };
        const moveTo = async (p: unknown, s: unknown) => {
          const remove = p === undefined || s === undefined;
          await doc.send(
            new UpdateCommand({
              TableName: table,
              Key: key,
              ExpressionAttributeNames: names,
              ...(remove
                ? { UpdateExpression: 'REMOVE #p, #s' }
                : {
                    UpdateExpression: 'SET #p = :p, #s = :s',
                    ExpressionAttributeValues: { ':p': p, ':s': s },
                  }),
            }),
          );
        };
        await moveTo(entry[index.partitionKey], entry[index.sortKey]);
        await moveTo(item[index.partitionKey], item[index.sortKey]);
      }
      repaired++;
    }
  }
  return repaired;
}
