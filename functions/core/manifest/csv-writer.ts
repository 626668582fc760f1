import type { BillOfLading, Container, GoodsItem, Manifest, Party } from '#schemas/manifest.ts';
import { CSV_COLUMNS } from './csv-columns.ts';

/**
 * Writes a manifest as the documented CSV (exactly the columns of csv-columns.ts, in order),
 * one row per B/L x container x goods line, so that parsing it gives the same model back.
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
  yield `${CSV_COLUMNS.map((c) => c.name).join(',')}\n`;
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

const BL_COLUMNS = CSV_COLUMNS.filter((c) => c.level === 'bl').length;
const CONTAINER_COLUMNS = CSV_COLUMNS.filter((c) => c.level === 'container').length;
const GOODS_COLUMNS = CSV_COLUMNS.filter((c) => c.level === 'goods').length;
const EMPTY_GOODS = ','.repeat(GOODS_COLUMNS);
const EMPTY_CONTAINER = ','.repeat(CONTAINER_COLUMNS);

type Cell = string | number | undefined;

function partyCells(party: Party | undefined): Cell[] {
  return [party?.name, party?.address, party?.country, party?.identifier];
}

function blCells(bl: BillOfLading): Cell[] {
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

function containerCells(c: Partial<Container> & { number: string }): Cell[] {
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
