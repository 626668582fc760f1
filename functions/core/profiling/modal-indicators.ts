import { awbNumberProblems, normaliseAwbNumber } from '#core/identifiers/air-waybill.ts';
import type { Problem } from '#core/identifiers/problem.ts';
import { normaliseUldId, uldIdProblems } from '#core/identifiers/uld.ts';
import { normaliseWagonNumber, wagonNumberProblems } from '#core/identifiers/wagon-number.ts';
import { isStandIn } from '#core/manifest/container-units.ts';
import type { Evidence } from '#schemas/assessment.ts';
import type { BillOfLading, ContainerUnit, Manifest } from '#schemas/manifest.ts';
import type { IndicatorCondition } from '#schemas/risk-profile.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import { type ConveyanceKind, conveyanceLookupTypes } from '#schemas/watchlist-constants.ts';

/**
 * The indicators of the rail, road and air modes: conveyance identifiers on watchlists, the
 * identifier checks of wagons, ULDs and air waybills, shipper and consignee the same party,
 * e-commerce consolidations, and equipment that changes between a consignment's documents.
 */

type Options<K extends string> =
  Extract<IndicatorCondition, Record<K, unknown>> extends infer C
    ? C extends Record<K, infer O>
      ? O
      : never
    : never;
type Indicator = (
  unit: ContainerUnit,
  lookup: IdentifierLookup,
  documents: DocumentEquipment,
) => Evidence[] | null;
export type IdentifierLookup = (type: string, value: string) => readonly WatchlistEntry[];
/** The wagons and trailers a master document names (manifest-wide), by document number. */
export type DocumentEquipment = (masterNumber: string) => readonly string[] | undefined;

const MAX_EVIDENCE = 5;

/** Equipment of each kind, per master document of a manifest: one pass, built on first use. */
export function masterEquipmentIndex(manifest: Manifest): DocumentEquipment {
  let index: Map<string, string[]> | undefined;
  return (masterNumber) => {
    if (!index) {
      index = new Map();
      const kindOf = new Map(manifest.containers.map((c) => [c.number, c.kind]));
      for (const bl of manifest.billsOfLading) {
        if (bl.type === 'house') continue;
        const moving = bl.containers.filter((n) => {
          const kind = kindOf.get(n);
          return kind === 'wagon' || kind === 'trailer';
        });
        if (moving.length) index.set(bl.number, moving);
      }
    }
    return index.get(masterNumber);
  };
}

type ConveyanceOptions = Options<'watchlistConveyance'>;
type ConveyanceName = 'aircraft' | 'truck' | 'trailer' | 'wagon';
const ALL_CONVEYANCES: ConveyanceName[] = ['aircraft', 'truck', 'trailer', 'wagon'];
const LOOKUP_KIND: Record<ConveyanceName, ConveyanceKind> = {
  aircraft: 'aircraft',
  truck: 'vehicle',
  trailer: 'vehicle',
  wagon: 'wagon',
};

export function compileWatchlistConveyance(opts: ConveyanceOptions): Indicator {
  const o: Exclude<ConveyanceOptions, true> = opts === true ? {} : opts;
  const listSet = o.lists ? new Set(o.lists) : undefined;
  const kinds = new Set(o.kinds ?? ALL_CONVEYANCES);
  return (unit, lookup) => {
    const found: [ConveyanceName, string, string][] = [];
    const { voyage, container } = unit;
    if (kinds.has('aircraft') && voyage.aircraftRegistration)
      found.push(['aircraft', 'voyage.aircraftRegistration', voyage.aircraftRegistration]);
    if (kinds.has('truck') && voyage.truckRegistration)
      found.push(['truck', 'voyage.truckRegistration', voyage.truckRegistration]);
    if (kinds.has('trailer') && voyage.trailerRegistration)
      found.push(['trailer', 'voyage.trailerRegistration', voyage.trailerRegistration]);
    if (!isStandIn(container) && (container.kind === 'wagon' || container.kind === 'trailer')) {
      const kind = container.kind;
      if (kinds.has(kind) && !(kind === 'trailer' && container.number === voyage.trailerRegistration))
        found.push([kind, 'container.number', container.number]);
    }
    const out: Evidence[] = [];
    for (const [kind, field, value] of found) {
      const seen = new Set<WatchlistEntry>();
      for (const type of conveyanceLookupTypes(LOOKUP_KIND[kind])) {
        for (const e of lookup(type, value)) {
          if (seen.has(e) || (listSet && !listSet.has(e.list))) continue;
          seen.add(e);
          out.push({
            field,
            value,
            detail: `${kind} ${value} is listed as ${type} on ${e.list} entry ${e.id} (${e.name})`,
            watchlist: {
              entityId: e.id,
              list: e.list,
              name: e.name,
              matchedName: value,
              score: 1,
              matchedOn: type,
            },
          });
        }
      }
    }
    return out.length ? out.slice(0, MAX_EVIDENCE) : null;
  };
}

type IdentifierOptions = Options<'identifierInvalid'>;

function problemEvidence(
  field: string,
  value: string,
  problems: Problem[],
  what: string,
): Evidence | undefined {
  const p = problems[0];
  return p ? { field, value, detail: `${p.code} on ${what}: ${p.message}` } : undefined;
}

/** Each kind of equipment other than an ISO container, checked by its own rule. */
const EQUIPMENT_CHECKS = {
  wagon: { label: 'wagon', problems: (n: string) => wagonNumberProblems(normaliseWagonNumber(n)) },
  uld: { label: 'ULD', problems: (n: string) => uldIdProblems(normaliseUldId(n)) },
} as const;
const ALL_IDENTIFIER_KINDS = ['wagon', 'uld', 'airWaybill'] as const;

/** The identifier checks of other equipment and documents: each by its own rule, never ISO 6346. */
export function compileIdentifierInvalid(opts: IdentifierOptions): Indicator {
  const kinds = new Set<string>(opts === true ? ALL_IDENTIFIER_KINDS : (opts.kinds ?? ALL_IDENTIFIER_KINDS));
  return (unit) => {
    const out: Evidence[] = [];
    const c = unit.container;
    if (!isStandIn(c) && (c.kind === 'wagon' || c.kind === 'uld') && kinds.has(c.kind)) {
      const check = EQUIPMENT_CHECKS[c.kind];
      const e = problemEvidence(
        'container.number',
        c.number,
        check.problems(c.number),
        `${check.label} ${c.number}`,
      );
      if (e) out.push(e);
    }
    if (kinds.has('airWaybill')) {
      for (const bl of unit.billsOfLading) {
        if (bl.documentType !== 'air-waybill' || out.length >= MAX_EVIDENCE) continue;
        // A house number is the forwarder's own reference; its master's number is an AWB.
        if (bl.type !== 'house') {
          const e = problemEvidence(
            'billOfLading.number',
            bl.number,
            awbNumberProblems(normaliseAwbNumber(bl.number)),
            `AWB ${bl.number}`,
          );
          if (e) out.push(e);
        }
        if (bl.masterNumber) {
          const e = problemEvidence(
            'billOfLading.masterNumber',
            bl.masterNumber,
            awbNumberProblems(normaliseAwbNumber(bl.masterNumber)),
            `the master AWB of house ${bl.number}`,
          );
          if (e && !out.some((x) => x.value === e.value)) out.push(e);
        }
      }
    }
    return out.length ? out.slice(0, MAX_EVIDENCE) : null;
  };
}

/** Upper case, letters and digits only: "Acme Trading Co., Ltd." and "ACME TRADING CO LTD" are one. */
const partyKey = (s: string | undefined) => (s ?? '').toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '');

export function compileShipperIsConsignee(): Indicator {
  return (unit) => {
    const out: Evidence[] = [];
    for (const bl of unit.billsOfLading) {
      const { shipper, consignee } = bl;
      if (!shipper || !consignee) continue;
      const sameName = partyKey(shipper.name) !== '' && partyKey(shipper.name) === partyKey(consignee.name);
      const sameId = !!shipper.identifier && partyKey(shipper.identifier) === partyKey(consignee.identifier);
      if (!sameName && !sameId) continue;
      out.push({
        field: 'consignee.name',
        value: consignee.name,
        detail: `shipper and consignee are the same party on ${bl.number} (${sameName ? 'same name' : `same identifier ${consignee.identifier}`})`,
      });
      if (out.length >= MAX_EVIDENCE) break;
    }
    return out.length ? out : null;
  };
}

type ConsolidationOptions = Options<'consolidation'>;

function houseWeight(bl: BillOfLading): number | undefined {
  if (bl.grossWeightKg !== undefined) return bl.grossWeightKg;
  let kg = 0;
  let any = false;
  for (const g of bl.goods)
    if (g.grossWeightKg !== undefined) {
      kg += g.grossWeightKg;
      any = true;
    }
  return any ? kg : undefined;
}

export function compileConsolidation(o: ConsolidationOptions): Indicator {
  const minHouses = o.minHouses ?? 10;
  const maxKg = o.maxHouseKg ?? 5;
  const share = o.smallShare ?? 0.8;
  const origins = o.origins ? new Set(o.origins.map((x) => x.toUpperCase())) : undefined;
  const fromHub = (bl: BillOfLading) =>
    [bl.placeOfReceipt, bl.portOfLoading].some(
      (code) => !!code && (origins!.has(code) || origins!.has(code.slice(0, 2))),
    );
  return (unit) => {
    let houses = 0;
    let small = 0;
    let hub = 0;
    const hubs = new Set<string>();
    for (const bl of unit.billsOfLading) {
      if (bl.type !== 'house') continue;
      houses++;
      const kg = houseWeight(bl);
      if (kg !== undefined && kg <= maxKg) small++;
      if (origins && fromHub(bl)) {
        hub++;
        if (bl.portOfLoading) hubs.add(bl.portOfLoading);
      }
    }
    if (houses < minHouses || small < share * houses) return null;
    if (origins && hub * 2 <= houses) return null;
    return [
      {
        field: 'billOfLading.type',
        value: 'house',
        detail: `${houses} house documents, ${small} of ${maxKg} kg or less${origins ? `, ${hub} from ${[...hubs].slice(0, 3).join(', ') || 'a listed hub'}` : ''}`,
      },
    ];
  };
}

export function compileEquipmentChange(): Indicator {
  return (unit, _lookup, masterEquipment) => {
    const c = unit.container;
    if (isStandIn(c) || (c.kind !== 'wagon' && c.kind !== 'trailer')) return null;
    const out: Evidence[] = [];
    for (const bl of unit.billsOfLading) {
      if (bl.type !== 'house' || !bl.masterNumber) continue;
      const master = masterEquipment(bl.masterNumber);
      if (!master || master.includes(c.number)) continue;
      out.push({
        field: 'container.number',
        value: c.number,
        detail: `${bl.number} puts its goods in ${c.kind} ${c.number}; its master document ${bl.masterNumber} names ${master.slice(0, 3).join(', ')}`,
      });
      if (out.length >= MAX_EVIDENCE) break;
    }
    return out.length ? out : null;
  };
}
