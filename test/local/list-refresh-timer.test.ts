import { afterEach, describe, expect, it, vi } from 'vitest';
import { startListRefreshTimer } from '../../local/list-refresh-timer.ts';

afterEach(() => vi.useRealTimers());

describe('the local list refresh timer', () => {
  it('runs at once, then every interval, never two runs at a time, and stop waits for the run under way', async () => {
    vi.useFakeTimers();
    let started = 0;
    let finish: (() => void) | undefined;
    const results: number[] = [];
    const timer = startListRefreshTimer({
      everyMs: 60_000,
      run: () =>
        new Promise<number>((resolve) => {
          const n = ++started;
          finish = () => resolve(n);
        }),
      onResult: (n) => results.push(n),
      onError: () => {},
    });
    expect(started).toBe(1);
    await vi.advanceTimersByTimeAsync(120_000); // the first run is still going: no second one
    expect(started).toBe(1);
    finish?.();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(started).toBe(2);
    expect(results).toEqual([1]);
    let stopped = false;
    const stopping = timer.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish?.();
    await stopping;
    expect(results).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(started).toBe(2);
  });

  it('reports a failed run and keeps the schedule', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let runs = 0;
    const timer = startListRefreshTimer({
      everyMs: 1_000,
      run: async () => {
        runs++;
        throw new Error('no answer');
      },
      onResult: () => {},
      onError: (err) => errors.push(err),
    });
    await vi.advanceTimersByTimeAsync(2_500);
    await timer.stop();
    expect(runs).toBe(3);
    expect(errors).toHaveLength(3);
  });
});
