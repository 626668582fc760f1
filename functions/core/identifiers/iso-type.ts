import { type Problem, problem } from './problem.ts';

/**
 * ISO 6346 size/type codes (`22G1`, `45R1`, `L5G1`): length, height and type group, with the
 * typical tare and maximum gross mass used to judge whether a declared weight is plausible.
 */
export type ContainerGroup = 'G' | 'V' | 'B' | 'S' | 'R' | 'H' | 'U' | 'P' | 'T' | 'A' | 'K' | 'N' | 'Q';

export interface IsoTypeInfo {
  lengthFt: number;
  highCube: boolean;
  group: ContainerGroup;
  /** Typical empty mass, kg. */
  tareKg: number;
  /** Maximum gross mass (container + cargo), kg: the highest rating in common use. */
  maxGrossKg: number;
}

const LENGTH_FT: Record<string, number> = {
  '1': 10,
  '2': 20,
  '3': 30,
  '4': 40,
  B: 24,
  C: 24.5,
  G: 41,
  H: 43,
  L: 45,
  K: 44,
  M: 48,
  N: 49,
  P: 53,
};
// Height codes: 0 = 8', 2 = 8'6", 4 = 9', 5 = 9'6", 6 = > 9'6", 8/9 = half height; C-F wider variants.
const HEIGHT_CODES = new Set(['0', '2', '4', '5', '6', '8', '9', 'C', 'D', 'E', 'F', 'L', 'M', 'N', 'P']);
const HIGH_CUBE = new Set(['5', '6', 'E', 'F', 'N', 'P']);
// Legacy type groups in the 2-digit form used by old systems are not accepted: the 1995 code is.
const GROUPS = new Set<ContainerGroup>(['G', 'V', 'B', 'S', 'R', 'H', 'U', 'P', 'T', 'A', 'K', 'N', 'Q']);

/** Typical tare by group for a 20' unit; 40'+ scale up. Values from carriers' published specifications. */
const TARE_20: Record<ContainerGroup, number> = {
  G: 2200,
  V: 2400,
  B: 2500,
  S: 2400,
  R: 3000,
  H: 2900,
  U: 2300,
  P: 2700,
  T: 3700,
  A: 2200,
  K: 3700,
  N: 3700,
  Q: 3000,
};

function maxGross(lengthFt: number): number {
  if (lengthFt <= 10) return 10_160;
  // ISO 668:2020 rates 20' and 40' units up to 36,000 kg; most fleets carry 30,480-32,500.
  return 36_000;
}

export function isoTypeInfo(code: string): IsoTypeInfo | undefined {
  const normalised = code.toUpperCase();
  if (!/^[0-9A-Z]{2}[A-Z][0-9]$/.test(normalised)) return undefined;
  const lengthFt = LENGTH_FT[normalised[0] as string];
  const group = normalised[2] as ContainerGroup;
  if (lengthFt === undefined || !HEIGHT_CODES.has(normalised[1] as string) || !GROUPS.has(group))
    return undefined;
  const highCube = HIGH_CUBE.has(normalised[1] as string);
  const scale = lengthFt <= 10 ? 0.6 : lengthFt <= 30 ? 1 : lengthFt <= 41 ? 1.7 : 1.9;
  const tareKg = Math.round((TARE_20[group] * scale * (highCube ? 1.05 : 1)) / 10) * 10;
  return { lengthFt, highCube, group, tareKg, maxGrossKg: maxGross(lengthFt) };
}

export function isoTypeProblems(code: string): Problem[] {
  return isoTypeInfo(code) ? [] : [problem('CONTAINER_TYPE_UNKNOWN', 'warning', `Got "${code}".`)];
}
