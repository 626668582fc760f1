import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ChunkContext } from './pipeline-resources.ts';
import { chunkContextOf } from './profiling-queue.ts';
import { withBackoff } from './retry-with-backoff.ts';

/**
 * A look into the profiling dead-letter queue, without taking anything out: the stall
 * detector reads which chunks of which manifests are there (for a chunk that died without its
 * handler seeing the last attempt: a timeout, an out-of-memory crash). Messages stay in the
 * DLQ for operators; a read hides them for `hideSeconds`, then they are visible again.
 */
export type DeadChunk = { context: ChunkContext; sentAt: string };

export interface DeadLetters {
  /** Chunk messages in the DLQ (up to `max`); poison messages that are no chunk are skipped. */
  peekChunks(max?: number): Promise<DeadChunk[]>;
}

export function createDeadLetters(options: {
  sqs: SQSClient;
  queueUrl: string;
  hideSeconds?: number;
}): DeadLetters {
  return {
    async peekChunks(max = 1_000) {
      const found: DeadChunk[] = [];
      const seen = new Set<string>();
      while (found.length < max) {
        const received = await withBackoff(() =>
          options.sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: options.queueUrl,
              MaxNumberOfMessages: 10,
              WaitTimeSeconds: 0,
              VisibilityTimeout: options.hideSeconds ?? 60,
              MessageSystemAttributeNames: ['SentTimestamp'],
            }),
          ),
        );
        const messages = received.Messages ?? [];
        if (messages.length === 0) break;
        let fresh = 0;
        for (const message of messages) {
          if (seen.has(message.MessageId as string)) continue;
          seen.add(message.MessageId as string);
          fresh++;
          const context = chunkContextOf(message.Body ?? '');
          const sent = Number(message.Attributes?.SentTimestamp ?? 0);
          if (context) found.push({ context, sentAt: new Date(sent).toISOString() });
        }
        if (fresh === 0) break;
      }
      return found;
    },
  };
}
