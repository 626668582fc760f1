import type { BillOfLading, Container, Manifest } from '#schemas/manifest.ts';
import { containersOf, noContainerKey } from './container-units.ts';
import type { ReportBuilder } from './report-builder.ts';

/**
 * Checks that need the whole manifest, the same for every format: a container declared twice
 * (first kept), a full container no B/L mentions, a B/L or goods item naming a container that
 * is not declared. All are warnings: the profiler still scores what is there.
 */
export function checkAcrossRecords(manifest: Manifest, report: ReportBuilder): Manifest {
  const index = new CrossRecordIndex();
  const containers = manifest.containers.filter((c) => index.addContainer(c, report));
  manifest.billsOfLading.forEach((bl) => {
    index.addBillOfLading(bl);
  });
  index.finish(report);
  return containers.length === manifest.containers.length ? manifest : { ...manifest, containers };
}

/**
 * What the cross-record checks and the assembly of container units need, built record by record
 * so a streamed manifest never has to be held whole: the containers (first declaration of each
 * number), for each container the ordinal of the last B/L naming it, and each B/L's references.
 */
export class CrossRecordIndex {
  /** The first declaration of each container number, in declaration order. */
  readonly containers = new Map<string, Container>();
  /** Container number -> ordinal (0-based, in reading order) of the last B/L that names it. */
  readonly lastBillOfLading = new Map<string, number>();
  private readonly references: { number: string; containers: string[]; order: number }[] = [];
  /** Whether B/Ls came out of reading order (CSV streamed: complete at their last row). */
  private reordered = false;
  billsOfLading = 0;
  goodsItems = 0;
  /** Stand-in keys of the B/Ls that name no declared container (known once `finish` has run). */
  readonly standIns = new Set<string>();

  /** Records a container; false when it repeats an earlier one (the first is kept). */
  addContainer(container: Container, report: ReportBuilder): boolean {
    const first = this.containers.get(container.number);
    if (!first) {
      this.containers.set(container.number, container);
      return true;
    }
    if (JSON.stringify(first) !== JSON.stringify(container)) {
      report.warning(
        'DUPLICATE_CONTAINER',
        { field: 'containers' },
        `Container ${container.number} is declared twice with different details; the first is kept.`,
        `container ${container.number}`,
      );
    }
    return false;
  }

  /**
   * Records the next B/L in reading order. `order`: where the whole model would have it (a CSV
   * B/L streamed at its last row, ordered by its first), so the warnings come in the same order.
   */
  addBillOfLading(bl: BillOfLading, order?: number): void {
    const ordinal = this.billsOfLading++;
    this.goodsItems += bl.goods.length;
    const named = containersOf(bl);
    for (const number of named) this.lastBillOfLading.set(number, ordinal);
    const previous = this.references.at(-1);
    const at = order ?? ordinal;
    if (previous && previous.order > at) this.reordered = true;
    this.references.push({ number: bl.number, containers: [...named], order: at });
  }

  /**
   * The warnings that need every record: undeclared containers named by B/Ls, full containers
   * without a B/L. `droppedLinks`: numbers the B/Ls named that are no container after all
   * (CUSCAR equipment that is a truck, known at the end); the whole model drops those links.
   */
  finish(report: ReportBuilder, droppedLinks?: ReadonlySet<string>): void {
    if (this.reordered) this.references.sort((a, b) => a.order - b.order);
    for (const reference of this.references) {
      const bl = reference.number;
      const containers =
        droppedLinks && droppedLinks.size > 0
          ? reference.containers.filter((n) => !droppedLinks.has(n))
          : reference.containers;
      if (!containers.some((number) => this.containers.has(number))) this.standIns.add(noContainerKey(bl));
      for (const number of containers) {
        if (!this.containers.has(number)) {
          report.warning(
            'GOODS_CONTAINER_UNKNOWN',
            { field: 'containers' },
            `B/L ${bl} refers to container ${number}, which is not declared; its goods are profiled with the B/L.`,
            `B/L ${bl}`,
          );
        }
      }
    }
    this.references.length = 0;
    for (const container of this.containers.values()) {
      // Empty containers are repositioned without a B/L every day; only a full one is suspicious.
      if (container.status === 'full' && !this.lastBillOfLading.has(container.number)) {
        report.warning(
          'CONTAINER_WITHOUT_BL',
          { field: 'containers' },
          `Full container ${container.number} is not linked to any bill of lading.`,
          `container ${container.number}`,
        );
      }
    }
  }
}
