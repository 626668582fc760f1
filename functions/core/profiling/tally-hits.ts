import type { RuleHit } from '#schemas/assessment.ts';
import type { Lane } from '#schemas/risk-profile.ts';
import { LANE_SEVERITY } from '#schemas/risk-profile-constants.ts';

/**
 * Score (sum of weights), lane (the most severe) and whether flagged (red or yellow, or a
 * score at or above the threshold), from the hits that count; sorts `hits` most severe first
 * with cleared hits (functions/core/clearances) last.
 */
export function tallyHits(
  hits: RuleHit[],
  threshold: number,
): { score: number; lane: Lane; flagged: boolean } {
  let score = 0;
  let lane: Lane = 'green';
  let counting = 0;
  for (const h of hits) {
    if (h.cleared) continue;
    counting++;
    score += h.weight;
    if (h.lane && LANE_SEVERITY[h.lane] > LANE_SEVERITY[lane]) lane = h.lane;
  }
  hits.sort(
    (a, b) =>
      Number(a.cleared !== undefined) - Number(b.cleared !== undefined) ||
      LANE_SEVERITY[b.lane ?? 'green'] - LANE_SEVERITY[a.lane ?? 'green'] ||
      b.weight - a.weight,
  );
  const flagged = lane === 'red' || lane === 'yellow' || (counting > 0 && score >= threshold);
  return { score, lane, flagged };
}
