import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProfileSet } from '../../functions/core/profiling/index.ts';
import { readSnapshotHeader } from '../../functions/core/snapshot/config-snapshot.ts';
import { OFAC_LIST_NAME, UN_LIST_NAME } from '../../functions/core/watchlists/index.ts';
import { buildDefaultSnapshot } from '../../infra/default-snapshot.ts';

describe('buildDefaultSnapshot (synth time)', () => {
  it('compiles both bundled watchlists and the default profiles, and reuses an unchanged build', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'pcu-default-snapshot-'));
    const first = buildDefaultSnapshot(outDir);
    const header = readSnapshotHeader(readFileSync(first.file, 'utf8'));
    expect(header.version).toBe(first.version);
    expect(header.profileVersion).toBe(defaultProfileSet().version);
    const lists = Object.fromEntries(header.watchlists.map((w) => [w.list, w.entries]));
    expect(lists[OFAC_LIST_NAME]).toBeGreaterThan(10_000);
    expect(lists[UN_LIST_NAME]).toBeGreaterThan(500);

    // Same defaults -> same version -> the file is not rewritten, so the installer's asset
    // hash (and the deployed stack) do not change between synths.
    writeFileSync(first.file, 'left alone');
    const second = buildDefaultSnapshot(outDir);
    expect(second).toEqual(first);
    expect(readFileSync(second.file, 'utf8')).toBe('left alone');
  });
});
