import { type Problem, problem } from './problem.ts';

/** `IMO 9074729`, `imo9074729`, ` 9074729 ` -> `9074729`. */
export function normaliseImo(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/^\s*IMO[\s:.#-]*/, '')
    .trim();
}

/** IMO ship numbers: 6 digits weighted 7..2, the sum's last digit is the 7th digit. */
export function isValidImo(n: string): boolean {
  if (!/^\d{7}$/.test(n)) return false;
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += (n.charCodeAt(i) - 48) * (7 - i);
  return sum % 10 === n.charCodeAt(6) - 48;
}

export function imoProblems(n: string): Problem[] {
  if (!/^\d{7}$/.test(n)) return [problem('IMO_FORMAT', 'error', `Got "${n}".`)];
  if (!isValidImo(n)) return [problem('IMO_CHECK_DIGIT', 'warning', `Got ${n}.`)];
  return [];
}
