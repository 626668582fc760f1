import type { BillOfLading, Container, GoodsItem, Manifest, Party } from '#schemas/manifest.ts';
import { CSV_COLUMNS, type CsvColumn, type CsvLevel } from './csv-columns.ts';

/**
 * Writes a manifest as the documented CSV (exactly the columns of csv-columns.ts, in order),
 * one row per B/L x container x goods line, so that parsing it gives the same model back.
 * The rail, road and air columns (`modal` in csv-columns.ts) are written only for a manifest
 * that uses one of their fields, so a sea manifest is written exactly as before modes existed.
 * What the layout cannot express (documented): a party name containing `|`, the order of a
 * goods item's containers when it differs from its B/L's container order, and the order of
 * the top-level container list (rebuilt in order of first mention).
 */
export function writeManifestCsv(manifest: Manifest): string {
  let out = '';
  for (const line of manifestCsvLines(manifest)) out += line;
  return out;
}

/** The same CSV as writeManifestCsv, line by line (`\n` line ends), for large manifests. */
export function* manifestCsvLines(manifest: Manifest): Generator<string> {
  const modal = usesModalFields(manifest);
  const layout = modal ? MODAL_LAYOUT : SEA_LAYOUT;
  const blCells = modal ? (bl: BillOfLading) => [...seaBlCells(bl), ...modalBlCells(bl)] : seaBlCells;
  const containerCells = modal
    ? (c: Partial<Container> & { number: string }) => [...seaContainerCells(c), c.kind]
    : seaContainerCells;
  const { EMPTY_GOODS, EMPTY_CONTAINER, BL_COLUMNS } = layout;
  yield `${layout.header}\n`;
  const v = manifest.voyage;
  const voyageCells = [
    v.vesselName,
    v.imoNumber,
    v.callSign,
    v.flag,
    v.voyageNumber,
    v.carrier,
    v.eta,
    v.reportingPort,
    v.previousPortsOfCall.join('|'),
    ...(modal
      ? [
          v.mode,
          v.trainNumber,
          v.borderStation,
          v.truckRegistration,
          v.trailerRegistration,
          v.tirCarnet,
          v.flightNumber,
          v.aircraftRegistration,
        ]
      : []),
  ];
  const voyage = voyageCells.map(cell).join(',');
  const containers = new Map(manifest.containers.map((c) => [c.number, c]));
  const mentioned = new Set<string>();

  for (const bl of manifest.billsOfLading) {
    const blPart = `${voyage},${blCells(bl).map(cell).join(',')}`;
    const numbers = [...bl.containers];
    for (const goods of bl.goods) for (const n of goods.containers) if (!numbers.includes(n)) numbers.push(n);
    let rows = 0;
    for (const number of numbers) {
      mentioned.add(number);
      const containerPart = containerCells(containers.get(number) ?? { number })
        .map(cell)
        .join(',');
      let any = false;
      for (const goods of bl.goods) {
        if (!goods.containers.includes(number)) continue;
        any = true;
        rows++;
        yield `${blPart},${containerPart},${goodsCells(goods).map(cell).join(',')}\n`;
      }
      if (!any) {
        rows++;
        yield `${blPart},${containerPart}${EMPTY_GOODS}\n`;
      }
    }
    for (const goods of bl.goods) {
      if (goods.containers.length > 0) continue;
      rows++;
      yield `${blPart}${EMPTY_CONTAINER},${goodsCells(goods).map(cell).join(',')}\n`;
    }
    if (rows === 0) yield `${blPart}${EMPTY_CONTAINER}${EMPTY_GOODS}\n`;
  }
  // Containers no B/L mentions (empties being repositioned): container-only rows.
  const emptyBl = ','.repeat(BL_COLUMNS - 1);
  for (const container of manifest.containers) {
    if (mentioned.has(container.number)) continue;
    mentioned.add(container.number);
    yield `${voyage},${emptyBl},${containerCells(container).map(cell).join(',')}${EMPTY_GOODS}\n`;
  }
}

/** The header and the empty cells of one level, for the columns written. */
function layoutOf(columns: readonly CsvColumn[]) {
  const count = (level: CsvLevel) => columns.filter((c) => c.level === level).length;
  return {
    header: columns.map((c) => c.name).join(','),
    BL_COLUMNS: count('bl'),
    EMPTY_CONTAINER: ','.repeat(count('container')),
    EMPTY_GOODS: ','.repeat(count('goods')),
  };
}
const SEA_LAYOUT = layoutOf((CSV_COLUMNS as readonly CsvColumn[]).filter((c) => !c.modal));
const MODAL_LAYOUT = layoutOf(CSV_COLUMNS);

/** Whether any rail, road or air field is set (then the modal columns are written). */
function usesModalFields(manifest: Manifest): boolean {
  const v = manifest.voyage;
  if (
    v.mode !== undefined ||
    v.trainNumber !== undefined ||
    v.borderStation !== undefined ||
    v.truckRegistration !== undefined ||
    v.trailerRegistration !== undefined ||
    v.tirCarnet !== undefined ||
    v.flightNumber !== undefined ||
    v.aircraftRegistration !== undefined
  )
    return true;
  for (const bl of manifest.billsOfLading)
    if (bl.documentType !== undefined || bl.pieceCount !== undefined || bl.grossWeightKg !== undefined)
      return true;
  return manifest.containers.some((c) => c.kind !== undefined);
}

type Cell = string | number | undefined;

function partyCells(party: Party | undefined): Cell[] {
  return [party?.name, party?.address, party?.country, party?.identifier];
}

function seaBlCells(bl: BillOfLading): Cell[] {
  const notify = bl.notifyParties;
  const join = (pick: (p: Party) => string | undefined) =>
    notify.length === 0 ? '' : notify.map((p) => (pick(p) ?? '').replace(/\|/g, '/')).join('|');
  return [
    bl.number,
    bl.type,
    bl.masterNumber,
    ...partyCells(bl.shipper),
    ...partyCells(bl.consignee),
    join((p) => p.name),
    join((p) => p.address),
    join((p) => p.country),
    join((p) => p.identifier),
    ...partyCells(bl.forwarder),
    bl.placeOfReceipt,
    bl.portOfLoading,
    bl.transshipmentPorts.join('|'),
    bl.portOfDischarge,
    bl.placeOfDelivery,
    bl.freightTerms,
  ];
}

function modalBlCells(bl: BillOfLading): Cell[] {
  return [bl.documentType, bl.pieceCount, bl.grossWeightKg];
}

function seaContainerCells(c: Partial<Container> & { number: string }): Cell[] {
  return [
    c.number,
    c.isoType,
    (c.seals ?? []).join('|'),
    c.status,
    c.shipperOwned === undefined ? undefined : c.shipperOwned ? 'yes' : 'no',
    c.verifiedGrossMassKg,
  ];
}

function goodsCells(g: GoodsItem): Cell[] {
  return [
    g.lineNumber,
    g.description,
    g.hsCode,
    g.packageCount,
    g.packageType,
    g.grossWeightKg,
    g.volumeM3,
    g.marks,
    g.dangerousGoodsUn,
  ];
}

/** RFC 4180 quoting; cells are written as data (a formula-like cell is not neutralised). */
function cell(value: Cell): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
