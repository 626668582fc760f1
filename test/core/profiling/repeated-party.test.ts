import { beforeAll, describe, expect, it } from 'vitest';
import { containerUnits } from '#core/manifest/container-units.ts';
import { type CompiledProfiles, compileProfiles, defaultProfileSet } from '#core/profiling/index.ts';
import { buildScreeningIndex } from '#core/screening/index.ts';
import { defaultWatchlistPaths, loadWatchlist } from '#core/watchlists/index.ts';
import { generateManifest } from '#generator/index.ts';
import type { ContainerAssessment } from '#schemas/assessment.ts';
import type { Manifest } from '#schemas/manifest.ts';

/**
 * An ACCU's consolidation: one listed shipper in many house air waybills. The session screens
 * the name once; every house must get the hits it gets when profiled alone.
 */
describe('a party repeated in many house AWBs', () => {
  let compiled: CompiledProfiles;
  let manifest: Manifest;
  let listedName: string;

  beforeAll(() => {
    const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
    const generated = generateManifest({
      mode: 'air',
      containers: 6,
      seed: 'repeated-party',
      reportingPort: 'UZTAS',
      plant: { count: 1, entries },
    });
    compiled = compileProfiles(defaultProfileSet(), { screening: buildScreeningIndex(entries) });
    manifest = generated.manifest;
    const planted = (generated.truth ?? []).find((t) => t.role !== 'vessel');
    listedName = planted?.plantedValue as string;
    // The listed name as shipper of every house, spelled with the case and spacing uploads show.
    manifest.billsOfLading.forEach((bl, i) => {
      if (bl.type !== 'house') return;
      const spelled = i % 2 ? listedName.toLowerCase() : `  ${listedName.replace(/ /g, '  ')} `;
      bl.shipper = { ...bl.shipper, name: spelled };
    });
  }, 120_000);

  const watchlistHits = (a: ContainerAssessment) =>
    a.hits
      .filter((h) => h.evidence.some((e) => e.watchlist))
      .map((h) => ({ ruleId: h.ruleId, evidence: h.evidence.filter((e) => e.watchlist) }));

  it('gets the same hits in one session as each unit alone', () => {
    const units = containerUnits(manifest);
    const houses = manifest.billsOfLading.filter((b) => b.type === 'house').length;
    expect(listedName).toBeTruthy();
    expect(houses).toBeGreaterThan(20);
    const session = compiled.newSession();
    const together = units.map((u) => compiled.assess(u, { reportingPort: 'UZTAS', session }));
    const alone = units.map((u) =>
      compiled.assess(structuredClone(u), { reportingPort: 'UZTAS', session: compiled.newSession() }),
    );
    expect(together.map(watchlistHits)).toEqual(alone.map(watchlistHits));
    expect(together.map((a) => a.score)).toEqual(alone.map((a) => a.score));
    // The listed shipper is found in every ULD, whatever its spelling.
    for (const a of together) expect(watchlistHits(a).length).toBeGreaterThan(0);
    expect(session.partyNamesScreened).toBeLessThan(houses + 10);
  });
});
