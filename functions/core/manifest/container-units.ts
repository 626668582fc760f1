import type { BillOfLading, Container, ContainerUnit, Manifest, Voyage } from '#schemas/manifest.ts';

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
    const inBl = declaredContainersOf(bl, declared);
    if (inBl.length === 0) withoutContainer.push(bl);
    for (const number of inBl) {
      const list = blsByContainer.get(number);
      if (list) list.push(bl);
      else blsByContainer.set(number, [bl]);
    }
  }

  const units: ContainerUnit[] = manifest.containers.map((declaredContainer) => {
    const container = asDeclared(declaredContainer);
    const bls = blsByContainer.get(container.number) ?? [];
    return {
      voyage: manifest.voyage,
      container,
      billsOfLading: bls.map((bl) => restrictGoods(bl, container.number, declared)),
    };
  });

  const standIns = new StandInUnits();
  for (const bl of withoutContainer) standIns.add(bl);
  units.push(...standIns.units(manifest.voyage));
  return units;
}

/**
 * A declared container is never a stand-in, whatever a (JSON) file says: the mark turns
 * container indicators off.
 */
function asDeclared(container: Container): Container {
  return container.noContainerDeclared ? { ...container, noContainerDeclared: undefined } : container;
}

function declaredContainersOf(bl: BillOfLading, declared: { has(number: string): boolean }): string[] {
  return [...containersOf(bl)].filter((number) => declared.has(number));
}

/** B/Ls with the same number (possible in CUSCAR) share one stand-in: keys stay unique. */
class StandInUnits {
  private readonly byKey = new Map<string, BillOfLading[]>();

  add(bl: BillOfLading): void {
    const key = noContainerKey(bl.number);
    const list = this.byKey.get(key);
    if (list) list.push(bl);
    else this.byKey.set(key, [bl]);
  }

  units(voyage: Voyage): ContainerUnit[] {
    const units: ContainerUnit[] = [];
    for (const [key, bls] of this.byKey) {
      units.push({ voyage, container: standInContainer(key), billsOfLading: bls });
    }
    this.byKey.clear();
    return units;
  }
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
  declared: { has(number: string): boolean },
): BillOfLading {
  // Goods naming no declared container would otherwise be in no unit at all.
  const here = (g: BillOfLading['goods'][number]) =>
    g.containers.length === 0 ||
    g.containers.includes(containerNumber) ||
    !g.containers.some((c) => declared.has(c));
  if (bl.goods.every(here)) return bl;
  return { ...bl, goods: bl.goods.filter(here) };
}

/**
 * Builds the same units as containerUnits while the B/Ls stream by (a second reading of a
 * streamed manifest), from the index of the first reading: which containers there are and
 * which B/L is the last to name each. A unit is handed out as soon as its last B/L is read,
 * so only the B/Ls of containers still waiting for a later B/L are held.
 */
export class UnitAssembler {
  private readonly pending = new Map<string, BillOfLading[]>();
  /** Where each pending B/L stands in the whole model, when the reading order differs (CSV). */
  private readonly orders = new WeakMap<BillOfLading, number>();
  private reordered = false;
  // B/Ls naming no declared container wait for the end: B/Ls of one number share a stand-in.
  private readonly standIns = new StandInUnits();
  private ordinal = 0;

  constructor(
    private readonly voyage: Voyage,
    private readonly index: {
      containers: ReadonlyMap<string, Container>;
      lastBillOfLading: ReadonlyMap<string, number>;
    },
  ) {}

  /**
   * Adds the next B/L in reading order; returns the units it completes. `order`: where the
   * whole model has it, when B/Ls complete out of that order (CSV): a unit lists them in it.
   */
  addBillOfLading(bl: BillOfLading, order?: number): ContainerUnit[] {
    const ordinal = this.ordinal++;
    const done: ContainerUnit[] = [];
    const declared = declaredContainersOf(bl, this.index.containers);
    if (declared.length === 0) this.standIns.add(bl);
    for (const number of declared) {
      const container = this.index.containers.get(number);
      if (!container) continue;
      let bls = this.pending.get(number);
      if (!bls) {
        bls = [];
        this.pending.set(number, bls);
      }
      const restricted = restrictGoods(bl, number, this.index.containers);
      if (order !== undefined) {
        this.orders.set(restricted, order);
        this.reordered = true;
      }
      bls.push(restricted);
      if (this.index.lastBillOfLading.get(number) === ordinal) {
        this.pending.delete(number);
        done.push({
          voyage: this.voyage,
          container: asDeclared(container),
          billsOfLading: this.inOrder(bls),
        });
      }
    }
    return done;
  }

  /** The B/Ls of a unit in the whole model's order. */
  private inOrder(bls: BillOfLading[]): BillOfLading[] {
    if (!this.reordered || bls.length < 2) return bls;
    const order = (bl: BillOfLading) => this.orders.get(bl) ?? 0;
    return bls.sort((a, b) => order(a) - order(b));
  }

  /**
   * Once every B/L is in: the containers no B/L names (and any still waiting, which a changed
   * file would leave), then the stand-ins of the B/Ls without a declared container.
   */
  finish(): ContainerUnit[] {
    const done: ContainerUnit[] = [];
    for (const [number, container] of this.index.containers) {
      const bls = this.pending.get(number);
      if (bls || !this.index.lastBillOfLading.has(number)) {
        done.push({
          voyage: this.voyage,
          container: asDeclared(container),
          billsOfLading: bls ? this.inOrder(bls) : [],
        });
      }
    }
    this.pending.clear();
    done.push(...this.standIns.units(this.voyage));
    return done;
  }
}

/** The containers a B/L names, on the B/L or on its goods, each once, in order. */
export function containersOf(bl: BillOfLading): Set<string> {
  const named = new Set(bl.containers);
  for (const goods of bl.goods) for (const c of goods.containers) named.add(c);
  return named;
}
