import { type Problem, problem } from './problem.ts';

/**
 * Rail wagon numbers. Two systems meet at the Kazakh-Chinese and Central Asian borders:
 * - UIC (RIV/TSI, standard gauge): 12 digits, the 12th a self-check digit over the first 11;
 * - the 1520 mm gauge (CIS, Baltic, Mongolian railways): 8 digits, the 8th a check digit over
 *   the first 7 ("Восьмизначная система нумерации грузовых вагонов колеи 1520 мм").
 * Both use the same Luhn-style rule: from the right, the digits are weighted 2, 1, 2, 1 ...,
 * the digits of each product are summed, and the check digit brings the sum to a multiple of 10.
 */
export type WagonNumberSystem = 'uic' | '1520';

/** `21 81 2471 217-3`, `5454 8885` -> digits only. */
export function normaliseWagonNumber(raw: string): string {
  return raw.replace(/[\s\-./]/g, '');
}

/** The check digit for the digits before it (11 for UIC, 7 for 1520 mm gauge). */
export function wagonCheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 2; i >= 0; i--, weight = 3 - weight) {
    const product = (body.charCodeAt(i) - 48) * weight;
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

export function wagonNumberSystem(normalised: string): WagonNumberSystem | undefined {
  if (/^\d{12}$/.test(normalised)) return 'uic';
  if (/^\d{8}$/.test(normalised)) return '1520';
  return undefined;
}

export function isValidWagonNumber(normalised: string): boolean {
  if (!wagonNumberSystem(normalised)) return false;
  return wagonCheckDigit(normalised.slice(0, -1)) === normalised.charCodeAt(normalised.length - 1) - 48;
}

export function wagonNumberProblems(normalised: string): Problem[] {
  if (!wagonNumberSystem(normalised)) return [problem('WAGON_FORMAT', 'error', `Got "${normalised}".`)];
  const expected = wagonCheckDigit(normalised.slice(0, -1));
  if (normalised.charCodeAt(normalised.length - 1) - 48 !== expected) {
    return [problem('WAGON_CHECK_DIGIT', 'warning', `${normalised}: expected ${expected}.`)];
  }
  return [];
}
