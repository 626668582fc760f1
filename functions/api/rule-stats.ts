import type { StatsResponse } from '#schemas/api.ts';
import { isInspected } from './access.ts';
import { portDayOf } from './port-days.ts';

/**
 * Outcome statistics from flagged items (pure): how many were inspected, how many seizures,
 * and per rule the hit rate = seizures / inspections among the flags where the rule fired.
 * A rule that fires often and never finds anything is the one to tune. Flags over time are
 * counted per day in `timeZone` (the port's: its officers' days, not UTC's).
 */
type FlagOutcome = { status?: unknown; flaggedAt?: unknown; assessment?: { hits?: unknown } };

export function ruleStatistics(flags: Iterable<FlagOutcome>, timeZone: string) {
  const dayOf = portDayOf(timeZone);
  const byStatus: Record<string, number> = {};
  const rules = new Map<
    string,
    { description?: string; fired: number; inspected: number; seizures: number }
  >();
  const byDay: Record<string, number> = {};
  let flagged = 0;
  let inspected = 0;
  let seizures = 0;
  for (const flag of flags) {
    flagged++;
    const status = typeof flag.status === 'string' ? flag.status : 'open';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const day = typeof flag.flaggedAt === 'string' ? dayOf(flag.flaggedAt) : undefined;
    if (day !== undefined) byDay[day] = (byDay[day] ?? 0) + 1;
    const wasInspected = isInspected(status);
    const seized = status === 'inspected-seizure';
    if (wasInspected) inspected++;
    if (seized) seizures++;
    const hits = Array.isArray(flag.assessment?.hits)
      ? (flag.assessment.hits as Record<string, unknown>[])
      : [];
    const seen = new Set<string>();
    for (const hit of hits) {
      const ruleId = typeof hit.ruleId === 'string' ? hit.ruleId : undefined;
      if (!ruleId || seen.has(ruleId)) continue;
      seen.add(ruleId);
      const rule = rules.get(ruleId) ?? { fired: 0, inspected: 0, seizures: 0 };
      if (rule.description === undefined && typeof hit.description === 'string')
        rule.description = hit.description;
      rule.fired++;
      if (wasInspected) rule.inspected++;
      if (seized) rule.seizures++;
      rules.set(ruleId, rule);
    }
  }
  const ruleRows: StatsResponse['rules'] = [...rules.entries()]
    .map(([ruleId, r]) => ({
      ruleId,
      ...(r.description !== undefined && { description: r.description }),
      fired: r.fired,
      inspected: r.inspected,
      seizures: r.seizures,
      hitRate: r.inspected ? r.seizures / r.inspected : null,
    }))
    .sort((a, b) => b.fired - a.fired || a.ruleId.localeCompare(b.ruleId));
  return {
    flagged,
    byStatus,
    timeZone,
    flaggedByDay: Object.fromEntries(Object.entries(byDay).sort(([a], [b]) => a.localeCompare(b))),
    inspected,
    seizures,
    hitRate: inspected ? seizures / inspected : null,
    rules: ruleRows,
  };
}
