import * as z from 'zod';
import { ENTRY_TYPES } from './watchlist-constants.ts';

/**
 * One watchlist entry, whatever list it came from (OFAC SDN, UN Security Council, a PCU's own
 * spreadsheet). `id` is the list's own id (OFAC ent_num, UN REFERENCE_NUMBER, native `id`).
 */
export const EntryType = z.enum(ENTRY_TYPES);
export type EntryType = z.infer<typeof EntryType>;

export const EntryIdentifier = z.object({
  /** `imo`, `container`, `passport`, `national-id`, `registration`, `call-sign`, `other` ... */
  type: z.string().min(1),
  value: z.string().min(1),
});

export const WatchlistEntry = z.object({
  id: z.string().min(1),
  /** The list it came from, e.g. `OFAC-SDN`, `UN-SC`, or a native list's name. */
  list: z.string().min(1),
  type: EntryType,
  /** The primary name, as the list writes it. */
  name: z.string().min(1),
  /** Every other name: a.k.a., f.k.a., weak aliases, original-script names. */
  aliases: z.array(z.string()).default([]),
  countries: z.array(z.string()).default([]),
  addresses: z.array(z.string()).default([]),
  identifiers: z.array(EntryIdentifier).default([]),
  /** Why the entry is listed (programme, remarks). */
  reason: z.string().optional(),
});
export type WatchlistEntry = z.infer<typeof WatchlistEntry>;

/** One screening hit: the `pcu screen` contract's match object. */
export const NameMatch = z.object({
  entityId: z.string(),
  list: z.string(),
  /** The entry's primary name. */
  name: z.string(),
  /** The name or alias that matched. */
  matchedName: z.string(),
  score: z.number().min(0).max(1),
});
export type NameMatch = z.infer<typeof NameMatch>;
