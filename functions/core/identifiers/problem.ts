import { ISSUE_CODES } from '#schemas/issue-codes.ts';
import type { IssueCode } from '#schemas/validation-report.ts';

/** A problem with one value, before a parser gives it a position in the file. */
export interface Problem {
  code: IssueCode;
  severity: 'error' | 'warning';
  message: string;
}

export function problem(code: IssueCode, severity: Problem['severity'], detail?: string): Problem {
  return { code, severity, message: detail ? `${ISSUE_CODES[code]} ${detail}` : ISSUE_CODES[code] };
}
