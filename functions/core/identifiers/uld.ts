import { type Problem, problem } from './problem.ts';

/**
 * IATA unit load device ids (ULD Regulations): a 3-letter type code (category, base size,
 * contour), a 4- or 5-digit serial, and the owner's 2-character airline code: `AKE12345AA`,
 * `PMC1234LH`. There is no check digit.
 */
const SHAPE = /^[A-Z]{3}\d{4,5}[A-Z0-9]{2}$/;

/**
 * First letters of the ULD type code in use (certified and non-certified containers, pallets,
 * nets, thermal units, stalls; X, Y, Z for airline use). Any other first letter is a warning.
 */
const CATEGORIES = new Set('ADFGHJKMNPQRUVXYZ');

export function normaliseUldId(raw: string): string {
  return raw.toUpperCase().replace(/[\s\-./]/g, '');
}

export function isUldId(normalised: string): boolean {
  return SHAPE.test(normalised);
}

export function uldIdProblems(normalised: string): Problem[] {
  if (!SHAPE.test(normalised)) return [problem('ULD_FORMAT', 'error', `Got "${normalised}".`)];
  if (!CATEGORIES.has(normalised[0] as string)) {
    return [
      problem('ULD_FORMAT', 'warning', `${normalised}: "${normalised[0]}" is not a ULD category letter.`),
    ];
  }
  return [];
}
