/**
 * Plays the Lambda SQS event source mapping: long-polls a queue, hands batches to a handler
 * as SQS events, deletes what succeeded, and leaves failed messages to reappear after the
 * visibility timeout; the queue's redrive policy moves them to the DLQ after maxReceiveCount.
 * Partial batch responses (`batchItemFailures`) are honoured as Lambda honours them.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface EventSourceMappingOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  functionName: string;
  handler: SqsHandler;
  batchSize: number;
  visibilityTimeoutSeconds: number;
  /** Concurrent pollers (Lambda scales pollers out; locally a few keep both cores busy). */
  concurrency?: number;
  region: string;
  onError?: (err: unknown) => void;
}

export interface EventSourceMapping {
  /**
   * Stops polling and waits for the batches in flight, at most `graceMs` (default 2 s): a
   * batch still running then is left to its visibility timeout, as when a Lambda is killed.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Batches handled so far (for tests and the banner). */
  readonly invocations: number;
}

export function startEventSourceMapping(options: EventSourceMappingOptions): EventSourceMapping {
  let running = true;
  let invocations = 0;
  const abort = new AbortController();

  async function poll(): Promise<void> {
    while (running) {
      let messages: Message[] = [];
      try {
        const received = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: options.batchSize,
            WaitTimeSeconds: 1,
            VisibilityTimeout: options.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (err) {
        if (!running) return;
        options.onError?.(err);
        await sleep(200);
        continue;
      }
      if (!running) return; // received while stopping: left to reappear after the visibility timeout
      if (messages.length === 0) continue;
      invocations++;
      const failed = await invoke(messages);
      const succeeded = messages.filter((m) => !failed.has(m.MessageId as string));
      if (succeeded.length > 0) {
        await options.sqs
          .send(
            new DeleteMessageBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: succeeded.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
            }),
          )
          .catch((err) => {
            if (running) options.onError?.(err);
          });
      }
    }
  }

  /** Returns the ids of the messages that failed. */
  async function invoke(messages: Message[]): Promise<Set<string>> {
    const event: SQSEvent = { Records: messages.map((m) => toRecord(m, options)) };
    try {
      const response = await options.handler(event, lambdaContext(options.functionName, options.region));
      return new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (err) {
      // A handler that throws fails the whole batch, as on Lambda.
      if (running) options.onError?.(err);
      return new Set(messages.map((m) => m.MessageId as string));
    }
  }

  const pollers = Array.from({ length: options.concurrency ?? 1 }, () => poll());
  return {
    get invocations() {
      return invocations;
    },
    async stop({ graceMs = 2_000 } = {}) {
      running = false;
      abort.abort();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.allSettled(pollers), grace]);
      clearTimeout(timer);
    },
  };
}

function toRecord(message: Message, options: EventSourceMappingOptions): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn,
    awsRegion: options.region,
  };
}

function lambdaContext(functionName: string, region: string): Context {
  const deadline = Date.now() + 15 * 60_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
