/**
 * The AWS services of the pipeline, emulated in this process on loopback: dynalite for
 * DynamoDB, s3rver for S3 (it emits object-created events) and fauxqs for SQS (with DLQ
 * redrive). With a data directory, DynamoDB and S3 persist between runs; queues are in memory.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { type MessageSpyReader, startFauxqs } from 'fauxqs';
import S3rver from 's3rver';

export interface S3ObjectCreated {
  bucket: string;
  /** The decoded key. */
  key: string;
  size: number;
  eTag: string;
  sequencer: string;
  eventName: string;
}

export interface Emulators {
  endpoints: { s3: string; dynamodb: string; sqs: string };
  /** s3rver's credentials; the other emulators accept any. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /** Creates queues directly (fauxqs' API: returns the URL and ARN). */
  createQueue(name: string, attributes: Record<string, string>): { queueUrl: string; queueArn: string };
  onObjectCreated(listener: (event: S3ObjectCreated) => void): void;
  /** SQS messages sent, consumed and dead-lettered (a bounded recent buffer), for tests and diagnostics. */
  sqsSpy: MessageSpyReader;
  stop(): Promise<void>;
}

export async function startEmulators(options: { dataDir?: string; host?: string } = {}): Promise<Emulators> {
  const host = options.host ?? '127.0.0.1';
  const persistent = options.dataDir !== undefined;
  const s3Dir = persistent ? join(options.dataDir as string, 's3') : mkdtempSync(join(tmpdir(), 'pcu-s3-'));
  const dynamoDir = persistent ? join(options.dataDir as string, 'dynamodb') : undefined;
  mkdirSync(s3Dir, { recursive: true });
  if (dynamoDir) mkdirSync(dynamoDir, { recursive: true });

  const s3rver = new S3rver({ port: 0, address: host, silent: true, directory: s3Dir });
  const s3Address = (await s3rver.run()) as AddressInfo;

  const dynamo = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(dynamoDir && { path: dynamoDir }),
  });
  await new Promise<void>((resolve) => dynamo.listen(0, host, () => resolve()));
  const dynamoPort = (dynamo.address() as AddressInfo).port;

  const sqs = await startFauxqs({ port: 0, logger: false, messageSpies: { bufferSize: 10_000 } });

  const listeners: ((event: S3ObjectCreated) => void)[] = [];
  s3rver.on('event', (event: { Records: S3EventRecord[] }) => {
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated')) continue;
      const created: S3ObjectCreated = {
        bucket: record.s3.bucket.name,
        key: record.s3.object.key,
        size: record.s3.object.size,
        eTag: record.s3.object.eTag,
        sequencer: record.s3.object.sequencer,
        eventName: record.eventName,
      };
      for (const listener of listeners) listener(created);
    }
  });

  return {
    endpoints: {
      s3: `http://${host}:${s3Address.port}`,
      dynamodb: `http://${host}:${dynamoPort}`,
      sqs: sqs.address,
    },
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    region: 'us-east-1',
    createQueue: (name, attributes) => sqs.createQueue(name, { attributes }),
    onObjectCreated: (listener) => listeners.push(listener),
    sqsSpy: sqs.spy,
    async stop() {
      await Promise.allSettled([
        s3rver.close(),
        new Promise<void>((resolve) => dynamo.close(() => resolve())),
        sqs.stop(),
      ]);
      if (!persistent) rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}

interface S3EventRecord {
  eventName: string;
  s3: {
    bucket: { name: string };
    object: { key: string; size: number; eTag: string; sequencer: string };
  };
}
