/**
 * Plain values of the watchlist contract, kept apart from the zod schemas (watchlist.ts
 * builds its enum from them) so runtime code that only needs the values, such as the
 * watchlist importers in the profile Lambda's bundle, does not pull in zod.
 */
export const ENTRY_TYPES = ['person', 'organization', 'vessel', 'aircraft', 'container'] as const;
export type EntryTypeName = (typeof ENTRY_TYPES)[number];
