import * as z from 'zod';
import { PartyRole } from './manifest.ts';
import { Lane } from './risk-profile.ts';
import { NameMatch } from './watchlist.ts';

/**
 * What the profiler says about one container: its score, lane, whether it is flagged, and
 * every rule that hit with the evidence an officer needs to trust (or dismiss) the flag.
 */

/**
 * A watchlist match behind a hit: which entry, which list, which alias, how close (the
 * screening match, plus what it was matched on and the party's role).
 */
export const WatchlistEvidence = NameMatch.extend({
  /** Name similarity in [0,1]; 1 for an identifier match (IMO, container number). */
  score: z.number().min(0).max(1),
  /** `name`, or the identifier type that matched (`imo`, `container`). */
  matchedOn: z.string().default('name'),
  role: PartyRole.optional(),
});
export type WatchlistEvidence = z.infer<typeof WatchlistEvidence>;

/** One piece of evidence: the field and value that satisfied a condition, and for screening hits the match. */
export const Evidence = z.object({
  /** Field path (e.g. `goods.hsCode`) or indicator name (e.g. `weightImplausible`). */
  field: z.string(),
  /** The manifest value that satisfied the condition (absent for "missing" conditions). */
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** Human-readable explanation, e.g. `VGM 41200 kg > max gross 30480 kg for 22G1`. */
  detail: z.string().optional(),
  watchlist: WatchlistEvidence.optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const RuleHit = z.object({
  ruleId: z.string(),
  description: z.string(),
  weight: z.number(),
  lane: Lane.optional(),
  evidence: z.array(Evidence),
});
export type RuleHit = z.infer<typeof RuleHit>;

export const ContainerAssessment = z.object({
  /** The container number; for a B/L without container, its stand-in key `NO-CONTAINER-...`. */
  containerNumber: z.string(),
  /** The unit is a B/L that declares no container (the officer sees "no container declared"). */
  noContainerDeclared: z.literal(true).optional(),
  /** Numbers of the bills of lading with goods in this container. */
  billsOfLading: z.array(z.string()),
  /** Sum of the weights of the rules that hit. */
  score: z.number(),
  /** The most severe lane among the hits (red > yellow > blue > green); green when nothing hit. */
  lane: Lane,
  /** Lane red or yellow, or score at or above the reporting port's threshold. */
  flagged: z.boolean(),
  /** Selected by the reproducible random selection (then a `RANDOM` hit is listed too). */
  randomlySelected: z.boolean(),
  /** The threshold used for this container's reporting port. */
  threshold: z.number(),
  profileVersion: z.string(),
  hits: z.array(RuleHit),
});
export type ContainerAssessment = z.infer<typeof ContainerAssessment>;

/** Per-manifest summary of a profiling run. */
export const ProfilingSummary = z.object({
  profileVersion: z.string(),
  reportingPort: z.string(),
  /** Units assessed: every declared container plus one per B/L that declares no container. */
  containers: z.number().int().nonnegative(),
  /** Containers the manifest declares (each one is assessed). */
  containersDeclared: z.number().int().nonnegative(),
  /** B/Ls assessed without a container (not stowed, or none of their containers is declared). */
  billsOfLadingWithoutContainer: z.number().int().nonnegative(),
  flagged: z.number().int().nonnegative(),
  byLane: z.object({ red: z.number(), yellow: z.number(), blue: z.number(), green: z.number() }),
  /** Flagged containers by lane (a container flagged by score alone counts under its own lane). */
  flaggedByLane: z.object({ red: z.number(), yellow: z.number(), blue: z.number(), green: z.number() }),
  randomlySelected: z.number().int().nonnegative(),
  /** Hits per rule id (all containers), for hit-rate statistics. */
  hitsByRule: z.record(z.string(), z.number()),
  /** Distinct party names screened (each screened once per manifest). */
  partyNamesScreened: z.number().int().nonnegative(),
  rulesActive: z.number().int().nonnegative(),
});
export type ProfilingSummary = z.infer<typeof ProfilingSummary>;
