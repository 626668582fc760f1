/**
 * The AWS services of the pipeline, emulated in this process on loopback only: dynalite for
 * DynamoDB, s3rver for S3 (it emits object-created events) and fauxqs for SQS (with DLQ
 * redrive). s3rver checks no signatures, so it listens on a private socket behind a proxy
 * that checks SigV4 as S3 does (s3-signature-proxy.ts), with credentials made for this run.
 * With a data directory, DynamoDB and S3 persist between runs; queues are in memory.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { type AddressInfo, Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { type MessageSpyReader, startFauxqs } from 'fauxqs';
import S3rver from 's3rver';
import { startS3SignatureProxy } from './s3-signature-proxy.ts';

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
  /** The credentials S3 requests must be signed with (a new secret each run); the other emulators accept any. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Where each emulator listens (all loopback). */
  addresses: { s3: AddressInfo; dynamodb: AddressInfo; sqs: AddressInfo };
  region: string;
  /** Creates queues directly (fauxqs' API: returns the URL and ARN). */
  createQueue(name: string, attributes: Record<string, string>): { queueUrl: string; queueArn: string };
  onObjectCreated(listener: (event: S3ObjectCreated) => void): void;
  /** SQS messages sent, consumed and dead-lettered (a bounded recent buffer), for tests and diagnostics. */
  sqsSpy: MessageSpyReader;
  /** Closes every server and its open connections at once, whatever is in flight. */
  stop(): Promise<void>;
}

/** s3rver only knows this access key id; the secret is what the proxy checks. */
const S3_ACCESS_KEY_ID = 'S3RVER';
const REGION = 'us-east-1';

export async function startEmulators(options: { dataDir?: string; host?: string } = {}): Promise<Emulators> {
  const host = options.host ?? '127.0.0.1';
  const persistent = options.dataDir !== undefined;
  const s3Dir = persistent ? join(options.dataDir as string, 's3') : mkdtempSync(join(tmpdir(), 'pcu-s3-'));
  const dynamoDir = persistent ? join(options.dataDir as string, 'dynamodb') : undefined;
  mkdirSync(s3Dir, { recursive: true });
  if (dynamoDir) mkdirSync(dynamoDir, { recursive: true });

  // s3rver on a socket in a directory only this user can enter; the proxy is the S3 endpoint.
  const socketDir = mkdtempSync(join(tmpdir(), 'pcu-s3-socket-'));
  const socketPath =
    process.platform === 'win32'
      ? `\\\\.\\pipe\\pcu-s3-${randomBytes(8).toString('hex')}`
      : join(socketDir, 's3rver.sock');
  const credentials = {
    accessKeyId: S3_ACCESS_KEY_ID,
    secretAccessKey: randomBytes(24).toString('base64url'),
  };
  const s3rver = new S3rver({ silent: true, directory: s3Dir });
  const s3rverServer = (await s3rver.listen(socketPath)) as HttpServer;
  const s3 = await startS3SignatureProxy({
    upstreamSocketPath: socketPath,
    credentials,
    region: REGION,
    host,
  });

  const dynamo = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(dynamoDir && { path: dynamoDir }),
  });
  await new Promise<void>((resolve) => dynamo.listen(0, host, () => resolve()));
  const dynamoAddress = dynamo.address() as AddressInfo;

  const { value: sqs, servers: sqsServers } = await listeningOn(host, () =>
    startFauxqs({ port: 0, host, logger: false, messageSpies: { bufferSize: 10_000 } }),
  );
  const sqsAddress = sqsServers[0]?.address() as AddressInfo;

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
      s3: s3.url,
      dynamodb: `http://${host}:${dynamoAddress.port}`,
      sqs: `http://${host}:${sqsAddress.port}`,
    },
    credentials,
    addresses: { s3: s3.address, dynamodb: dynamoAddress, sqs: sqsAddress },
    region: REGION,
    createQueue: (name, attributes) => sqs.createQueue(name, { attributes }),
    onObjectCreated: (listener) => listeners.push(listener),
    sqsSpy: sqs.spy,
    async stop() {
      // Keep-alive sockets (the handlers' SDK clients) and requests in flight would hold
      // server.close() open indefinitely: they are closed, not waited for.
      for (const server of [s3rverServer, dynamo, ...sqsServers]) server.closeAllConnections();
      await Promise.allSettled([
        s3.stop(),
        new Promise<void>((resolve) => s3rverServer.close(() => resolve())),
        new Promise<void>((resolve) => dynamo.close(() => resolve())),
        sqs.stop(),
      ]);
      rmSync(socketDir, { recursive: true, force: true });
      if (!persistent) rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}

/**
 * fauxqs 1.9 binds 0.0.0.0 whatever host it is given (the host only names its queue URLs):
 * while it starts, a server asked to listen on every interface listens on `host` instead.
 * The servers started are returned so their connections can be closed on stop.
 */
async function listeningOn<T>(
  host: string,
  start: () => Promise<T>,
): Promise<{ value: T; servers: HttpServer[] }> {
  const original = NetServer.prototype.listen;
  const servers: HttpServer[] = [];
  NetServer.prototype.listen = function (this: NetServer, ...args: unknown[]) {
    const [first] = args;
    const wildcard = ['0.0.0.0', '::'];
    if (
      typeof first === 'object' &&
      first !== null &&
      wildcard.includes((first as { host?: string }).host ?? '')
    ) {
      args[0] = { ...first, host };
    }
    servers.push(this as HttpServer);
    return (original as (...a: unknown[]) => NetServer).apply(this, args);
  } as typeof original;
  try {
    const value = await start();
    if (servers.length === 0) throw new Error('fauxqs started no server');
    return { value, servers };
  } finally {
    NetServer.prototype.listen = original;
  }
}

interface S3EventRecord {
  eventName: string;
  s3: {
    bucket: { name: string };
    object: { key: string; size: number; eTag: string; sequencer: string };
  };
}
