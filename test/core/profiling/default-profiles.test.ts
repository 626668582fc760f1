import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileProfiles,
  defaultProfileSet,
  type ProfiledManifest,
  profileManifest,
} from '#core/profiling/index.ts';
import { buildScreeningIndex } from '#core/screening/index.ts';
import { defaultWatchlistPaths, loadWatchlist } from '#core/watchlists/index.ts';
import type { PlantedTruth } from '#generator/index.ts';
import { generateManifest } from '#generator/index.ts';

/**
 * The bundled profiles and lists on a realistic generated manifest: a few percent flagged,
 * and the planted OFAC/UN entries found with their evidence.
 */
describe('default profiles + OFAC/UN lists on a generated manifest', () => {
  let result: ProfiledManifest;
  let truth: PlantedTruth[];
  let again: () => ProfiledManifest;

  beforeAll(() => {
    const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
    const generated = generateManifest({
      containers: 3000,
      seed: 'profiling-defaults',
      plant: { count: 12, entries },
    });
    truth = generated.truth ?? [];
    const compiled = compileProfiles(defaultProfileSet(), { screening: buildScreeningIndex(entries) });
    result = profileManifest(generated.manifest, compiled);
    again = () => profileManifest(structuredClone(generated.manifest), compiled);
  }, 120_000);

  it('flags only a small share, red well under 2%', () => {
    const { containers, flagged, flaggedByLane, randomlySelected } = result.summary;
    expect(containers).toBe(3000);
    expect(flagged / containers).toBeGreaterThan(0.01);
    expect(flagged / containers).toBeLessThan(0.1);
    expect(flaggedByLane.red).toBeGreaterThan(0);
    // the planted entries sit on many containers of this small manifest: count red elsewhere
    const planted = new Set(truth.flatMap((t) => t.containers));
    const redElsewhere = result.assessments.filter(
      (a) => a.lane === 'red' && !planted.has(a.containerNumber),
    );
    expect(redElsewhere.length / containers).toBeLessThan(0.02);
    // random selection at 0.5%: 15 expected on 3,000 (binomial sd ~3.9); within 3 sd whatever
    // the profile version the draw is seeded with
    expect(randomlySelected).toBeGreaterThanOrEqual(4);
    expect(randomlySelected).toBeLessThanOrEqual(27);
  });

  it('finds every planted party spelt close to its listed name, with entry id, list and alias', () => {
    const byNumber = new Map(result.assessments.map((a) => [a.containerNumber, a]));
    const close = truth.filter((t) =>
      ['exact', 'case-and-punctuation', 'reordered', 'alias'].includes(t.variant),
    );
    expect(close.length).toBeGreaterThan(0);
    for (const t of close) {
      if (t.role === 'vessel') continue;
      const evidence = t.containers
        .flatMap((n) => byNumber.get(n)?.hits ?? [])
        .flatMap((h) => h.evidence)
        .find((e) => e.watchlist?.entityId === t.entryId || e.watchlist?.name === t.entryName);
      expect(evidence, `${t.role} ${t.variant} ${t.entryId}`).toBeDefined();
      expect(evidence?.watchlist?.score).toBeGreaterThanOrEqual(0.8);
      expect(t.containers.some((n) => byNumber.get(n)?.flagged)).toBe(true);
    }
  });

  it('is deterministic: profiling the same manifest again gives the same assessments', () => {
    expect(again().assessments).toEqual(result.assessments);
  });
});
