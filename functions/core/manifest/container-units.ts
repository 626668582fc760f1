import type { BillOfLading, Container, ContainerUnit, Manifest, Voyage } from '#schemas/manifest.ts';
import { containersOf } from './cross-record-checks.ts';

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
    for (const number of containersOf(bl)) {
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

/**
 * Builds the same units as containerUnits while the B/Ls stream by (a second reading of a
 * streamed manifest), from the index of the first reading: which containers there are and
 * which B/L is the last to name each. A unit is handed out as soon as its last B/L is read,
 * so only the B/Ls of containers still waiting for a later B/L are held.
 */
export class UnitAssembler {
  private readonly pending = new Map<string, BillOfLading[]>();
  private ordinal = 0;

  constructor(
    private readonly voyage: Voyage,
    private readonly index: {
      containers: ReadonlyMap<string, Container>;
      lastBillOfLading: ReadonlyMap<string, number>;
    },
  ) {}

  /** Adds the next B/L in reading order; returns the units it completes. */
  addBillOfLading(bl: BillOfLading): ContainerUnit[] {
    const ordinal = this.ordinal++;
    const done: ContainerUnit[] = [];
    for (const number of containersOf(bl)) {
      const container = this.index.containers.get(number);
      if (!container) continue;
      let bls = this.pending.get(number);
      if (!bls) {
        bls = [];
        this.pending.set(number, bls);
      }
      bls.push(restrictGoods(bl, number));
      if (this.index.lastBillOfLading.get(number) === ordinal) {
        this.pending.delete(number);
        done.push({ voyage: this.voyage, container, billsOfLading: bls });
      }
    }
    return done;
  }

  /** Once every B/L is in: the containers no B/L names (and any still waiting, which a changed file would leave). */
  finish(): ContainerUnit[] {
    const done: ContainerUnit[] = [];
    for (const [number, container] of this.index.containers) {
      const bls = this.pending.get(number);
      if (bls || !this.index.lastBillOfLading.has(number)) {
        done.push({ voyage: this.voyage, container, billsOfLading: bls ?? [] });
      }
    }
    this.pending.clear();
    return done;
  }
}
