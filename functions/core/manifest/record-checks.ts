import {
  containerNumberProblems,
  countryProblems,
  hsCodeProblems,
  imoProblems,
  isoTypeInfo,
  isoTypeProblems,
  locodeProblems,
  type Problem,
  problem,
} from '#core/identifiers/index.ts';
import type { BillOfLading, Container, GoodsItem, Party, Voyage } from '#schemas/manifest.ts';

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
  if (voyage.reportingPort) at('reportingPort', locodeProblems(voyage.reportingPort), out);
  voyage.previousPortsOfCall?.forEach((port, i) => {
    at(`previousPortsOfCall.${i}`, locodeProblems(port), out);
  });
  if (voyage.eta !== undefined && !isValidDate(voyage.eta)) {
    out.push({ ...problem('DATE_INVALID', 'error', `Got "${voyage.eta}".`), field: 'eta' });
  }
  return out;
}

/** B/L-level fields (parties, places); goods items are checked by goodsItemProblems. */
export function billOfLadingProblems(bl: BillOfLading): FieldProblem[] {
  const out: FieldProblem[] = [];
  partyProblems(bl.shipper, 'shipper', out);
  partyProblems(bl.consignee, 'consignee', out);
  bl.notifyParties.forEach((party, i) => {
    partyProblems(party, `notifyParties.${i}`, out);
  });
  partyProblems(bl.forwarder, 'forwarder', out);
  for (const field of ['placeOfReceipt', 'portOfLoading', 'portOfDischarge', 'placeOfDelivery'] as const) {
    const code = bl[field];
    if (code) at(field, locodeProblems(code), out);
  }
  bl.transshipmentPorts.forEach((port, i) => {
    at(`transshipmentPorts.${i}`, locodeProblems(port), out);
  });
  return out;
}

export function goodsItemProblems(goods: GoodsItem): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (goods.hsCode) at('hsCode', hsCodeProblems(goods.hsCode), out);
  if (goods.grossWeightKg !== undefined) {
    const limit = IMPOSSIBLE_CONTAINER_KG * Math.max(1, goods.containers.length);
    if (!(goods.grossWeightKg >= 0) || goods.grossWeightKg > limit) {
      out.push({
        ...problem(
          'WEIGHT_IMPOSSIBLE',
          'error',
          `Got ${goods.grossWeightKg} kg for goods in ${goods.containers.length || 'no'} container(s).`,
        ),
        field: 'grossWeightKg',
      });
    }
  }
  if (goods.dangerousGoodsUn !== undefined && !/^\d{4}$/.test(goods.dangerousGoodsUn)) {
    out.push({
      ...problem('DG_UN_NUMBER', 'error', `Got "${goods.dangerousGoodsUn}".`),
      field: 'dangerousGoodsUn',
    });
  }
  return out;
}

export function containerProblems(container: Container): FieldProblem[] {
  const out: FieldProblem[] = [];
  at('number', containerNumberProblems(container.number), out);
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
