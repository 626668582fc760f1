/**
 * End to end on the local stack: the real handlers behind emulated S3, SQS and DynamoDB, the
 * HTTP API with signed tokens, everything over real HTTP. One stack for the file (starting
 * it and publishing the default config takes a few seconds).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWatchlistPaths, loadWatchlist } from '../../functions/core/watchlists/index.ts';
import { generateManifestText } from '../../generator/index.ts';
import { demoApiClient } from '../../local/demo-api-client.ts';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { type StackApi, stackApi, until } from './stack-api.ts';

const run = promisify(execFile);
const PORT = 'NLRTM';
const OTHER_PORT = 'ECGYE';

let stack: LocalStack;
let sqs: SQSClient;
let dir: string;
let csv: string;
let manifestId: string;
let api: StackApi['api'];
let allFlagged: StackApi['allFlagged'];

async function queueDepth(url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

beforeAll(async () => {
  // Short visibility timeouts: a failed message reappears (and reaches the DLQ) in seconds.
  stack = await startLocalStack({ port: 0, logLevel: 'SILENT', visibilityTimeoutSeconds: { profiling: 1 } });
  sqs = new SQSClient({
    region: stack.clientConfig.region,
    credentials: stack.clientConfig.credentials,
    endpoint: stack.clientConfig.endpoints.sqs,
    useQueueUrlAsEndpoint: false,
  });
  ({ api, allFlagged } = stackApi(stack));
  await stack.publish();

  const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
  const generated = generateManifestText(
    { containers: 400, seed: 'e2e-local', reportingPort: PORT, plant: { count: 4, entries } },
    'csv',
  );
  csv = [...generated.chunks].join('');
  dir = mkdtempSync(join(tmpdir(), 'pcu-e2e-'));
  writeFileSync(join(dir, 'manifest.csv'), csv);
}, 120_000);

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

describe('local pipeline, end to end', () => {
  it('an officer uploads through the API; flagged containers are readable by the port analyst, with evidence', async () => {
    const client = demoApiClient(stack);
    const since = performance.now();
    await client.upload({
      fileName: 'voyage 662W manifest.csv',
      body: Buffer.from(csv),
      port: PORT,
      contentType: 'text/csv',
    });
    const manifest = await client.waitForManifest(PORT, since, 60_000);
    manifestId = manifest.id;
    expect(manifest.status).toBe('complete');
    expect(manifest.counts.containers).toBe(400);
    expect(manifest.containersFlagged).toBeGreaterThan(0);

    const flagged = await allFlagged(`analyst-${PORT.toLowerCase()}`, `port=${PORT}`);
    const ofManifest = flagged.filter((f) => f.manifestId === manifestId);
    expect(ofManifest).toHaveLength(manifest.containersFlagged);
    // Pagination gives every item exactly once.
    expect(new Set(ofManifest.map((f) => f.id)).size).toBe(ofManifest.length);

    const watchlisted = ofManifest.find((f) => f.rules.some((r: string) => r.startsWith('WL-')));
    expect(watchlisted).toBeDefined();
    const detail = await api(
      `analyst-${PORT.toLowerCase()}`,
      'GET',
      `/flagged/${encodeURIComponent(watchlisted.id)}`,
    );
    expect(detail.status).toBe(200);
    const evidence = detail.body.assessment.hits
      .flatMap((h: any) => h.evidence)
      .find((e: any) => e.watchlist);
    expect(evidence.watchlist).toMatchObject({ list: expect.any(String), entityId: expect.any(String) });
    expect(evidence.watchlist.score).toBeGreaterThan(0.8);
  });

  it('gives the same flags as `pcu profile` on the same file', async () => {
    const { stdout } = await run(
      process.execPath,
      ['bin/pcu.js', 'profile', join(dir, 'manifest.csv'), '--json'],
      {
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    const cli = JSON.parse(stdout);
    const expected = cli.assessments
      .filter((a: any) => a.flagged)
      .map((a: any) => `${a.containerNumber} ${a.lane} ${a.score}`)
      .sort();
    const flagged = await allFlagged('admin', `port=${PORT}`);
    const actual = flagged
      .filter((f) => f.manifestId === manifestId)
      .map((f) => `${f.containerNumber} ${f.lane} ${f.score}`)
      .sort();
    expect(actual).toEqual(expected);
  });

  it('the same file uploaded twice, under another name, is one manifest with no duplicate flags', async () => {
    const before = await allFlagged('admin', `port=${PORT}`);
    const client = demoApiClient(stack);
    const consumedBefore = stack.emulators.sqsSpy
      .getAllMessages()
      .filter(
        (m: any) => m.service === 'sqs' && m.queueName.endsWith('-intake') && m.status === 'consumed',
      ).length;
    await client.upload({
      fileName: 'copy of the manifest.csv',
      body: Buffer.from(csv),
      port: PORT,
      contentType: 'text/csv',
    });
    await until('the second notification to be consumed', async () =>
      stack.emulators.sqsSpy
        .getAllMessages()
        .filter((m: any) => m.service === 'sqs' && m.queueName.endsWith('-intake') && m.status === 'consumed')
        .length > consumedBefore
        ? true
        : undefined,
    );
    const manifests = await api('admin', 'GET', `/manifests?port=${PORT}&limit=100`);
    expect(manifests.body.items.filter((m: any) => m.id === manifestId)).toHaveLength(1);
    expect(manifests.body.items).toHaveLength(1);
    const after = await allFlagged('admin', `port=${PORT}`);
    expect(after.map((f) => f.id).sort()).toEqual(before.map((f) => f.id).sort());
  });

  it('a corrupt manifest is rejected with a report, is not retried, and loses nothing else', async () => {
    const client = demoApiClient(stack);
    const since = performance.now();
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await client.upload({ fileName: 'manifest.csv', body: garbage, port: PORT, contentType: 'text/csv' });
    const rejected = await until('the rejected manifest', async () => {
      const page = await api('admin', 'GET', `/manifests?port=${PORT}&limit=100`);
      return page.body.items.find((m: any) => m.status === 'rejected');
    });
    const detail = await api(`officer-${PORT.toLowerCase()}`, 'GET', `/manifests/${rejected.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.reportUrl).toMatch(/^http/);
    const report = (await (await fetch(detail.body.reportUrl)).json()) as any;
    expect(report.status).toBe('rejected');
    expect(report.issues[0].code).toBe('FILE_BINARY');
    expect(performance.now() - since).toBeLessThan(30_000);
    // Received once, handled once: no retry storm, nothing in the intake DLQ.
    expect(await queueDepth(stack.resources.queues.intake.url)).toBe(0);
    expect(await queueDepth(stack.resources.queues.intake.dlqUrl)).toBe(0);
    const flagged = await allFlagged('admin', `port=${PORT}`);
    expect(flagged.filter((f) => f.manifestId === manifestId).length).toBeGreaterThan(0);
  });

  it("an analyst's decision survives re-profiling; a poison message goes to the DLQ while its batch-mates succeed", async () => {
    const officer = `officer-${PORT.toLowerCase()}`;
    const [target] = (await allFlagged(officer, `port=${PORT}`)).filter((f) => f.manifestId === manifestId);
    const patched = await api(officer, 'PATCH', `/flagged/${encodeURIComponent(target.id)}`, {
      version: target.version,
      status: 'inspected-seizure',
      notes: 'cocaine bricks behind the reefer unit',
      seizure: { substance: 'cocaine', quantity: 212, unit: 'kg' },
    });
    expect(patched.status).toBe(200);

    // Re-profiling: every chunk of the manifest delivered again, plus one poison message.
    const chunkBodies = stack.emulators.sqsSpy
      .getAllMessages()
      .filter(
        (m: any) => m.service === 'sqs' && m.queueName.endsWith('-profiling') && m.status === 'published',
      )
      .map((m: any) => m.body as string)
      .filter((body: string) => body.includes(manifestId));
    expect(chunkBodies.length).toBeGreaterThan(0);
    const queueUrl = stack.resources.queues.profiling.url;
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"this is": "not a chunk"' }));
    for (const body of new Set(chunkBodies))
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));

    // maxReceiveCount 5 with a 1 s visibility timeout: the poison reaches the DLQ within seconds.
    await until('the poison message in the profiling DLQ', async () =>
      (await queueDepth(stack.resources.queues.profiling.dlqUrl)) === 1 ? true : undefined,
    );
    await until('the profiling queue to drain', async () =>
      (await queueDepth(queueUrl)) === 0 ? true : undefined,
    );

    const after = await api(officer, 'GET', `/flagged/${encodeURIComponent(target.id)}`);
    expect(after.body).toMatchObject({
      status: 'inspected-seizure',
      notes: [{ text: 'cocaine bricks behind the reefer unit', by: { username: officer } }],
    });
    expect(after.body.decision.seizure).toMatchObject({ substance: 'cocaine', quantity: 212 });
    const manifest = await api(officer, 'GET', `/manifests/${manifestId}`);
    expect(manifest.body.status).toBe('complete');
    const flagged = (await allFlagged('admin', `port=${PORT}`)).filter((f) => f.manifestId === manifestId);
    expect(flagged).toHaveLength(manifest.body.containersFlagged);
  });

  it('refuses cross-port access through the real HTTP path, whatever the URL says', async () => {
    const intruder = `analyst-${OTHER_PORT.toLowerCase()}`;
    const [flag] = (await allFlagged('admin', `port=${PORT}`)).filter((f) => f.manifestId === manifestId);

    expect((await api(intruder, 'GET', `/flagged?port=${PORT}`)).status).toBe(403);
    const own = await api(intruder, 'GET', '/flagged');
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([]);
    expect([403, 404]).toContain(
      (await api(intruder, 'GET', `/flagged/${encodeURIComponent(flag.id)}`)).status,
    );
    expect([403, 404]).toContain(
      (
        await api(intruder, 'PATCH', `/flagged/${encodeURIComponent(flag.id)}`, {
          version: flag.version,
          status: 'released',
        })
      ).status,
    );
    expect([403, 404]).toContain((await api(intruder, 'GET', `/manifests/${manifestId}`)).status);
    expect(
      (
        await api(intruder, 'POST', '/uploads', {
          port: PORT,
          fileName: 'x.csv',
          contentType: 'text/csv',
          contentLength: 10,
        })
      ).status,
    ).toBe(403);

    // The authorizer: no token, a forged token, an expired token.
    expect((await fetch(`${stack.apiUrl}/flagged`)).status).toBe(401);
    const token = await stack.identity.signIn(intruder);
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    forged['cognito:groups'] = ['admin'];
    const forgedToken = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    expect(
      (
        await fetch(`${stack.apiUrl}/flagged?port=${PORT}`, {
          headers: { authorization: `Bearer ${forgedToken}` },
        })
      ).status,
    ).toBe(401);
  });
});
