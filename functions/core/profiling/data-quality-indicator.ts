import { isStandIn } from '#core/manifest/container-units.ts';
import type { Evidence } from '#schemas/assessment.ts';
import type { DataQualityIssue } from '#schemas/manifest.ts';
import type { DataQualityLevel, IndicatorCondition } from '#schemas/risk-profile.ts';
import type { CompiledCondition } from './compile-conditions.ts';

/**
 * The `dataQuality` indicator: field errors the intake kept on the container, its B/Ls or
 * their goods (a malformed HS code, an impossible weight, a party without name ...). A record
 * with errors is profiled like any other; this lets a rule weigh the errors themselves.
 *
 * Records hold the field relative to themselves (`hsCode`, `shipper.name`,
 * `notifyParties.1.name`); rules name it as a field path (`goods.hsCode`, `shipper.name`,
 * `notify.name`), the vocabulary of field conditions.
 */
type DataQualityOptions = Extract<IndicatorCondition, { dataQuality: unknown }>['dataQuality'];

const MAX_EVIDENCE = 5;
const PARTY_ROLES = new Set(['shipper', 'consignee', 'forwarder']);

/** The field path of a record's data-quality field, e.g. B/L `notifyParties.1.name` -> `notify.name`. */
export function dataQualityPath(level: DataQualityLevel, field: string): string {
  if (level === 'container') return `container.${field}`;
  if (level === 'goods') return `goods.${field}`;
  const plain = field.replace(/\.\d+(?=\.|$)/g, '');
  const head = plain.split('.', 1)[0] as string;
  if (PARTY_ROLES.has(head)) return plain;
  if (head === 'notifyParties') return `notify${plain.slice('notifyParties'.length)}`;
  return `billOfLading.${plain}`;
}

export function compileDataQualityIndicator(opts: DataQualityOptions): CompiledCondition {
  const o = opts === true ? {} : opts;
  const codes = o.codes ? new Set<string>(o.codes) : undefined;
  const fields = o.fields?.map((f) => f.trim());
  const levels = new Set<DataQualityLevel>(o.levels ?? ['container', 'billOfLading', 'goods']);
  const fieldMatches = (path: string) =>
    !fields || fields.some((f) => path === f || path.startsWith(`${f}.`));

  return (ctx) => {
    const out: Evidence[] = [];
    const consider = (issues: DataQualityIssue[] | undefined, level: DataQualityLevel, where: string) => {
      if (!issues) return;
      for (const issue of issues) {
        if (out.length >= MAX_EVIDENCE) return;
        if (codes && !codes.has(issue.code)) continue;
        const path = dataQualityPath(level, issue.field);
        if (!fieldMatches(path)) continue;
        out.push({
          field: path,
          ...(issue.value !== undefined ? { value: issue.value } : {}),
          detail: `${issue.code} on ${where}${issue.value !== undefined ? `: declared "${issue.value}"` : ': not declared'}`,
        });
      }
    };
    const { container, billsOfLading } = ctx.unit;
    if (levels.has('container') && !isStandIn(container))
      consider(container.dataQuality, 'container', `container ${container.number}`);
    for (const bl of billsOfLading) {
      if (levels.has('billOfLading')) consider(bl.dataQuality, 'billOfLading', `B/L ${bl.number}`);
      if (levels.has('goods'))
        for (const g of bl.goods)
          consider(g.dataQuality, 'goods', `B/L ${bl.number} goods line ${g.lineNumber}`);
    }
    return out.length ? out : null;
  };
}
