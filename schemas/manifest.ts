import * as z from 'zod';

/**
 * The manifest model: what every parser (CSV, JSON, EDIFACT CUSCAR) produces and what the
 * profiler scores. Identifiers are stored normalised (upper case, no spaces); whether they
 * are *valid* (check digits, known codes) is the validator's job, reported as issues, so
 * a manifest with a bad container number can still be profiled.
 */

/** UN/LOCODE written without the space: `NLRTM`, `CNSHA`. */
export const Locode = z
  .string()
  .regex(/^[A-Z]{2}[A-Z0-9]{3}$/, 'a UN/LOCODE is 2 letters of country and 3 letters or digits');

/** ISO 3166-1 alpha-2. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code is 2 letters');

/**
 * A field error kept on the record it belongs to. A record with errors is still profiled
 * (a malformed HS code must not be a way past targeting); the risk profiles weigh these
 * through the `dataQuality` indicator. `code` is a validation-report code (HS_FORMAT,
 * WEIGHT_IMPLAUSIBLE, REQUIRED_FIELD ...), `field` the model field or column it concerns,
 * `value` a bounded excerpt of what was declared, when there was a value.
 */
export const DataQualityIssue = z.object({
  code: z.string().min(1),
  field: z.string().min(1),
  value: z.string().optional(),
});
export type DataQualityIssue = z.infer<typeof DataQualityIssue>;

export const Party = z.object({
  name: z.string().min(1),
  address: z.string().optional(),
  country: CountryCode.optional(),
  /** Tax, EORI or other registration number, as declared. */
  identifier: z.string().optional(),
});
export type Party = z.infer<typeof Party>;

export const PartyRole = z.enum(['shipper', 'consignee', 'notify', 'forwarder']);
export type PartyRole = z.infer<typeof PartyRole>;

/**
 * How the goods travel. A manifest without `mode` is a sea manifest (every format read it so
 * before modes existed, and still does).
 */
export const TransportMode = z.enum(['sea', 'rail', 'road', 'air']);
export type TransportMode = z.infer<typeof TransportMode>;

/**
 * The conveyance and its trip. The name is kept for the sea manifests it was made for; for the
 * other modes `vesselName` is the conveyance as officers name it (rail: the train number; road:
 * the truck registration; air: the flight number) and `voyageNumber` the trip (rail: the train
 * number or dispatch; road: the TIR carnet or trip reference; air: flight number and date,
 * `XX8012/2021-03-10`). The mode's own identifiers are the optional fields below.
 */
export const Voyage = z.object({
  /** Absent: sea. */
  mode: TransportMode.optional(),
  vesselName: z.string().min(1),
  imoNumber: z.string().optional(),
  callSign: z.string().optional(),
  /** Flag state of the vessel. */
  flag: CountryCode.optional(),
  voyageNumber: z.string().min(1),
  carrier: z.string().optional(),
  /** Estimated time of arrival, ISO 8601. */
  eta: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** The PCU's port: where the manifest is reported. */
  reportingPort: Locode,
  previousPortsOfCall: z.array(Locode).default([]),
  /** Rail: the train number as on the CIM/SMGS note. */
  trainNumber: z.string().optional(),
  /** Rail and road: the border crossing or border station (UN/LOCODE or a code of the locations file). */
  borderStation: Locode.optional(),
  /** Road: the truck (tractor) registration plate, normalised (upper case, no spaces). */
  truckRegistration: z.string().optional(),
  /** Road: the trailer or semi-trailer registration plate. */
  trailerRegistration: z.string().optional(),
  /** Road: the TIR carnet number (2 letters and 8 digits, e.g. `XH12345678`, or as declared). */
  tirCarnet: z.string().optional(),
  /** Air: the flight number, carrier code and number, e.g. `XX8012`. */
  flightNumber: z.string().optional(),
  /** Air: the aircraft registration (tail number), e.g. `UK-67003`. */
  aircraftRegistration: z.string().optional(),
});
export type Voyage = z.infer<typeof Voyage>;

export const GoodsItem = z.object({
  /** Line number of the goods item within its bill of lading (1-based). */
  lineNumber: z.number().int().positive(),
  description: z.string(),
  /** 6 to 10 digits; the first 6 are an HS 2022 subheading. */
  hsCode: z
    .string()
    .regex(/^\d{4,10}$/)
    .optional(),
  packageCount: z.number().int().nonnegative().optional(),
  /** UN/ECE Recommendation 21 package code (CT, PK, BX ...) or the declared text. */
  packageType: z.string().optional(),
  grossWeightKg: z.number().nonnegative().optional(),
  volumeM3: z.number().nonnegative().optional(),
  marks: z.string().optional(),
  /** UN dangerous-goods number, 4 digits. */
  dangerousGoodsUn: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  /** Container numbers this goods item is stowed in (goods and containers are many-to-many). */
  containers: z.array(z.string()).default([]),
  /** Field errors of this goods item (the item is kept and profiled). */
  dataQuality: z.array(DataQualityIssue).optional(),
});
export type GoodsItem = z.infer<typeof GoodsItem>;

/**
 * The transport document a consignment travels under. Absent: a bill of lading. `cim-smgs` is
 * the rail consignment note (CIM, SMGS or the common CIM/SMGS note), `cmr` the road consignment
 * note, `air-waybill` a master or house air waybill (AWB number `prefix-serial`, e.g. `888-11111111`).
 */
export const TransportDocumentType = z.enum(['bill-of-lading', 'cim-smgs', 'cmr', 'air-waybill']);
export type TransportDocumentType = z.infer<typeof TransportDocumentType>;

/**
 * A transport document: a bill of lading, or (with `documentType`) a rail or road consignment
 * note or an air waybill; the model keeps one shape for all of them. Goods that travel in no
 * equipment (loose pieces, most air cargo) are goods items that name no container.
 */
export const BillOfLading = z.object({
  number: z.string().min(1),
  /** Absent: a bill of lading. */
  documentType: TransportDocumentType.optional(),
  type: z.enum(['master', 'house']).default('master'),
  /** For a house B/L: the master B/L it is consolidated under. */
  masterNumber: z.string().optional(),
  shipper: Party.optional(),
  consignee: Party.optional(),
  notifyParties: z.array(Party).default([]),
  forwarder: Party.optional(),
  placeOfReceipt: Locode.optional(),
  portOfLoading: Locode.optional(),
  transshipmentPorts: z.array(Locode).default([]),
  portOfDischarge: Locode.optional(),
  placeOfDelivery: Locode.optional(),
  freightTerms: z.enum(['prepaid', 'collect', 'elsewhere']).optional(),
  /** Container numbers carrying this B/L's goods. */
  containers: z.array(z.string()).default([]),
  goods: z.array(GoodsItem).default([]),
  /** Total pieces as the document declares them (air waybills, CMR); the goods items may detail them. */
  pieceCount: z.number().int().nonnegative().optional(),
  /** Total gross weight as the document declares it, kg. */
  grossWeightKg: z.number().nonnegative().optional(),
  /** Field errors of the B/L itself (parties, places, terms); the B/L is kept and screened. */
  dataQuality: z.array(DataQualityIssue).optional(),
});
export type BillOfLading = z.infer<typeof BillOfLading>;

/**
 * What the equipment is. Absent: an ISO 6346 container. `wagon`: a rail wagon (UIC 12-digit or
 * 1520 mm gauge 8-digit number); `trailer`: a road trailer (its registration); `uld`: an air
 * unit load device (IATA ULD id, e.g. `AKE12345AA`).
 */
export const EquipmentKind = z.enum(['container', 'wagon', 'trailer', 'uld']);
export type EquipmentKind = z.infer<typeof EquipmentKind>;

export const Container = z.object({
  /** Absent: an ISO 6346 container. */
  kind: EquipmentKind.optional(),
  /** ISO 6346 number as declared, normalised to upper case without spaces: `MSKU7351770`. */
  number: z.string().min(1),
  /** ISO 6346 size/type code: `22G1`, `45R1`. */
  isoType: z.string().optional(),
  seals: z.array(z.string()).default([]),
  status: z.enum(['full', 'empty']).default('full'),
  shipperOwned: z.boolean().default(false),
  /** SOLAS verified gross mass (container + cargo), kg. */
  verifiedGrossMassKg: z.number().nonnegative().optional(),
  /** Field errors of the container record (number check digit, ISO type, VGM ...); it is still assessed. */
  dataQuality: z.array(DataQualityIssue).optional(),
  /**
   * Set only on the stand-in the profiler uses for a B/L that declares no container (not yet
   * stowed, or none of its containers is declared): `number` is then `NO-CONTAINER-...`, made
   * from the B/L number, never a real container number. Not part of a manifest as sent: on a
   * declared container it is ignored.
   */
  noContainerDeclared: z.literal(true).optional(),
});
export type Container = z.infer<typeof Container>;

export { transportMode } from './transport-mode.ts';

export const Manifest = z.object({
  voyage: Voyage,
  billsOfLading: z.array(BillOfLading),
  containers: z.array(Container),
});
export type Manifest = z.infer<typeof Manifest>;
/** What a producer writes (defaults may be left out). */
export type ManifestInput = z.input<typeof Manifest>;

/**
 * The unit the profiler scores: one container, the voyage, and every B/L with goods in it
 * (each B/L's goods restricted to the ones stowed in this container).
 */
export const ContainerUnit = z.object({
  voyage: Voyage,
  container: Container,
  billsOfLading: z.array(BillOfLading),
});
export type ContainerUnit = z.infer<typeof ContainerUnit>;
