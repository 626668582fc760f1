import type {
  BillOfLading,
  Container,
  GoodsItem,
  Manifest,
  ManifestInput,
  Party,
} from '#schemas/manifest.ts';
import { formatEdifactNumber, isoToEdifactDate, splitText } from './cuscar-values.ts';

/**
 * Manifest model -> one UN/EDIFACT CUSCAR D03B interchange (UNOW = UTF-8, syntax version 4),
 * the inverse of parseCuscar: parseCuscar(writeCuscar(m)) gives m back (docs/cuscar.md lists
 * the few exceptions: line breaks in text become spaces, a word longer than an EDIFACT text
 * component gets a space where it was cut, and times are written to the minute).
 *
 * Layout: the voyage (TDT, DTM, LOC, NAD+CA), every container in the manifest's order (EQD,
 * MEA, SEL, at message level), then one CNI group per B/L with its references, places,
 * parties, goods items (GID, FTX, PCI, MEA, CST, SGP, DGS) and an EQD naming each of its
 * containers.
 */
export interface CuscarWriteOptions {
  /** UNB sender and recipient identifications. */
  sender?: string;
  recipient?: string;
  /** Interchange control reference (UNB/UNZ), at most 14 characters. */
  reference?: string;
  /** Preparation date and time (UNB, DTM+137); default now. */
  preparedAt?: Date;
  /** Text after each segment terminator; default a line break (readable, and tolerated everywhere). */
  segmentSuffix?: string;
}

const RELEASE = /[?'+:]/g;

/** Escapes EDIFACT's special characters with the release character; no line breaks in data. */
function esc(value: string): string {
  return value.replace(/\r\n|[\r\n]/g, ' ').replace(RELEASE, '?$&');
}

class SegmentWriter {
  readonly parts: string[] = [];
  count = 0;
  constructor(private readonly suffix: string) {}

  /** Elements are arrays of components (already escaped); trailing empty ones are dropped. */
  add(tag: string, ...elements: (string | string[])[]): void {
    const rendered = elements.map((e) => (Array.isArray(e) ? trimEnd(e).join(':') : e));
    const kept = trimEnd(rendered);
    this.parts.push(kept.length > 0 ? `${tag}+${kept.join('+')}'${this.suffix}` : `${tag}'${this.suffix}`);
    this.count++;
  }
}

function trimEnd(values: string[]): string[] {
  let n = values.length;
  while (n > 0 && values[n - 1] === '') n--;
  return n === values.length ? values : values.slice(0, n);
}

export function writeCuscar(manifest: Manifest | ManifestInput, options: CuscarWriteOptions = {}): string {
  const suffix = options.segmentSuffix ?? '\n';
  const prepared = options.preparedAt ?? new Date();
  const stamp = prepared.toISOString();
  const date = `${stamp.slice(0, 4)}${stamp.slice(5, 7)}${stamp.slice(8, 10)}`;
  const time = `${stamp.slice(11, 13)}${stamp.slice(14, 16)}`;
  const reference = (options.reference ?? `${date.slice(2)}${time}`).slice(0, 14);
  const v = manifest.voyage;

  const head: string[] = [`UNA:+.? '${suffix}`];
  head.push(
    `UNB+UNOW:4+${esc(options.sender ?? 'PCU-TARGETING')}+${esc(options.recipient ?? 'CUSTOMS')}+${date}:${time}+${esc(reference)}'${suffix}`,
  );

  const w = new SegmentWriter(suffix);
  w.add('UNH', '1', ['CUSCAR', 'D', '03B', 'UN']);
  // 85 = customs manifest; 9 = original.
  w.add('BGM', '85', esc(v.voyageNumber), '9');
  w.add('DTM', ['137', `${date}${time}`, '203']);

  // C222: 8213 IMO (code list 146, agency 11 = Lloyd's) or call sign (103) : name : nationality.
  const means = v.imoNumber
    ? [esc(v.imoNumber), '146', '11', esc(v.vesselName), v.flag ?? '']
    : v.callSign
      ? [esc(v.callSign), '103', '', esc(v.vesselName), v.flag ?? '']
      : ['', '', '', esc(v.vesselName), v.flag ?? ''];
  // 20 = main carriage; 1 = maritime transport; 13 = ocean vessel.
  w.add('TDT', '20', esc(v.voyageNumber), '1', '13', '', '', '', means);
  if (v.imoNumber && v.callSign) w.add('RFF', ['VM', esc(v.callSign)]);
  if (v.eta) {
    const d = isoToEdifactDate(v.eta);
    if (d) w.add('DTM', ['132', esc(d[0]), d[1]]);
  }
  w.add('LOC', '11', [v.reportingPort, '139', '6']);
  for (const port of v.previousPortsOfCall ?? []) w.add('LOC', '125', [port, '139', '6']);
  if (v.carrier) w.add('NAD', 'CA', '', '', splitText(v.carrier, 35).map(esc));

  for (const container of manifest.containers) writeContainer(w, container);

  manifest.billsOfLading.forEach((bl, i) => {
    writeBillOfLading(w, bl, i + 1);
  });

  w.add('UNT', String(w.count + 1), '1');
  return `${head.join('')}${w.parts.join('')}UNZ+1+${esc(reference)}'${suffix}`;
}

function writeContainer(w: SegmentWriter, c: Container | ManifestInput['containers'][number]): void {
  // 8077: 1 = shipper supplied, 2 = carrier supplied; 8169: 4 = empty, 5 = full.
  w.add(
    'EQD',
    'CN',
    esc(c.number),
    c.isoType ? [esc(c.isoType), '6346', '5'] : '',
    c.shipperOwned ? '1' : '2',
    '',
    c.status === 'empty' ? '4' : '5',
  );
  if (c.verifiedGrossMassKg !== undefined) {
    w.add('MEA', 'AAE', 'VGM', ['KGM', formatEdifactNumber(c.verifiedGrossMassKg)]);
  }
  for (const seal of c.seals ?? []) w.add('SEL', esc(seal));
}

function writeParty(w: SegmentWriter, qualifier: string, party: Party): void {
  // C058 carries the address lines, C080 the name: a reader can tell them apart.
  const address = party.address ? splitText(party.address, 35).map(esc) : [];
  w.add(
    'NAD',
    qualifier,
    party.identifier ? esc(party.identifier) : '',
    address,
    splitText(party.name, 35).map(esc),
    '',
    '',
    '',
    '',
    party.country ?? '',
  );
}

function writeBillOfLading(
  w: SegmentWriter,
  bl: BillOfLading | ManifestInput['billsOfLading'][number],
  seq: number,
): void {
  w.add('CNI', String(seq), esc(bl.number));
  if (bl.type === 'house') {
    w.add('RFF', ['BH', esc(bl.number)]);
    if (bl.masterNumber) w.add('RFF', ['MB', esc(bl.masterNumber)]);
  } else {
    w.add('RFF', ['BM', esc(bl.number)]);
  }
  if (bl.freightTerms) {
    // 4237 payment arrangement: P prepaid, C collect, A payable elsewhere.
    const code = bl.freightTerms === 'prepaid' ? 'P' : bl.freightTerms === 'collect' ? 'C' : 'A';
    w.add('CPI', '4', '', code);
  }
  const loc = (qualifier: string, code: string | undefined) => {
    if (code) w.add('LOC', qualifier, [code, '139', '6']);
  };
  loc('88', bl.placeOfReceipt);
  loc('9', bl.portOfLoading);
  for (const port of bl.transshipmentPorts ?? []) loc('13', port);
  loc('11', bl.portOfDischarge);
  loc('7', bl.placeOfDelivery);
  if (bl.shipper) writeParty(w, 'CZ', bl.shipper);
  if (bl.consignee) writeParty(w, 'CN', bl.consignee);
  (bl.notifyParties ?? []).forEach((party, i) => {
    writeParty(w, i === 0 ? 'N1' : 'N2', party);
  });
  if (bl.forwarder) writeParty(w, 'FW', bl.forwarder);
  for (const goods of bl.goods ?? []) writeGoods(w, goods);
  // The containers themselves are declared at message level; these EQDs link them to the B/L.
  for (const number of bl.containers ?? []) w.add('EQD', 'CN', esc(number));
}

function writeGoods(
  w: SegmentWriter,
  g: GoodsItem | NonNullable<ManifestInput['billsOfLading'][number]['goods']>[number],
): void {
  const packages =
    g.packageCount !== undefined || g.packageType
      ? [g.packageCount !== undefined ? String(g.packageCount) : '', g.packageType ? esc(g.packageType) : '']
      : '';
  w.add('GID', String(g.lineNumber), packages);
  const text = g.description ? splitText(g.description, 512).map(esc) : [];
  for (let i = 0; i < text.length; i += 5) w.add('FTX', 'AAA', '', '', text.slice(i, i + 5));
  const marks = g.marks ? splitText(g.marks, 35).map(esc) : [];
  for (let i = 0; i < marks.length; i += 10) w.add('PCI', '', marks.slice(i, i + 10));
  if (g.grossWeightKg !== undefined) w.add('MEA', 'AAE', 'G', ['KGM', formatEdifactNumber(g.grossWeightKg)]);
  if (g.volumeM3 !== undefined) w.add('MEA', 'AAE', 'AAW', ['MTQ', formatEdifactNumber(g.volumeM3)]);
  if (g.hsCode) w.add('CST', String(g.lineNumber), esc(g.hsCode));
  for (const number of g.containers ?? []) w.add('SGP', esc(number));
  // 8273 IMD = IMO IMDG code; C234 7124 = UN number.
  if (g.dangerousGoodsUn) w.add('DGS', 'IMD', '', esc(g.dangerousGoodsUn));
}
