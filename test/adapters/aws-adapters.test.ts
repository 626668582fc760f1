import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { ASSESSMENT_MAX_BYTES, createFlaggedStore, storedAssessment } from '#adapters/flagged-store.ts';
import { createManifestStore } from '#adapters/manifest-store.ts';
import {
  decodeS3EventKey,
  flaggedId,
  parseFlaggedId,
  portFromIncomingKey,
  SQS_LIMITS,
  scoreSortKey,
} from '#adapters/pipeline-resources.ts';
import {
  asciiJson,
  createProfilingQueue,
  type ProfilingChunk,
  packBatches,
} from '#adapters/profiling-queue.ts';
import { backoffDelay, withBackoff } from '#adapters/retry-with-backoff.ts';
import { createSnapshotStore, SnapshotNotPublishedError } from '#adapters/snapshot-store.ts';

const noWait = async () => {};
const _throttled = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ProvisionedThroughputExceededException',
    $metadata: { httpStatusCode: 400 },
  });

describe('pipeline resources', () => {
  it('decodes keys the way S3 encodes them in notifications', () => {
    expect(decodeS3EventKey('incoming/NLRTM/Manifest+M%C3%A4rz+%2B+1.csv')).toBe(
      'incoming/NLRTM/Manifest März + 1.csv',
    );
  });

  it('takes the port from the upload folder and ignores anything else', () => {
    expect(portFromIncomingKey('incoming/nlrtm/2026/a.csv')).toBe('NLRTM');
    expect(portFromIncomingKey('incoming/NLRTM/')).toBeUndefined();
    expect(portFromIncomingKey('incoming/ROTTERDAM/a.csv')).toBeUndefined();
    expect(portFromIncomingKey('reports/NLRTM/a.csv')).toBeUndefined();
  });

  it('round-trips flagged ids and sorts scores as strings', () => {
    const id = flaggedId('0123456789abcdef0123456789abcdef', 'MSKU7351770');
    expect(parseFlaggedId(id)).toEqual({
      manifestId: '0123456789abcdef0123456789abcdef',
      containerNumber: 'MSKU7351770',
    });
    expect(parseFlaggedId('nope_MSKU7351770')).toBeUndefined();
    const scores = [5, 120, 60, 0, 99.5, 1000];
    expect(scores.map(scoreSortKey).sort()).toEqual([...scores].sort((a, b) => a - b).map(scoreSortKey));
  });
});

describe('retry with backoff', () => {
  it('waits a random time below an exponentially growing cap', () => {
    expect(backoffDelay(0, { random: () => 0.999, baseDelayMs: 50 })).toBe(49);
    expect(backoffDelay(3, { random: () => 0.5, baseDelayMs: 50 })).toBe(200);
    expect(backoffDelay(20, { random: () => 0.999, maxDelayMs: 5000 })).toBe(4995);
  });

  it('gives up on an error that is not throttling', async () => {
    let calls = 0;
    await expect(
      withBackoff(
        async () => {
          calls++;
          throw new Error('ValidationException');
        },
        { sleep: noWait },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});

describe('flagged store under throttling', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  afterEach(() => ddb.reset());

  it('never SETs an officer field unconditionally', async () => {
    ddb.on(UpdateCommand).resolves({});
    const store = createFlaggedStore({
      doc: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      table: 't',
    });
    await store.writeFlagged(
      {
        manifestId: 'a'.repeat(32),
        port: 'NLRTM',
        snapshotVersion: 'v',
        profiledAt: '2026-11-28T00:00:00Z',
        expiresAt: 1,
      },
      [{ containerNumber: 'MSKU7351770', score: 1, assessment: {} }],
    );
    const input = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    const names = input?.ExpressionAttributeNames ?? {};
    for (const officerField of ['status', 'notes', 'decision', 'version', 'portStatusPk', 'portStatusSk']) {
      const placeholder = Object.keys(names).find((k) => names[k] === officerField);
      if (!placeholder) continue; // not written at all
      expect(input?.UpdateExpression).toContain(`${placeholder} = if_not_exists(${placeholder},`);
    }
  });
});

// One mock per client class for the whole file (a second mockClient on the same class would not apply).
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
afterEach(() => {
  s3.reset();
  sqs.reset();
});

describe('profiling queue', () => {
  const chunk = (index: number, units: number, padding = 0): ProfilingChunk => ({
    context: { manifestId: 'b'.repeat(32), port: 'NLRTM', chunkIndex: index, chunkCount: 30 },
    voyage: { vesselName: 'MSC OSCAR', voyageNumber: '1W', reportingPort: 'NLRTM', previousPortsOfCall: [] },
    units: Array.from({ length: units }, (_, i) => ({
      container: { number: `MSKU${i}`, seals: [], status: 'full' as const, shipperOwned: false },
      billsOfLading: [
        {
          number: `BL${i}`,
          type: 'master' as const,
          notifyParties: [],
          transshipmentPorts: [],
          containers: [],
          goods: [{ lineNumber: 1, description: 'X'.repeat(padding), containers: [] }],
        },
      ],
    })),
  });

  it('packs batches within 10 entries and 256 KiB', () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({ entry: i, bytes: 100 * 1024 }));
    const batches = packBatches(entries);
    expect(batches.every((b) => b.length <= SQS_LIMITS.maxBatchEntries)).toBe(true);
    expect(batches.every((b) => b.length * 100 * 1024 <= SQS_LIMITS.maxPayloadBytes)).toBe(true);
    expect(batches.flat()).toEqual(entries.map((e) => e.entry));
    expect(
      packBatches(Array.from({ length: 23 }, (_, i) => ({ entry: i, bytes: 10 }))).map((b) => b.length),
    ).toEqual([10, 10, 3]);
  });

  it('resends only the entries SQS failed, and puts oversized chunks in S3', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: 'chunk-0', MessageId: '1', MD5OfMessageBody: '' }],
        Failed: [{ Id: 'chunk-1', Code: 'InternalError', SenderFault: false }],
      })
      .resolves({ Successful: [{ Id: 'chunk-1', MessageId: '2', MD5OfMessageBody: '' }], Failed: [] });
    const puts: string[] = [];
    const manifestStore = createManifestStore({ s3: new S3Client({ region: 'eu-west-1' }), bucket: 'b' });
    manifestStore.putChunk = async (id, n) => {
      puts.push(`chunks/${id}/${n}.json`);
      return `chunks/${id}/${n}.json`;
    };
    const queue = createProfilingQueue({
      sqs: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: 'q',
      manifestStore,
      sleep: noWait,
    });
    const result = await queue.sendChunks([chunk(0, 2), chunk(1, 10, 30_000)]);
    expect(result).toEqual({ inline: 1, viaS3: 1 });
    expect(puts).toEqual([`chunks/${'b'.repeat(32)}/1.json`]);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((e) => e.Id)).toEqual(['chunk-1']);
  });

  it('fails loudly when SQS refuses a chunk as the sender’s fault', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: 'chunk-0', Code: 'InvalidMessageContents', SenderFault: true }],
    });
    const queue = createProfilingQueue({
      sqs: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: 'q',
      manifestStore: createManifestStore({ s3: new S3Client({}), bucket: 'b' }),
      sleep: noWait,
    });
    await expect(queue.sendChunks([chunk(0, 1)])).rejects.toThrow(/refused 1 chunk/);
  });
});

describe('snapshot store', () => {
  it('treats 304 Not Modified as an unchanged pointer and a missing pointer as not published', async () => {
    const store = createSnapshotStore({ s3: new S3Client({ region: 'eu-west-1' }), bucket: 'b' });
    s3.on(GetObjectCommand).rejectsOnce(
      Object.assign(new Error('Not Modified'), { name: '304', $metadata: { httpStatusCode: 304 } }),
    );
    expect(await store.readPointer('"etag"')).toEqual({ changed: false });
    s3.on(GetObjectCommand).rejects(
      Object.assign(new Error('The specified key does not exist.'), {
        name: 'NoSuchKey',
        $metadata: { httpStatusCode: 404 },
      }),
    );
    await expect(store.readPointer()).rejects.toThrow(SnapshotNotPublishedError);
    await expect(store.readPointer()).rejects.toThrow(/run pcu publish/);
  });
});

describe('profiling message encoding', () => {
  // What real SQS accepts in a message body (#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD |
  // #x10000-#x10FFFF); the local emulator also refuses anything beyond the BMP.
  const acceptedBySqs = (body: string) => /^[\t\n\r\x20-\x7e]*$/.test(body);

  it('sends names with U+FFFE, U+FFFF, emoji, CJK Extension-B and control characters as ASCII, intact', () => {
    const names = [
      'ACME\ufffe TRADING',
      'NORTH\uffff STAR',
      'FRUITS 🍌 SA',
      '𠜎𠱓 HOLDINGS',
      'BELL\u0007 LTD',
      'LONE \ud800',
    ];
    const body = asciiJson({ v: 1, names });
    expect(acceptedBySqs(body)).toBe(true);
    expect(JSON.parse(body).names).toEqual(names);
  });

  it('any text survives the encoding exactly (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const body = asciiJson({ text });
        expect(acceptedBySqs(body)).toBe(true);
        expect(JSON.parse(body).text).toBe(text);
      }),
    );
  });
});

describe('stored assessments', () => {
  it('keep every hit, at most 25 evidence items per hit plus a count, and fit the item whatever the manifest holds', () => {
    // A consolidated container with 10,000 goods lines, each quoted as evidence with a long description.
    const evidence = Array.from({ length: 10_000 }, (_, i) => ({
      field: 'goods.description',
      value: `LINE ${i} ${'GENERAL CARGO '.repeat(200)}`,
    }));
    const assessment = {
      containerNumber: 'MSCU1234565',
      hits: [
        { ruleId: 'VAGUE-DESCRIPTION', weight: 30, evidence },
        { ruleId: 'WL-PARTY-STRONG', weight: 100, evidence: evidence.slice(0, 2) },
      ],
    };
    const stored = storedAssessment(assessment) as { hits: { ruleId: string; evidence: unknown[] }[] };
    expect(stored.hits.map((h) => h.ruleId)).toEqual(['VAGUE-DESCRIPTION', 'WL-PARTY-STRONG']);
    expect(stored.hits[0]?.evidence.at(-1)).toEqual({
      field: 'evidence',
      detail: expect.stringMatching(/more not stored \(10000 in all\)$/),
    });
    expect(stored.hits[1]?.evidence).toHaveLength(2);
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThanOrEqual(ASSESSMENT_MAX_BYTES);
    expect(assessment.hits[0]?.evidence).toHaveLength(10_000); // the input is untouched
  });
});
