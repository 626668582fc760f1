import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { type ChunkContext, decodeS3EventKey } from './pipeline-resources.ts';
import { chunkContextOf } from './profiling-queue.ts';

/**
 * A look into a dead-letter queue, without taking anything out: the stall detector reads
 * which chunks of which manifests are in the profiling DLQ (a chunk that died without its
 * handler seeing the last attempt: a timeout, an out-of-memory crash), and which uploads are
 * in the intake DLQ. Messages stay in the DLQ for operators; a read hides them for
 * `hideSeconds`, then they are visible again.
 */
export type DeadChunk = { context: ChunkContext; sentAt: string };

/** An uploaded object whose S3 notification is in the intake DLQ (the key decoded). */
export type DeadUpload = { key: string; size?: number; eTag?: string; sequencer?: string; sentAt: string };

export interface DeadLetters {
  /** Chunk messages in the DLQ (up to `max`); poison messages that are no chunk are skipped. */
  peekChunks(max?: number): Promise<DeadChunk[]>;
  /**
   * Uploads in the intake DLQ (up to `max`), one per object-created record of its S3
   * notifications; resume requests and anything else are skipped (their manifest has a record).
   */
  peekUploads(max?: number): Promise<DeadUpload[]>;
}

export function createDeadLetters(options: {
  sqs: SQSClient;
  queueUrl: string;
  hideSeconds?: number;
}): DeadLetters {
  /** Every message in view, each once (a read can return one again once it is visible). */
  async function peek<T>(max: number, read: (message: Message, sentAt: string) => T[]): Promise<T[]> {
    const found: T[] = [];
    const seen = new Set<string>();
    while (found.length < max) {
      const received = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: options.hideSeconds ?? 60,
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      );
      const messages = received.Messages ?? [];
      if (messages.length === 0) break;
      let fresh = 0;
      for (const message of messages) {
        if (seen.has(message.MessageId as string)) continue;
        seen.add(message.MessageId as string);
        fresh++;
        const sent = Number(message.Attributes?.SentTimestamp ?? 0);
        found.push(...read(message, new Date(sent).toISOString()));
      }
      if (fresh === 0) break;
    }
    return found.slice(0, max);
  }

  return {
    peekChunks(max = 1_000) {
      return peek(max, (message, sentAt) => {
        const context = chunkContextOf(message.Body ?? '');
        return context ? [{ context, sentAt }] : [];
      });
    },
    peekUploads(max = 1_000) {
      return peek(max, (message, sentAt) => uploadsOf(message.Body ?? '', sentAt));
    },
  };
}

function uploadsOf(body: string, sentAt: string): DeadUpload[] {
  let event: Partial<S3Event>;
  try {
    event = JSON.parse(body);
  } catch {
    return [];
  }
  const uploads: DeadUpload[] = [];
  for (const record of Array.isArray(event?.Records) ? event.Records : []) {
    const object = record?.s3?.object;
    if (!record?.eventName?.startsWith('ObjectCreated') || typeof object?.key !== 'string') continue;
    let key: string;
    try {
      key = decodeS3EventKey(object.key);
    } catch {
      continue; // not a key S3 would write
    }
    uploads.push({
      key,
      ...(typeof object.size === 'number' && { size: object.size }),
      ...(typeof object.eTag === 'string' && { eTag: object.eTag }),
      ...(typeof object.sequencer === 'string' && { sequencer: object.sequencer }),
      sentAt,
    });
  }
  return uploads;
}
