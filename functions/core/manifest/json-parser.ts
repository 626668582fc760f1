import type { z } from 'zod';
import { normaliseContainerNumber } from '#core/identifiers/container-number.ts';
import { normaliseLocode } from '#core/identifiers/locode.ts';
import { BillOfLading, Container, type Manifest, Voyage } from '#schemas/manifest.ts';
import type { IssueCode } from '#schemas/validation-report.ts';
import {
  billOfLadingProblems,
  containerProblems,
  type FieldProblem,
  goodsItemProblems,
  voyageProblems,
} from './record-checks.ts';
import type { RecordScope, ReportBuilder } from './report-builder.ts';

/** JSON is parsed in memory (no streaming JSON yet): beyond this it is refused outright. */
export const MAX_JSON_CHARS = 512 * 1024 * 1024;

const REQUIRED_VOYAGE_FIELDS = new Set(['vesselName', 'voyageNumber', 'reportingPort']);

/**
 * Reads a manifest written as the model itself (schemas/manifest.ts). Each B/L and each
 * container is a record: a bad one is rejected with JSON-Pointer positions, the rest is kept.
 * A syntax error rejects the file with its line and column.
 */
export interface JsonParseOptions {
  /** The PCU's port (UN/LOCODE), used with a warning when the voyage has no reporting port. */
  reportingPort?: string;
}

export async function parseJson(
  text: AsyncIterable<string>,
  report: ReportBuilder,
  options: JsonParseOptions = {},
): Promise<Manifest | undefined> {
  const parts: string[] = [];
  let length = 0;
  for await (const chunk of text) {
    length += chunk.length;
    if (length > MAX_JSON_CHARS) {
      report.fileError(
        'FILE_TOO_LARGE',
        `JSON manifests larger than ${MAX_JSON_CHARS / 1024 / 1024} MB are not accepted; send it as CSV or split it.`,
      );
      return undefined;
    }
    parts.push(chunk);
  }
  let source = parts.join('');
  parts.length = 0;

  let doc: unknown;
  try {
    doc = JSON.parse(source);
    source = ''; // the text (100+ MB for a large vessel) is not needed once parsed
  } catch (err) {
    const offset = syntaxErrorOffset(source);
    const position = offset === undefined ? undefined : lineAndColumn(source, offset);
    report.fileError(
      'JSON_SYNTAX',
      `The JSON is not well formed${position ? ` at line ${position.line}, column ${position.column}` : ''}: ${(err as Error).message.slice(0, 200)}`,
      position ?? {},
    );
    return undefined;
  }

  if (!isObject(doc) || !('voyage' in doc)) {
    report.fileError(
      'JSON_SCHEMA',
      'The JSON is not a manifest: expected an object with voyage, billsOfLading and containers (see schemas/json/manifest.schema.json).',
      { path: '' },
    );
    return undefined;
  }
  for (const key of ['billsOfLading', 'containers'] as const) {
    if (doc[key] !== undefined && !Array.isArray(doc[key])) {
      report.fileError('JSON_SCHEMA', `${key} must be an array.`, { path: `/${key}` });
      return undefined;
    }
  }

  if (options.reportingPort && isObject(doc.voyage) && !doc.voyage.reportingPort) {
    const port = normaliseLocode(options.reportingPort);
    doc.voyage.reportingPort = port;
    report.warning(
      'REQUIRED_FIELD',
      { path: '/voyage/reportingPort', field: 'reportingPort' },
      `The voyage has no reportingPort; the port known from outside the file, ${port}, is used.`,
    );
  }
  const voyage = readVoyage(doc.voyage, report);
  if (!voyage) return undefined;

  const billsOfLading: BillOfLading[] = [];
  const rawBls = (doc.billsOfLading ?? []) as unknown[];
  rawBls.forEach((raw, i) => {
    rawBls[i] = undefined; // the parsed tree goes as the model is built: no two copies at the end
    const base = `/billsOfLading/${i}`;
    const number = isObject(raw) && typeof raw.number === 'string' ? raw.number : `#${i + 1}`;
    const scope = report.record(`B/L ${number}`);
    if (isObject(raw)) normaliseContainerRefs(raw);
    const parsed = BillOfLading.safeParse(raw);
    if (!parsed.success) {
      schemaIssues(parsed.error, base, scope);
      scope.commit();
      return;
    }
    const bl = parsed.data;
    placeProblems(billOfLadingProblems(bl), base, scope);
    bl.goods.forEach((goods, j) => {
      placeProblems(goodsItemProblems(goods), `${base}/goods/${j}`, scope);
    });
    if (scope.commit()) billsOfLading.push(bl);
  });

  const containers: Container[] = [];
  const rawContainers = (doc.containers ?? []) as unknown[];
  rawContainers.forEach((raw, i) => {
    rawContainers[i] = undefined;
    const base = `/containers/${i}`;
    if (isObject(raw) && typeof raw.number === 'string') raw.number = normaliseContainerNumber(raw.number);
    const number = isObject(raw) && typeof raw.number === 'string' ? raw.number : `#${i + 1}`;
    const scope = report.record(`container ${number}`);
    const parsed = Container.safeParse(raw);
    if (!parsed.success) {
      schemaIssues(parsed.error, base, scope);
      scope.commit();
      return;
    }
    placeProblems(containerProblems(parsed.data), base, scope);
    if (scope.commit()) containers.push(parsed.data);
  });

  return { voyage, billsOfLading, containers };
}

/**
 * The voyage is not a record that can be dropped: a missing or invalid vessel name, voyage
 * number or reporting port rejects the file; a bad optional field is an error and left out.
 */
function readVoyage(raw: unknown, report: ReportBuilder): Voyage | undefined {
  if (!isObject(raw)) {
    report.fileError('REQUIRED_FIELD', 'The manifest has no voyage object.', { path: '/voyage' });
    return undefined;
  }
  const candidate: Record<string, unknown> = { ...raw };
  for (let attempt = 0; attempt < 20; attempt++) {
    const parsed = Voyage.safeParse(candidate);
    const problems: { key: string; code: IssueCode; message: string }[] = [];
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({
          key: String(issue.path[0] ?? ''),
          code: isMissing(issue) ? 'REQUIRED_FIELD' : 'JSON_SCHEMA',
          message: `voyage.${issue.path.join('.')}: ${issue.message}`,
        });
      }
    } else {
      for (const p of voyageProblems(parsed.data)) {
        if (p.severity === 'warning') {
          report.add({
            ...p,
            location: { path: `/voyage/${pointer(p.field)}`, field: p.field },
            record: 'voyage',
          });
        } else {
          problems.push({ key: p.field.split('.')[0] as string, code: p.code, message: p.message });
        }
      }
      if (problems.length === 0) return parsed.data;
    }
    for (const p of problems) {
      const location = { path: `/voyage/${p.key}`, field: p.key };
      if (!p.key || REQUIRED_VOYAGE_FIELDS.has(p.key)) {
        report.fileError(
          p.code,
          `${p.message} The voyage needs a valid vessel name, voyage number and reporting port.`,
          location,
        );
        return undefined;
      }
      report.add({
        code: p.code,
        severity: 'error',
        message: `${p.message} (left out)`,
        location,
        record: 'voyage',
      });
      delete candidate[p.key];
    }
  }
  report.fileError('JSON_SCHEMA', 'The voyage object cannot be read.', { path: '/voyage' });
  return undefined;
}

function normaliseContainerRefs(bl: Record<string, unknown>): void {
  if (Array.isArray(bl.containers)) {
    bl.containers = bl.containers.map((n) => (typeof n === 'string' ? normaliseContainerNumber(n) : n));
  }
  if (Array.isArray(bl.goods)) {
    for (const goods of bl.goods) {
      if (isObject(goods) && Array.isArray(goods.containers)) {
        goods.containers = goods.containers.map((n) =>
          typeof n === 'string' ? normaliseContainerNumber(n) : n,
        );
      }
    }
  }
}

function schemaIssues(error: z.ZodError, base: string, scope: RecordScope): void {
  for (const issue of error.issues.slice(0, 20)) {
    const path = `${base}/${issue.path.map((p) => escapePointer(String(p))).join('/')}`;
    const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
    const last = String(issue.path.at(-1) ?? '');
    const code: IssueCode = isMissing(issue)
      ? 'REQUIRED_FIELD'
      : issue.code === 'too_small' && /weight|mass/i.test(last)
        ? 'WEIGHT_IMPOSSIBLE'
        : 'JSON_SCHEMA';
    scope.error(
      code,
      { path, ...(field !== undefined && { field }) },
      `${field ?? 'record'}: ${issue.message}`,
    );
  }
}

function placeProblems(problems: FieldProblem[], base: string, scope: RecordScope): void {
  for (const p of problems) scope.problems([p], { path: `${base}/${pointer(p.field)}`, field: p.field });
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && /received undefined/.test(issue.message);
}

function pointer(field: string): string {
  return field.split('.').map(escapePointer).join('/');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where JSON.parse gave up (Node 20's messages do not always carry a position): a small
 * validating scan, run only after a failure. Undefined when it cannot tell.
 */
export function syntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  const n = text.length;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else return;
    }
  };
  const fail = (): never => {
    throw new SyntaxPosition(i);
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail();
        }
      } else i++;
    }
  };
  const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    fail();
  };
  try {
    value();
    ws();
    if (i < n) fail();
    return undefined;
  } catch (err) {
    if (err instanceof SyntaxPosition) return Math.min(err.offset, n);
    return undefined; // too deeply nested to scan
  }
}

class SyntaxPosition {
  constructor(readonly offset: number) {}
}
