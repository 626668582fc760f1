import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEXES, tableDefinition } from '#adapters/pipeline-resources.ts';
import { ensureTable } from '../../local/provision.ts';

let server: ReturnType<typeof dynalite>;
let client: DynamoDBClient;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the local table', () => {
  it('is created with the flag-list indexes holding only the list fields, and reused as it is', async () => {
    await ensureTable(client, 'fresh');
    await ensureTable(client, 'fresh'); // a restart with the same --data-dir
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'fresh' }));
    const dateIndex = Table?.GlobalSecondaryIndexes?.find(
      (i) => i.IndexName === INDEXES.byPortDate.indexName,
    );
    expect(dateIndex?.Projection?.ProjectionType).toBe('INCLUDE');
    expect(dateIndex?.Projection?.NonKeyAttributes).toContain('score');
    expect(dateIndex?.Projection?.NonKeyAttributes).not.toContain('consignment');
  });

  it('kept from a version with whole-item indexes, it is refused in one line naming the indexes and --data-dir', async () => {
    const current = tableDefinition('old');
    const older = {
      ...current,
      GlobalSecondaryIndexes: current.GlobalSecondaryIndexes.map((index) => ({
        ...index,
        IndexName: index.IndexName.replace(/Row$/, ''),
        Projection: { ProjectionType: 'ALL' as const },
      })),
    };
    await client.send(new CreateTableCommand(older));
    const refused = ensureTable(client, 'old');
    await expect(refused).rejects.toThrow(/created with other indexes \(byContainer, byPortDate, /);
    await expect(refused).rejects.toThrow(/this version needs .*byPortDateRow.*--data-dir/);
    await expect(refused).rejects.not.toThrow(/\n/);
  });
});
