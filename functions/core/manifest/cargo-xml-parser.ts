import {
  type AirFlight,
  type AirGoods,
  type AirMessage,
  type AirParty,
  type AirWaybillRecord,
  type Located,
  type Measure,
  opt,
} from './air-waybills.ts';
import type { ReportBuilder } from './report-builder.ts';
import { parseXmlTree, type XmlNode, XmlSyntaxError, type XmlValue } from './xml-tree.ts';

/**
 * IATA Cargo-XML air waybills: XFWB (the master air waybill, root `Waybill` in namespace
 * `iata:waybill:1`) and XFZB (house waybills, root `HouseWaybill`, `iata:housewaybill:1`), the
 * 3.00 data model of the samples in test/fixtures/air/. Namespace prefixes are dropped; every
 * value keeps its XML path (`/Waybill/MasterConsignment/ConsignorParty/Name`) for the report.
 * A message is one document of a few kilobytes (one master, or one master's houses), read whole.
 */

/** Elements that repeat in XFWB/XFZB 3.00 and are always read as lists. */
const ARRAY_TAGS = new Set([
  'SpecifiedLogisticsTransportMovement',
  'IncludedCustomsNote',
  'ApplicableRating',
  'IncludedMasterConsignmentItem',
  'IncludedHouseConsignment',
  'IncludedHouseConsignmentItem',
  'AssociatedParty',
  'UtilizedUnitLoadTransportEquipment',
  'AssociatedUnitLoadTransportEquipment',
]);
const MAX_NESTING = 64;

/** The waybills of one XFWB or XFZB document; undefined (with a file error) when it is neither. */
export function readCargoXml(xml: string, report: ReportBuilder): AirMessage | undefined {
  let doc: XmlNode;
  try {
    doc = parseXmlTree(xml, ARRAY_TAGS, MAX_NESTING);
  } catch (err) {
    if (!(err instanceof XmlSyntaxError)) throw err;
    report.fileError(
      'XML_SYNTAX',
      `The XML is not well formed: ${err.message} (line ${err.line}, column ${err.column}).`,
      {
        line: err.line,
        column: err.column,
      },
    );
    return undefined;
  }
  const rootName = Object.keys(doc)[0];
  const root = rootName ? node(doc[rootName]) : undefined;
  if (rootName === 'Waybill' && root) return readWaybill(root);
  if (rootName === 'HouseWaybill' && root) return readHouseWaybill(root);
  report.fileError(
    'AIR_MESSAGE_UNSUPPORTED',
    `The XML root is ${rootName ? `<${rootName}>` : 'missing'}; expected <Waybill> (XFWB) or <HouseWaybill> (XFZB).`,
    { path: rootName ? `/${rootName}` : '/' },
  );
  return undefined;
}

function readWaybill(root: XmlNode): AirMessage {
  const base = '/Waybill';
  const mcPath = `${base}/MasterConsignment`;
  const mc = node(root.MasterConsignment) ?? {};
  const notes = customsIdentifiers(mc);
  const flights = list(mc.SpecifiedLogisticsTransportMovement).map((m, i) =>
    flight(node(m) ?? {}, `${mcPath}/SpecifiedLogisticsTransportMovement[${i + 1}]`),
  );
  const goods: AirGoods[] = [];
  const ulds: Located[] = [];
  list(mc.ApplicableRating).forEach((rating, r) => {
    list(node(rating)?.IncludedMasterConsignmentItem).forEach((raw, i) => {
      const item = node(raw) ?? {};
      const path = `${mcPath}/ApplicableRating[${r + 1}]/IncludedMasterConsignmentItem[${i + 1}]`;
      goods.push(goodsItem(item, path, goods.length + 1, false));
      ulds.push(...unitLoadDevices(item, path));
    });
  });
  ulds.push(...unitLoadDevices(mc, mcPath));
  const waybill: AirWaybillRecord = {
    kind: 'master',
    label: 'XFWB /Waybill',
    at: { path: base },
    ...opt('number', located(node(root.BusinessHeaderDocument)?.ID, `${base}/BusinessHeaderDocument/ID`)),
    ...opt('shipper', party(mc.ConsignorParty, `${mcPath}/ConsignorParty`, notes.SHP)),
    ...opt('consignee', party(mc.ConsigneeParty, `${mcPath}/ConsigneeParty`, notes.CNE)),
    ...opt(
      'forwarder',
      party(
        mc.FreightForwarderParty,
        `${mcPath}/FreightForwarderParty`,
        undefined,
        'FreightForwarderAddress',
      ),
    ),
    notify: notifyParties(mc, mcPath),
    ...opt('origin', located(node(mc.OriginLocation)?.ID, `${mcPath}/OriginLocation/ID`)),
    ...opt(
      'destination',
      located(node(mc.FinalDestinationLocation)?.ID, `${mcPath}/FinalDestinationLocation/ID`),
    ),
    flights,
    ...opt('pieces', located(mc.TotalPieceQuantity, `${mcPath}/TotalPieceQuantity`)),
    ...opt('weight', measure(mc.IncludedTareGrossWeightMeasure, `${mcPath}/IncludedTareGrossWeightMeasure`)),
    ...opt('volume', measure(mc.GrossVolumeMeasure, `${mcPath}/GrossVolumeMeasure`)),
    goods,
    ulds,
    ...opt('prepaid', indicator(mc.TotalChargePrepaidIndicator)),
  };
  return { waybills: [waybill], flights };
}

function readHouseWaybill(root: XmlNode): AirMessage {
  const mcPath = '/HouseWaybill/MasterConsignment';
  const mc = node(root.MasterConsignment) ?? {};
  const master = located(node(mc.TransportContractDocument)?.ID, `${mcPath}/TransportContractDocument/ID`);
  const masterOrigin = located(node(mc.OriginLocation)?.ID, `${mcPath}/OriginLocation/ID`);
  const masterDestination = located(
    node(mc.FinalDestinationLocation)?.ID,
    `${mcPath}/FinalDestinationLocation/ID`,
  );
  const flights = list(mc.SpecifiedLogisticsTransportMovement).map((m, i) =>
    flight(node(m) ?? {}, `${mcPath}/SpecifiedLogisticsTransportMovement[${i + 1}]`),
  );
  const houses = list(mc.IncludedHouseConsignment);
  const waybills = houses.map((raw, h): AirWaybillRecord => {
    const house = node(raw) ?? {};
    const path = `${mcPath}/IncludedHouseConsignment[${h + 1}]`;
    const notes = customsIdentifiers(house);
    const summary = text(house.SummaryDescription);
    const goods = list(house.IncludedHouseConsignmentItem).map((item, i) => {
      const g = goodsItem(node(item) ?? {}, `${path}/IncludedHouseConsignmentItem[${i + 1}]`, i + 1, true);
      return g.description || !summary ? g : { ...g, description: summary };
    });
    return {
      kind: 'house',
      label: `XFZB ${path}`,
      at: { path },
      ...opt('number', located(house.ID, `${path}/ID`)),
      ...opt('masterNumber', master),
      ...opt('shipper', party(house.ConsignorParty, `${path}/ConsignorParty`, notes.SHP)),
      ...opt('consignee', party(house.ConsigneeParty, `${path}/ConsigneeParty`, notes.CNE)),
      notify: notifyParties(house, path),
      ...opt('origin', located(node(house.OriginLocation)?.ID, `${path}/OriginLocation/ID`) ?? masterOrigin),
      ...opt(
        'destination',
        located(node(house.FinalDestinationLocation)?.ID, `${path}/FinalDestinationLocation/ID`) ??
          masterDestination,
      ),
      flights: [],
      ...opt('pieces', located(house.TotalPieceQuantity, `${path}/TotalPieceQuantity`)),
      ...opt(
        'weight',
        measure(house.IncludedTareGrossWeightMeasure, `${path}/IncludedTareGrossWeightMeasure`),
      ),
      goods: goods.length ? goods : summary ? [{ lineNumber: 1, description: summary }] : [],
      ulds: unitLoadDevices(house, path),
      ...opt('prepaid', indicator(house.TotalChargePrepaidIndicator)),
    };
  });
  return { waybills, flights };
}

function flight(m: XmlNode, path: string): AirFlight {
  const departure = node(m.DepartureEvent) ?? {};
  const arrival = node(m.ArrivalEvent) ?? {};
  const departs = text(departure.ScheduledOccurrenceDateTime) ?? text(departure.DepartureOccurrenceDateTime);
  const arrives = text(arrival.ScheduledOccurrenceDateTime) ?? text(arrival.ArrivalOccurrenceDateTime);
  return {
    ...opt('number', located(m.ID, `${path}/ID`)),
    ...opt('date', departs && /^\d{4}-\d{2}-\d{2}/.test(departs) ? departs.slice(0, 10) : undefined),
    ...opt(
      'from',
      located(
        node(departure.OccurrenceDepartureLocation)?.ID,
        `${path}/DepartureEvent/OccurrenceDepartureLocation/ID`,
      ),
    ),
    ...opt(
      'to',
      located(
        node(arrival.OccurrenceArrivalLocation)?.ID,
        `${path}/ArrivalEvent/OccurrenceArrivalLocation/ID`,
      ),
    ),
    ...opt(
      'arrival',
      arrives && /^\d{4}-\d{2}-\d{2}$/.test(arrives.slice(0, 10)) ? arrives.slice(0, 10) : undefined,
    ),
  };
}

function goodsItem(item: XmlNode, path: string, lineNumber: number, typeCodeIsHs: boolean): AirGoods {
  const sequence = Number(text(item.SequenceNumeric));
  return {
    lineNumber: Number.isInteger(sequence) && sequence > 0 ? sequence : lineNumber,
    ...opt(
      'description',
      text(node(item.NatureIdentificationTransportCargo)?.Identification) ?? text(item.Information),
    ),
    // In a house item TypeCode is the harmonised commodity code; in a master item, the rate's commodity item number.
    ...opt('hsCode', typeCodeIsHs ? located(item.TypeCode, `${path}/TypeCode`) : undefined),
    ...opt('pieces', located(item.PieceQuantity, `${path}/PieceQuantity`)),
    ...opt('weight', measure(item.GrossWeightMeasure, `${path}/GrossWeightMeasure`)),
    ...opt('volume', measure(item.GrossVolumeMeasure, `${path}/GrossVolumeMeasure`)),
  };
}

/** ULDs a consignment or item names: type code, serial and owner make the IATA id (`AKE12345AA`). */
function unitLoadDevices(parent: XmlNode, path: string): Located[] {
  const out: Located[] = [];
  for (const tag of ['UtilizedUnitLoadTransportEquipment', 'AssociatedUnitLoadTransportEquipment']) {
    list(parent[tag]).forEach((raw, i) => {
      const uld = node(raw) ?? {};
      const serial = text(uld.ID) ?? '';
      const type = text(uld.CharacteristicCode) ?? '';
      const owner = text(node(uld.OperatingParty)?.PrimaryID) ?? '';
      const id = /^[A-Z]{3}\d{4,5}[A-Z0-9]{2}$/i.test(serial) ? serial : `${type}${serial}${owner}`;
      if (id) out.push({ value: id, at: { path: `${path}/${tag}[${i + 1}]` } });
    });
  }
  return out;
}

function party(
  raw: XmlValue | undefined,
  path: string,
  identifier?: string,
  addressTag = 'PostalStructuredAddress',
): AirParty | undefined {
  const p = node(raw);
  if (!p) return undefined;
  const address = node(p[addressTag]) ?? {};
  const lines = ['StreetName', 'CityName', 'PostcodeCode', 'CountrySubDivisionName', 'CountryName']
    .map((tag) => text(address[tag]))
    .filter((l): l is string => !!l);
  const id = identifier ?? text(p.AccountID);
  return {
    ...opt('name', located(p.Name, `${path}/Name`)),
    addressLines: lines,
    ...opt('country', located(address.CountryID, `${path}/${addressTag}/CountryID`)),
    ...opt('identifier', id),
  };
}

/** Notify parties are `AssociatedParty` elements with the role NI (notify) or N1. */
function notifyParties(parent: XmlNode, path: string): AirParty[] {
  const out: AirParty[] = [];
  list(parent.AssociatedParty).forEach((raw, i) => {
    const role = text(node(raw)?.RoleCode);
    if (role !== 'NI' && role !== 'N1') return;
    const p = party(raw, `${path}/AssociatedParty[${i + 1}]`);
    if (p) out.push(p);
  });
  return out;
}

/** Tax identifiers (`IncludedCustomsNote` ContentCode T) by the role they are for: SHP, CNE. */
function customsIdentifiers(parent: XmlNode): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const raw of list(parent.IncludedCustomsNote)) {
    const note = node(raw) ?? {};
    const subject = text(note.SubjectCode);
    const content = text(note.Content);
    if (text(note.ContentCode) === 'T' && subject && content && !out[subject]) out[subject] = content;
  }
  return out;
}

function node(value: XmlValue | undefined): XmlNode | undefined {
  if (Array.isArray(value)) return node(value[0]);
  return value !== undefined && typeof value === 'object' ? value : undefined;
}

function list(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function text(value: XmlValue | undefined): string | undefined {
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object') return text(value['#text']);
  return undefined;
}

function located(value: XmlValue | undefined, path: string): Located | undefined {
  const t = text(value);
  return t === undefined ? undefined : { value: t, at: { path } };
}

function measure(value: XmlValue | undefined, path: string): Measure | undefined {
  const t = text(value);
  if (t === undefined) return undefined;
  const unit =
    value && typeof value === 'object' && !Array.isArray(value) ? text(value['@unitCode']) : undefined;
  return { value: t, unit: unit ?? '', at: { path } };
}

function indicator(value: XmlValue | undefined): boolean | undefined {
  const t = text(value)?.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}
