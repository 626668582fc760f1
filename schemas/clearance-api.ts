import * as z from 'zod';
import { Actor, Port } from './api.ts';

/**
 * Clearances ("not this entry") in the API: create one from a flag's watchlist hit, list a
 * port's clearances with their audit trail, revoke one. functions/core/clearances decides
 * what a clearance suppresses; these are the request and response contracts.
 */
const Reason = z
  .string()
  .trim()
  .min(1, 'is required: say why this party is not the listed entry')
  .max(2000)
  .meta({ description: 'Why (kept in the audit trail and shown where the clearance suppresses a hit).' });

const Timestamp = z.iso.datetime({ message: 'must be a UTC timestamp, e.g. 2027-12-01T00:00:00Z' });

export const ClearanceCreateRequest = z
  .object({
    /** The flagged container whose hit is cleared (`{manifestId}_{containerNumber}`). */
    flagId: z.string().min(1).max(1100),
    /** The rule hit holding the watchlist match. */
    ruleId: z.string().min(1).max(200),
    /** Which evidence of the hit (default: its first watchlist name match). */
    evidenceIndex: z.number().int().min(0).max(1000).optional(),
    reason: Reason,
    /** Default: one year from now. */
    expiresAt: Timestamp.optional(),
  })
  .strict();
export type ClearanceCreateRequest = z.infer<typeof ClearanceCreateRequest>;

export const ClearanceRevokeRequest = z.object({ reason: Reason }).strict();
export type ClearanceRevokeRequest = z.infer<typeof ClearanceRevokeRequest>;

export const ClearanceListQuery = z.object({ port: Port.optional() }).strict();
export type ClearanceListQuery = z.infer<typeof ClearanceListQuery>;

export const ClearedParty = z.object({
  name: z.string(),
  country: z.string().optional(),
  identifier: z.string().optional(),
});

export const ClearanceStatus = z.enum(['in-force', 'expired', 'revoked']);

export const ClearanceView = z.object({
  id: z.string(),
  port: z.string(),
  list: z.string(),
  entityId: z.string(),
  entryName: z.string(),
  /** Hash of the entry as cleared: a list update that changes the entry ends the clearance. */
  entryFingerprint: z.string(),
  party: ClearedParty,
  reason: z.string(),
  /** The config snapshot (list version) the hit was found with. */
  listVersion: z.string(),
  clearedBy: Actor,
  clearedAt: z.string(),
  expiresAt: z.string(),
  status: ClearanceStatus,
  revoked: z.object({ by: Actor, at: z.string(), reason: z.string() }).optional(),
});
export type ClearanceView = z.infer<typeof ClearanceView>;

export const ClearanceAuditView = z.object({
  clearanceId: z.string(),
  port: z.string(),
  action: z.enum(['created', 'revoked']),
  by: Actor,
  at: z.string(),
  reason: z.string(),
  listVersion: z.string(),
  list: z.string(),
  entityId: z.string(),
  party: ClearedParty,
});

export const ClearancePage = z.object({
  port: z.string(),
  clearances: z.array(ClearanceView),
  /** Every creation and revocation at the port, oldest first. */
  audit: z.array(ClearanceAuditView),
});
export type ClearancePage = z.infer<typeof ClearancePage>;
