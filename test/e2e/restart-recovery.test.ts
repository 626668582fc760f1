/**
 * The kill test, small: `npm start` with a data directory, a 2,000-container manifest
 * uploaded, the stack's process group SIGKILLed while it profiles, restarted with the same data
 * directory: the manifest completes with exactly the flags `pcu profile --json` gives, each
 * once and counted once. The 20,000-container run with several kill points is
 * `npm run bench -- recovery`.
 */
import { describe, expect, it } from 'vitest';
import { recoveryRun } from '../../bench/recovery-harness.ts';

describe('local stack restart', () => {
  it('in-flight work survives a SIGKILL of the whole stack: the manifest completes with the flags of pcu profile', async () => {
    const result = await recoveryRun({
      containers: 2_000,
      killAt: [0.3],
      seed: 'restart-test',
      timeoutMs: 90_000,
      // 20 chunks at 250 ms each on 2 pollers: about 2.5 s of profiling, so the kill at 30%
      // comes while chunks are still to do, on a fast machine too.
      profileDelayMs: 250,
    });
    const summary = JSON.stringify({
      ...result,
      missing: result.missing.slice(0, 5),
      unexpected: result.unexpected.slice(0, 5),
    });
    expect(result.kills[0]?.status, summary).not.toBe('complete'); // it was really interrupted
    expect(result.status, summary).toBe('complete');
    expect(result.missing, summary).toEqual([]);
    expect(result.unexpected, summary).toEqual([]);
    expect(result.duplicateFlags, summary).toBe(0);
    expect(result.containersFlagged, summary).toBe(result.flags);
    expect(result.flags, summary).toBe(result.expectedFlags);
  }, 240_000);
});
