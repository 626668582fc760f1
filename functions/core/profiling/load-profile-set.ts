import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  CONDITION_VARIANTS,
  Condition,
  FIELD_OPERATORS,
  FIELD_PATHS,
  ProfileSet,
} from '#schemas/risk-profile.ts';
import { compileProfiles } from './compile-profiles.ts';
import { formatPath, ProfileError } from './profile-error.ts';

/**
 * Reads a risk-profile file (YAML or JSON; JSON is YAML) and validates it completely: schema,
 * then a dry compile (regexes, ranges, duplicate ids). Any problem is a ProfileError naming
 * the file, the line, the rule id and the field inside the rule.
 */
export function loadProfileSet(path: string): ProfileSet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ProfileError(`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      file: path,
    });
  }
  return parseProfileSet(text, path);
}

export function parseProfileSet(text: string, file = 'profiles'): ProfileSet {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
    throw new ProfileError(`not valid YAML/JSON: ${e.message.split('\n')[0]}`, { file, line });
  }
  const raw: unknown = doc.toJS();
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    // Walk down to the deepest node that exists, so a missing key points at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as Node | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range)
        return lineCounter.linePos(node.range[0]).line;
      if (n === 0 && doc.contents?.range) return lineCounter.linePos(doc.contents.range[0]).line;
    }
    return undefined;
  };

  return validateProfileSet(raw, file, lineOf);
}

/**
 * Validates an already-parsed profile set (e.g. one received by the API) with the same
 * analyst-readable errors as a file, without line numbers unless `lineOf` can give them.
 */
export function validateProfileSet(
  raw: unknown,
  file = 'profiles',
  lineOf: (path: readonly PropertyKey[]) => number | undefined = () => undefined,
): ProfileSet {
  const parsed = ProfileSet.safeParse(raw);
  if (!parsed.success) throw issueToError(parsed.error.issues[0]!, raw, file, lineOf);

  try {
    compileProfiles(parsed.data);
  } catch (err) {
    if (!(err instanceof ProfileError)) throw err;
    const idx = err.where.ruleIndex;
    const fieldPath = err.where.field ? parseFieldPath(err.where.field) : [];
    const line = idx !== undefined ? lineOf(['rules', idx, ...fieldPath]) : undefined;
    throw new ProfileError(err.detail, { ...err.where, file, ...(line !== undefined ? { line } : {}) });
  }
  return parsed.data;
}

/** `when.all[1].regex` -> ['when', 'all', 1, 'regex'] */
function parseFieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function getIn(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}

/**
 * Turns the first zod issue into an analyst-readable error. A condition is a union of
 * variants and zod reports a failed union as "Invalid input"; we pick the variant the
 * analyst meant by its key (`field` + operator, `all`, `watchlistParty` ...) and report that
 * variant's own first problem instead.
 */
function issueToError(
  issue: z.core.$ZodIssue,
  raw: unknown,
  file: string,
  lineOf: (p: readonly PropertyKey[]) => number | undefined,
): ProfileError {
  let path: PropertyKey[] = [...issue.path];
  let message = issue.message;
  const value = getIn(raw, path);
  const inCondition = path.includes('when');
  if (issue.code === 'invalid_union' && inCondition) {
    const explained = explainCondition(value, path);
    path = explained.path;
    message = explained.message;
  } else if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    message = 'is required';
  } else if (path.length === 0 && issue.code === 'invalid_type') {
    message =
      'a profile set is a mapping with version, rules and optional settings (see docs/risk-profiles.md)';
  } else if (issue.code === 'invalid_key' && path[0] === 'ports') {
    message = `"${String(path[1])}" is not a UN/LOCODE: port settings are keyed by codes such as NLRTM`;
  } else if (issue.code === 'unrecognized_keys') {
    message = `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  } else if (issue.code === 'invalid_value' && path[path.length - 1] === 'field') {
    message = `unknown field path "${String(getIn(raw, path))}"; use one of: ${FIELD_PATHS.join(', ')}`;
  }
  const where: ProfileError['where'] = { file };
  const line = lineOf(path);
  if (line !== undefined) where.line = line;
  if (path[0] === 'rules' && typeof path[1] === 'number') {
    where.ruleIndex = path[1];
    const id = getIn(raw, ['rules', path[1], 'id']);
    if (typeof id === 'string') where.ruleId = id;
    if (path.length > 2) where.field = formatPath(path.slice(2));
  } else if (path.length > 0) where.field = formatPath(path);
  return new ProfileError(message, where);
}

const COMBINATORS = ['all', 'any', 'not'] as const;

function explainCondition(value: unknown, path: PropertyKey[]): { path: PropertyKey[]; message: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { path, message: 'a condition must be an object such as {field: goods.hsCode, prefix: "2939"}' };
  const keys = Object.keys(value);
  const combinator = COMBINATORS.find((k) => keys.includes(k));
  if (combinator) {
    const others = keys.filter((k) => k !== combinator);
    if (others.length > 0)
      return {
        path,
        message: `"${combinator}" cannot be combined with ${others.map((k) => `"${k}"`).join(', ')} in one condition; nest them`,
      };
    const inner = (value as Record<string, unknown>)[combinator];
    if (combinator === 'not') return explainCondition(inner, [...path, 'not']);
    if (!Array.isArray(inner) || inner.length === 0)
      return { path: [...path, combinator], message: `"${combinator}" needs a non-empty list of conditions` };
    // Find the first member that fails.
    const member = firstInvalidCondition(inner);
    if (member !== undefined) return explainCondition(inner[member], [...path, combinator, member]);
    return { path, message: 'invalid condition' };
  }
  if (keys.includes('field')) {
    const ops = FIELD_OPERATORS.filter((k) => keys.includes(k));
    if (ops.length === 0) {
      const known = new Set(['field', 'match', 'caseSensitive']);
      const unknown = keys.filter((k) => !known.has(k));
      const prefix = unknown.length ? `unknown key ${unknown.map((k) => `"${k}"`).join(', ')}; ` : '';
      return {
        path,
        message: `${prefix}a field condition needs one operator: ${FIELD_OPERATORS.join(', ')}`,
      };
    }
    if (ops.length > 1)
      return {
        path,
        message: `one operator per condition (found ${ops.join(', ')}); combine conditions with all/any`,
      };
    return firstIssue(CONDITION_VARIANTS[ops[0]!], value, path);
  }
  const indicator = Object.keys(CONDITION_VARIANTS).find(
    (k) => !(FIELD_OPERATORS as readonly string[]).includes(k) && keys.includes(k),
  ) as keyof typeof CONDITION_VARIANTS | undefined;
  if (indicator) return firstIssue(CONDITION_VARIANTS[indicator], value, path);
  const indicators = Object.keys(CONDITION_VARIANTS).filter(
    (k) => !(FIELD_OPERATORS as readonly string[]).includes(k),
  );
  return {
    path,
    message: `unknown condition (keys ${keys.map((k) => `"${k}"`).join(', ') || 'none'}); a condition is {field, <operator>}, all, any, not, or an indicator: ${indicators.join(', ')}`,
  };
}

function firstIssue(
  schema: z.ZodType,
  value: unknown,
  path: PropertyKey[],
): { path: PropertyKey[]; message: string } {
  const r = schema.safeParse(value);
  if (r.success) return { path, message: 'invalid condition' };
  const issue = r.error.issues[0]!;
  const sub = [...path, ...issue.path];
  if (issue.code === 'unrecognized_keys')
    return { path: sub, message: `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
  if (issue.code === 'invalid_value' && issue.path[issue.path.length - 1] === 'field')
    return {
      path: sub,
      message: `unknown field path "${String(getIn(value, issue.path))}"; see the path vocabulary in docs/risk-profiles.md`,
    };
  if (issue.code === 'invalid_union') {
    const v = getIn(value, issue.path);
    // Nested condition (e.g. inside not) or an indicator's `true | {options}` choice.
    if (
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.keys(CONDITION_VARIANTS).some((k) => k in v)
    )
      return explainCondition(v, sub);
    return { path: sub, message: `invalid value ${JSON.stringify(v)}` };
  }
  return { path: sub, message: issue.message };
}

/** Index of the first list member that is not a valid condition. */
function firstInvalidCondition(list: unknown[]): number | undefined {
  for (let i = 0; i < list.length; i++) {
    const probe = Condition.safeParse(list[i]);
    if (!probe.success) return i;
  }
  return undefined;
}

const DEFAULT_PROFILE_PATH = resolve(import.meta.dirname, '../../../data/profiles/default.yaml');

/** Path of the bundled default profile set (data/profiles/default.yaml). */
export function defaultProfilePath(): string {
  return DEFAULT_PROFILE_PATH;
}

let defaultSet: ProfileSet | undefined;
/** The bundled default profile set, parsed once. */
export function defaultProfileSet(): ProfileSet {
  defaultSet ??= loadProfileSet(DEFAULT_PROFILE_PATH);
  return defaultSet;
}
