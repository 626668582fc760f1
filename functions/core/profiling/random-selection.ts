import type { ContainerUnit } from '#schemas/manifest.ts';

/**
 * Reproducible random selection: a container is selected when a hash of its content (vessel,
 * voyage, container number, profile version) falls below the rate. Re-profiling the same
 * manifest with the same profiles selects the same containers (no clock, no Math.random), yet
 * carriers cannot predict it without the profile version, and a new version reshuffles.
 */
export function randomDraw(unit: ContainerUnit, profileVersion: string): number {
  const v = unit.voyage;
  return unitInterval(
    `${v.imoNumber ?? v.vesselName}|${v.voyageNumber}|${unit.container.number}|${profileVersion}`,
  );
}

/** FNV-1a over UTF-16 code units with a murmur3 finaliser: uniform in [0, 1). */
export function unitInterval(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
