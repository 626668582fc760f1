/**
 * The one retry layer for single calls: the SDK's adaptive mode, exponential backoff with
 * jitter plus a client-side rate limiter that slows the client down while the service
 * throttles. Eight attempts ride out a burst of DynamoDB throttling inside one invocation.
 * Only per-entry batch failures (BatchWriteItem's UnprocessedItems, BatchGetItem's
 * UnprocessedKeys, SendMessageBatch's failed entries), which the SDK does not retry, have a
 * loop of their own (retry-with-backoff.ts).
 */
export const SINGLE_CALL_RETRY = { retryMode: 'adaptive', maxAttempts: 8 } as const;
