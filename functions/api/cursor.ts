import { createHash } from 'node:crypto';
import { ApiError } from './http.ts';

/**
 * Opaque pagination cursors: the DynamoDB key of the last item returned plus a digest of the
 * query it belongs to. A cursor is only honoured for the same query (same port, index and
 * filters) and its index partition must be the one the caller's query targets, so a cursor
 * copied from another port's listing, or edited by hand, can only ever be refused: the key
 * condition always comes from the caller's authorised port, never from the cursor.
 */
export type StartKey = Record<string, string>;

export type CursorScope = {
  /** Everything that defines the result set (port, index, filters), not the page size. */
  query: Record<string, unknown>;
  /** The index partition attribute and the value this query reads. */
  partition: { attribute: string; value: string };
  /** Key attributes a start key for this index has (table keys + index keys). */
  attributes: readonly string[];
};

function digest(query: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(query)
      .sort()
      .map((k) => [k, query[k] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeCursor(scope: CursorScope, key: StartKey): string {
  return Buffer.from(JSON.stringify({ q: digest(scope.query), k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, scope: CursorScope): StartKey | undefined {
  if (cursor === undefined) return undefined;
  const refuse = (why: string) => new ApiError('invalid_request', `cursor ${why}`, 'cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse('is not a cursor returned by this API');
  }
  if (typeof parsed !== 'object' || parsed === null) throw refuse('is not a cursor returned by this API');
  const { q, k } = parsed as { q?: unknown; k?: unknown };
  if (typeof k !== 'object' || k === null) throw refuse('is not a cursor returned by this API');
  if (q !== digest(scope.query))
    throw refuse('belongs to a different query: repeat the same filters or drop the cursor');
  const key = k as Record<string, unknown>;
  const names = Object.keys(key).sort();
  const expected = [...scope.attributes].sort();
  if (names.length !== expected.length || names.some((n, i) => n !== expected[i])) {
    throw refuse('is not a cursor returned by this API');
  }
  if (names.some((n) => typeof key[n] !== 'string' || (key[n] as string).length > 1024)) {
    throw refuse('is not a cursor returned by this API');
  }
  if (key[scope.partition.attribute] !== scope.partition.value) {
    throw refuse('belongs to a different query: repeat the same filters or drop the cursor');
  }
  return key as StartKey;
}
