import * as z from 'zod';
import { ISSUE_CODES } from './issue-codes.ts';

/** The stable issue codes and their default texts (zod-free, see issue-codes.ts). */
export { ISSUE_CODES };

export const IssueCode = z.enum(
  Object.keys(ISSUE_CODES) as [keyof typeof ISSUE_CODES, ...(keyof typeof ISSUE_CODES)[]],
);
export type IssueCode = z.infer<typeof IssueCode>;

export const IssueLocation = z.object({
  /** CSV: 1-based physical line; EDIFACT: line where the segment starts. */
  line: z.number().int().positive().optional(),
  /** CSV: 1-based column number. */
  column: z.number().int().positive().optional(),
  /** Field name in the manifest model or the CSV header cell. */
  field: z.string().optional(),
  /** EDIFACT: 1-based position of the segment in the message (UNH = 1). */
  segment: z.number().int().positive().optional(),
  /** EDIFACT: the segment tag, e.g. `EQD`. */
  segmentTag: z.string().optional(),
  /** JSON: JSON Pointer into the document, e.g. `/billsOfLading/3/containers/0`. */
  path: z.string().optional(),
});
export type IssueLocation = z.infer<typeof IssueLocation>;

export const Issue = z.object({
  code: IssueCode,
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  location: IssueLocation,
  /** The record the issue belongs to, e.g. `B/L MAEU123456 / container MSKU7351770`. */
  record: z.string().optional(),
  /**
   * Whether this issue caused its record to be set aside (not profiled). Only a record that
   * cannot be attributed to any container or B/L is set aside; any other record with errors is
   * kept, its errors carried on it as data quality (`dataQuality` in the manifest model).
   */
  rejected: z.boolean().default(false),
});
export type Issue = z.infer<typeof Issue>;
export type IssueInput = z.input<typeof Issue>;

export const ManifestFormat = z.enum(['csv', 'json', 'cuscar', 'cargo-xml', 'cargo-imp']);
export type ManifestFormat = z.infer<typeof ManifestFormat>;

export const ValidationReport = z.object({
  format: ManifestFormat.optional(),
  encoding: z.enum(['utf-8', 'latin1']).optional(),
  /**
   * accepted: no errors; accepted-with-errors: every record kept, some with errors (kept on the
   * record as data quality and profiled); partial: some records set aside (they name neither a
   * container nor a B/L), the rest kept; rejected: the file as a whole.
   */
  status: z.enum(['accepted', 'accepted-with-errors', 'partial', 'rejected']),
  counts: z.object({
    billsOfLading: z.number().int().nonnegative(),
    containers: z.number().int().nonnegative(),
    goodsItems: z.number().int().nonnegative(),
    /** Input records read (CSV rows, EDIFACT consignments+equipment, JSON B/Ls+containers). */
    recordsRead: z.number().int().nonnegative(),
    /** Records kept and profiled although they have errors (each error is in `issues`). */
    recordsWithErrors: z.number().int().nonnegative(),
    /** Records set aside, not profiled: they cannot be attributed to a container or a B/L. */
    rejectedRecords: z.number().int().nonnegative(),
    errors: z.number().int().nonnegative(),
    warnings: z.number().int().nonnegative(),
  }),
  issues: z.array(Issue),
  /** Set when issues were cut at the report's limit (counts stay exact). */
  issuesTruncated: z.boolean().default(false),
});
export type ValidationReport = z.infer<typeof ValidationReport>;
