import { type Problem, problem } from './problem.ts';

/**
 * ISO 6346 container numbers: owner code (3 letters), category (U freight, J detachable
 * equipment, Z trailer/chassis), 6-digit serial, check digit.
 */
const LETTER_VALUES: Record<string, number> = {};
{
  // Letters count from 10 upwards, skipping multiples of 11 (11, 22, 33).
  let value = 10;
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (value % 11 === 0) value++;
    LETTER_VALUES[letter] = value++;
  }
}

const SHAPE = /^[A-Z]{4}\d{7}$/;

/** Upper case, without the spaces, dashes and dots people type: `msku 735177-0` -> `MSKU7351770`. */
export function normaliseContainerNumber(raw: string): string {
  return raw.toUpperCase().replace(/[\s\-./]/g, '');
}

/** The check digit for the first 10 characters (owner, category, serial). */
export function containerCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = first10[i] as string;
    const value = i < 4 ? (LETTER_VALUES[ch] ?? 0) : ch.charCodeAt(0) - 48;
    sum += value * 2 ** i;
  }
  return (sum % 11) % 10;
}

export function containerNumberProblems(normalised: string): Problem[] {
  if (!SHAPE.test(normalised)) {
    return [problem('CONTAINER_FORMAT', 'error', `Got "${normalised}".`)];
  }
  const problems: Problem[] = [];
  if (!'UJZ'.includes(normalised[3] as string)) {
    problems.push(problem('CONTAINER_CATEGORY', 'warning', `Got "${normalised[3]}" in ${normalised}.`));
  }
  const expected = containerCheckDigit(normalised);
  if (Number(normalised[10]) !== expected) {
    problems.push(problem('CONTAINER_CHECK_DIGIT', 'warning', `${normalised}: expected ${expected}.`));
  }
  return problems;
}

export function isValidContainerNumber(normalised: string): boolean {
  return (
    SHAPE.test(normalised) &&
    'UJZ'.includes(normalised[3] as string) &&
    Number(normalised[10]) === containerCheckDigit(normalised)
  );
}
