import type { DataQualityIssue } from '#schemas/manifest.ts';

/**
 * Field errors kept on the record they belong to (`dataQuality` on a container, B/L or goods
 * item), so that a record with errors is still profiled and the risk profiles can weigh the
 * errors (`dataQuality` indicator). The same errors are in the validation report with their
 * positions; the record keeps only the code, the model field and a short excerpt.
 */

/** Excerpts longer than this are cut (the report has the position of the full value). */
export const DATA_QUALITY_EXCERPT_CHARS = 80;

/** A bounded excerpt of a declared value: `…` and the full length when cut. */
export function valueExcerpt(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (text.length <= DATA_QUALITY_EXCERPT_CHARS) return text;
  return `${text.slice(0, DATA_QUALITY_EXCERPT_CHARS)}… (${text.length} characters)`;
}

/** Adds an error to a record's data quality (`field` relative to the record, e.g. `hsCode`). */
export function noteDataQuality(
  record: { dataQuality?: DataQualityIssue[] | undefined },
  code: string,
  field: string,
  value?: unknown,
): void {
  const excerpt = valueExcerpt(value);
  const issue: DataQualityIssue = excerpt === undefined ? { code, field } : { code, field, value: excerpt };
  if (record.dataQuality) record.dataQuality.push(issue);
  else record.dataQuality = [issue];
}

/** The value at a record-relative path (`transshipmentPorts.1`, `shipper.country`). */
export function valueAtPath(record: unknown, path: string): unknown {
  let at: unknown = record;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * Problem codes whose value the model's type cannot hold: the value is dropped from its field
 * (it stays in the data-quality excerpt and the report). Other errors keep the value (an
 * unknown but well-formed UN/LOCODE still tells the route; an impossible weight is evidence).
 */
const TYPE_BREAKING = new Set(['LOCODE_FORMAT']);

/** Removes from `record` the values of `problems` that its type cannot hold; returns the record. */
export function dropUntypedValues<T extends object>(
  record: T,
  problems: readonly { code: string; field: string }[],
): T {
  for (const p of problems) {
    if (!TYPE_BREAKING.has(p.code)) continue;
    const parts = p.field.split('.');
    const last = parts.pop() as string;
    const parent = parts.length ? valueAtPath(record, parts.join('.')) : record;
    if (!parent || typeof parent !== 'object') continue;
    if (Array.isArray(parent)) continue; // lists are filtered below, once, so indexes stay right
    delete (parent as Record<string, unknown>)[last];
  }
  // List entries (`transshipmentPorts.1`): rebuild the list without them (lists may be shared, frozen).
  const byList = new Map<string, Set<number>>();
  for (const p of problems) {
    const m = /^(.*)\.(\d+)$/.exec(p.field);
    if (!m || !TYPE_BREAKING.has(p.code)) continue;
    const key = m[1] as string;
    const set = byList.get(key) ?? new Set<number>();
    byList.set(key, set);
    set.add(Number(m[2]));
  }
  for (const [path, drop] of byList) {
    const parts = path.split('.');
    const last = parts.pop() as string;
    const parent = (parts.length ? valueAtPath(record, parts.join('.')) : record) as Record<string, unknown>;
    const list = parent?.[last];
    if (Array.isArray(list)) parent[last] = list.filter((_, i) => !drop.has(i));
  }
  return record;
}
