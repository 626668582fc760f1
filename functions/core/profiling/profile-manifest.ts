import { applyClearances, type ClearanceIndex } from '#core/clearances/suppression.ts';
import { containerUnits } from '#core/manifest/container-units.ts';
import type { ContainerAssessment, ProfilingSummary } from '#schemas/assessment.ts';
import type { Manifest } from '#schemas/manifest.ts';
import type { CompiledProfiles } from './compile-profiles.ts';
import { masterEquipmentIndex } from './modal-indicators.ts';

export interface ProfileManifestOptions {
  /** The PCU's port; default the manifest's reporting port. */
  reportingPort?: string;
  /** Date rule validity is checked against (YYYY-MM-DD); default the voyage ETA, else today. */
  asOf?: string;
  /** The port's clearances in force: a cleared party's watchlist hit does not alert. */
  clearances?: ClearanceIndex;
}

export interface ProfiledManifest {
  /** One per declared container, in manifest order, then one per B/L that declares no container. */
  assessments: ContainerAssessment[];
  summary: ProfilingSummary;
}

/**
 * Scores every container of a manifest, and every B/L that declares none, with one screening
 * session (each party screened once).
 */
export function profileManifest(
  manifest: Manifest,
  compiled: CompiledProfiles,
  opts: ProfileManifestOptions = {},
): ProfiledManifest {
  const reportingPort = opts.reportingPort ?? manifest.voyage.reportingPort;
  const asOf = opts.asOf ?? manifest.voyage.eta?.slice(0, 10) ?? new Date().toISOString().slice(0, 10);
  const session = compiled.newSession();
  session.masterEquipment = masterEquipmentIndex(manifest);
  const clearances = opts.clearances;
  const assessments = containerUnits(manifest).map((unit) => {
    const assessment = compiled.assess(unit, { reportingPort, asOf, session });
    return clearances ? applyClearances(assessment, clearances) : assessment;
  });

  const byLane = { red: 0, yellow: 0, blue: 0, green: 0 };
  const flaggedByLane = { red: 0, yellow: 0, blue: 0, green: 0 };
  const hitsByRule: Record<string, number> = {};
  let flagged = 0;
  let randomlySelected = 0;
  let withoutContainer = 0;
  for (const a of assessments) {
    if (a.noContainerDeclared) withoutContainer++;
    byLane[a.lane]++;
    if (a.flagged) {
      flagged++;
      flaggedByLane[a.lane]++;
    }
    if (a.randomlySelected) randomlySelected++;
    for (const h of a.hits) hitsByRule[h.ruleId] = (hitsByRule[h.ruleId] ?? 0) + 1;
  }
  return {
    assessments,
    summary: {
      profileVersion: compiled.version,
      reportingPort,
      containers: assessments.length,
      containersDeclared: manifest.containers.length,
      billsOfLadingWithoutContainer: withoutContainer,
      flagged,
      byLane,
      flaggedByLane,
      randomlySelected,
      hitsByRule,
      partyNamesScreened: session.partyNamesScreened,
      rulesActive: compiled.activeRules(reportingPort, asOf).length,
    },
  };
}
