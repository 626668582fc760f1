/**
 * Plain values of the risk-profile contract, kept apart from the zod schemas (risk-profile.ts
 * builds its enums from them) so the profile compiler, which runs in the profile Lambda, can
 * use them without pulling zod into that bundle: profile sets are validated once, when a
 * snapshot is built (`pcu publish`), not on every cold start.
 */

/** ASYCUDA-style selectivity lanes, from the most to the least severe. */
export const LANES = ['red', 'yellow', 'blue', 'green'] as const;
export type LaneName = (typeof LANES)[number];
/** Higher = more severe; a container's lane is the most severe lane among its hits. */
export const LANE_SEVERITY: Record<LaneName, number> = { green: 0, blue: 1, yellow: 2, red: 3 };

const LOCODE_FIELDS = [
  'placeOfReceipt',
  'portOfLoading',
  'transshipmentPorts',
  'portOfDischarge',
  'placeOfDelivery',
] as const;
const PARTY_FIELDS = ['name', 'address', 'country', 'identifier'] as const;

/**
 * The path vocabulary of field conditions. Every path yields a LIST of values for a container
 * (one per B/L, goods item, notify party, port ...); `match: any` (default) holds when at least
 * one value satisfies the operator, `match: all` when there is at least one value and every
 * value satisfies it. `<locode path>.country` is the country (first two letters) of the port.
 */
export const FIELD_PATHS = [
  'voyage.vesselName',
  'voyage.imoNumber',
  'voyage.callSign',
  'voyage.flag',
  'voyage.voyageNumber',
  'voyage.carrier',
  'voyage.eta',
  'voyage.reportingPort',
  'voyage.previousPortsOfCall',
  'voyage.previousPortsOfCall.country',
  'container.number',
  'container.ownerCode',
  'container.isoType',
  'container.lengthFt',
  'container.typeGroup',
  'container.status',
  'container.shipperOwned',
  'container.verifiedGrossMassKg',
  'container.seals',
  'container.sealCount',
  'billOfLading.number',
  'billOfLading.type',
  'billOfLading.masterNumber',
  ...LOCODE_FIELDS.flatMap((f) => [`billOfLading.${f}`, `billOfLading.${f}.country`] as const),
  'billOfLading.freightTerms',
  'billOfLading.count',
  'billOfLading.containerCount',
  ...(['shipper', 'consignee', 'notify', 'forwarder', 'party'] as const).flatMap((role) =>
    PARTY_FIELDS.map((f) => `${role}.${f}` as const),
  ),
  'goods.description',
  'goods.hsCode',
  'goods.packageCount',
  'goods.packageType',
  'goods.grossWeightKg',
  'goods.volumeM3',
  'goods.marks',
  'goods.dangerousGoodsUn',
  'goods.count',
  'goods.totalGrossWeightKg',
  'goods.totalPackageCount',
  // Every mode (schemas/manifest.ts): absent mode, document type and equipment kind read as sea,
  // bill-of-lading and container.
  'voyage.mode',
  'voyage.flightNumber',
  'voyage.aircraftRegistration',
  'voyage.trainNumber',
  'voyage.borderStation',
  'voyage.borderStation.country',
  'voyage.truckRegistration',
  'voyage.trailerRegistration',
  'voyage.tirCarnet',
  'container.kind',
  'billOfLading.documentType',
  'billOfLading.pieceCount',
  'billOfLading.grossWeightKg',
] as const;
export type FieldPathName = (typeof FIELD_PATHS)[number];

/** The operators of a field condition; exactly one per condition. */
export const FIELD_OPERATORS = ['equals', 'in', 'prefix', 'regex', 'range', 'missing'] as const;
