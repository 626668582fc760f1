import { type Command, Option } from 'commander';
import { ClearanceIndex } from '#core/clearances/suppression.ts';
import { fileSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import {
  compileProfiles,
  defaultProfilePath,
  loadProfileSet,
  type ProfiledManifest,
  ProfileError,
  profileManifest,
} from '#core/profiling/index.ts';
import { buildScreeningIndex } from '#core/screening/index.ts';
import type { ContainerAssessment, RuleHit } from '#schemas/assessment.ts';
import { LANE_SEVERITY } from '#schemas/risk-profile.ts';
import type { ManifestFormat, ValidationReport } from '#schemas/validation-report.ts';
import { readClearanceFile } from '../clearance-file.ts';
import { assertReadableFile, readWatchlists, useLocationsFile } from '../inputs.ts';
import { UserError } from '../user-error.ts';

interface ProfileCliOptions {
  watchlist?: string[];
  profiles?: string;
  json?: boolean;
  format?: ManifestFormat;
  port?: string;
  asOf?: string;
  locations?: string;
  limit: string;
  clearances?: string;
}

/**
 * `pcu profile MANIFEST`: validate a manifest, screen and score every container, and print
 * the flagged ones with their reasons (or everything as JSON).
 */
export function register(program: Command): void {
  program
    .command('profile')
    .description('Validate a manifest and score every container against risk profiles and watchlists')
    .argument('<manifest>', 'manifest file (CSV, JSON or EDIFACT CUSCAR)')
    .option(
      '--watchlist <path>',
      'OFAC SDN folder, UN consolidated list .xml or CSV with columns id,type,name (repeatable; default: the bundled OFAC and UN lists)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--profiles <file>', 'risk profile set, YAML or JSON (default: data/profiles/default.yaml)')
    .option(
      '--locations <file>',
      "the deployment's locations file (CSV: stations and crossings UN/LOCODE lacks; data/locations/README.md)",
    )
    .option('--json', 'print everything as JSON: validation report, summary and every assessment')
    .addOption(
      new Option('--format <format>', 'expected manifest format (the content wins)').choices([
        'csv',
        'json',
        'cuscar',
      ]),
    )
    .option('--port <locode>', "reporting port whose rules and threshold apply (default: the manifest's)")
    .option('--as-of <date>', 'date rule validity is checked against, YYYY-MM-DD (default: the voyage ETA)')
    .option('--limit <n>', 'flagged containers listed in the table', '50')
    .option(
      '--clearances <file>',
      "clearances (JSON from pcu clearances list --json, or CSV; README, Clearances): the port's cleared parties do not alert",
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 profiled (records with errors are profiled; set-aside records are counted in the summary); 2 the manifest, profiles or\n' +
        'a watchlist is unreadable. Rules file format: docs/risk-profiles.md',
    )
    .action(async (file: string, opts: ProfileCliOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 0)
        throw new UserError(`--limit must be a whole number >= 0, not "${opts.limit}"`);
      if (opts.port !== undefined && !/^[A-Z]{2}[A-Z0-9]{3}$/.test(opts.port))
        throw new UserError(`--port must be a UN/LOCODE such as NLRTM, not "${opts.port}"`);
      if (opts.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
        throw new UserError(`--as-of must be a date YYYY-MM-DD, not "${opts.asOf}"`);
      await assertReadableFile(file);
      if (opts.locations) await useLocationsFile(opts.locations);

      const started = performance.now();
      const profileSet = readProfiles(opts.profiles ?? defaultProfilePath());
      const entries = readWatchlists(opts.watchlist);
      const screening = buildScreeningIndex(entries);
      const compiled = compileProfiles(profileSet, { screening });
      const loadedMs = performance.now() - started;

      const parseStarted = performance.now();
      const { manifest, report } = await parseManifest(
        fileSource(file),
        opts.format ? { format: opts.format } : {},
      );
      if (!manifest) {
        const reason = report.issues.find((i) => i.severity === 'error');
        throw new UserError(
          `${file}: rejected${reason ? `: ${reason.message}` : ''} (run pcu validate for details)`,
        );
      }
      const parseMs = performance.now() - parseStarted;
      const profileStarted = performance.now();
      const port = opts.port ?? manifest.voyage.reportingPort;
      const clearances = opts.clearances
        ? new ClearanceIndex(port, readClearanceFile(opts.clearances), new Date().toISOString())
        : undefined;
      const result = profileManifest(manifest, compiled, {
        ...(opts.port ? { reportingPort: opts.port } : {}),
        ...(opts.asOf ? { asOf: opts.asOf } : {}),
        ...(clearances ? { clearances } : {}),
      });
      const profileMs = performance.now() - profileStarted;
      const timings = {
        loadMs: Math.round(loadedMs),
        parseMs: Math.round(parseMs),
        profileMs: Math.round(profileMs),
        watchlistEntries: entries.length,
      };

      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ file, report, summary: result.summary, timings, assessments: result.assessments })}\n`,
        );
      } else {
        process.stdout.write(renderTable(result, limit));
        process.stdout.write(renderSummary(file, report, result, timings));
      }
    });
}

function readProfiles(path: string) {
  try {
    return loadProfileSet(path);
  } catch (err) {
    if (err instanceof ProfileError) throw new UserError(`risk profiles: ${err.message}`);
    throw err;
  }
}

/** One short reason per hit: the rule and its strongest evidence. */
export function describeHit(hit: RuleHit): string {
  const e = hit.evidence[0];
  if (!e) return hit.ruleId;
  if (e.watchlist) {
    const w = e.watchlist;
    const who = w.role ?? w.matchedOn;
    const cleared = e.clearance ? `, cleared by ${e.clearance.by} on ${e.clearance.at.slice(0, 10)}` : '';
    return `${hit.ruleId}: ${who} ~ ${w.matchedName} (${w.list} ${w.entityId}, ${w.score.toFixed(2)}${cleared})`;
  }
  const value = e.value === undefined ? undefined : String(e.value);
  const what =
    e.detail === undefined
      ? `${e.field}=${value}`
      : value === undefined || e.detail.includes(value)
        ? e.detail
        : `${value}: ${e.detail}`;
  return `${hit.ruleId}: ${what}`;
}

const REASONS_SHOWN = 3;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function renderTable(result: Pick<ProfiledManifest, 'assessments'>, limit: number): string {
  const flagged = result.assessments
    .filter((a) => a.flagged)
    .sort((a, b) => LANE_SEVERITY[b.lane] - LANE_SEVERITY[a.lane] || b.score - a.score);
  if (flagged.length === 0) return 'No container flagged.\n';
  // A container flagged by its score alone keeps its (blue or green) lane, marked with *.
  const byScore = (a: ContainerAssessment) => a.lane !== 'red' && a.lane !== 'yellow';
  const rows = flagged.slice(0, limit).map((a: ContainerAssessment) => [
    a.lane.toUpperCase() + (byScore(a) ? '*' : ''),
    String(a.score),
    a.containerNumber,
    cut(a.billsOfLading.join(' ') || '-', 24),
    a.hits
      .slice(0, REASONS_SHOWN)
      .map((h) => cut(describeHit(h), 90))
      .join('; ') + (a.hits.length > REASONS_SHOWN ? ` (+${a.hits.length - REASONS_SHOWN} more)` : ''),
  ]);
  const header = ['LANE', 'SCORE', 'CONTAINER', 'B/L', 'TOP REASONS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ');
  const out = [line(header), ...rows.map(line)];
  if (flagged.length > limit) out.push(`... ${flagged.length - limit} more flagged (use --limit or --json)`);
  const shown = flagged.slice(0, limit).filter(byScore);
  if (shown.length > 0) out.push(`* flagged by score: reached the port threshold (${shown[0]!.threshold})`);
  return `${out.join('\n')}\n`;
}

export function renderSummary(
  file: string,
  report: ValidationReport,
  result: ProfiledManifest,
  timings: { loadMs: number; parseMs: number; profileMs: number; watchlistEntries: number },
): string {
  const s = result.summary;
  const pct = s.containers ? ((100 * s.flagged) / s.containers).toFixed(1) : '0.0';
  const topRules = Object.entries(s.hitsByRule)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([id, n]) => `${id} ${n}`)
    .join(', ');
  // A listed vessel concerns the whole call: say it once, not only in 20,000 rows.
  const vesselHits = new Map<string, string>();
  for (const h of result.assessments[0]?.hits ?? [])
    for (const e of h.evidence)
      if (e.watchlist?.matchedOn === 'imo')
        vesselHits.set(
          e.watchlist.entityId,
          `${e.watchlist.name} (${e.watchlist.list} ${e.watchlist.entityId})`,
        );
  return `${[
    '',
    ...[...vesselHits.values()].map((v) => `VESSEL ON WATCHLIST: IMO matches ${v}`),
    `${file}: ${s.containers} containers profiled with profiles ${s.profileVersion} at ${s.reportingPort} (${s.rulesActive} active rules)`,
    `  coverage: ${s.containersDeclared} containers declared, ${s.containers - s.billsOfLadingWithoutContainer} assessed; ${s.billsOfLadingWithoutContainer} B/Ls without container assessed; ${report.counts.rejectedRecords} records set aside (no container or B/L number)`,
    `  flagged ${s.flagged} (${pct}%): red ${s.flaggedByLane.red}, yellow ${s.flaggedByLane.yellow}, by score only ${s.flaggedByLane.blue + s.flaggedByLane.green}; randomly selected ${s.randomlySelected}`,
    `  lanes: red ${s.byLane.red}, yellow ${s.byLane.yellow}, blue ${s.byLane.blue}, green ${s.byLane.green}`,
    `  validation: ${report.status}, ${report.counts.recordsWithErrors} records kept with errors, ${report.counts.rejectedRecords} set aside, ${report.counts.errors} errors, ${report.counts.warnings} warnings`,
    `  rule hits: ${topRules || 'none'}`,
    `  ${s.partyNamesScreened} distinct party names screened against ${timings.watchlistEntries} watchlist entries`,
    `  time: parse + validate ${timings.parseMs} ms, profile ${timings.profileMs} ms (loading profiles and watchlists ${timings.loadMs} ms)`,
  ].join('\n')}\n`;
}
