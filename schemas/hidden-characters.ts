/**
 * Zod-free on purpose: the screening core (and so the profile Lambda) reads these, and zod
 * stays out of that bundle. The schema is in risk-profile.ts.
 *
 * Kinds of characters in a name that change or hide what a person reads from what is stored
 * (see functions/core/screening/visible-text.ts, which finds them).
 */
export const HIDDEN_CHARACTER_KINDS = [
  /** U+202A-202E, U+2066-2069, U+200E/F, U+061C: reorder what is displayed. */
  'bidi-control',
  /** Zero-width and other default-ignorable characters: U+200B-200D, U+2060-2064, U+FEFF, U+00AD, variation selectors, tags, Hangul fillers ... */
  'invisible',
  /** U+FFFE/U+FFFF and the other noncharacters, and unpaired surrogates. */
  'noncharacter',
  /** NUL and the other C0/C1 control characters (tab and line breaks read as spaces). */
  'control',
  /** Cyrillic or Greek letters that look like Latin ones, in a word with Latin letters. */
  'lookalike',
] as const;

export type HiddenCharacterKind = (typeof HIDDEN_CHARACTER_KINDS)[number];
