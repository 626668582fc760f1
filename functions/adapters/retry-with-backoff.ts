/**
 * Retries with exponential backoff and full jitter (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"): wait a random time in [0, min(maxDelay, base * 2^attempt)).
 * Single calls are retried by the SDK itself (adaptive mode, sdk-retry.ts); this loop is for
 * what the SDK does not retry: the entries a batch call reports as failed or unprocessed.
 */
export type BackoffOptions = {
  /** Attempts in total, the first one included. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected in tests so they do not wait. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
};

const THROTTLING_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'Throttling',
  'SlowDown',
  'InternalServerError',
  'ServiceUnavailable',
]);

export function isThrottlingError(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return typeof name === 'string' && THROTTLING_ERRORS.has(name);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseDelayMs ?? 50;
  const max = options.maxDelayMs ?? 5_000;
  const random = options.random ?? Math.random;
  return Math.floor(random() * Math.min(max, base * 2 ** attempt));
}

/** Runs `operation` until it succeeds, retrying only errors `isRetryable` accepts. */
export async function withBackoff<T>(
  operation: () => Promise<T>,
  options: BackoffOptions & { isRetryable?: (err: unknown) => boolean } = {},
): Promise<T> {
  const attempts = options.attempts ?? 8;
  const isRetryable = options.isRetryable ?? isThrottlingError;
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      if (attempt + 1 >= attempts || !isRetryable(err)) throw err;
      await wait(backoffDelay(attempt, options));
    }
  }
}

/** Runs `task` over `items` with at most `limit` in flight; rejects on the first failure. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
