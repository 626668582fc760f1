import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { createLocationsFileStore } from '#adapters/locations-file-store.ts';
import { createManifestRecords } from '#adapters/manifest-records.ts';
import { createManifestStore } from '#adapters/manifest-store.ts';
import { LOCATIONS_FILE_KEY, reportKey } from '#adapters/pipeline-resources.ts';
import { createProfilingQueue } from '#adapters/profiling-queue.ts';
import { useDeploymentLocations } from '#core/identifiers/locations.ts';
import { writeManifestCsv } from '#core/manifest/csv-writer.ts';
import { readManifestForIntake } from '#core/manifest/parse-manifest.ts';
import { Manifest } from '#schemas/manifest.ts';
import type { ValidationReport } from '#schemas/validation-report.ts';
import { createObservability, processSqsBatch } from '../../functions/commons/powertools.ts';
import { createDeploymentLocationsLoader } from '../../functions/ingest/deployment-locations.ts';
import { createIngestRecordHandler } from '../../functions/ingest/ingest-manifest.ts';
import { startDynalite } from '../adapters/dynalite-table.ts';
import {
  BUCKET,
  mockS3AndSqs,
  QUEUE_URL,
  S3_TEST_EVENT,
  SANCTIONED_CONSIGNEE,
  s3Notification,
  sampleManifest,
  sqsEvent,
  sqsRecord,
} from './pipeline-fixtures.ts';

let db: Awaited<ReturnType<typeof startDynalite>>;
let aws: ReturnType<typeof mockS3AndSqs>;
beforeAll(async () => {
  db = await startDynalite('ingest-test');
});
afterAll(async () => {
  await db?.stop();
});
beforeEach(() => {
  aws = mockS3AndSqs();
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
});
afterEach(() => {
  aws.restore();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function ingestHandler(overrides: { chunkSize?: number; maxManifestBytes?: number } = {}) {
  const s3 = new S3Client({ region: 'eu-west-1' });
  const manifestStore = createManifestStore({ s3, bucket: BUCKET });
  const recordHandler = createIngestRecordHandler({
    manifestStore,
    manifestRecords: createManifestRecords({ doc: db.doc, table: db.tableName }),
    profilingQueue: createProfilingQueue({
      sqs: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: QUEUE_URL,
      manifestStore,
    }),
    readManifest: readManifestForIntake,
    chunkSize: overrides.chunkSize ?? 10,
    retentionDays: 30,
    maxManifestBytes: overrides.maxManifestBytes ?? 50 * 1024 * 1024,
    observability: createObservability('ingest-test'),
  });
  return (records: ReturnType<typeof sqsRecord>[]) =>
    processSqsBatch(sqsEvent(records), undefined, recordHandler);
}

function upload(key: string, body: string) {
  aws.put(key, body);
  return sqsRecord(s3Notification(key, Buffer.byteLength(body)));
}

const records = () => createManifestRecords({ doc: db.doc, table: db.tableName });
const chunkBodies = () => aws.sent.map((e) => JSON.parse(e.MessageBody ?? '{}'));

describe('ingest handler', () => {
  it('skips the S3 test event without reading anything', async () => {
    const result = await ingestHandler()([sqsRecord(S3_TEST_EVENT)]);
    expect(result.batchItemFailures).toEqual([]);
    expect(aws.s3Mock).not.toHaveReceivedCommand(GetObjectCommand);
    expect(aws.sqsMock).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('decodes a key with spaces and unicode, records the manifest and queues its containers in chunks', async () => {
    const key = 'incoming/NLRTM/2026/Manifest März + Überseehafen (v2).json';
    const result = await ingestHandler()([upload(key, JSON.stringify(sampleManifest(25)))]);
    expect(result.batchItemFailures).toEqual([]);
    expect(aws.s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: BUCKET, Key: key });

    const chunks = chunkBodies();
    expect(chunks.map((c) => c.chunk.context.chunkIndex)).toEqual([0, 1, 2]);
    expect(chunks.map((c) => c.chunk.units.length)).toEqual([10, 10, 5]);
    const manifestId = chunks[0].chunk.context.manifestId;
    expect(chunks[0].chunk.context).toMatchObject({ port: 'NLRTM', chunkCount: 3 });

    const record = await records().get(manifestId);
    expect(record).toMatchObject({
      status: 'queued',
      port: 'NLRTM',
      vesselName: 'MSC OSCAR',
      voyageNumber: '1W',
      chunkCount: 3,
      sourceKeys: [key],
      reportKey: reportKey(manifestId),
    });
    expect(record?.counts.containers).toBe(25);
    expect((aws.getJson(reportKey(manifestId)) as ValidationReport).status).toBe('accepted');
  });

  it.each(['json', 'csv'] as const)(
    'queues a stand-in unit for a B/L stowed in no declared container (%s), with a chunk count that matches',
    async (format) => {
      const manifest = Manifest.parse(sampleManifest(12, { seed: 7 }));
      // Two B/Ls whose containers are not declared: their parties must still be screened.
      manifest.billsOfLading[3] = { ...manifest.billsOfLading[3]!, containers: [], goods: [] };
      manifest.containers = manifest.containers.filter((_, i) => i !== 5);
      const body = format === 'json' ? JSON.stringify(manifest) : writeManifestCsv(manifest);
      const result = await ingestHandler()([upload(`incoming/NLRTM/unstowed.${format}`, body)]);
      expect(result.batchItemFailures).toEqual([]);

      const chunks = chunkBodies();
      const units = chunks.flatMap((c) => c.chunk.units);
      // JSON: 11 declared containers + stand-ins for the B/L without containers and the one whose
      // box is undeclared. CSV: a row declares its container, so 12 + the B/L without containers.
      const standIns = units
        .filter((u) => u.container.noContainerDeclared)
        .map((u) => u.billsOfLading[0].number);
      const unstowed = manifest.billsOfLading[3]!.number;
      const undeclaredBox = manifest.billsOfLading[5]!.number;
      expect(units).toHaveLength(13);
      expect(standIns.sort()).toEqual(format === 'json' ? [unstowed, undeclaredBox].sort() : [unstowed]);
      const record = await records().get(chunks[0].chunk.context.manifestId);
      expect(record?.chunkCount).toBe(chunks.length);
      expect(chunks.every((c) => c.chunk.context.chunkCount === chunks.length)).toBe(true);
    },
  );

  // An air message goes the sea manifests' way: records, report, chunks for the profile Lambda.
  it.each([
    ['xfwb-master-air-waybill.xml', 'cargo-xml', 'CNPVG', ['888-11111111']],
    ['fhl-house-manifest.txt', 'cargo-imp', 'DEFRA', ['SEL22222222', 'SEL22222233']],
  ])(
    'reads the air waybill message %s and queues its waybills for profiling',
    async (file, format, port, awbs) => {
      const body = readFileSync(join(import.meta.dirname, '../fixtures/air', file), 'utf8');
      const key = `incoming/${port}/2026/${file}`;
      const result = await ingestHandler()([upload(key, body)]);
      expect(result.batchItemFailures).toEqual([]);

      const chunks = chunkBodies();
      expect(chunks.length).toBeGreaterThan(0);
      const units = chunks.flatMap((c) => c.chunk.units);
      // Air waybills travel as loose pieces: each is screened through its stand-in unit.
      expect(units.flatMap((u) => u.billsOfLading.map((bl: { number: string }) => bl.number)).sort()).toEqual(
        awbs,
      );
      expect(units.every((u) => u.container.noContainerDeclared)).toBe(true);
      const manifestId = chunks[0].chunk.context.manifestId;
      expect(chunks[0].chunk.context).toMatchObject({ port });
      const report = aws.getJson(reportKey(manifestId)) as ValidationReport;
      expect(report).toMatchObject({ format });
      expect(report.status).not.toBe('rejected');
      expect(report.issues.map((i) => i.code)).not.toContain('AIR_MESSAGE_UNSUPPORTED');
      expect(await records().get(manifestId)).toMatchObject({ status: 'queued', port, sourceKeys: [key] });
    },
  );

  it('validates a train through Altynkol against the locations file published to the bucket', async () => {
    // Two trains (two files, two manifests), one before and one after the file is published.
    const stationIssues = async (key: string, seed: number) => {
      const train = Manifest.parse(sampleManifest(3, { seed }));
      const body = JSON.stringify({
        ...train,
        voyage: { ...train.voyage, mode: 'rail', borderStation: 'KZAKL' },
      });
      await ingestHandler()([upload(key, body)]);
      const manifestId = chunkBodies().at(-1).chunk.context.manifestId;
      const report = aws.getJson(reportKey(manifestId)) as ValidationReport;
      return report.issues.filter((i) => i.location.field === 'borderStation').map((i) => i.code);
    };
    const loadLocations = createDeploymentLocationsLoader({
      store: createLocationsFileStore({ s3: new S3Client({ region: 'eu-west-1' }), bucket: BUCKET }),
      logger: { warn: vi.fn() },
      maxAgeMs: 0,
    });
    try {
      await loadLocations(); // none published: UN/LOCODE alone
      expect(await stationIssues('incoming/KZALA/before.json', 21)).toEqual(['LOCODE_UNKNOWN']);

      const centralAsia = readFileSync(
        join(import.meta.dirname, '../../data/locations/central-asia.csv'),
        'utf8',
      );
      aws.put(LOCATIONS_FILE_KEY, centralAsia);
      await loadLocations();
      expect(await stationIssues('incoming/KZALA/after.json', 22)).toEqual([]);
    } finally {
      useDeploymentLocations([]);
    }
  });

  it('ingests the same notification delivered twice as one manifest, queued once', async () => {
    const body = JSON.stringify(sampleManifest(12, { seed: 2 }));
    const handler = ingestHandler();
    const message = upload('incoming/NLRTM/voyage-2.json', body);
    await handler([message]);
    const second = await handler([{ ...message, messageId: 'redelivered' }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(aws.sent).toHaveLength(2); // 12 containers = 2 chunks, sent once
    const record = await records().get(chunkBodies()[0].chunk.context.manifestId);
    expect(record?.sourceKeys).toEqual(['incoming/NLRTM/voyage-2.json']);
  });

  it('treats the same file uploaded under two keys as one manifest', async () => {
    const body = JSON.stringify(sampleManifest(5, { seed: 3 }));
    const handler = ingestHandler();
    await handler([upload('incoming/NLRTM/voyage-3.json', body)]);
    await handler([upload('incoming/NLRTM/resent/voyage-3 copy.json', body)]);
    expect(aws.sent).toHaveLength(1);
    const record = await records().get(chunkBodies()[0].chunk.context.manifestId);
    expect(record?.sourceKeys).toEqual([
      'incoming/NLRTM/resent/voyage-3 copy.json',
      'incoming/NLRTM/voyage-3.json',
    ]);
  });

  it('rejects an unreadable manifest with a report and does not ask SQS to retry it', async () => {
    const key = 'incoming/NLRTM/scan.pdf';
    aws.put(
      key,
      new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0xfe, 0x00, 0x01]),
    );
    const result = await ingestHandler()([sqsRecord(s3Notification(key, 14))]);
    expect(result.batchItemFailures).toEqual([]);
    expect(aws.sent).toHaveLength(0);
    const reportKeys = [...aws.objects.keys()].filter((k) => k.startsWith('reports/'));
    expect(reportKeys).toHaveLength(1);
    const report = aws.getJson(reportKeys[0] as string) as ValidationReport;
    expect(report.status).toBe('rejected');
    expect(report.issues[0]?.code).toBe('FILE_BINARY');
    const manifestId = (reportKeys[0] as string).slice('reports/'.length, -'.json'.length);
    expect(await records().get(manifestId)).toMatchObject({ status: 'rejected', chunkCount: 0 });
  });

  it('rejects a file over the size limit without downloading it', async () => {
    const key = 'incoming/NLRTM/huge.csv';
    const result = await ingestHandler({ maxManifestBytes: 1000 })([
      sqsRecord(s3Notification(key, 5_000_000, 'abc')),
    ]);
    expect(result.batchItemFailures).toEqual([]);
    expect(aws.s3Mock).not.toHaveReceivedCommand(GetObjectCommand);
    const reportKeys = [...aws.objects.keys()].filter((k) => k.startsWith('reports/'));
    expect((aws.getJson(reportKeys[0] as string) as ValidationReport).issues[0]?.code).toBe('FILE_TOO_LARGE');
  });

  it('reports only the poison message of a batch of ten as failed', async () => {
    const batch = Array.from({ length: 9 }, (_, i) =>
      upload(`incoming/BEANR/batch-${i}.json`, JSON.stringify(sampleManifest(3, { seed: 100 + i }))),
    );
    const poison = sqsRecord('{"Records": [{"s3": ', 'poison');
    batch.splice(4, 0, poison);
    const result = await ingestHandler()(batch);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'poison' }]);
    expect(aws.sent).toHaveLength(9);
    expect(chunkBodies().every((c) => c.chunk.units.length === 3)).toBe(true);
  });

  it('retries (fails the message) when S3 fails while reading, instead of rejecting the manifest', async () => {
    const key = 'incoming/NLRTM/flaky.json';
    aws.put(key, JSON.stringify(sampleManifest(3, { seed: 7 })));
    aws.s3Mock.on(GetObjectCommand, { Key: key }).rejectsOnce(
      Object.assign(new Error('We encountered an internal error.'), {
        name: 'InternalError',
        $metadata: { httpStatusCode: 500 },
      }),
    );
    const message = sqsRecord(s3Notification(key, 100), 'flaky');
    const result = await ingestHandler()([message]);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'flaky' }]);
    expect([...aws.objects.keys()].some((k) => k.startsWith('reports/'))).toBe(false);
  });

  it('queues a manifest on redelivery when the first attempt failed after recording it', async () => {
    const key = 'incoming/NLRTM/voyage-40.json';
    const message = upload(key, JSON.stringify(sampleManifest(15, { seed: 40 })));
    const unavailable = Object.assign(new Error('Service unavailable'), { name: 'InvalidAddress' });
    aws.sqsMock
      .on(SendMessageBatchCommand)
      .rejectsOnce(unavailable)
      .callsFake((input: { Entries: Array<{ Id?: string; MessageBody?: string }> }) => {
        aws.sent.push(...input.Entries);
        return {
          Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: '' })),
          Failed: [],
        };
      });
    const handler = ingestHandler();
    expect((await handler([message])).batchItemFailures).toEqual([{ itemIdentifier: message.messageId }]);
    expect((await handler([message])).batchItemFailures).toEqual([]);
    const chunks = chunkBodies();
    expect(chunks.map((c) => c.chunk.context.chunkIndex)).toEqual([0, 1]);
    expect((await records().get(chunks[0].chunk.context.manifestId))?.status).toBe('queued');
  });

  it('sends a chunk too large for SQS through S3 with a reference in the message', async () => {
    const key = 'incoming/NLRTM/long-descriptions.json';
    const result = await ingestHandler({ chunkSize: 10 })([
      upload(key, JSON.stringify(sampleManifest(10, { seed: 8, descriptionPadding: 30_000 }))),
    ]);
    expect(result.batchItemFailures).toEqual([]);
    const [message] = chunkBodies();
    expect(message.chunk).toBeUndefined();
    expect(message.chunkKey).toMatch(/^chunks\/[0-9a-f]{32}\/0\.json$/);
    expect((aws.getJson(message.chunkKey) as { units: unknown[] }).units).toHaveLength(10);
    expect(Buffer.byteLength(aws.sent[0]?.MessageBody ?? '')).toBeLessThan(1024);
  });

  it('never writes a party name or address to the logs', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    await ingestHandler()([
      upload('incoming/NLRTM/logs.json', JSON.stringify(sampleManifest(3, { seed: 9 }))),
    ]);
    const logged = lines.join('');
    expect(logged).toContain('manifest queued for profiling');
    expect(logged).not.toContain(SANCTIONED_CONSIGNEE);
    expect(logged).not.toContain('Exportadora');
    expect(logged).not.toContain('Waalhaven');
  });
});
