import { tallyHits } from '#core/profiling/tally-hits.ts';
import { foldToWords } from '#core/screening/fold-text.ts';
import type { ContainerAssessment, Evidence, RuleHit } from '#schemas/assessment.ts';
import {
  type Clearance,
  type ClearanceNote,
  type ClearedParty,
  clearanceInForce,
  partyOfEvidence,
} from './clearance-records.ts';

/**
 * What a port's clearances suppress (the profile Lambda and `pcu profile`): kept apart from
 * clearance-records.ts because the normaliser carries the transliteration tables, which the
 * API functions do not need.
 */

/** Name folded to words (the screening normaliser), `|` country, `|` identifier: one party. */
export function partyKey(party: ClearedParty): string {
  const name = foldToWords(party.name).join(' ');
  const country = (party.country ?? '').trim().toUpperCase();
  const identifier = (party.identifier ?? '').replace(/\s+/g, '').toUpperCase();
  return `${name}|${country}|${identifier}`;
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
      const key = matchKey(c.list, c.entityId, partyKey(c.party));
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
