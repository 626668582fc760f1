import { awbNumberProblems, normaliseAwbNumber } from '#core/identifiers/air-waybill.ts';
import { countryProblems } from '#core/identifiers/country.ts';
import { hsCodeProblems, normaliseHsCode } from '#core/identifiers/hs-code.ts';
import { airportLocode, locationProblems } from '#core/identifiers/locations.ts';
import { normaliseLocode } from '#core/identifiers/locode.ts';
import type { Problem } from '#core/identifiers/problem.ts';
import { normaliseUldId, uldIdProblems } from '#core/identifiers/uld.ts';
import type {
  BillOfLading,
  Container,
  DataQualityIssue,
  GoodsItem,
  ManifestInput,
  Party,
} from '#schemas/manifest.ts';
import { ISSUE_CODES, type IssueLocation } from '#schemas/validation-report.ts';
import { massToKg, volumeToM3 } from './cuscar-values.ts';
import { noteDataQuality } from './data-quality.ts';
import type { RecordScope, ReportBuilder } from './report-builder.ts';

/**
 * What the Cargo-XML (XFWB, XFZB) and Cargo-IMP (FWB, FHL) readers extract from an air waybill
 * message, each value with where it was (an XML path or a message line), and the one
 * conversion of it into the manifest model: identifiers checked (AWB mod 7, ULD ids, HS codes,
 * countries), IATA airport codes mapped to UN/LOCODE, weights and volumes converted, problems
 * reported at the value's position and kept on the record as data quality.
 */
export interface Located {
  value: string;
  at: IssueLocation;
}

export interface Measure extends Located {
  /** As declared: `KGM`, `K`, `LBR`, `L`; `MTQ`, `MC`, `CMQ`, `CC` ... */
  unit: string;
}

export interface AirParty {
  name?: Located;
  /** Street, place, postcode, country name as declared, joined into the model's address. */
  addressLines: string[];
  country?: Located;
  /** Tax or registration number (a customs note of the party's role, an account number). */
  identifier?: string;
}

export interface AirFlight {
  number?: Located;
  /** ISO date of departure when the message gives it. */
  date?: string;
  from?: Located;
  to?: Located;
  arrival?: string;
}

export interface AirGoods {
  lineNumber: number;
  description?: string;
  hsCode?: Located;
  pieces?: Located;
  weight?: Measure;
  volume?: Measure;
}

export interface AirWaybillRecord {
  kind: 'master' | 'house';
  /** e.g. `XFWB /Waybill`, `FHL line 4 (HBS)`: how the report names the record. */
  label: string;
  at: IssueLocation;
  number?: Located;
  /** House waybills: the master AWB they travel under. */
  masterNumber?: Located;
  shipper?: AirParty;
  consignee?: AirParty;
  forwarder?: AirParty;
  notify: AirParty[];
  origin?: Located;
  destination?: Located;
  flights: AirFlight[];
  pieces?: Located;
  weight?: Measure;
  volume?: Measure;
  goods: AirGoods[];
  ulds: Located[];
  prepaid?: boolean;
}

export interface AirMessage {
  waybills: AirWaybillRecord[];
  /** Message-level flights (XFWB movements, FWB FLT) when the waybills do not carry their own. */
  flights: AirFlight[];
}

/** Cargo-IMP volume codes (MC cubic metres, CC cubic centimetres, CF cubic feet, CI cubic inches) and UN/ECE Rec. 20. */
const AIR_VOLUME_M3: Record<string, number> = {
  MC: 1,
  CC: 1e-6,
  CMQ: 1e-6,
  DMQ: 1e-3,
  CF: 0.028316846592,
  CI: 1.6387064e-5,
};

export interface AirConversionOptions {
  reportingPort?: string;
}

/**
 * The manifest of one air message: the voyage is the flight into the reporting airport (the
 * waybills' destination), every waybill a transport document of type `air-waybill`, every ULD
 * a piece of equipment of kind `uld`; loose pieces name no equipment.
 */
export function airMessageToManifest(
  message: AirMessage,
  report: ReportBuilder,
  options: AirConversionOptions,
): ManifestInput | undefined {
  const billsOfLading: BillOfLading[] = [];
  const containers = new Map<string, Container>();
  for (const waybill of message.waybills) {
    const bl = convertWaybill(waybill, report, containers);
    if (bl) billsOfLading.push(bl);
  }
  const voyage = voyageOf(message, billsOfLading, report, options);
  if (!voyage) return undefined;
  return { voyage, billsOfLading, containers: [...containers.values()] };
}

function voyageOf(
  message: AirMessage,
  bls: BillOfLading[],
  report: ReportBuilder,
  options: AirConversionOptions,
): ManifestInput['voyage'] | undefined {
  const first = message.waybills[0];
  const flights = message.flights.length ? message.flights : (first?.flights ?? []);
  const destination = bls.find((bl) => bl.portOfDischarge)?.portOfDischarge;
  const reportingPort =
    destination ?? (options.reportingPort ? normaliseLocode(options.reportingPort) : undefined);
  if (!reportingPort) {
    report.fileError(
      'REQUIRED_FIELD',
      'No waybill names a destination airport that maps to a UN/LOCODE, and no reporting port is known from outside the file.',
      { field: 'reportingPort', ...(first?.at ?? {}) },
    );
    return undefined;
  }
  if (!destination) {
    report.warning(
      'REQUIRED_FIELD',
      { field: 'reportingPort' },
      `No waybill names a destination airport; the port known from outside the file, ${reportingPort}, is used.`,
    );
  }
  // The flight into the reporting airport is the conveyance; without one, the last flight declared.
  const inbound =
    flights.find((f) => f.to && airportCode(f.to.value) === reportingPort) ?? flights[flights.length - 1];
  const flightNumber = inbound?.number?.value.replace(/\s+/g, '').toUpperCase();
  const master = first?.kind === 'master' ? first.number : first?.masterNumber;
  if (!flightNumber) {
    report.warning(
      'REQUIRED_FIELD',
      first?.at ?? {},
      `The message names no flight (usual for house waybills, whose flight is on the master's XFWB/FWB or the flight manifest); the voyage is identified by the master AWB${master ? ` ${master.value}` : ''}.`,
    );
  }
  const masterAwb = master ? normaliseAwbNumber(master.value) : undefined;
  const name = flightNumber ?? (masterAwb ? `AWB ${masterAwb}` : 'flight not declared');
  const previous: string[] = [];
  for (const f of flights) {
    const code = f.from ? airportCode(f.from.value) : undefined;
    if (code && code !== reportingPort && !previous.includes(code)) previous.push(code);
  }
  return {
    mode: 'air',
    vesselName: name,
    voyageNumber: flightNumber
      ? `${flightNumber}${inbound?.date ? `/${inbound.date}` : ''}`
      : (masterAwb ?? name),
    ...(flightNumber && { flightNumber, carrier: flightNumber.slice(0, 2) }),
    ...(inbound?.arrival && { eta: inbound.arrival }),
    reportingPort,
    previousPortsOfCall: previous,
  };
}

/** An IATA airport code, or a UN/LOCODE written in its place, as a UN/LOCODE. */
function airportCode(raw: string): string | undefined {
  const code = raw.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(code)) return airportLocode(code);
  const locode = normaliseLocode(code);
  return /^[A-Z]{2}[A-Z0-9]{3}$/.test(locode) ? locode : undefined;
}

function convertWaybill(
  waybill: AirWaybillRecord,
  report: ReportBuilder,
  containers: Map<string, Container>,
): BillOfLading | undefined {
  const scope = report.record(waybill.label);
  const notes: DataQualityIssue[] = [];
  const check = (problems: Problem[], at: IssueLocation, field: string, value: string) => {
    scope.problems(problems, { ...at, field });
    for (const p of problems) if (p.severity === 'error') notes.push({ code: p.code, field, value });
  };
  if (!waybill.number?.value.trim()) {
    scope.error(
      'REQUIRED_FIELD',
      { ...waybill.at, field: 'number' },
      `The ${waybill.kind} waybill has no number.`,
    );
    scope.setAside();
    return undefined;
  }
  // Master numbers are AWB numbers; a house number is the forwarder's own reference.
  const number =
    waybill.kind === 'master'
      ? normaliseAwbNumber(waybill.number.value)
      : waybill.number.value.trim().toUpperCase();
  scope.label = `${waybill.label}: ${waybill.kind === 'master' ? 'AWB' : 'house AWB'} ${number}`;
  if (waybill.kind === 'master') check(awbNumberProblems(number), waybill.number.at, 'number', number);
  let masterNumber: string | undefined;
  if (waybill.masterNumber) {
    masterNumber = normaliseAwbNumber(waybill.masterNumber.value);
    check(awbNumberProblems(masterNumber), waybill.masterNumber.at, 'masterNumber', masterNumber);
  }

  const airport = (place: Located | undefined, field: string): string | undefined => {
    if (!place) return undefined;
    const code = airportCode(place.value);
    if (!code) {
      scope.error(
        'AIRPORT_UNKNOWN',
        { ...place.at, field },
        `${ISSUE_CODES.AIRPORT_UNKNOWN} Got "${place.value}".`,
      );
      notes.push({ code: 'AIRPORT_UNKNOWN', field, value: place.value });
      return undefined;
    }
    check(locationProblems(code, 'airport'), place.at, field, code);
    return code;
  };
  const portOfLoading = airport(waybill.origin, 'portOfLoading');
  const portOfDischarge = airport(waybill.destination, 'portOfDischarge');
  const transshipmentPorts: string[] = [];
  for (const f of waybill.flights) {
    const to = f.to ? airport(f.to, 'transshipmentPorts') : undefined;
    if (to && to !== portOfDischarge && !transshipmentPorts.includes(to)) transshipmentPorts.push(to);
  }

  const party = (p: AirParty | undefined, field: string): Party | undefined => {
    if (!p) return undefined;
    const name = p.name?.value.replace(/\s+/g, ' ').trim();
    if (!name) {
      scope.warning(
        'REQUIRED_FIELD',
        { ...(p.name?.at ?? waybill.at), field: `${field}.name` },
        `The ${field} has no name.`,
      );
      return undefined;
    }
    const country = p.country?.value.trim().toUpperCase();
    if (country && p.country) check(countryProblems(country), p.country.at, `${field}.country`, country);
    const address = p.addressLines
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join(', ');
    return {
      name,
      ...(address && { address }),
      ...(country && /^[A-Z]{2}$/.test(country) && { country }),
      ...(p.identifier && { identifier: p.identifier }),
    };
  };

  const goods: GoodsItem[] = [];
  const ulds: string[] = [];
  for (const uld of waybill.ulds) {
    const id = normaliseUldId(uld.value);
    scope.problems(uldIdProblems(id), { ...uld.at, field: 'containers' });
    if (!containers.has(id))
      containers.set(id, { number: id, kind: 'uld', seals: [], status: 'full', shipperOwned: false });
    ulds.push(id);
  }
  for (const item of waybill.goods) {
    const g: GoodsItem = {
      lineNumber: item.lineNumber,
      description: item.description?.replace(/\s+/g, ' ').trim() ?? '',
      containers: ulds,
    };
    if (item.hsCode) {
      const hs = normaliseHsCode(item.hsCode.value);
      const problems = hsCodeProblems(hs);
      scope.problems(problems, { ...item.hsCode.at, field: 'hsCode' });
      const error = problems.find((p) => p.severity === 'error');
      if (error) noteDataQuality(g, error.code, 'hsCode', item.hsCode.value);
      if (/^\d{4,10}$/.test(hs)) g.hsCode = hs;
    }
    const pieces = count(item.pieces, 'packageCount', scope);
    if (pieces !== undefined) g.packageCount = pieces;
    const kg = weightKg(item.weight, 'grossWeightKg', scope);
    if (kg !== undefined) g.grossWeightKg = kg;
    const m3 = volumeM3(item.volume, 'volumeM3', scope);
    if (m3 !== undefined) g.volumeM3 = m3;
    goods.push(g);
  }

  const bl: BillOfLading = {
    number,
    documentType: 'air-waybill',
    type: waybill.kind,
    ...(masterNumber && { masterNumber }),
    notifyParties: waybill.notify.map((p) => party(p, 'notify')).filter((p): p is Party => !!p),
    transshipmentPorts,
    containers: ulds,
    goods,
  };
  const shipper = party(waybill.shipper, 'shipper');
  if (shipper) bl.shipper = shipper;
  const consignee = party(waybill.consignee, 'consignee');
  if (consignee) bl.consignee = consignee;
  const forwarder = party(waybill.forwarder, 'forwarder');
  if (forwarder) bl.forwarder = forwarder;
  if (portOfLoading) bl.portOfLoading = portOfLoading;
  if (portOfDischarge) bl.portOfDischarge = portOfDischarge;
  if (waybill.prepaid !== undefined) bl.freightTerms = waybill.prepaid ? 'prepaid' : 'collect';
  const pieceCount = count(waybill.pieces, 'pieceCount', scope);
  if (pieceCount !== undefined) bl.pieceCount = pieceCount;
  const kg = weightKg(waybill.weight, 'grossWeightKg', scope);
  if (kg !== undefined) bl.grossWeightKg = kg;
  if (!bl.consignee) {
    scope.warning(
      'REQUIRED_FIELD',
      { ...waybill.at, field: 'consignee' },
      `${scope.label} names no consignee.`,
    );
  }
  if (notes.length) bl.dataQuality = notes;
  scope.keep();
  return bl;
}

function count(value: Located | undefined, field: string, scope: RecordScope): number | undefined {
  if (!value) return undefined;
  const n = Number(value.value.trim());
  if (value.value.trim() === '' || !Number.isInteger(n) || n < 0) {
    scope.error(
      'NUMBER_INVALID',
      { ...value.at, field },
      `Expected a whole number of pieces, got "${value.value}".`,
    );
    return undefined;
  }
  return n;
}

function measure(value: Measure | undefined, field: string, scope: RecordScope): number | undefined {
  if (!value) return undefined;
  const n = Number(value.value.trim());
  if (value.value.trim() === '' || !Number.isFinite(n) || n < 0) {
    scope.error('NUMBER_INVALID', { ...value.at, field }, `Got "${value.value}".`);
    return undefined;
  }
  return n;
}

function weightKg(value: Measure | undefined, field: string, scope: RecordScope): number | undefined {
  const n = measure(value, field, scope);
  if (n === undefined || !value) return undefined;
  const kg = massToKg(n, value.unit || 'KGM');
  if (kg === undefined) {
    scope.error(
      'VALUE_UNKNOWN',
      { ...value.at, field },
      `"${value.unit}" is not a weight unit (KGM, K, LBR, L).`,
    );
  }
  return kg;
}

function volumeM3(value: Measure | undefined, field: string, scope: RecordScope): number | undefined {
  const n = measure(value, field, scope);
  if (n === undefined || !value) return undefined;
  const unit = value.unit.toUpperCase();
  const factor = AIR_VOLUME_M3[unit];
  const m3 = factor !== undefined ? Math.round(n * factor * 10_000) / 10_000 : volumeToM3(n, unit);
  if (m3 === undefined) {
    scope.warning(
      'VALUE_UNKNOWN',
      { ...value.at, field },
      `"${value.unit}" is not a volume unit (MTQ, MC, CMQ, CC ...).`,
    );
  }
  return m3;
}

/** `{ key: value }` when the value is defined, else `{}` (exactOptionalPropertyTypes). */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
