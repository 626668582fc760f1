import type { Container, Manifest } from '#schemas/manifest.ts';
import type { ReportBuilder } from './report-builder.ts';

/**
 * Checks that need the whole manifest, the same for every format: a container declared twice
 * (first kept), a full container no B/L mentions, a B/L or goods item naming a container that
 * is not declared. All are warnings: the profiler still scores what is there.
 */
export function checkAcrossRecords(manifest: Manifest, report: ReportBuilder): Manifest {
  const byNumber = new Map<string, Container>();
  const containers: Container[] = [];
  for (const container of manifest.containers) {
    const first = byNumber.get(container.number);
    if (!first) {
      byNumber.set(container.number, container);
      containers.push(container);
    } else if (JSON.stringify(first) !== JSON.stringify(container)) {
      report.warning(
        'DUPLICATE_CONTAINER',
        { field: 'containers' },
        `Container ${container.number} is declared twice with different details; the first is kept.`,
        `container ${container.number}`,
      );
    }
  }

  const referenced = new Set<string>();
  for (const bl of manifest.billsOfLading) {
    const unknown = new Set<string>();
    for (const number of bl.containers) {
      referenced.add(number);
      if (!byNumber.has(number)) unknown.add(number);
    }
    for (const goods of bl.goods) {
      for (const number of goods.containers) {
        referenced.add(number);
        if (!byNumber.has(number)) unknown.add(number);
      }
    }
    for (const number of unknown) {
      report.warning(
        'GOODS_CONTAINER_UNKNOWN',
        { field: 'containers' },
        `B/L ${bl.number} refers to container ${number}, which is not declared; its goods are profiled with the B/L.`,
        `B/L ${bl.number}`,
      );
    }
  }
  for (const container of containers) {
    // Empty containers are repositioned without a B/L every day; only a full one is suspicious.
    if (container.status === 'full' && !referenced.has(container.number)) {
      report.warning(
        'CONTAINER_WITHOUT_BL',
        { field: 'containers' },
        `Full container ${container.number} is not linked to any bill of lading.`,
        `container ${container.number}`,
      );
    }
  }
  return containers.length === manifest.containers.length ? manifest : { ...manifest, containers };
}
