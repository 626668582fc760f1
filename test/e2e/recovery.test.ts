/**
 * Recovery end to end on the local stack (real handlers, fauxqs with its DLQ redrive,
 * dynalite, s3rver, the HTTP API): chunks that fail until the DLQ stall their manifest with
 * the reason; once the cause is fixed an admin resumes it through the API and it completes;
 * names that SQS refuses as raw text travel through the profiling queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestSummary } from '#schemas/api.ts';
import { demoApiClient } from '../../local/demo-api-client.ts';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { sampleManifest } from '../functions/pipeline-fixtures.ts';
import { type StackApi, stackApi, until } from './stack-api.ts';

const PORT = 'NLRTM';
let stack: LocalStack;
let http: StackApi;

async function manifestWhere(predicate: (m: ManifestSummary) => boolean): Promise<ManifestSummary> {
  return until(
    'the manifest',
    async () => {
      const page = await http.api<{ items: ManifestSummary[] }>(
        'admin',
        'GET',
        `/manifests?port=${PORT}&limit=100`,
      );
      return page.body.items.find(predicate);
    },
    45_000,
    250,
  );
}

async function flagsOf(manifestId: string): Promise<string[]> {
  const flags = await http.allFlagged('admin', `port=${PORT}`, 100);
  return flags.filter((f) => f.manifestId === manifestId).map((f) => f.id);
}

async function uploadJson(fileName: string, manifest: unknown) {
  await demoApiClient(stack).upload({
    fileName,
    body: Buffer.from(JSON.stringify(manifest)),
    port: PORT,
    contentType: 'application/json',
  });
}

beforeAll(async () => {
  // Small chunks (several per manifest) and a 1 s visibility timeout: the DLQ is reached in seconds.
  process.env.CHUNK_SIZE = '10';
  stack = await startLocalStack({ port: 0, logLevel: 'SILENT', visibilityTimeoutSeconds: { profiling: 1 } });
  http = stackApi(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  delete process.env.CHUNK_SIZE;
});

describe('recovery on the local stack', () => {
  it('chunks that end in the DLQ stall the manifest with the reason; after the fix, resume completes it', async () => {
    // No configuration published yet: every chunk fails until its DLQ.
    const manifest = sampleManifest(35, { seed: 51 });
    const bl = manifest.billsOfLading[3];
    if (bl) bl.consignee = { name: 'ORIENT SHIPPING LTD', address: 'Wan Chai, Hong Kong', country: 'HK' }; // OFAC SDN
    await uploadJson('voyage-51W.json', manifest);
    const stalled = await manifestWhere((m) => m.status === 'stalled' && m.chunksFailed === 4);
    expect(stalled).toMatchObject({ chunkCount: 4, chunksDone: 0 });
    expect(stalled.stalledReason).toMatch(/failed 5 times and went to the profiling dead-letter queue/);

    // The cause fixed (the configuration published), an admin resumes; an analyst may not.
    await stack.publish();
    expect((await http.api('analyst-nlrtm', 'POST', `/manifests/${stalled.id}/resume`)).status).toBe(403);
    const resumed = await http.api('admin', 'POST', `/manifests/${stalled.id}/resume`);
    expect(resumed).toMatchObject({ status: 202, body: { outcome: 'requeued', chunksToRequeue: 4 } });
    const complete = await manifestWhere((m) => m.id === stalled.id && m.status === 'complete');
    expect(complete).toMatchObject({ chunksDone: 4, chunksFailed: 0, containersProfiled: 35 });
    const flags = await flagsOf(stalled.id);
    expect(new Set(flags).size).toBe(flags.length);
    expect(complete.containersFlagged).toBe(flags.length);
    expect(flags.length).toBeGreaterThan(0);
  }, 90_000);

  it('names with U+FFFE, U+FFFF, emoji and CJK Extension-B go through the profiling queue and the manifest completes', async () => {
    const manifest = sampleManifest(12, { seed: 52 });
    const names = [
      'ACME\ufffe TRADING',
      'NORTH\uffff STAR SHIPPING',
      'FRUTAS 🍌 DEL PACIFICO S.A.',
      '𠜎𠱓 HOLDINGS LTD',
    ];
    manifest.billsOfLading.forEach((bl, i) => {
      const name = names[i % names.length] as string;
      if (i % 2 === 0) bl.shipper = { ...bl.shipper, name };
      else bl.consignee = { ...bl.consignee, name };
    });
    const deadLettered = () =>
      stack.emulators.sqsSpy.getAllMessages().filter((m: any) => m.status === 'dlq').length;
    const dlqBefore = deadLettered();
    await uploadJson('voyage-52W.json', manifest);
    const done = await manifestWhere(
      (m) => m.voyageNumber === '52W' && (m.status === 'complete' || m.status === 'stalled'),
    );
    expect(done).toMatchObject({ status: 'complete', containersProfiled: 12, chunksFailed: 0 });
    expect(deadLettered()).toBe(dlqBefore);
  }, 60_000);
});
