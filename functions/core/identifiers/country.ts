import countries from '../../../data/reference/countries.json' with { type: 'json' };
import { type Problem, problem } from './problem.ts';

const names = countries as Record<string, string>;

export function isKnownCountry(code: string): boolean {
  return Object.hasOwn(names, code);
}

export function countryName(code: string): string | undefined {
  return names[code];
}

export function countryProblems(code: string): Problem[] {
  return isKnownCountry(code) ? [] : [problem('COUNTRY_UNKNOWN', 'warning', `Got "${code}".`)];
}
