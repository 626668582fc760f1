import type { BillOfLading, Container, ContainerUnit, Manifest } from '#schemas/manifest.ts';

/**
 * Splits a manifest into the units the profiler scores, so that nothing declared escapes:
 *  - one per declared container (with or without a B/L), with every B/L that has goods in it.
 *    A B/L's goods are restricted to those stowed in the container; goods that name no
 *    declared container travel in every container of their B/L (common in CSV exports);
 *  - one per B/L that is in no such unit (not yet stowed, or none of its containers is
 *    declared), on a stand-in container marked `noContainerDeclared`, so its parties are
 *    screened and its goods profiled all the same.
 * Containers and B/Ls are shared by reference, not copied, so this stays cheap for 20,000
 * containers.
 */
export function containerUnits(manifest: Manifest): ContainerUnit[] {
  const declared = new Set<string>();
  for (const container of manifest.containers) declared.add(container.number);

  const blsByContainer = new Map<string, BillOfLading[]>();
  const withoutContainer: BillOfLading[] = [];
  for (const bl of manifest.billsOfLading) {
    const inBl = new Set<string>();
    for (const number of bl.containers) if (declared.has(number)) inBl.add(number);
    for (const goods of bl.goods) for (const c of goods.containers) if (declared.has(c)) inBl.add(c);
    if (inBl.size === 0) withoutContainer.push(bl);
    for (const number of inBl) {
      const list = blsByContainer.get(number);
      if (list) list.push(bl);
      else blsByContainer.set(number, [bl]);
    }
  }

  const units: ContainerUnit[] = manifest.containers.map((declaredContainer) => {
    // A declared container is never a stand-in, whatever a (JSON) file says: the mark turns
    // container indicators off.
    const container = declaredContainer.noContainerDeclared
      ? { ...declaredContainer, noContainerDeclared: undefined }
      : declaredContainer;
    const bls = blsByContainer.get(container.number) ?? [];
    return {
      voyage: manifest.voyage,
      container,
      billsOfLading: bls.map((bl) => restrictGoods(bl, container.number, declared)),
    };
  });

  // B/Ls with the same number (possible in CUSCAR) share one stand-in: keys stay unique.
  const byKey = new Map<string, BillOfLading[]>();
  for (const bl of withoutContainer) {
    const key = noContainerKey(bl.number);
    const list = byKey.get(key);
    if (list) list.push(bl);
    else byKey.set(key, [bl]);
  }
  for (const [key, bls] of byKey) {
    units.push({ voyage: manifest.voyage, container: standInContainer(key), billsOfLading: bls });
  }
  return units;
}

/** The stand-in container of a B/L that declares none. */
function standInContainer(key: string): Container {
  return { number: key, seals: [], status: 'full', shipperOwned: false, noContainerDeclared: true };
}

/** Prefix of stand-in keys. A declared container number never holds `-` (it is normalised away). */
export const NO_CONTAINER_PREFIX = 'NO-CONTAINER-';

/** Whether a unit's container is the stand-in of a B/L without container (mark and key agree). */
export function isStandIn(container: Container): boolean {
  return container.noContainerDeclared === true && container.number.startsWith(NO_CONTAINER_PREFIX);
}
const MAX_KEY_CHARS = 40;

/**
 * The stand-in key of a B/L without container: `NO-CONTAINER-{B/L number}` when the number is
 * short and plain (letters and digits), else its letters and digits, cut, plus a hash of the
 * whole number. Deterministic (a re-profiling finds the same flag), bounded, and safe in
 * DynamoDB keys and URL paths (flag ids are `{manifestId}_{containerNumber}`).
 */
export function noContainerKey(blNumber: string): string {
  const plain = blNumber.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (plain === blNumber && plain.length > 0 && plain.length <= MAX_KEY_CHARS)
    return `${NO_CONTAINER_PREFIX}${plain}`;
  return `${NO_CONTAINER_PREFIX}${plain.slice(0, MAX_KEY_CHARS)}-${fnv1a(blNumber)}`;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0').toUpperCase();
}

function restrictGoods(
  bl: BillOfLading,
  containerNumber: string,
  declared: ReadonlySet<string>,
): BillOfLading {
  // Goods naming no declared container would otherwise be in no unit at all.
  const here = (g: BillOfLading['goods'][number]) =>
    g.containers.length === 0 ||
    g.containers.includes(containerNumber) ||
    !g.containers.some((c) => declared.has(c));
  if (bl.goods.every(here)) return bl;
  return { ...bl, goods: bl.goods.filter(here) };
}
