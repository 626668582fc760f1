import { entryFingerprint } from '#core/clearances/entry-fingerprint.ts';
import { isStandIn } from '#core/manifest/container-units.ts';
import { DEFAULT_ALERT_THRESHOLD } from '#core/screening/index.ts';
import type { ContainerAssessment, RuleHit } from '#schemas/assessment.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import type { Lane, ProfileSet, Rule } from '#schemas/risk-profile.ts';
import type { NameMatch, WatchlistEntry } from '#schemas/watchlist.ts';
import {
  type CompiledCondition,
  compileCondition,
  type EvaluationContext,
  SCREENING_TYPES,
  type ScreeningLookup,
} from './compile-conditions.ts';
import { countryCodeOf } from './country-names.ts';
import type { DocumentEquipment } from './modal-indicators.ts';
import { ProfileError } from './profile-error.ts';

const NO_COUNTRIES: ReadonlySet<string> = new Set();
const NO_DOCUMENTS: DocumentEquipment = () => undefined;

import { randomDraw } from './random-selection.ts';
import { tallyHits } from './tally-hits.ts';

export type { ScreeningLookup } from './compile-conditions.ts';

export interface CompiledRule {
  readonly id: string;
  readonly description: string;
  readonly weight: number;
  readonly lane: Lane | undefined;
  readonly validFrom: string | undefined;
  readonly validTo: string | undefined;
  /** Empty = every port. */
  readonly ports: ReadonlySet<string>;
  readonly test: CompiledCondition;
}

export interface AssessOptions {
  /** The PCU's port; default: the voyage's reporting port. Selects rules and threshold. */
  reportingPort?: string;
  /** Date the validity windows are checked against (YYYY-MM-DD); default: the voyage ETA, else today. */
  asOf?: string;
  /** Reuse one session per manifest so each party name is screened once. */
  session?: ProfilingSession;
}

/**
 * Per-manifest cache: each distinct party name (normalised) is screened once, each vessel IMO
 * and container number looked up once. A 20,000-container manifest repeats its parties a lot.
 */
export class ProfilingSession {
  private readonly names = new Map<string, NameMatch[]>();
  private readonly identifiers = new Map<string, readonly WatchlistEntry[]>();
  constructor(
    private readonly screening: ScreeningLookup | undefined,
    private readonly minScore: number,
  ) {}

  get partyNamesScreened(): number {
    return this.names.size;
  }

  screenParty = (name: string): NameMatch[] => {
    if (!this.screening) return [];
    const key = name.trim().replace(/\s+/g, ' ').toUpperCase();
    let hit = this.names.get(key);
    if (hit === undefined) {
      hit =
        key === ''
          ? []
          : this.screening.screen(name, { top: 3, minScore: this.minScore, types: SCREENING_TYPES });
      this.names.set(key, hit);
    }
    return hit;
  };

  /** Set by profileManifest: the master documents' wagons and trailers across the manifest. */
  masterEquipment: DocumentEquipment = NO_DOCUMENTS;

  lookupIdentifier = (type: string, value: string): readonly WatchlistEntry[] => {
    if (!this.screening) return [];
    const key = `${type}:${value}`;
    let hit = this.identifiers.get(key);
    if (hit === undefined) {
      hit = this.screening.byIdentifier(type, value) ?? [];
      this.identifiers.set(key, hit);
    }
    return hit;
  };
}

export interface CompiledProfiles {
  readonly version: string;
  readonly profileSet: ProfileSet;
  readonly rules: readonly CompiledRule[];
  /** Rules that are enabled, apply to the port and are valid on the date (cached per port+date). */
  activeRules(reportingPort: string, asOf: string): readonly CompiledRule[];
  thresholdFor(reportingPort: string): number;
  newSession(): ProfilingSession;
  assess(unit: ContainerUnit, opts?: AssessOptions): ContainerAssessment;
}

export interface CompileOptions {
  /** The watchlist screening index (buildScreeningIndex). Without it watchlist indicators never hit. */
  screening?: ScreeningLookup;
  /** Party minScore for rules that give none; default the screening alert threshold. */
  defaultMinScore?: number;
}

/**
 * Compiles a profile set ONCE into closures. Throws ProfileError naming the rule id and the
 * field for anything the schema cannot catch (bad regex, range on a text field, ...).
 */
export function compileProfiles(profileSet: ProfileSet, opts: CompileOptions = {}): CompiledProfiles {
  const screening = opts.screening;
  const defaultMinScore = opts.defaultMinScore ?? DEFAULT_ALERT_THRESHOLD;
  let sessionMinScore = Number.POSITIVE_INFINITY;
  const seen = new Set<string>();

  // Entry countries by list + id, resolved to ISO codes once, on first use (sameCountry).
  let entryCountryIndex: Map<string, Set<string>> | undefined;
  const entryCountries = (list: string, id: string): ReadonlySet<string> => {
    if (!entryCountryIndex) {
      entryCountryIndex = new Map();
      for (const e of screening?.entries ?? []) {
        const codes = new Set<string>();
        for (const c of e.countries) {
          const code = countryCodeOf(c);
          if (code) codes.add(code);
        }
        entryCountryIndex.set(`${e.list}\u0000${e.id}`, codes);
      }
    }
    return entryCountryIndex.get(`${list}\u0000${id}`) ?? NO_COUNTRIES;
  };
  // Entry fingerprints by list + id, computed on first use (a clearance holds only for the entry as it was).
  let entriesById: Map<string, WatchlistEntry> | undefined;
  const fingerprints = new Map<string, string>();
  const fingerprintOf = (list: string, id: string): string | undefined => {
    const key = `${list}\u0000${id}`;
    let fingerprint = fingerprints.get(key);
    if (fingerprint === undefined) {
      if (!entriesById) {
        entriesById = new Map();
        for (const e of screening?.entries ?? []) entriesById.set(`${e.list}\u0000${e.id}`, e);
      }
      const entry = entriesById.get(key);
      if (!entry) return undefined;
      fingerprint = entryFingerprint(entry);
      fingerprints.set(key, fingerprint);
    }
    return fingerprint;
  };

  const rules: CompiledRule[] = [];
  profileSet.rules.forEach((rule: Rule, index) => {
    if (seen.has(rule.id))
      throw new ProfileError('duplicate rule id (ids must be unique: hit statistics are kept per id)', {
        ruleId: rule.id,
        ruleIndex: index,
        field: 'id',
      });
    seen.add(rule.id);
    if (rule.validFrom && rule.validTo && rule.validFrom > rule.validTo)
      throw new ProfileError(`validFrom ${rule.validFrom} is after validTo ${rule.validTo}`, {
        ruleId: rule.id,
        ruleIndex: index,
        field: 'validFrom',
      });
    let test: CompiledCondition;
    try {
      test = compileCondition(rule.when, {
        ruleId: rule.id,
        hasScreening: screening !== undefined,
        defaultMinScore,
        entryCountries,
        entryFingerprint: fingerprintOf,
        noteMinScore: (s) => {
          if (rule.enabled) sessionMinScore = Math.min(sessionMinScore, s);
        },
      });
    } catch (err) {
      if (err instanceof ProfileError) throw new ProfileError(err.detail, { ...err.where, ruleIndex: index });
      throw err;
    }
    // Disabled rules are still compiled (so a broken one is reported) but never run.
    if (!rule.enabled) return;
    rules.push({
      id: rule.id,
      description: rule.description,
      weight: rule.outcome.weight ?? 0,
      lane: rule.outcome.lane,
      validFrom: rule.validFrom,
      validTo: rule.validTo,
      ports: new Set(rule.ports),
      test,
    });
  });
  const minScore = Number.isFinite(sessionMinScore) ? sessionMinScore : defaultMinScore;

  const activeCache = new Map<string, CompiledRule[]>();
  const activeRules = (port: string, asOf: string) => {
    const key = `${port}|${asOf}`;
    let active = activeCache.get(key);
    if (!active) {
      active = rules.filter(
        (r) =>
          (r.ports.size === 0 || r.ports.has(port)) &&
          (r.validFrom === undefined || r.validFrom <= asOf) &&
          (r.validTo === undefined || asOf <= r.validTo),
      );
      if (activeCache.size > 100) activeCache.clear();
      activeCache.set(key, active);
    }
    return active;
  };
  const thresholdFor = (port: string) => profileSet.ports[port]?.threshold ?? profileSet.defaultThreshold;
  const random = profileSet.randomSelection;
  const newSession = () => new ProfilingSession(screening, minScore);
  let defaultSession: ProfilingSession | undefined;

  const assess = (unit: ContainerUnit, o: AssessOptions = {}): ContainerAssessment => {
    const port = o.reportingPort ?? unit.voyage.reportingPort;
    const asOf = o.asOf ?? dateOf(unit.voyage.eta) ?? new Date().toISOString().slice(0, 10);
    let session = o.session;
    if (!session) {
      // Stand-alone calls share a bounded cache so repeated calls stay cheap.
      if (!defaultSession || defaultSession.partyNamesScreened > 50_000) defaultSession = newSession();
      session = defaultSession;
    }
    const ctx: EvaluationContext = {
      unit,
      screenParty: session.screenParty,
      lookupIdentifier: session.lookupIdentifier,
      masterEquipment: session.masterEquipment,
    };
    const hits: RuleHit[] = [];
    for (const rule of activeRules(port, asOf)) {
      const evidence = rule.test(ctx);
      if (evidence !== null)
        hits.push({
          ruleId: rule.id,
          description: rule.description,
          weight: rule.weight,
          ...(rule.lane ? { lane: rule.lane } : {}),
          evidence,
        });
    }
    const randomlySelected = random.rate > 0 && randomDraw(unit, profileSet.version) < random.rate;
    if (randomlySelected)
      hits.push({
        ruleId: 'RANDOM',
        description: `Random selection (${(random.rate * 100).toFixed(2)}% of containers)`,
        weight: random.weight,
        lane: random.lane,
        evidence: [],
      });

    const threshold = thresholdFor(port);
    const { score, lane, flagged } = tallyHits(hits, threshold);
    return {
      containerNumber: unit.container.number,
      ...(isStandIn(unit.container) ? { noContainerDeclared: true as const } : {}),
      billsOfLading: unit.billsOfLading.map((bl) => bl.number),
      score,
      lane,
      flagged,
      randomlySelected,
      threshold,
      profileVersion: profileSet.version,
      hits,
    };
  };

  return { version: profileSet.version, profileSet, rules, activeRules, thresholdFor, newSession, assess };
}

function dateOf(eta: string | undefined): string | undefined {
  return eta && /^\d{4}-\d{2}-\d{2}/.test(eta) ? eta.slice(0, 10) : undefined;
}
