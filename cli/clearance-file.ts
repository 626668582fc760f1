import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import * as z from 'zod';
import type { Clearance } from '#core/clearances/clearance-records.ts';
import { UserError } from './user-error.ts';

/**
 * A file of clearances for `pcu profile --clearances FILE`: the JSON `pcu clearances list
 * --json` prints (or `GET /clearances` returns), a JSON array of clearances, or a CSV with
 * the header `port,list,entityId,partyName,partyCountry,partyIdentifier,entryFingerprint,reason,clearedBy,clearedAt,expiresAt`
 * (README, Clearances). Revoked clearances are kept (they suppress nothing).
 */
const Actor = z.object({ subject: z.string(), username: z.string() });
const ClearanceRecord = z.object({
  id: z.string().min(1),
  port: z.string().regex(/^[A-Z]{2}[A-Z0-9]{3}$/, 'must be a UN/LOCODE such as NLRTM'),
  list: z.string().min(1),
  entityId: z.string().min(1),
  entryName: z.string().default(''),
  entryFingerprint: z.string().min(1),
  party: z.object({
    name: z.string().min(1),
    country: z.string().optional(),
    identifier: z.string().optional(),
  }),
  reason: z.string().min(1),
  listVersion: z.string().default('file'),
  clearedBy: Actor,
  clearedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revoked: z.object({ by: Actor, at: z.string(), reason: z.string() }).optional(),
});

export const CLEARANCE_CSV_COLUMNS = [
  'port',
  'list',
  'entityId',
  'partyName',
  'partyCountry',
  'partyIdentifier',
  'entryFingerprint',
  'reason',
  'clearedBy',
  'clearedAt',
  'expiresAt',
] as const;

export function readClearanceFile(path: string): Clearance[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`${path}: cannot be read`);
  }
  const records =
    text.trimStart().startsWith('[') || text.trimStart().startsWith('{')
      ? fromJson(path, text)
      : fromCsv(path, text);
  return records.map((record, i) => {
    const parsed = ClearanceRecord.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(
        `${path}: clearance ${i + 1}, ${issue?.path.join('.') || 'record'} ${issue?.message}`,
      );
    }
    const { revoked, ...rest } = parsed.data;
    return { ...rest, ...(revoked && { revoked }) };
  });
}

function fromJson(path: string, text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(`${path}: not valid JSON`);
  }
  const list = Array.isArray(value) ? value : (value as { clearances?: unknown })?.clearances;
  if (!Array.isArray(list))
    throw new UserError(`${path}: expected a JSON array of clearances or {"clearances": [...]}`);
  return list;
}

function fromCsv(path: string, text: string): unknown[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    throw new UserError(`${path}: ${(err as Error).message}`);
  }
  const missing = CLEARANCE_CSV_COLUMNS.filter(
    (c) => !(c === 'partyCountry' || c === 'partyIdentifier') && rows[0] && !(c in rows[0]),
  );
  if (missing.length > 0) throw new UserError(`${path}: missing column(s) ${missing.join(', ')}`);
  return rows.map((r, i) => ({
    id: `${r.port}_file-${i + 1}`,
    port: r.port,
    list: r.list,
    entityId: r.entityId,
    entryFingerprint: r.entryFingerprint,
    party: {
      name: r.partyName,
      ...(r.partyCountry && { country: r.partyCountry }),
      ...(r.partyIdentifier && { identifier: r.partyIdentifier }),
    },
    reason: r.reason,
    clearedBy: { subject: r.clearedBy ?? '', username: r.clearedBy ?? '' },
    clearedAt: r.clearedAt,
    expiresAt: r.expiresAt,
  }));
}
