import { describe, expect, it } from 'vitest';
import { containerUnits } from '#core/manifest/container-units.ts';
import { defaultProfileSet } from '#core/profiling/index.ts';
import {
  buildSnapshot,
  loadSnapshot,
  readSnapshotHeader,
  SnapshotFormatError,
} from '#core/snapshot/config-snapshot.ts';
import { Manifest } from '#schemas/manifest.ts';
import { PLANTED_CONTAINER, sampleManifest, TEST_WATCHLIST } from '../../functions/pipeline-fixtures.ts';

describe('config snapshot', () => {
  it('has a content-derived version: same config, same version; a rule change, a new version', () => {
    const builtAt = new Date('2026-11-28T00:00:00Z');
    const a = buildSnapshot({ entries: TEST_WATCHLIST, profileSet: defaultProfileSet(), builtAt });
    const b = buildSnapshot({
      entries: TEST_WATCHLIST,
      profileSet: defaultProfileSet(),
      builtAt: new Date(),
    });
    const changed = buildSnapshot({
      entries: TEST_WATCHLIST,
      profileSet: { ...defaultProfileSet(), defaultThreshold: 40 },
      builtAt,
    });
    const fewerEntries = buildSnapshot({
      entries: TEST_WATCHLIST.slice(0, 1),
      profileSet: defaultProfileSet(),
      builtAt,
    });
    expect(a.version).toMatch(/^[0-9a-f]{16}$/);
    expect(b.version).toBe(a.version);
    expect(changed.version).not.toBe(a.version);
    expect(fewerEntries.version).not.toBe(a.version);
    expect(readSnapshotHeader(a.body)).toMatchObject({
      version: a.version,
      profileVersion: defaultProfileSet().version,
      watchlists: [{ list: 'PCU-NLRTM', entries: 2 }],
    });
  });

  it('loads into a scorer that flags the watchlisted consignee and container, and nothing else here', () => {
    const { body } = buildSnapshot({ entries: TEST_WATCHLIST, profileSet: defaultProfileSet() });
    const snapshot = loadSnapshot(body);
    const manifest = Manifest.parse(sampleManifest(6, { seed: 5 }));
    const session = snapshot.newSession();
    const assessments = containerUnits(manifest).map((u) => snapshot.assess(u, { session }));
    const flagged = assessments.filter((a) => a.flagged && !a.randomlySelected);
    expect(flagged.map((a) => a.containerNumber).sort()).toEqual(
      [manifest.containers[0]?.number, PLANTED_CONTAINER].sort(),
    );
    // Whichever watchlist-party rule of the default profiles fires, its evidence names the entry.
    const consignee = flagged.find((a) => a.containerNumber === manifest.containers[0]?.number);
    const watchlistEvidence = consignee?.hits.flatMap((h) => h.evidence).find((e) => e.watchlist);
    expect(consignee?.lane).toBe('red');
    expect(watchlistEvidence?.watchlist).toMatchObject({ entityId: 'PCU-1', role: 'consignee' });
  });

  it('refuses a file that is not a snapshot, saying so', () => {
    expect(() => loadSnapshot('{"version":"x"}\n{}')).toThrow(SnapshotFormatError);
    expect(() => loadSnapshot('hello')).toThrow(/not a PCU config snapshot/);
  });
});
