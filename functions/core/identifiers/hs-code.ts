import hsData from '../../../data/reference/hs2022.json' with { type: 'json' };
import { type Problem, problem } from './problem.ts';

let subheadings: Set<string> | undefined;

/** `8471.30`, `8471 30 00` -> `84713000`. */
export function normaliseHsCode(raw: string): string {
  return raw.replace(/[\s.]/g, '');
}

export function hsSubheadingExists(code6: string): boolean {
  if (!subheadings) {
    subheadings = new Set();
    const packed = hsData.subheadings;
    for (let i = 0; i < packed.length; i += 6) subheadings.add(packed.slice(i, i + 6));
  }
  return subheadings.has(code6);
}

/**
 * 6 to 10 digits whose first 6 are an HS 2022 subheading (national tariff extensions of 8-10
 * digits are allowed). A 4-digit heading is accepted with a warning.
 */
export function hsCodeProblems(code: string): Problem[] {
  if (!/^\d{4}(\d{2}(\d{2}){0,2})?$/.test(code)) return [problem('HS_FORMAT', 'error', `Got "${code}".`)];
  if (code.length === 4) return [problem('HS_UNKNOWN', 'warning', `Got a 4-digit heading ${code}.`)];
  if (!hsSubheadingExists(code.slice(0, 6))) return [problem('HS_UNKNOWN', 'warning', `Got ${code}.`)];
  return [];
}
