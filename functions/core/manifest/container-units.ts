import type { BillOfLading, ContainerUnit, Manifest } from '#schemas/manifest.ts';

/**
 * Splits a manifest into the units the profiler scores: one per container, with every B/L
 * that has goods in it. A B/L's goods are restricted to those stowed in the container; goods
 * that name no container travel in every container of their B/L (common in CSV exports).
 * Containers and B/Ls are shared by reference, not copied, so this stays cheap for 20,000
 * containers.
 */
export function containerUnits(manifest: Manifest): ContainerUnit[] {
  const blsByContainer = new Map<string, BillOfLading[]>();
  for (const bl of manifest.billsOfLading) {
    const inBl = new Set(bl.containers);
    for (const goods of bl.goods) for (const c of goods.containers) inBl.add(c);
    for (const number of inBl) {
      const list = blsByContainer.get(number);
      if (list) list.push(bl);
      else blsByContainer.set(number, [bl]);
    }
  }

  return manifest.containers.map((container) => {
    const bls = blsByContainer.get(container.number) ?? [];
    return {
      voyage: manifest.voyage,
      container,
      billsOfLading: bls.map((bl) => restrictGoods(bl, container.number)),
    };
  });
}

function restrictGoods(bl: BillOfLading, containerNumber: string): BillOfLading {
  const allHere = bl.goods.every((g) => g.containers.length === 0 || g.containers.includes(containerNumber));
  if (allHere) return bl;
  return {
    ...bl,
    goods: bl.goods.filter((g) => g.containers.length === 0 || g.containers.includes(containerNumber)),
  };
}
