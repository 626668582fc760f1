import { tallyHits } from '#core/profiling/compile-profiles.ts';
import { foldToWords } from '#core/screening/fold-text.ts';

export { entryFingerprint } from './entry-fingerprint.ts';

import type { ContainerAssessment, Evidence, RuleHit } from '#schemas/assessment.ts';

/**
 * Clearances: an analyst's "not this entry" for a party on a watchlist hit. A clearance is
 * for one port, one entry (list + id) and one party (its name folded by the screening
 * normaliser, plus its country and identifier where declared), and holds the entry's
 * fingerprint at clearance time: when a list update changes the entry, the fingerprint no
 * longer matches and the party alerts again. Pure: the stores and routes live elsewhere.
 */

/** A clearance lasts a year unless the analyst says otherwise. */
export const DEFAULT_CLEARANCE_DAYS = 365;
/** Longest a clearance may be given for: a list is reviewed at least this often. */
export const MAX_CLEARANCE_DAYS = 3 * 365;

export type ClearanceActor = { subject: string; username: string };

/** The party as declared on the manifest (what the clearance says is not the listed entry). */
export type ClearedParty = { name: string; country?: string; identifier?: string };

export type Clearance = {
  id: string;
  port: string;
  list: string;
  entityId: string;
  /** The entry's primary name at clearance time (for people reading the list). */
  entryName: string;
  entryFingerprint: string;
  party: ClearedParty;
  partyKey: string;
  reason: string;
  /** The config snapshot (list version) the hit was found with. */
  listVersion: string;
  clearedBy: ClearanceActor;
  clearedAt: string;
  /** ISO timestamp: the clearance stops applying at this instant. */
  expiresAt: string;
  revoked?: { by: ClearanceActor; at: string; reason: string };
};

/** What a suppressed hit's evidence says: `cleared by maria on 2026-11-30: ...`. */
export type ClearanceNote = { clearanceId: string; by: string; at: string; reason: string };

/** Name folded to words (the screening normaliser), `|` country, `|` identifier: one party. */
export function partyKey(party: ClearedParty): string {
  const name = foldToWords(party.name).join(' ');
  const country = (party.country ?? '').trim().toUpperCase();
  const identifier = (party.identifier ?? '').replace(/\s+/g, '').toUpperCase();
  return `${name}|${country}|${identifier}`;
}

export function clearanceInForce(clearance: Clearance, at: string): boolean {
  return clearance.revoked === undefined && at < clearance.expiresAt;
}

function matchKey(list: string, entityId: string, key: string): string {
  return `${list}\u0000${entityId}\u0000${key}`;
}

/** The clearances of one port in force at `at`, looked up by entry and party. */
export class ClearanceIndex {
  private readonly byMatch = new Map<string, Clearance[]>();
  readonly size: number;

  constructor(
    readonly port: string,
    clearances: readonly Clearance[],
    readonly at: string,
  ) {
    let size = 0;
    for (const c of clearances) {
      if (c.port !== port || !clearanceInForce(c, at)) continue;
      const key = matchKey(c.list, c.entityId, c.partyKey);
      const list = this.byMatch.get(key);
      if (list) list.push(c);
      else this.byMatch.set(key, [c]);
      size++;
    }
    this.size = size;
  }

  /** The clearance for this party and this version of the entry, if one is in force. */
  find(list: string, entityId: string, fingerprint: string, party: ClearedParty): Clearance | undefined {
    const candidates = this.byMatch.get(matchKey(list, entityId, partyKey(party)));
    return candidates?.find((c) => c.entryFingerprint === fingerprint);
  }
}

/** The party a watchlist name hit was found on (undefined for identifier hits: IMO, container). */
export function partyOfEvidence(evidence: Evidence): ClearedParty | undefined {
  const w = evidence.watchlist;
  if (w?.matchedOn !== 'name' || typeof evidence.value !== 'string') return undefined;
  return {
    name: evidence.value,
    ...(w.partyCountry && { country: w.partyCountry }),
    ...(w.partyIdentifier && { identifier: w.partyIdentifier }),
  };
}

function noteOf(c: Clearance): ClearanceNote {
  return { clearanceId: c.id, by: c.clearedBy.username, at: c.clearedAt, reason: c.reason };
}

/**
 * Marks every watchlist name hit a clearance covers. A rule hit whose watchlist evidence is
 * all cleared stays listed (with who cleared it, when and why) but carries no weight and no
 * lane; score, lane and `flagged` are recomputed from the rest. Nothing cleared: the same object.
 */
export function applyClearances(assessment: ContainerAssessment, index: ClearanceIndex): ContainerAssessment {
  if (index.size === 0) return assessment;
  let changed = false;
  const hits = assessment.hits.map((hit): RuleHit => {
    let watchlistEvidence = 0;
    let cleared = 0;
    const evidence = hit.evidence.map((e): Evidence => {
      const party = partyOfEvidence(e);
      if (!party || !e.watchlist) return e;
      watchlistEvidence++;
      const fingerprint = e.watchlist.entryFingerprint;
      const clearance = fingerprint && index.find(e.watchlist.list, e.watchlist.entityId, fingerprint, party);
      if (!clearance) return e;
      cleared++;
      return { ...e, clearance: noteOf(clearance) };
    });
    if (cleared === 0) return hit;
    changed = true;
    if (cleared < watchlistEvidence) return { ...hit, evidence };
    const { lane, weight, ...rest } = hit;
    return { ...rest, weight: 0, evidence, cleared: { weight, ...(lane && { lane }) } };
  });
  if (!changed) return assessment;
  return { ...assessment, hits, ...tallyHits(hits, assessment.threshold) };
}

export type NewClearance = {
  id: string;
  port: string;
  reason: string;
  listVersion: string;
  by: ClearanceActor;
  at: Date;
  /** Default: DEFAULT_CLEARANCE_DAYS after `at`. */
  expiresAt?: string;
};

export class ClearanceError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ClearanceError';
  }
}

/**
 * The clearance of one watchlist name match (a flag's evidence). Refuses identifier matches
 * (a container or vessel is not a party), matches without a fingerprint (profiled before
 * clearances existed: the entry version is unknown), and an expiry in the past or beyond
 * MAX_CLEARANCE_DAYS.
 */
export function clearanceOfEvidence(evidence: Evidence, request: NewClearance): Clearance {
  const party = partyOfEvidence(evidence);
  const w = evidence.watchlist;
  if (!party || !w) throw new ClearanceError('only a watchlist match on a party name can be cleared', 'hit');
  if (!w.entryFingerprint)
    throw new ClearanceError(
      'this match was profiled without an entry fingerprint (before clearances); clear it on a newer flag',
      'hit',
    );
  const at = request.at.toISOString();
  const expiresAt =
    request.expiresAt ?? new Date(request.at.getTime() + DEFAULT_CLEARANCE_DAYS * 86_400_000).toISOString();
  if (expiresAt <= at) throw new ClearanceError('expiresAt must be in the future', 'expiresAt');
  if (Date.parse(expiresAt) - request.at.getTime() > MAX_CLEARANCE_DAYS * 86_400_000)
    throw new ClearanceError(`expiresAt must be within ${MAX_CLEARANCE_DAYS} days`, 'expiresAt');
  const reason = request.reason.trim();
  if (!reason) throw new ClearanceError('a reason is required', 'reason');
  return {
    id: request.id,
    port: request.port,
    list: w.list,
    entityId: w.entityId,
    entryName: w.name,
    entryFingerprint: w.entryFingerprint,
    party,
    partyKey: partyKey(party),
    reason,
    listVersion: request.listVersion,
    clearedBy: request.by,
    clearedAt: at,
    expiresAt,
  };
}

/** One audit entry: who created or revoked which clearance, when, why, on which list version. */
export type ClearanceAuditEntry = {
  clearanceId: string;
  port: string;
  action: 'created' | 'revoked';
  by: ClearanceActor;
  at: string;
  reason: string;
  listVersion: string;
  list: string;
  entityId: string;
  party: ClearedParty;
};

export function auditOfCreation(c: Clearance): ClearanceAuditEntry {
  return auditEntry(c, 'created', c.clearedBy, c.clearedAt, c.reason);
}

export function auditOfRevocation(
  c: Clearance,
  revoked: NonNullable<Clearance['revoked']>,
): ClearanceAuditEntry {
  return auditEntry(c, 'revoked', revoked.by, revoked.at, revoked.reason);
}

function auditEntry(
  c: Clearance,
  action: ClearanceAuditEntry['action'],
  by: ClearanceActor,
  at: string,
  reason: string,
): ClearanceAuditEntry {
  return {
    clearanceId: c.id,
    port: c.port,
    action,
    by,
    at,
    reason,
    listVersion: c.listVersion,
    list: c.list,
    entityId: c.entityId,
    party: c.party,
  };
}
