import type { EquipmentKind, TransportDocumentType } from '#schemas/manifest.ts';

/**
 * The documented CSV column set (README, "Manifests"): one row per B/L x container
 * (x goods line). Header cells are matched case-, space-, underscore- and punctuation-
 * insensitively against the canonical name and its aliases, so `B/L No`, `bl_number` and
 * `Bill of Lading` all name the same column.
 */
export type CsvLevel = 'voyage' | 'bl' | 'container' | 'goods';

export interface CsvColumn {
  /** Canonical header, written by writeManifestCsv. */
  name: string;
  level: CsvLevel;
  required?: boolean;
  /** Several values in one cell, separated by `|` or `;` (`|` only for party columns). */
  multi?: 'codes' | 'parties';
  /** Model field the column feeds (for messages and JSON-style paths). */
  field: string;
  aliases: string[];
  description: string;
  /**
   * A rail, road or air column (CIM/SMGS note, CMR, air waybill fields): the writer writes these
   * only for a manifest that uses one, so sea manifests are written exactly as before modes.
   */
  modal?: true;
}

/** `bl_number` headers that say which transport document the numbers are (see documentTypeOfHeader). */
const CIM_SMGS_HEADERS = [
  'consignment note number',
  'consignment note',
  'cim smgs number',
  'cim/smgs number',
  'cim number',
  'smgs number',
  'railway bill',
];
const CMR_HEADERS = ['cmr number', 'cmr', 'cmr no'];
const AWB_HEADERS = ['awb number', 'awb', 'air waybill', 'air waybill number'];
/** `container_number` headers that say what the equipment is (see equipmentKindOfHeader). */
const WAGON_HEADERS = ['wagon number', 'wagon', 'wagon no', 'railcar number'];
const ULD_HEADERS = ['uld', 'uld id', 'uld number'];

export const CSV_COLUMNS = [
  // Voyage: repeated on every row; the first value wins, a different later value is a warning.
  c('vessel_name', 'voyage', 'vesselName', ['vessel', 'ship', 'ship name'], 'Vessel name', true),
  c('imo', 'voyage', 'imoNumber', ['imo number', 'imo no', 'vessel imo', 'lloyds number'], 'IMO ship number'),
  c('call_sign', 'voyage', 'callSign', ['radio call sign'], 'Radio call sign'),
  c('flag', 'voyage', 'flag', ['flag state', 'vessel flag'], 'Flag state, ISO 3166 alpha-2'),
  c(
    'voyage_number',
    'voyage',
    'voyageNumber',
    ['voyage', 'voyage no', 'voy', 'voy no'],
    'Voyage number',
    true,
  ),
  c('carrier', 'voyage', 'carrier', ['shipping line', 'operator'], 'Carrier or its SCAC code'),
  c(
    'eta',
    'voyage',
    'eta',
    ['arrival date', 'estimated time of arrival', 'eta date'],
    'ISO 8601 date or date-time',
  ),
  c(
    'reporting_port',
    'voyage',
    'reportingPort',
    ['port of arrival', 'arrival port', 'port of entry', 'pcu port'],
    'UN/LOCODE of the PCU port where the manifest is reported',
    true,
  ),
  c(
    'previous_ports',
    'voyage',
    'previousPortsOfCall',
    ['previous ports of call', 'ports of call', 'last ports'],
    'UN/LOCODEs of previous ports of call',
    false,
    'codes',
  ),
  // Rail and road (CIM/SMGS and CMR fields) and air: the conveyance's own identifiers.
  m(
    'mode',
    'voyage',
    'mode',
    ['transport mode', 'mode of transport', 'mode of transport at the border'],
    '`sea` (default), `rail`, `road` or `air` (also the UN/ECE Rec. 19 codes 1, 2, 3, 4)',
  ),
  m(
    'train_number',
    'voyage',
    'trainNumber',
    ['train', 'train no', 'train id'],
    'Rail: the train number (CIM/SMGS note); also names the conveyance when `vessel_name` is absent',
  ),
  m(
    'border_station',
    'voyage',
    'borderStation',
    ['border crossing', 'border point', 'frontier station', 'border station code', 'exit border station'],
    'Rail and road: border station or crossing, UN/LOCODE or a code of the locations file',
  ),
  m(
    'truck_registration',
    'voyage',
    'truckRegistration',
    ['truck', 'truck plate', 'tractor registration', 'vehicle registration', 'vehicle registration number'],
    'Road: the truck (tractor) registration plate (CMR box 25 / 26); also names the conveyance when `vessel_name` is absent',
  ),
  m(
    'trailer_registration',
    'voyage',
    'trailerRegistration',
    ['trailer', 'trailer plate', 'semi trailer', 'trailer number'],
    'Road: the trailer or semi-trailer registration plate',
  ),
  m(
    'tir_carnet',
    'voyage',
    'tirCarnet',
    ['tir', 'tir carnet number', 'tir number', 'carnet'],
    'Road: TIR carnet number (`XH12345678`)',
  ),
  m(
    'flight_number',
    'voyage',
    'flightNumber',
    ['flight', 'flight no'],
    'Air: flight number (`HY8012`); also names the conveyance when `vessel_name` is absent',
  ),
  m(
    'aircraft_registration',
    'voyage',
    'aircraftRegistration',
    ['aircraft', 'tail number', 'aircraft reg'],
    'Air: aircraft registration (`UK-67003`)',
  ),
  // Bill of lading: repeated on every row of the B/L; the first row's values are kept.
  c(
    'bl_number',
    'bl',
    'number',
    [
      'bl',
      'bl no',
      'bol',
      'bol number',
      'bill of lading',
      'bill of lading number',
      'bill of lading no',
      'b/l',
      ...CIM_SMGS_HEADERS,
      ...CMR_HEADERS,
      ...AWB_HEADERS,
    ],
    'Transport document number: B/L, CIM/SMGS consignment note, CMR or air waybill (`prefix-serial`)',
    true,
  ),
  c('bl_type', 'bl', 'type', ['bill type', 'master or house'], '`master` (default) or `house`'),
  c(
    'master_bl',
    'bl',
    'masterNumber',
    ['master bl number', 'mbl', 'master bill of lading'],
    'Master B/L of a house B/L',
  ),
  ...party('shipper', ['consignor', 'exporter']),
  ...party('consignee', ['importer']),
  ...party('notify', ['notify party', 'notify parties']),
  ...party('forwarder', ['freight forwarder']),
  c('place_of_receipt', 'bl', 'placeOfReceipt', ['receipt', 'por'], 'UN/LOCODE'),
  c('port_of_loading', 'bl', 'portOfLoading', ['pol', 'load port', 'loading port'], 'UN/LOCODE'),
  c(
    'transshipment_ports',
    'bl',
    'transshipmentPorts',
    ['transshipment', 'transhipment ports', 'transhipment', 'ts ports', 'via ports'],
    'UN/LOCODEs',
    false,
    'codes',
  ),
  c('port_of_discharge', 'bl', 'portOfDischarge', ['pod', 'discharge port'], 'UN/LOCODE'),
  c('place_of_delivery', 'bl', 'placeOfDelivery', ['delivery', 'pld', 'final destination'], 'UN/LOCODE'),
  c(
    'freight_terms',
    'bl',
    'freightTerms',
    ['freight', 'freight payment'],
    '`prepaid`, `collect` or `elsewhere`',
  ),
  m(
    'document_type',
    'bl',
    'documentType',
    ['transport document', 'transport document type', 'document kind'],
    '`bill-of-lading` (default), `cim-smgs`, `cmr` or `air-waybill` (also B/L, CIM, SMGS, AWB); when absent, ' +
      'a `bl_number` header named after the note (`CIM/SMGS number`, `CMR number`, `AWB number`) gives it',
  ),
  m(
    'piece_count',
    'bl',
    'pieceCount',
    ['total pieces', 'number of pieces', 'document pieces'],
    'Total pieces as the document declares them (CMR box 7, air waybill)',
  ),
  m(
    'document_gross_weight_kg',
    'bl',
    'grossWeightKg',
    ['total gross weight', 'total gross weight kg', 'document gross weight'],
    'Total gross weight as the document declares it, kg (CIM/SMGS, CMR box 11, air waybill)',
  ),
  // Container: repeated on every row of the container; a different later value is DUPLICATE_CONTAINER.
  c(
    'container_number',
    'container',
    'number',
    [
      'container',
      'container no',
      'cntr',
      'cntr no',
      'cntr number',
      'equipment',
      'equipment number',
      'equipment id',
      ...WAGON_HEADERS,
      ...ULD_HEADERS,
    ],
    'ISO 6346 container number, or the wagon number, trailer plate or ULD id (see `equipment_kind`)',
    true,
  ),
  c(
    'iso_type',
    'container',
    'isoType',
    ['size type', 'iso size type', 'container type', 'cntr type', 'type'],
    'ISO 6346 size/type code (`22G1`)',
  ),
  c(
    'seals',
    'container',
    'seals',
    ['seal', 'seal number', 'seal numbers', 'seal no'],
    'Seal numbers',
    false,
    'codes',
  ),
  c(
    'container_status',
    'container',
    'status',
    ['status', 'full empty', 'fe'],
    '`full` (default) or `empty` (also F/E)',
  ),
  c('shipper_owned', 'container', 'shipperOwned', ['soc'], '`yes`/`no` (also true/false, Y/N, 1/0)'),
  c(
    'vgm_kg',
    'container',
    'verifiedGrossMassKg',
    ['vgm', 'verified gross mass', 'verified gross mass kg'],
    'SOLAS verified gross mass, kg',
  ),
  m(
    'equipment_kind',
    'container',
    'kind',
    ['equipment kind', 'equipment type', 'unit kind'],
    '`container` (default, ISO 6346), `wagon` (UIC 12 or 1520 mm 8 digits), `trailer` or `uld`; when absent, ' +
      'a `container_number` header named `wagon number` or `ULD id` gives it',
  ),
  // Goods line: one per row (a goods line stowed in several containers repeats on each row).
  c(
    'goods_line',
    'goods',
    'lineNumber',
    ['line', 'line number', 'goods item', 'item', 'item number', 'item no'],
    'Goods line number within the B/L (1, 2 ...); numbered in row order when absent',
  ),
  c(
    'description',
    'goods',
    'description',
    ['goods description', 'cargo description', 'commodity', 'description of goods'],
    'Goods description',
  ),
  c(
    'hs_code',
    'goods',
    'hsCode',
    ['hs', 'commodity code', 'tariff code', 'hs tariff', 'hts', 'hts code'],
    'HS code, 6 to 10 digits (dots and spaces ignored)',
  ),
  c(
    'package_count',
    'goods',
    'packageCount',
    ['packages', 'pkgs', 'number of packages', 'quantity', 'qty', 'pieces'],
    'Number of packages',
  ),
  c(
    'package_type',
    'goods',
    'packageType',
    ['pkg type', 'package code', 'kind of packages'],
    'UN/ECE Rec. 21 code (CT, PK) or text',
  ),
  c(
    'gross_weight_kg',
    'goods',
    'grossWeightKg',
    ['gross weight', 'weight', 'weight kg', 'gross wt', 'gw', 'gross mass'],
    'Gross weight of the goods line, kg',
  ),
  c('volume_m3', 'goods', 'volumeM3', ['volume', 'cbm', 'measurement'], 'Volume, m3'),
  c('marks', 'goods', 'marks', ['marks and numbers', 'marks numbers', 'shipping marks'], 'Marks and numbers'),
  c(
    'un_number',
    'goods',
    'dangerousGoodsUn',
    ['un', 'un no', 'dg un', 'imdg un', 'dangerous goods un'],
    'Dangerous-goods UN number, 4 digits',
  ),
] as const satisfies CsvColumn[];

export type CsvColumnName = (typeof CSV_COLUMNS)[number]['name'];

function c(
  name: string,
  level: CsvLevel,
  field: string,
  aliases: string[],
  description: string,
  required = false,
  multi?: CsvColumn['multi'],
): CsvColumn {
  return { name, level, field, aliases, description, ...(required && { required }), ...(multi && { multi }) };
}

function m(name: string, level: CsvLevel, field: string, aliases: string[], description: string): CsvColumn {
  return { ...c(name, level, field, aliases, description), modal: true };
}

function party(role: 'shipper' | 'consignee' | 'notify' | 'forwarder', names: string[]): CsvColumn[] {
  const field = role === 'notify' ? 'notifyParties' : role;
  const multi = role === 'notify' ? ('parties' as const) : undefined;
  const who = role === 'notify' ? 'Notify parties' : role[0]?.toUpperCase() + role.slice(1);
  return [
    c(
      `${role}_name`,
      'bl',
      `${field}.name`,
      [role, ...names, ...names.map((n) => `${n} name`)],
      `${who}: name`,
      false,
      multi,
    ),
    c(
      `${role}_address`,
      'bl',
      `${field}.address`,
      names.map((n) => `${n} address`),
      `${who}: address`,
      false,
      multi,
    ),
    c(
      `${role}_country`,
      'bl',
      `${field}.country`,
      names.map((n) => `${n} country`),
      `${who}: ISO 3166 country`,
      false,
      multi,
    ),
    c(
      `${role}_id`,
      'bl',
      `${field}.identifier`,
      [`${role} identifier`, `${role} tax id`, `${role} eori`, ...names.map((n) => `${n} id`)],
      `${who}: tax/EORI/registration number`,
      false,
      multi,
    ),
  ];
}

/** `B/L No.` -> `blno`; `Container_Number` -> `containernumber`. */
export function headerKey(cell: string): string {
  return cell.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

const BY_KEY = new Map<string, CsvColumn>();
for (const column of CSV_COLUMNS as readonly CsvColumn[]) {
  for (const alias of [column.name, ...column.aliases]) {
    const key = headerKey(alias);
    if (!BY_KEY.has(key)) BY_KEY.set(key, column);
  }
}

export function columnForHeader(cell: string): CsvColumn | undefined {
  return BY_KEY.get(headerKey(cell));
}

const HEADER_DOCUMENT_TYPES = new Map<string, TransportDocumentType>([
  ...CIM_SMGS_HEADERS.map((h) => [headerKey(h), 'cim-smgs'] as const),
  ...CMR_HEADERS.map((h) => [headerKey(h), 'cmr'] as const),
  ...AWB_HEADERS.map((h) => [headerKey(h), 'air-waybill'] as const),
]);
const HEADER_EQUIPMENT_KINDS = new Map<string, EquipmentKind>([
  ...WAGON_HEADERS.map((h) => [headerKey(h), 'wagon'] as const),
  ...ULD_HEADERS.map((h) => [headerKey(h), 'uld'] as const),
]);

/** The document a `bl_number` header names (`CMR number` -> `cmr`); undefined for a B/L header. */
export function documentTypeOfHeader(cell: string): TransportDocumentType | undefined {
  return HEADER_DOCUMENT_TYPES.get(headerKey(cell));
}

/** The equipment a `container_number` header names (`Wagon No` -> `wagon`); undefined otherwise. */
export function equipmentKindOfHeader(cell: string): EquipmentKind | undefined {
  return HEADER_EQUIPMENT_KINDS.get(headerKey(cell));
}

/**
 * The voyage columns that name a non-sea conveyance: with one of them, `vessel_name` and
 * `voyage_number` may be absent (the conveyance identifier stands for both).
 */
export const CONVEYANCE_COLUMNS = ['train_number', 'truck_registration', 'flight_number'] as const;

export const REQUIRED_COLUMNS = (CSV_COLUMNS as readonly CsvColumn[]).filter((col) => col.required);

/** Separator candidates for the header line; the one naming the most known columns wins. */
const DELIMITERS = [',', ';', '\t', '|'];

/** Picks the delimiter and tells whether the first line looks like a manifest CSV header. */
export function sniffCsvHeader(firstLine: string): { delimiter: string; knownColumns: number } {
  let best = { delimiter: ',', knownColumns: 0 };
  for (const delimiter of DELIMITERS) {
    let known = 0;
    for (const cell of firstLine.split(delimiter)) if (columnForHeader(cell.replace(/^"|"$/g, ''))) known++;
    if (known > best.knownColumns) best = { delimiter, knownColumns: known };
  }
  return best;
}
