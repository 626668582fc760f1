import type { Evidence } from '#schemas/assessment.ts';

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

export function clearanceInForce(clearance: Clearance, at: string): boolean {
  return clearance.revoked === undefined && at < clearance.expiresAt;
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
