import { type Problem, problem } from './problem.ts';

/**
 * IATA air waybill numbers: a 3-digit airline prefix and an 8-digit serial whose last digit is
 * the first seven digits modulo 7 (`888-11111111`: 1111111 mod 7 = 1). Written `prefix-serial`.
 */
const SHAPE = /^(\d{3})-(\d{8})$/;

/** `888 1111 1111`, `88811111111`, `888-1111 1111` -> `888-11111111`; anything else as typed, trimmed. */
export function normaliseAwbNumber(raw: string): string {
  const digits = raw.replace(/[\s\-./]/g, '');
  return /^\d{11}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3)}` : raw.trim().toUpperCase();
}

export function awbCheckDigit(first7: string): number {
  return Number(first7) % 7;
}

export function isValidAwbNumber(normalised: string): boolean {
  const m = SHAPE.exec(normalised);
  return !!m && awbCheckDigit((m[2] as string).slice(0, 7)) === Number((m[2] as string)[7]);
}

export function awbNumberProblems(normalised: string): Problem[] {
  const m = SHAPE.exec(normalised);
  if (!m) return [problem('AWB_FORMAT', 'error', `Got "${normalised}".`)];
  const serial = m[2] as string;
  const expected = awbCheckDigit(serial.slice(0, 7));
  if (Number(serial[7]) !== expected) {
    return [problem('AWB_CHECK_DIGIT', 'warning', `${normalised}: expected ${expected}.`)];
  }
  return [];
}
