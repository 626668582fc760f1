import { containerCheckDigit, isValidContainerNumber } from '#core/identifiers/container-number.ts';
import { normaliseImo } from '#core/identifiers/imo.ts';
import { isoTypeInfo } from '#core/identifiers/iso-type.ts';
import { isStandIn } from '#core/manifest/container-units.ts';
import type { Evidence, WatchlistEvidence } from '#schemas/assessment.ts';
import type { ContainerUnit, Party, PartyRole } from '#schemas/manifest.ts';
import type {
  Condition,
  FieldCondition,
  IndicatorCondition,
  RouteLeg,
  WeightCheck,
} from '#schemas/risk-profile.ts';
import { FIELD_OPERATORS } from '#schemas/risk-profile-constants.ts';
import type { EntryType, NameMatch, WatchlistEntry } from '#schemas/watchlist.ts';
import { compileDataQualityIndicator } from './data-quality-indicator.ts';
import { containerCargo, FIELD_EXTRACTORS, type FieldValue, NUMERIC_PATHS } from './field-paths.ts';
import { compileHiddenCharacters } from './hidden-characters.ts';
import {
  compileConsolidation,
  compileEquipmentChange,
  compileIdentifierInvalid,
  compileShipperIsConsignee,
  compileWatchlistConveyance,
  type DocumentEquipment,
} from './modal-indicators.ts';
import { ProfileError } from './profile-error.ts';
import { routeListingDetail } from './route-listing.ts';
import { vagueDescriptionTest } from './vague-description.ts';

/**
 * Compiles a rule's condition tree into one closure. Everything that can be decided from the
 * rule alone (field extractor, regex, value sets, indicator options) is decided here, once
 * per profile version; per container only the closure runs.
 *
 * A compiled condition returns null when it does not hold, or the evidence that made it hold
 * (possibly empty, e.g. for `not`).
 */
export type CompiledCondition = (ctx: EvaluationContext) => Evidence[] | null;

/** What the profiler needs from the screening index (functions/core/screening). */
export interface ScreeningLookup {
  screen(name: string, opts?: { top?: number; minScore?: number; types?: EntryType[] }): NameMatch[];
  byIdentifier(type: string, value: string): readonly WatchlistEntry[];
  /** The indexed entries; needed only by `watchlistParty.sameCountry`. */
  readonly entries?: readonly WatchlistEntry[];
}

/** Per-manifest state shared by every container: the party-screening cache. */
export interface EvaluationContext {
  unit: ContainerUnit;
  screenParty(name: string): NameMatch[];
  lookupIdentifier(type: string, value: string): readonly WatchlistEntry[];
  /** The wagons and trailers of a master document anywhere in the manifest (equipmentChange). */
  masterEquipment: DocumentEquipment;
}

export interface CompileEnvironment {
  ruleId: string;
  /** Whether watchlists are loaded; watchlist indicators never hit without them. */
  hasScreening: boolean;
  defaultMinScore: number;
  /** Collects the lowest party minScore so one screening call per name serves every rule. */
  noteMinScore(score: number): void;
  /** ISO codes of the countries a watchlist entry lists (empty when it lists none or is unknown). */
  entryCountries(list: string, id: string): ReadonlySet<string>;
  /** The entry's fingerprint (functions/core/clearances), recorded on each name match. */
  entryFingerprint?(list: string, id: string): string | undefined;
}

const MAX_EVIDENCE = 5;

export function compileCondition(cond: Condition, env: CompileEnvironment, path = 'when'): CompiledCondition {
  if ('all' in cond) {
    const parts = cond.all.map((c, i) => compileCondition(c, env, `${path}.all[${i}]`));
    return (ctx) => {
      const evidence: Evidence[] = [];
      for (const part of parts) {
        const e = part(ctx);
        if (e === null) return null;
        for (const x of e) evidence.push(x);
      }
      return evidence;
    };
  }
  if ('any' in cond) {
    const parts = cond.any.map((c, i) => compileCondition(c, env, `${path}.any[${i}]`));
    return (ctx) => {
      let evidence: Evidence[] | null = null;
      for (const part of parts) {
        const e = part(ctx);
        if (e !== null) evidence = evidence ? evidence.concat(e) : e;
      }
      return evidence;
    };
  }
  if ('not' in cond) {
    const inner = compileCondition(cond.not, env, `${path}.not`);
    return (ctx) => (inner(ctx) === null ? [] : null);
  }
  if ('field' in cond) return compileFieldCondition(cond, env, path);
  return compileIndicator(cond, env, path);
}

const fold = (v: string) => v.trim().toUpperCase();
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const keyOf = (v: Exclude<FieldValue, undefined>, caseSensitive: boolean) =>
  typeof v === 'string' ? (caseSensitive ? v.trim() : fold(v)) : String(v);
const isAbsent = (v: FieldValue) => v === undefined || (typeof v === 'string' && v.trim() === '');

function compileFieldCondition(
  cond: FieldCondition,
  env: CompileEnvironment,
  path: string,
): CompiledCondition {
  const field = cond.field;
  const extract = FIELD_EXTRACTORS[field];
  const fail = (detail: string, at: string): never => {
    throw new ProfileError(detail, { ruleId: env.ruleId, field: `${path}.${at}` });
  };
  if (!extract) fail(`unknown field path "${field}"`, 'field');
  const operators = FIELD_OPERATORS.filter((op) => op in cond);
  if (operators.length !== 1)
    fail(`a field condition needs exactly one operator of ${FIELD_OPERATORS.join(', ')}`, 'field');
  const matchAll = cond.match === 'all';
  const caseSensitive = 'caseSensitive' in cond && cond.caseSensitive === true;

  if ('missing' in cond) {
    const wanted = cond.missing;
    return (ctx) => {
      const values = extract(ctx.unit);
      let absent = 0;
      let firstPresent: FieldValue;
      for (const v of values) {
        if (isAbsent(v)) absent++;
        else if (firstPresent === undefined) firstPresent = v;
      }
      const present = values.length - absent;
      if (wanted) {
        const holds = matchAll ? present === 0 : values.length === 0 || absent > 0;
        return holds ? [{ field, detail: 'missing' }] : null;
      }
      const holds = matchAll ? values.length > 0 && absent === 0 : present > 0;
      return holds ? [{ field, value: firstPresent as string | number | boolean }] : null;
    };
  }

  let test: (v: Exclude<FieldValue, undefined>) => boolean;
  let describe: (v: Exclude<FieldValue, undefined>) => string;
  if ('equals' in cond) {
    const want = keyOf(cond.equals, caseSensitive);
    test = (v) => keyOf(v, caseSensitive) === want;
    describe = () => `= ${cond.equals}`;
  } else if ('in' in cond) {
    const set = new Set(cond.in.map((v) => keyOf(v, caseSensitive)));
    test = (v) => set.has(keyOf(v, caseSensitive));
    describe = () => 'in list';
  } else if ('prefix' in cond) {
    const raw = Array.isArray(cond.prefix) ? cond.prefix : [cond.prefix];
    // HS codes are often written 2939.11 or "29 39": compare digits only.
    const isHs = field === 'goods.hsCode';
    const prefixes = raw.map((p) => (isHs ? p.replace(/[\s.]/g, '') : p.trim()));
    if (isHs && prefixes.some((p) => !/^\d{1,10}$/.test(p)))
      fail('an HS code prefix is 1 to 10 digits', 'prefix');
    // One anchored alternation, compiled once: no per-value string allocation.
    const re = new RegExp(`^\\s*(?:${prefixes.map(escapeRegex).join('|')})`, caseSensitive ? '' : 'i');
    test = (v) => re.test(typeof v === 'string' ? v : String(v));
    describe = (v) => {
      const s = (typeof v === 'string' ? v : String(v)).trim().toUpperCase();
      return `starts with ${prefixes.find((p) => s.startsWith(p.toUpperCase())) ?? prefixes[0]}`;
    };
  } else if ('regex' in cond) {
    let re: RegExp;
    try {
      re = new RegExp(cond.regex, caseSensitive ? '' : 'i');
    } catch (err) {
      return fail(`invalid regular expression: ${(err as Error).message}`, 'regex');
    }
    test = (v) => re.test(String(v));
    describe = () => `matches /${cond.regex}/`;
  } else if ('range' in cond) {
    const { min, max } = cond.range;
    if (!NUMERIC_PATHS.has(field))
      fail(
        `range needs a numeric field; "${field}" is not (numeric: ${[...NUMERIC_PATHS].join(', ')})`,
        'range',
      );
    if (min === undefined && max === undefined) fail('range needs min, max or both', 'range');
    if (min !== undefined && max !== undefined && min > max)
      fail(`range min ${min} is above max ${max}`, 'range');
    const lo = min ?? Number.NEGATIVE_INFINITY;
    const hi = max ?? Number.POSITIVE_INFINITY;
    test = (v) => {
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isFinite(n) && n >= lo && n <= hi;
    };
    describe = () => `in [${min ?? '-inf'}, ${max ?? '+inf'}]`;
  } else {
    return fail('unknown operator', 'field');
  }

  const find = extract.find;
  if (!matchAll && find) {
    return (ctx) => {
      const v = find(ctx.unit, test);
      return v === undefined ? null : [{ field, value: v, detail: describe(v) }];
    };
  }
  return (ctx) => {
    const values = extract(ctx.unit);
    if (matchAll) {
      if (values.length === 0) return null;
      for (const v of values) if (v === undefined || !test(v)) return null;
      return values.slice(0, MAX_EVIDENCE).map((v) => ({
        field,
        value: v as string | number | boolean,
        detail: describe(v as Exclude<FieldValue, undefined>),
      }));
    }
    for (const v of values) if (v !== undefined && test(v)) return [{ field, value: v, detail: describe(v) }];
    return null;
  };
}

const DEFAULT_LEGS: RouteLeg[] = ['receipt', 'loading', 'transshipment'];
const SCREENED_TYPES: EntryType[] = ['person', 'organization'];

function partiesByRole(unit: ContainerUnit, role: PartyRole | 'any'): { role: PartyRole; party: Party }[] {
  const out: { role: PartyRole; party: Party }[] = [];
  for (const bl of unit.billsOfLading) {
    if ((role === 'any' || role === 'shipper') && bl.shipper)
      out.push({ role: 'shipper', party: bl.shipper });
    if ((role === 'any' || role === 'consignee') && bl.consignee)
      out.push({ role: 'consignee', party: bl.consignee });
    if (role === 'any' || role === 'notify')
      for (const p of bl.notifyParties) out.push({ role: 'notify', party: p });
    if ((role === 'any' || role === 'forwarder') && bl.forwarder)
      out.push({ role: 'forwarder', party: bl.forwarder });
  }
  return out;
}

function optionalFingerprint(fingerprint: string | undefined): { entryFingerprint?: string } {
  return fingerprint ? { entryFingerprint: fingerprint } : {};
}

function entryEvidence(entry: WatchlistEntry, matchedOn: string, value: string): WatchlistEvidence {
  return { entityId: entry.id, list: entry.list, name: entry.name, matchedName: value, score: 1, matchedOn };
}

const TO_ORDER = /^(?:TO\s+(?:THE\s+)?ORDER\b|ORDER\s+OF\b|UNTO\s+ORDER\b|ORDER$)/i;

function compileIndicator(
  cond: IndicatorCondition,
  env: CompileEnvironment,
  path: string,
): CompiledCondition {
  const fail = (detail: string, at: string): never => {
    throw new ProfileError(detail, { ruleId: env.ruleId, field: `${path}.${at}` });
  };

  if ('watchlistParty' in cond) {
    const { role, lists, sameCountry } = cond.watchlistParty;
    const minScore = cond.watchlistParty.minScore ?? env.defaultMinScore;
    env.noteMinScore(minScore);
    const listSet = lists ? new Set(lists) : undefined;
    if (!env.hasScreening) return () => null;
    return (ctx) => {
      const evidence: Evidence[] = [];
      for (const { role: r, party } of partiesByRole(ctx.unit, role)) {
        for (const m of ctx.screenParty(party.name)) {
          if (m.score < minScore || (listSet && !listSet.has(m.list))) continue;
          if (sameCountry && !(party.country && env.entryCountries(m.list, m.entityId).has(party.country)))
            continue;
          evidence.push({
            field: `${r}.name`,
            value: party.name,
            ...(sameCountry ? { detail: `declared country ${party.country} is listed for the entry` } : {}),
            watchlist: {
              ...m,
              matchedOn: 'name',
              role: r,
              ...(party.country && { partyCountry: party.country }),
              ...(party.identifier && { partyIdentifier: party.identifier }),
              ...optionalFingerprint(env.entryFingerprint?.(m.list, m.entityId)),
            },
          });
          break; // the best match per party is the evidence; more would be noise
        }
      }
      return evidence.length ? evidence : null;
    };
  }

  if ('watchlistContainer' in cond) {
    const opts = cond.watchlistContainer;
    const listSet = opts !== true && opts.lists ? new Set(opts.lists) : undefined;
    if (!env.hasScreening) return () => null;
    return (ctx) => {
      if (isStandIn(ctx.unit.container)) return null; // a stand-in key, not a number
      const number = ctx.unit.container.number;
      const entries = ctx
        .lookupIdentifier('container', number)
        .filter((e) => !listSet || listSet.has(e.list));
      if (entries.length === 0) return null;
      return entries.map((e) => ({
        field: 'container.number',
        value: number,
        watchlist: entryEvidence(e, 'container', number),
      }));
    };
  }

  if ('watchlistVessel' in cond) {
    const opts = cond.watchlistVessel;
    const listSet = opts !== true && opts.lists ? new Set(opts.lists) : undefined;
    if (!env.hasScreening) return () => null;
    return (ctx) => {
      const raw = ctx.unit.voyage.imoNumber;
      if (!raw) return null;
      const imo = normaliseImo(raw);
      const entries = ctx.lookupIdentifier('imo', imo).filter((e) => !listSet || listSet.has(e.list));
      if (entries.length === 0) return null;
      return entries.map((e) => ({
        field: 'voyage.imoNumber',
        value: imo,
        watchlist: entryEvidence(e, 'imo', imo),
      }));
    };
  }

  if ('watchlistConveyance' in cond) {
    if (!env.hasScreening) return () => null;
    const test = compileWatchlistConveyance(cond.watchlistConveyance);
    return (ctx) => test(ctx.unit, ctx.lookupIdentifier, ctx.masterEquipment);
  }
  const modal =
    'identifierInvalid' in cond
      ? compileIdentifierInvalid(cond.identifierInvalid)
      : 'shipperIsConsignee' in cond
        ? compileShipperIsConsignee()
        : 'consolidation' in cond
          ? compileConsolidation(cond.consolidation)
          : 'equipmentChange' in cond
            ? compileEquipmentChange()
            : undefined;
  if (modal) return (ctx) => modal(ctx.unit, ctx.lookupIdentifier, ctx.masterEquipment);

  if ('route' in cond) {
    const ports = new Set(cond.route.ports ?? []);
    const countries = new Set(cond.route.countries ?? []);
    if (ports.size === 0 && countries.size === 0) fail('route needs ports, countries or both', 'route');
    const legs = new Set(cond.route.legs ?? DEFAULT_LEGS);
    // Manifests repeat a handful of ports: decide each LOCODE once.
    const verdicts = new Map<string, string | null>();
    const verdict = (code: string): string | null => {
      let v = verdicts.get(code);
      if (v === undefined) {
        v = ports.has(code)
          ? routeListingDetail('port', code)
          : countries.has(code.slice(0, 2))
            ? routeListingDetail('country', code.slice(0, 2))
            : null;
        verdicts.set(code, v);
      }
      return v;
    };
    const check = (code: string | undefined, field: string, out: Evidence[]) => {
      if (!code) return;
      const detail = verdict(code);
      if (detail) out.push({ field, value: code, detail });
    };
    return (ctx) => {
      const out: Evidence[] = [];
      for (const bl of ctx.unit.billsOfLading) {
        if (legs.has('receipt')) check(bl.placeOfReceipt, 'billOfLading.placeOfReceipt', out);
        if (legs.has('loading')) check(bl.portOfLoading, 'billOfLading.portOfLoading', out);
        if (legs.has('transshipment'))
          for (const t of bl.transshipmentPorts) check(t, 'billOfLading.transshipmentPorts', out);
        if (legs.has('discharge')) check(bl.portOfDischarge, 'billOfLading.portOfDischarge', out);
        if (legs.has('delivery')) check(bl.placeOfDelivery, 'billOfLading.placeOfDelivery', out);
      }
      if (legs.has('previousCall'))
        for (const p of ctx.unit.voyage.previousPortsOfCall) check(p, 'voyage.previousPortsOfCall', out);
      return out.length ? dedupeEvidence(out) : null;
    };
  }

  if ('vagueDescription' in cond) {
    const opts = cond.vagueDescription;
    const isVague = vagueDescriptionTest(opts === true ? [] : (opts.extraTerms ?? []));
    return (ctx) => {
      if (ctx.unit.container.status === 'empty') return null;
      const out: Evidence[] = [];
      for (const bl of ctx.unit.billsOfLading)
        for (const g of bl.goods) {
          const reason = isVague(g.description);
          if (reason && out.length < MAX_EVIDENCE)
            out.push({ field: 'goods.description', value: g.description, detail: reason });
        }
      return out.length ? out : null;
    };
  }

  if ('consigneeToOrder' in cond) {
    const opts = cond.consigneeToOrder;
    const includeMissing = opts === true ? true : opts.includeMissing;
    return (ctx) => {
      const out: Evidence[] = [];
      for (const bl of ctx.unit.billsOfLading) {
        const name = bl.consignee?.name?.trim();
        if (!name) {
          if (includeMissing)
            out.push({ field: 'consignee.name', detail: `no consignee on B/L ${bl.number}` });
        } else if (TO_ORDER.test(name)) {
          out.push({
            field: 'consignee.name',
            value: name,
            detail: `consigned to order on B/L ${bl.number}`,
          });
        }
      }
      return out.length ? out : null;
    };
  }

  if ('weightImplausible' in cond) return compileWeightIndicator(cond.weightImplausible, fail);

  if ('hiddenCharacters' in cond) return compileHiddenCharacters(cond.hiddenCharacters, partiesByRole);

  if ('invalidCheckDigit' in cond) {
    return (ctx) => {
      const n = ctx.unit.container.number;
      // Wagons, trailers and ULDs are no ISO 6346 containers: identifierInvalid checks their own numbers.
      const kind = ctx.unit.container.kind;
      if (isStandIn(ctx.unit.container) || (kind && kind !== 'container') || isValidContainerNumber(n))
        return null;
      const detail = /^[A-Z]{4}\d{7}$/.test(n)
        ? 'UJZ'.includes(n[3]!)
          ? `check digit should be ${containerCheckDigit(n)}`
          : `category letter ${n[3]} is not U, J or Z`
        : 'not an ISO 6346 number (4 letters + 7 digits)';
      return [{ field: 'container.number', value: n, detail }];
    };
  }

  if ('dataQuality' in cond) return compileDataQualityIndicator(cond.dataQuality);

  if ('shipperOwned' in cond) {
    return (ctx) =>
      ctx.unit.container.shipperOwned
        ? [{ field: 'container.shipperOwned', value: true, detail: 'shipper-owned (SOC) container' }]
        : null;
  }

  return fail(`unknown condition (keys: ${Object.keys(cond).join(', ')})`, '');
}

function dedupeEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list
    .filter((e) => {
      const k = `${e.field}|${e.value}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, MAX_EVIDENCE);
}

const isoTypes = new Map<string, ReturnType<typeof isoTypeInfo>>();
/** isoTypeInfo allocates; a manifest has a handful of types, so decide each once. */
function isoTypeOf(code: string): ReturnType<typeof isoTypeInfo> {
  if (isoTypes.has(code)) return isoTypes.get(code);
  const info = isoTypeInfo(code);
  if (isoTypes.size < 1000) isoTypes.set(code, info);
  return info;
}

type WeightOptions = Extract<IndicatorCondition, { weightImplausible: unknown }>['weightImplausible'];
const ALL_WEIGHT_CHECKS: WeightCheck[] = ['maxGross', 'belowTare', 'vgmMismatch', 'perPackage'];
/** When the ISO type is unknown: the highest rating ISO 668 allows. */
const ABSOLUTE_MAX_GROSS_KG = 36_000;

function compileWeightIndicator(
  opts: WeightOptions,
  fail: (detail: string, at: string) => never,
): CompiledCondition {
  const o = opts === true ? {} : opts;
  const checks = new Set(o.checks ?? ALL_WEIGHT_CHECKS);
  const ratio = o.mismatchRatio ?? 0.25;
  const minPer = o.perPackageKg?.min ?? 0.05;
  const maxPer = o.perPackageKg?.max ?? 30_000;
  if (minPer > maxPer)
    fail(`perPackageKg min ${minPer} is above max ${maxPer}`, 'weightImplausible.perPackageKg');
  const kg = (n: number) => `${Math.round(n)} kg`;

  return (ctx) => {
    const { container } = ctx.unit;
    // A B/L without container: its goods are not in one box, only the per-package check applies.
    const standIn = isStandIn(container);
    const info = container.isoType ? isoTypeOf(container.isoType) : undefined;
    const type = container.isoType ?? 'unknown type';
    const maxGross = info?.maxGrossKg ?? ABSOLUTE_MAX_GROSS_KG;
    const tare = info?.tareKg;
    const vgm = container.verifiedGrossMassKg;
    const { kg: cargo, exact } = containerCargo(ctx.unit);
    const out: Evidence[] = [];

    if (checks.has('maxGross') && !standIn) {
      if (vgm !== undefined && vgm > maxGross)
        out.push({
          field: 'container.verifiedGrossMassKg',
          value: vgm,
          detail: `VGM ${kg(vgm)} above max gross ${kg(maxGross)} for ${type}`,
        });
      else if (exact && cargo !== undefined && cargo + (tare ?? 0) > maxGross)
        out.push({
          field: 'goods.totalGrossWeightKg',
          value: Math.round(cargo),
          detail: `cargo ${kg(cargo)} + tare ${kg(tare ?? 0)} above max gross ${kg(maxGross)} for ${type}`,
        });
    }
    if (checks.has('belowTare') && container.status === 'full' && vgm !== undefined && tare !== undefined) {
      if (vgm < tare * 0.9)
        out.push({
          field: 'container.verifiedGrossMassKg',
          value: vgm,
          detail: `VGM ${kg(vgm)} below the tare ${kg(tare)} of an empty ${type}`,
        });
    }
    if (
      // Only when this container's cargo is known exactly (no goods line shared with other boxes).
      checks.has('vgmMismatch') &&
      !standIn &&
      exact &&
      vgm !== undefined &&
      cargo !== undefined &&
      tare !== undefined &&
      cargo > 0
    ) {
      const expected = cargo + tare;
      const diff = Math.abs(vgm - expected);
      if (diff > Math.max(500, ratio * Math.max(vgm, expected)))
        out.push({
          field: 'container.verifiedGrossMassKg',
          value: vgm,
          detail: `VGM ${kg(vgm)} vs declared cargo ${kg(cargo)} + tare ${kg(tare)} = ${kg(expected)}`,
        });
    }
    if (checks.has('perPackage')) {
      for (const bl of ctx.unit.billsOfLading)
        for (const g of bl.goods) {
          if (!g.packageCount || !g.grossWeightKg) continue;
          const per = g.grossWeightKg / g.packageCount;
          if (per < minPer || per > maxPer) {
            out.push({
              field: 'goods.grossWeightKg',
              value: g.grossWeightKg,
              detail: `${g.packageCount} packages weighing ${g.grossWeightKg} kg: ${per < 1 ? per.toFixed(3) : Math.round(per)} kg each`,
            });
            break;
          }
        }
    }
    return out.length ? out.slice(0, MAX_EVIDENCE) : null;
  };
}

export const SCREENING_TYPES = SCREENED_TYPES;
