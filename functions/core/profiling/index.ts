export type { CompiledCondition, EvaluationContext } from './compile-conditions.ts';
export {
  type AssessOptions,
  type CompiledProfiles,
  type CompiledRule,
  type CompileOptions,
  compileProfiles,
  ProfilingSession,
  type ScreeningLookup,
} from './compile-profiles.ts';
export { FIELD_EXTRACTORS, type FieldValue, NUMERIC_PATHS } from './field-paths.ts';
export {
  defaultProfilePath,
  defaultProfileSet,
  loadProfileSet,
  parseProfileSet,
  validateProfileSet,
} from './load-profile-set.ts';
export { ProfileError } from './profile-error.ts';
export { type ProfiledManifest, type ProfileManifestOptions, profileManifest } from './profile-manifest.ts';
export { randomDraw, unitInterval } from './random-selection.ts';
export { parseRouteListing, type RouteListingKind, routeListingDetail } from './route-listing.ts';
export { DEFAULT_VAGUE_TERMS, vagueDescriptionTest } from './vague-description.ts';
