import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { containerCheckDigit } from '#core/identifiers/container-number.ts';
import type { ManifestInput } from '#schemas/manifest.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';

export const BUCKET = 'pcu-pipeline-test';
export const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/pcu-profiling';

/** A valid ISO 6346 number: owner code + serial + the right check digit. */
export function containerNumber(owner: string, serial: number): string {
  const first10 = `${owner}${String(serial).padStart(6, '0')}`;
  return `${first10}${containerCheckDigit(first10) % 10}`;
}

export const SANCTIONED_CONSIGNEE = 'GOLDEN CRESCENT TRADING LLC';
export const PLANTED_CONTAINER = containerNumber('TGHU', 912345);

/** A small watchlist with one organisation and one container, as a PCU's own list would hold. */
export const TEST_WATCHLIST: WatchlistEntry[] = [
  {
    id: 'PCU-1',
    list: 'PCU-NLRTM',
    type: 'organization',
    name: SANCTIONED_CONSIGNEE,
    aliases: ['GOLDEN CRESCENT TRADING'],
    countries: ['AE'],
    addresses: [],
    identifiers: [],
  },
  {
    id: 'PCU-2',
    list: 'PCU-NLRTM',
    type: 'container',
    name: PLANTED_CONTAINER,
    aliases: [],
    countries: [],
    addresses: [],
    identifiers: [{ type: 'container', value: PLANTED_CONTAINER }],
  },
];

/**
 * A realistic JSON manifest of `count` containers, one B/L each, bananas from Guayaquil to
 * Rotterdam. Container 0 is consigned to the sanctioned company; container 1 is the planted
 * watchlisted container number.
 */
export function sampleManifest(
  count: number,
  opts: { seed?: number; descriptionPadding?: number } = {},
): ManifestInput {
  const seed = opts.seed ?? 1;
  const containers = Array.from({ length: count }, (_, i) =>
    i === 1 ? PLANTED_CONTAINER : containerNumber('MSKU', (seed * 1_000 + i) % 1_000_000),
  );
  return {
    voyage: {
      vesselName: 'MSC OSCAR',
      imoNumber: '9703291',
      voyageNumber: `${seed}W`,
      reportingPort: 'NLRTM',
      eta: '2026-12-01',
      previousPortsOfCall: ['ECGYE'],
    },
    containers: containers.map((number) => ({ number, isoType: '45R1', verifiedGrossMassKg: 24_000 })),
    billsOfLading: containers.map((number, i) => ({
      number: `MEDU${seed}${String(i).padStart(6, '0')}`,
      shipper: {
        name: `Exportadora Bananera ${i} S.A.`,
        address: 'Av. 9 de Octubre 100, Guayaquil',
        country: 'EC',
      },
      consignee:
        i === 0
          ? { name: SANCTIONED_CONSIGNEE, address: 'Deira, Dubai', country: 'AE' }
          : { name: `Fruit Importers ${i} B.V.`, address: 'Waalhaven 1, Rotterdam', country: 'NL' },
      portOfLoading: 'ECGYE',
      portOfDischarge: 'NLRTM',
      containers: [number],
      goods: [
        {
          lineNumber: 1,
          description: `FRESH BANANAS CAVENDISH${opts.descriptionPadding ? ` ${'X'.repeat(opts.descriptionPadding)}` : ''}`,
          hsCode: '080390',
          packageCount: 1_080,
          packageType: 'CT',
          grossWeightKg: 19_500,
          containers: [number],
        },
      ],
    })),
  };
}

/** How S3 writes a key into an event notification: form-encoded (`+` for a space). */
export function s3EncodeKey(key: string): string {
  return key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%20/g, '+'))
    .join('/');
}

export function s3Notification(key: string, size: number, eTag = 'etag') {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'eu-west-1',
        eventTime: '2026-11-28T00:00:00.000Z',
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'intake',
          bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` },
          object: { key: s3EncodeKey(key), size, eTag, sequencer: '0055AED6DCD90281E5' },
        },
      },
    ],
  };
}

export const S3_TEST_EVENT = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2026-11-28T00:00:00.000Z',
  Bucket: BUCKET,
  RequestId: 'C3D13FE58DE4C810',
  HostId: 'test',
};

let messageCounter = 0;
export function sqsRecord(body: unknown, messageId = `msg-${++messageCounter}`): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1764288000000',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1764288000000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:pcu-intake',
    awsRegion: 'eu-west-1',
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/**
 * S3 and SQS mocked with aws-sdk-client-mock, backed by an in-memory bucket so GETs return
 * what PUTs stored, and every message sent is kept in order.
 */
export function mockS3AndSqs() {
  const objects = new Map<string, Uint8Array>();
  const sent: Array<{ Id?: string; MessageBody?: string }> = [];
  const s3Mock = mockClient(S3Client);
  const sqsMock = mockClient(SQSClient);
  s3Mock.on(GetObjectCommand).callsFake((input: { Key: string; IfNoneMatch?: string }) => {
    const bytes = objects.get(input.Key);
    if (!bytes)
      throw Object.assign(new Error('The specified key does not exist.'), {
        name: 'NoSuchKey',
        $metadata: { httpStatusCode: 404 },
      });
    const eTag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    if (input.IfNoneMatch && input.IfNoneMatch === eTag)
      throw Object.assign(new Error('Not Modified'), {
        name: 'NotModified',
        $metadata: { httpStatusCode: 304 },
      });
    // Served in 64 KiB pieces, as a real socket would.
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 64 * 1024) pieces.push(bytes.subarray(i, i + 64 * 1024));
    return { Body: sdkBody(bytes, pieces), ETag: eTag, ContentLength: bytes.length };
  });
  s3Mock.on(PutObjectCommand).callsFake((input: { Key: string; Body: string | Uint8Array }) => {
    objects.set(
      input.Key,
      typeof input.Body === 'string' ? new TextEncoder().encode(input.Body) : input.Body,
    );
    return { ETag: '"x"' };
  });
  sqsMock
    .on(SendMessageBatchCommand)
    .callsFake((input: { Entries: Array<{ Id?: string; MessageBody?: string }> }) => {
      sent.push(...input.Entries);
      return {
        Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: '' })),
        Failed: [],
      };
    });
  return {
    s3Mock,
    sqsMock,
    objects,
    sent,
    put(key: string, body: string | Uint8Array) {
      objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
    },
    getJson(key: string): unknown {
      const bytes = objects.get(key);
      return bytes ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
    },
    restore() {
      s3Mock.restore();
      sqsMock.restore();
    },
  };
}

/** What the SDK's GetObject Body offers the adapters: an async-iterable stream plus transformToString. */
function sdkBody(bytes: Uint8Array, pieces: Uint8Array[]) {
  return Object.assign(Readable.from(pieces), {
    transformToString: async () => new TextDecoder().decode(bytes),
    transformToByteArray: async () => bytes,
  });
}
