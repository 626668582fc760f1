import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ContainerUnit, Voyage } from '#schemas/manifest.ts';
import type { ManifestStore } from './manifest-store.ts';
import { type ChunkContext, INLINE_CHUNK_MAX_BYTES, SQS_LIMITS } from './pipeline-resources.ts';
import { withBackoff } from './retry-with-backoff.ts';

/**
 * The profiling queue: chunks of a manifest's containers, each one SQS message. The voyage
 * is sent once per chunk instead of once per container. A chunk whose JSON would exceed
 * INLINE_CHUNK_MAX_BYTES is written to S3 and the message carries its key (the "claim
 * check" pattern), so no chunk is ever refused for size. Bodies are ASCII-only JSON (every
 * other character as a `\uXXXX` escape, see `asciiJson`), so no chunk is refused for its
 * characters either: SQS refuses U+FFFE, U+FFFF, lone surrogates and most control characters
 * (and the local emulator anything beyond the Basic Multilingual Plane), and a manifest may
 * hold any of them.
 */
export type ProfilingChunk = {
  context: ChunkContext;
  voyage: Voyage;
  units: Array<Omit<ContainerUnit, 'voyage'>>;
};

type ChunkMessage = { v: 1; chunk: ProfilingChunk } | { v: 1; context: ChunkContext; chunkKey: string };

export interface ProfilingQueue {
  sendChunks(chunks: readonly ProfilingChunk[]): Promise<{ inline: number; viaS3: number }>;
}

export class ChunkSendError extends Error {
  constructor(
    message: string,
    readonly failedChunks: number[],
  ) {
    super(message);
    this.name = 'ChunkSendError';
  }
}

export function createProfilingQueue(options: {
  sqs: SQSClient;
  queueUrl: string;
  manifestStore: ManifestStore;
  inlineMaxBytes?: number;
  sleep?: (ms: number) => Promise<void>;
}): ProfilingQueue {
  const { sqs, queueUrl, manifestStore } = options;
  const inlineMax = options.inlineMaxBytes ?? INLINE_CHUNK_MAX_BYTES;
  return {
    async sendChunks(chunks) {
      const entries: Array<{ entry: SendMessageBatchRequestEntry; bytes: number }> = [];
      let viaS3 = 0;
      for (const chunk of chunks) {
        let body = asciiJson({ v: 1, chunk } satisfies ChunkMessage);
        if (Buffer.byteLength(body) > inlineMax) {
          const key = await manifestStore.putChunk(
            chunk.context.manifestId,
            chunk.context.chunkIndex,
            asciiJson(chunk),
          );
          body = asciiJson({ v: 1, context: chunk.context, chunkKey: key } satisfies ChunkMessage);
          viaS3++;
        }
        entries.push({
          entry: { Id: `chunk-${chunk.context.chunkIndex}`, MessageBody: body },
          bytes: Buffer.byteLength(body),
        });
      }
      for (const batch of packBatches(entries)) await sendBatch(batch);
      return { inline: chunks.length - viaS3, viaS3 };
    },
  };

  async function sendBatch(batch: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = batch;
    await withBackoff(
      async () => {
        const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
        const failed = result.Failed ?? [];
        if (failed.length === 0) return;
        const permanent = failed.filter((f) => f.SenderFault);
        if (permanent.length > 0) {
          throw new ChunkSendError(
            `the profiling queue refused ${permanent.length} chunk(s): ${permanent.map((f) => `${f.Id} ${f.Code}`).join(', ')}`,
            permanent.map((f) => Number(String(f.Id).replace('chunk-', ''))),
          );
        }
        const failedIds = new Set(failed.map((f) => f.Id));
        pending = pending.filter((e) => failedIds.has(e.Id));
        throw Object.assign(new Error(`${pending.length} chunk(s) not sent yet`), {
          name: 'PartialBatchFailure',
        });
      },
      {
        isRetryable: (err) => (err as Error).name === 'PartialBatchFailure' || isRetryableSqs(err),
        sleep: options.sleep,
      },
    );
  }
}

function isRetryableSqs(err: unknown): boolean {
  const e = err as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  return (
    Boolean(e.$retryable) || (e.$metadata?.httpStatusCode ?? 0) >= 500 || e.name === 'ThrottlingException'
  );
}

/**
 * JSON with every character outside printable ASCII written as a `\uXXXX` escape. JSON.parse
 * gives back exactly the original text (astral characters travel as their surrogate pair,
 * lone surrogates as escapes), and every SQS implementation accepts the body.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, escapeChar);
}

const NON_ASCII = /[\u007f-\uffff]/g;

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Groups entries into SendMessageBatch calls: at most 10 entries and 256 KiB per call. */
export function packBatches<E>(entries: Array<{ entry: E; bytes: number }>): E[][] {
  const batches: E[][] = [];
  let current: E[] = [];
  let currentBytes = 0;
  for (const { entry, bytes } of entries) {
    if (current.length === SQS_LIMITS.maxBatchEntries || currentBytes + bytes > SQS_LIMITS.maxPayloadBytes) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Turns a profiling message body back into its chunk, fetching it from S3 when it was offloaded. */
export async function resolveChunkMessage(
  body: string,
  manifestStore: ManifestStore,
): Promise<ProfilingChunk> {
  const message = JSON.parse(body) as Partial<ChunkMessage> & { chunk?: ProfilingChunk; chunkKey?: string };
  if (message.v !== 1) throw new Error('the profiling message has an unknown format version');
  if (message.chunk) return message.chunk;
  if (typeof message.chunkKey === 'string') return JSON.parse(await manifestStore.getChunk(message.chunkKey));
  throw new Error('the profiling message carries neither a chunk nor a chunk key');
}

/**
 * The chunk context of a profiling message (inline or offloaded to S3) without resolving it,
 * or undefined for a body that is not a chunk message (a poison message).
 */
export function chunkContextOf(body: string): ChunkContext | undefined {
  try {
    const message = JSON.parse(body) as { context?: unknown; chunk?: { context?: unknown } };
    const context = (message.context ?? message.chunk?.context) as ChunkContext | undefined;
    return typeof context?.manifestId === 'string' &&
      Number.isInteger(context.chunkIndex) &&
      Number.isInteger(context.chunkCount)
      ? context
      : undefined;
  } catch {
    return undefined;
  }
}

/** Splits containers into chunks of `size`, chunk indexes from 0. */
export function splitIntoChunks(
  manifestId: string,
  port: string,
  units: readonly ContainerUnit[],
  size: number,
): ProfilingChunk[] {
  const chunkCount = Math.ceil(units.length / size);
  const chunks: ProfilingChunk[] = [];
  for (let i = 0; i < chunkCount; i++) {
    const slice = units.slice(i * size, (i + 1) * size);
    const voyage = slice[0]?.voyage as Voyage;
    chunks.push({
      context: { manifestId, port, chunkIndex: i, chunkCount },
      voyage,
      units: slice.map(({ container, billsOfLading }) => ({ container, billsOfLading })),
    });
  }
  return chunks;
}
