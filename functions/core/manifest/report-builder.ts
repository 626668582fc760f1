import type { Problem } from '#core/identifiers/problem.ts';
import {
  ISSUE_CODES,
  type Issue,
  type IssueCode,
  type IssueLocation,
  type ManifestFormat,
  type ValidationReport,
} from '#schemas/validation-report.ts';

/**
 * Collects the issues of one manifest as a parser reads it. Issues belong either to the file
 * (`fileError` rejects the whole file) or to a record (`record(...)`). A record with errors is
 * kept (`keep()`: its errors travel on it as data quality and it is profiled) unless it cannot
 * be attributed to a container or B/L (`setAside()`); either way it is counted and every one
 * of its issues is reported, and the rest of the manifest goes on.
 *
 * Counts stay exact; the issue list is capped (`maxIssues`) so a file with 200,000 bad rows
 * still gives a report of bounded size.
 */
export class ReportBuilder {
  format: ManifestFormat | undefined;
  encoding: 'utf-8' | 'latin1' | undefined;
  private readonly issues: Issue[] = [];
  private truncated = false;
  private errors = 0;
  private warnings = 0;
  private recordsRead = 0;
  private rejectedRecords = 0;
  private recordsWithErrors = 0;
  private fileRejected = false;
  /** Codes whose warning is reported once per file, not once per occurrence. */
  private readonly onceSeen = new Set<string>();

  constructor(private readonly maxIssues = 1000) {}

  /** Adds an issue; `message` defaults to the code's standard text. */
  add(issue: {
    code: IssueCode;
    severity: Issue['severity'];
    message?: string;
    location?: IssueLocation;
    record?: string;
    rejected?: boolean;
  }): void {
    if (issue.severity === 'error') this.errors++;
    else this.warnings++;
    if (this.issues.length >= this.maxIssues) {
      this.truncated = true;
      return;
    }
    this.issues.push({
      code: issue.code,
      severity: issue.severity,
      message: issue.message ?? ISSUE_CODES[issue.code],
      location: issue.location ?? {},
      ...(issue.record !== undefined && { record: issue.record }),
      rejected: issue.rejected ?? false,
    });
  }

  /** Counts issues a parser did not list (one record with thousands of bad values): the counts stay exact. */
  countUnlisted(errors: number, warnings = 0): void {
    this.errors += errors;
    this.warnings += warnings;
    if (errors + warnings > 0) this.truncated = true;
  }

  warning(code: IssueCode, location: IssueLocation = {}, message?: string, record?: string): void {
    this.add({ code, severity: 'warning', location, ...(message && { message }), ...(record && { record }) });
  }

  /** A warning reported only the first time `key` (default: the code) is seen in this file. */
  warnOnce(code: IssueCode, location: IssueLocation = {}, message?: string, key: string = code): void {
    if (this.onceSeen.has(key)) return;
    this.onceSeen.add(key);
    this.warning(code, location, message);
  }

  /** The file as a whole cannot be read: nothing in it is accepted. */
  fileError(code: IssueCode, message?: string, location: IssueLocation = {}): void {
    this.fileRejected = true;
    if (this.issues.length >= this.maxIssues) {
      // Why the file is rejected is always listed, first, however many record issues came before.
      this.errors++;
      this.truncated = true;
      this.issues.unshift({
        code,
        severity: 'error',
        message: message ?? ISSUE_CODES[code],
        location,
        rejected: false,
      });
      return;
    }
    this.add({ code, severity: 'error', location, ...(message && { message }) });
  }

  get isFileRejected(): boolean {
    return this.fileRejected;
  }

  /** Starts a record (CSV row, EDIFACT consignment or equipment, JSON element). */
  record(label: string): RecordScope {
    this.recordsRead++;
    return new RecordScope(this, label);
  }

  /**
   * Counts a record kept with errors that were found after it was committed (a CSV goods line
   * judged once all its containers are known); its issues are added with `add`.
   */
  countRecordWithErrors(): void {
    this.recordsWithErrors++;
  }

  /** @internal called by RecordScope. */
  commitRecord(issues: PendingIssue[], label: string, rejected: boolean, hasError = rejected): void {
    if (rejected) this.rejectedRecords++;
    else if (hasError) this.recordsWithErrors++;
    if (issues.length > 0 && this.issues.length >= this.maxIssues) {
      // The list is full: only counted (as `add` would), without building the issues.
      for (const issue of issues) {
        if (issue.severity === 'error') this.errors++;
        else this.warnings++;
      }
      this.truncated = true;
      return;
    }
    for (const issue of issues) {
      this.add({ ...issue, record: label, rejected: rejected && issue.severity === 'error' });
    }
  }

  build(counts: { billsOfLading: number; containers: number; goodsItems: number }): ValidationReport {
    const status = this.fileRejected
      ? 'rejected'
      : this.rejectedRecords > 0
        ? 'partial'
        : this.errors > 0
          ? 'accepted-with-errors'
          : 'accepted';
    return {
      ...(this.format && { format: this.format }),
      ...(this.encoding && { encoding: this.encoding }),
      status,
      counts: {
        ...(this.fileRejected ? { billsOfLading: 0, containers: 0, goodsItems: 0 } : counts),
        recordsRead: this.recordsRead,
        recordsWithErrors: this.recordsWithErrors,
        rejectedRecords: this.rejectedRecords,
        errors: this.errors,
        warnings: this.warnings,
      },
      issues: this.issues,
      issuesTruncated: this.truncated,
    };
  }
}

interface PendingIssue {
  code: IssueCode;
  severity: Issue['severity'];
  message: string;
  location: IssueLocation;
}

/** The issues of one record, held until `keep()`, `setAside()` or `commit()` decides its fate. */
export class RecordScope {
  private readonly pending: PendingIssue[] = [];
  private hasError = false;
  private committed = false;

  constructor(
    private readonly report: ReportBuilder,
    /** e.g. `line 12: B/L MAEU123 / container MSKU7351770`. */
    public label: string,
  ) {}

  error(code: IssueCode, location: IssueLocation = {}, message?: string): void {
    this.hasError = true;
    this.pending.push({ code, severity: 'error', location, message: message ?? ISSUE_CODES[code] });
  }

  warning(code: IssueCode, location: IssueLocation = {}, message?: string): void {
    this.pending.push({ code, severity: 'warning', location, message: message ?? ISSUE_CODES[code] });
  }

  /** Adds problems found by the identifier checks, at `location`; returns false on any error. */
  problems(problems: Problem[], location: IssueLocation): boolean {
    let ok = true;
    for (const p of problems) {
      if (p.severity === 'error') {
        ok = false;
        this.hasError = true;
      }
      this.pending.push({ code: p.code, severity: p.severity, location, message: p.message });
    }
    return ok;
  }

  /** True when no error has been recorded (so far). */
  get ok(): boolean {
    return !this.hasError;
  }

  /**
   * Records the issues; the record is rejected when it has an error. Returns true when it is
   * accepted. (Parsers that keep records with errors use `keep()`.)
   */
  commit(): boolean {
    if (!this.committed) {
      this.committed = true;
      this.report.commitRecord(this.pending, this.label, this.hasError);
    }
    return !this.hasError;
  }

  /** Records the issues of a record that is kept and profiled, errors included. Returns true when it has none. */
  keep(): boolean {
    if (!this.committed) {
      this.committed = true;
      this.report.commitRecord(this.pending, this.label, false, this.hasError);
    }
    return !this.hasError;
  }

  /** Records the issues of a record that cannot be attributed to anything: it is set aside, not profiled. */
  setAside(): void {
    if (!this.committed) {
      this.committed = true;
      this.report.commitRecord(this.pending, this.label, true);
    }
  }
}
