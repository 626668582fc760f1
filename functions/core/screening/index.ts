export { analyzeName, reorderPersonName } from './analyze-name.ts';
export { foldToWords } from './fold-text.ts';
export {
  buildScreeningIndex,
  DEFAULT_ALERT_THRESHOLD,
  nameSimilarity,
  type ScreeningIndex,
  type ScreenOptions,
} from './screening-index.ts';
export { deserializeScreeningIndex, serializeScreeningIndex } from './serialize-index.ts';
export { tokenSimilarity } from './token-similarity.ts';
export {
  HIDDEN_CHARACTER_KINDS,
  type HiddenCharacterKind,
  hiddenCharacterKinds,
  NAME_ANALYSIS_CAP,
  truncateCodePoints,
  type VisibleName,
  visibleName,
} from './visible-text.ts';
