import {
  awbNumberProblems,
  containerNumberProblems,
  countryProblems as countryProblemsOf,
  extraLocodesVersion,
  hsCodeProblems as hsCodeProblemsOf,
  imoProblems,
  isoTypeInfo as isoTypeInfoOf,
  isoTypeProblems as isoTypeProblemsOf,
  locodeProblems as locodeProblemsOf,
  normaliseAwbNumber,
  type Problem,
  problem,
  uldIdProblems,
  wagonNumberProblems,
} from '#core/identifiers/index.ts';
import { type LocationKind, locationProblems } from '#core/identifiers/locations.ts';
import type { BillOfLading, Container, GoodsItem, Party, TransportMode, Voyage } from '#schemas/manifest.ts';

/**
 * Identifier and plausibility checks on model records, shared by the CSV, JSON (and CUSCAR)
 * parsers. Each problem names the field as a model path relative to the record
 * (`shipper.country`, `transshipmentPorts.1`): the CSV parser maps it to a column, the JSON
 * parser to a JSON Pointer. Severities come from the identifiers module (an error rejects the
 * record, a warning never does).
 */
export interface FieldProblem extends Problem {
  field: string;
}

/** No ISO container is rated above 36,000 kg; a quarter more allows for sloppy declarations. */
export const IMPOSSIBLE_CONTAINER_KG = 45_000;

/**
 * The same port, country, HS code and ISO type recur on most rows of a manifest: each distinct
 * value is checked once. The problem lists are shared, never mutated (`at` copies them). The
 * caches are cleared when they grow large, so a file of all-different values costs no memory.
 */
function memoised<T>(check: (value: string) => T): (value: string) => T {
  const cache = new Map<string, T>();
  // A location's problems depend on the deployment's locations file, which a warm Lambda reloads.
  let locationsVersion = extraLocodesVersion();
  return (value) => {
    if (locationsVersion !== extraLocodesVersion()) {
      cache.clear();
      locationsVersion = extraLocodesVersion();
    }
    let result = cache.get(value);
    if (result === undefined && !cache.has(value)) {
      if (cache.size >= 10_000) cache.clear();
      result = check(value);
      cache.set(value, result);
    }
    return result as T;
  };
}

const countryProblems = memoised(countryProblemsOf);
const locodeProblems = memoised(locodeProblemsOf);
const hsCodeProblems = memoised(hsCodeProblemsOf);
const isoTypeProblems = memoised(isoTypeProblemsOf);
const isoTypeInfo = memoised(isoTypeInfoOf);

/** The location function a mode's places have; a sea manifest (no mode) keeps the seaport check. */
const PLACE_KIND: Record<Exclude<TransportMode, 'sea'>, LocationKind> = {
  air: 'airport',
  rail: 'rail',
  road: 'road',
};
const placeChecks = {
  sea: locodeProblems,
  air: memoised((code) => locationProblems(code, PLACE_KIND.air)),
  rail: memoised((code) => locationProblems(code, PLACE_KIND.rail)),
  road: memoised((code) => locationProblems(code, PLACE_KIND.road)),
} satisfies Record<TransportMode, (code: string) => Problem[]>;
const borderStationProblems = memoised((code) => locationProblems(code, 'border'));
/**
 * Where a rail, road or air carrier takes the goods over or hands them on (receipt, delivery)
 * can be any town: it must be a known location, not a station or an airport.
 */
const inlandPlaceProblems = memoised((code) =>
  locationProblems(code, 'road').filter((p) => p.code !== 'LOCODE_FUNCTION'),
);
const INLAND_PLACES = new Set(['placeOfReceipt', 'placeOfDelivery']);

function at(field: string, problems: Problem[], out: FieldProblem[]): void {
  for (const p of problems) out.push({ ...p, field });
}

function partyProblems(party: Party | undefined, field: string, out: FieldProblem[]): void {
  if (party?.country) at(`${field}.country`, countryProblems(party.country), out);
}

export function voyageProblems(voyage: Partial<Voyage>): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (voyage.imoNumber) at('imoNumber', imoProblems(voyage.imoNumber), out);
  if (voyage.flag) at('flag', countryProblems(voyage.flag), out);
  const placeProblems = placeChecks[voyage.mode ?? 'sea'];
  if (voyage.reportingPort) at('reportingPort', placeProblems(voyage.reportingPort), out);
  voyage.previousPortsOfCall?.forEach((port, i) => {
    at(`previousPortsOfCall.${i}`, placeProblems(port), out);
  });
  if (voyage.borderStation) at('borderStation', borderStationProblems(voyage.borderStation), out);
  if (voyage.eta !== undefined && !isValidDate(voyage.eta)) {
    out.push({ ...problem('DATE_INVALID', 'error', `Got "${voyage.eta}".`), field: 'eta' });
  }
  return out;
}

/**
 * B/L-level fields (parties, places); goods items are checked by goodsItemProblems. Places are
 * checked as the voyage's mode has them (airports for air; sea, the default, as seaports).
 */
export function billOfLadingProblems(bl: BillOfLading, mode: TransportMode = 'sea'): FieldProblem[] {
  const placeProblems = placeChecks[mode];
  const out: FieldProblem[] = [];
  partyProblems(bl.shipper, 'shipper', out);
  partyProblems(bl.consignee, 'consignee', out);
  bl.notifyParties.forEach((party, i) => {
    partyProblems(party, `notifyParties.${i}`, out);
  });
  partyProblems(bl.forwarder, 'forwarder', out);
  for (const field of ['placeOfReceipt', 'portOfLoading', 'portOfDischarge', 'placeOfDelivery'] as const) {
    const code = bl[field];
    if (!code) continue;
    at(
      field,
      mode !== 'sea' && INLAND_PLACES.has(field) ? inlandPlaceProblems(code) : placeProblems(code),
      out,
    );
  }
  bl.transshipmentPorts.forEach((port, i) => {
    at(`transshipmentPorts.${i}`, placeProblems(port), out);
  });
  if (bl.documentType === 'air-waybill') airWaybillNumberProblems(bl, out);
  return out;
}

/**
 * An air waybill's AWB numbers: its own when it is a master (a house number is the forwarder's
 * reference), its master's when it is a house. Warnings only: the number is the document's key
 * and is kept as declared; the profiler's `identifierInvalid` indicator weighs it.
 */
function airWaybillNumberProblems(bl: BillOfLading, out: FieldProblem[]): void {
  const warn = (problems: Problem[]) => problems.map((p) => ({ ...p, severity: 'warning' as const }));
  if (bl.type !== 'house') at('number', warn(awbNumberProblems(normaliseAwbNumber(bl.number))), out);
  if (bl.masterNumber) at('masterNumber', warn(awbNumberProblems(normaliseAwbNumber(bl.masterNumber))), out);
}

/**
 * `weightLimit: false` checks only the sign of the weight: a CSV row shows one container of a
 * goods line whose weight is the whole line's, so the reader judges it once the line is complete
 * (goodsWeightProblem).
 */
export function goodsItemProblems(goods: GoodsItem, opts: { weightLimit?: boolean } = {}): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (goods.hsCode) at('hsCode', hsCodeProblems(goods.hsCode), out);
  if (goods.grossWeightKg !== undefined) {
    const weight = goods.grossWeightKg;
    const p = !(weight >= 0)
      ? goodsWeightProblem(goods)
      : opts.weightLimit === false
        ? undefined
        : goodsWeightProblem(goods);
    if (p) out.push({ ...p, field: 'grossWeightKg' });
  }
  if (goods.dangerousGoodsUn !== undefined && !/^\d{4}$/.test(goods.dangerousGoodsUn)) {
    out.push({
      ...problem('DG_UN_NUMBER', 'error', `Got "${goods.dangerousGoodsUn}".`),
      field: 'dangerousGoodsUn',
    });
  }
  return out;
}

/**
 * A goods line's weight is for all its containers together: impossible when negative or when
 * the share per container is beyond any container.
 */
export function goodsWeightProblem(goods: GoodsItem): Problem | undefined {
  const weight = goods.grossWeightKg;
  if (weight === undefined) return undefined;
  const count = goods.containers.length;
  const limit = IMPOSSIBLE_CONTAINER_KG * Math.max(1, count);
  if (weight >= 0 && weight <= limit) return undefined;
  return problem(
    'WEIGHT_IMPOSSIBLE',
    'error',
    weight < 0
      ? `Got ${weight} kg.`
      : `Got ${weight} kg for goods in ${count || 'no'} container(s): ${Math.round(weight / Math.max(1, count))} kg per container, more than any container holds (${IMPOSSIBLE_CONTAINER_KG} kg).`,
  );
}

/** The number's check by kind of equipment: ISO 6346, a wagon number, a ULD id; a trailer's plate has none. */
function equipmentNumberProblems(container: Container): Problem[] {
  switch (container.kind) {
    case 'wagon':
      return wagonNumberProblems(container.number);
    case 'uld':
      return uldIdProblems(container.number);
    case 'trailer':
      return [];
    default:
      return containerNumberProblems(container.number);
  }
}

export function containerProblems(container: Container): FieldProblem[] {
  const out: FieldProblem[] = [];
  at('number', equipmentNumberProblems(container), out);
  if (container.isoType) at('isoType', isoTypeProblems(container.isoType), out);
  const vgm = container.verifiedGrossMassKg;
  if (vgm !== undefined) {
    const info = container.isoType ? isoTypeInfo(container.isoType) : undefined;
    const limit = info ? Math.round(info.maxGrossKg * 1.25) : IMPOSSIBLE_CONTAINER_KG;
    const reason =
      !(vgm >= 0) || vgm > limit
        ? `Got ${vgm} kg; no ${info ? `${info.lengthFt}' ` : ''}container weighs more than ${limit} kg.`
        : vgm === 0 && container.status === 'full'
          ? 'Got 0 kg for a full container.'
          : undefined;
    if (reason) out.push({ ...problem('WEIGHT_IMPOSSIBLE', 'error', reason), field: 'verifiedGrossMassKg' });
  }
  return out;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** An ISO 8601 date or date-time (with offset) naming a day that exists. */
export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  // A date-time must carry an offset: the model stores instants.
  return m[4] === undefined || /(?:Z|[+-]\d{2}:\d{2})$/.test(value);
}
