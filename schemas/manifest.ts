import { z } from 'zod';

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

export const Voyage = z.object({
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

export const BillOfLading = z.object({
  number: z.string().min(1),
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
  /** Field errors of the B/L itself (parties, places, terms); the B/L is kept and screened. */
  dataQuality: z.array(DataQualityIssue).optional(),
});
export type BillOfLading = z.infer<typeof BillOfLading>;

export const Container = z.object({
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
