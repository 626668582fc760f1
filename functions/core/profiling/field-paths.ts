import { isoTypeInfo } from '#core/identifiers/iso-type.ts';
import type { BillOfLading, ContainerUnit, GoodsItem, Party } from '#schemas/manifest.ts';
import type { FieldPath } from '#schemas/risk-profile.ts';
import { transportMode } from '#schemas/transport-mode.ts';

/**
 * The path vocabulary of field conditions (FIELD_PATHS in schemas/risk-profile.ts) turned
 * into extractors. Every path yields a list of values for a container, `undefined` standing
 * for "this B/L / goods item / party has no value", so that `missing` and `match: all` can
 * tell "absent on one B/L" from "absent everywhere".
 */
export type FieldValue = string | number | boolean | undefined;
export type DefinedValue = Exclude<FieldValue, undefined>;
export interface FieldExtractor {
  (unit: ContainerUnit): FieldValue[];
  /** The first defined value satisfying `test`, without building the list (the `match: any` hot path). */
  find?: (unit: ContainerUnit, test: (v: DefinedValue) => boolean) => DefinedValue | undefined;
}

const country = (locode: string | undefined): string | undefined => (locode ? locode.slice(0, 2) : undefined);

function perBl(pick: (bl: BillOfLading) => FieldValue): FieldExtractor {
  const x: FieldExtractor = (unit) => unit.billsOfLading.map(pick);
  x.find = (unit, test) => {
    for (const bl of unit.billsOfLading) {
      const v = pick(bl);
      if (v !== undefined && test(v)) return v;
    }
    return undefined;
  };
  return x;
}
function perBlMany(pick: (bl: BillOfLading) => FieldValue[]): FieldExtractor {
  return (unit) => {
    const out: FieldValue[] = [];
    for (const bl of unit.billsOfLading) for (const v of pick(bl)) out.push(v);
    return out;
  };
}
function perGoods(pick: (g: GoodsItem) => FieldValue): FieldExtractor {
  const x: FieldExtractor = (unit) => {
    const out: FieldValue[] = [];
    for (const bl of unit.billsOfLading) for (const g of bl.goods) out.push(pick(g));
    return out;
  };
  x.find = (unit, test) => {
    for (const bl of unit.billsOfLading)
      for (const g of bl.goods) {
        const v = pick(g);
        if (v !== undefined && test(v)) return v;
      }
    return undefined;
  };
  return x;
}
function single(pick: (unit: ContainerUnit) => FieldValue): FieldExtractor {
  const x: FieldExtractor = (unit) => [pick(unit)];
  x.find = (unit, test) => {
    const v = pick(unit);
    return v !== undefined && test(v) ? v : undefined;
  };
  return x;
}

type PartyField = 'name' | 'address' | 'country' | 'identifier';
function partiesOf(
  bl: BillOfLading,
  role: 'shipper' | 'consignee' | 'notify' | 'forwarder' | 'party',
): (Party | undefined)[] {
  switch (role) {
    case 'shipper':
      return [bl.shipper];
    case 'consignee':
      return [bl.consignee];
    case 'forwarder':
      return [bl.forwarder];
    case 'notify':
      return bl.notifyParties;
    case 'party':
      return [bl.shipper, bl.consignee, ...bl.notifyParties, bl.forwarder].filter((p) => p !== undefined);
  }
}
function partyPath(
  role: 'shipper' | 'consignee' | 'notify' | 'forwarder' | 'party',
  field: PartyField,
): FieldExtractor {
  return perBlMany((bl) => partiesOf(bl, role).map((p) => p?.[field]));
}

/**
 * Goods weight that belongs to this container. A goods item stowed in n containers counts
 * 1/n (the declaration does not say how it is split); `exact` is false then, and checks that
 * compare with the VGM must not rely on the estimate.
 */
export function containerCargo(unit: ContainerUnit): { kg: number | undefined; exact: boolean } {
  let kg: number | undefined;
  let exact = true;
  for (const bl of unit.billsOfLading) {
    for (const g of bl.goods) {
      if (g.grossWeightKg === undefined) continue;
      const spread = g.containers.length || bl.containers.length || 1;
      if (spread > 1) exact = false;
      kg = (kg ?? 0) + g.grossWeightKg / spread;
    }
  }
  return { kg, exact };
}

export function cargoWeightKg(unit: ContainerUnit): number | undefined {
  return containerCargo(unit).kg;
}

const locodeFields = ['placeOfReceipt', 'portOfLoading', 'portOfDischarge', 'placeOfDelivery'] as const;

function buildExtractors(): Record<FieldPath, FieldExtractor> {
  const x: Partial<Record<FieldPath, FieldExtractor>> = {
    'voyage.vesselName': single((u) => u.voyage.vesselName),
    'voyage.imoNumber': single((u) => u.voyage.imoNumber),
    'voyage.callSign': single((u) => u.voyage.callSign),
    'voyage.flag': single((u) => u.voyage.flag),
    'voyage.voyageNumber': single((u) => u.voyage.voyageNumber),
    'voyage.carrier': single((u) => u.voyage.carrier),
    'voyage.eta': single((u) => u.voyage.eta),
    'voyage.reportingPort': single((u) => u.voyage.reportingPort),
    'voyage.previousPortsOfCall': (u) => u.voyage.previousPortsOfCall,
    'voyage.previousPortsOfCall.country': (u) => u.voyage.previousPortsOfCall.map(country),
    'container.number': single((u) => u.container.number),
    'container.ownerCode': single((u) => u.container.number.slice(0, 4)),
    'container.isoType': single((u) => u.container.isoType),
    'container.lengthFt': single((u) =>
      u.container.isoType ? isoTypeInfo(u.container.isoType)?.lengthFt : undefined,
    ),
    'container.typeGroup': single((u) =>
      u.container.isoType ? isoTypeInfo(u.container.isoType)?.group : undefined,
    ),
    'container.status': single((u) => u.container.status),
    'container.shipperOwned': single((u) => u.container.shipperOwned),
    'container.verifiedGrossMassKg': single((u) => u.container.verifiedGrossMassKg),
    'container.seals': (u) => u.container.seals,
    'container.sealCount': single((u) => u.container.seals.length),
    'billOfLading.number': perBl((bl) => bl.number),
    'billOfLading.type': perBl((bl) => bl.type),
    'billOfLading.masterNumber': perBl((bl) => bl.masterNumber),
    'billOfLading.transshipmentPorts': perBlMany((bl) => bl.transshipmentPorts),
    'billOfLading.transshipmentPorts.country': perBlMany((bl) => bl.transshipmentPorts.map(country)),
    'billOfLading.freightTerms': perBl((bl) => bl.freightTerms),
    'billOfLading.count': single((u) => u.billsOfLading.length),
    'billOfLading.containerCount': perBl((bl) => bl.containers.length),
    'goods.description': perGoods((g) => g.description),
    'goods.hsCode': perGoods((g) => g.hsCode),
    'goods.packageCount': perGoods((g) => g.packageCount),
    'goods.packageType': perGoods((g) => g.packageType),
    'goods.grossWeightKg': perGoods((g) => g.grossWeightKg),
    'goods.volumeM3': perGoods((g) => g.volumeM3),
    'goods.marks': perGoods((g) => g.marks),
    'goods.dangerousGoodsUn': perGoods((g) => g.dangerousGoodsUn),
    'goods.count': single((u) => u.billsOfLading.reduce((n, bl) => n + bl.goods.length, 0)),
    'goods.totalGrossWeightKg': single(cargoWeightKg),
    'goods.totalPackageCount': single((u) => {
      let total: number | undefined;
      for (const bl of u.billsOfLading)
        for (const g of bl.goods) if (g.packageCount !== undefined) total = (total ?? 0) + g.packageCount;
      return total;
    }),
    'voyage.mode': single((u) => transportMode(u.voyage)),
    'voyage.flightNumber': single((u) => u.voyage.flightNumber),
    'voyage.aircraftRegistration': single((u) => u.voyage.aircraftRegistration),
    'voyage.trainNumber': single((u) => u.voyage.trainNumber),
    'voyage.borderStation': single((u) => u.voyage.borderStation),
    'voyage.borderStation.country': single((u) => country(u.voyage.borderStation)),
    'voyage.truckRegistration': single((u) => u.voyage.truckRegistration),
    'voyage.trailerRegistration': single((u) => u.voyage.trailerRegistration),
    'voyage.tirCarnet': single((u) => u.voyage.tirCarnet),
    'container.kind': single((u) => u.container.kind ?? 'container'),
    'billOfLading.documentType': perBl((bl) => bl.documentType ?? 'bill-of-lading'),
    'billOfLading.pieceCount': perBl((bl) => bl.pieceCount),
    'billOfLading.grossWeightKg': perBl((bl) => bl.grossWeightKg),
  };
  for (const f of locodeFields) {
    x[`billOfLading.${f}`] = perBl((bl) => bl[f]);
    x[`billOfLading.${f}.country`] = perBl((bl) => country(bl[f]));
  }
  for (const role of ['shipper', 'consignee', 'notify', 'forwarder', 'party'] as const)
    for (const f of ['name', 'address', 'country', 'identifier'] as const)
      x[`${role}.${f}`] = partyPath(role, f);
  return x as Record<FieldPath, FieldExtractor>;
}

export const FIELD_EXTRACTORS: Record<FieldPath, FieldExtractor> = buildExtractors();

/** Paths whose values are numbers: the only ones a `range` condition accepts. */
export const NUMERIC_PATHS: ReadonlySet<FieldPath> = new Set<FieldPath>([
  'container.lengthFt',
  'container.verifiedGrossMassKg',
  'container.sealCount',
  'billOfLading.count',
  'billOfLading.containerCount',
  'goods.packageCount',
  'goods.grossWeightKg',
  'goods.volumeM3',
  'goods.count',
  'goods.totalGrossWeightKg',
  'goods.totalPackageCount',
  'billOfLading.pieceCount',
  'billOfLading.grossWeightKg',
]);
