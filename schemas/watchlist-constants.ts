/**
 * Plain values of the watchlist contract, kept apart from the zod schemas (watchlist.ts
 * builds its enum from them) so runtime code that only needs the values, such as the
 * watchlist importers in the profile Lambda's bundle, does not pull in zod.
 */
/** `vehicle`: a road vehicle (truck, trailer) or a rail wagon, listed by its plate or wagon number. */
export const ENTRY_TYPES = ['person', 'organization', 'vessel', 'aircraft', 'container', 'vehicle'] as const;
export type EntryTypeName = (typeof ENTRY_TYPES)[number];

/**
 * Identifier types of conveyances in watchlist entries (`EntryIdentifier.type`). Screening
 * looks a conveyance up under its own type, the generic `registration` a PCU may write, and
 * `other` (a bare value whose kind the importer could not tell), each matched exactly after
 * normalisation (case, spaces, dashes, dots).
 */
export const CONVEYANCE_IDENTIFIER_TYPES = {
  aircraft: 'aircraft-registration',
  vehicle: 'vehicle-registration',
  wagon: 'wagon',
} as const;
export type ConveyanceKind = keyof typeof CONVEYANCE_IDENTIFIER_TYPES;
/** The identifier types a conveyance of a kind is looked up under. */
export function conveyanceLookupTypes(kind: ConveyanceKind): readonly string[] {
  return [CONVEYANCE_IDENTIFIER_TYPES[kind], 'registration', 'other'];
}
