import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/**
 * Validation reports (`reports/{manifestId}.json`) for the analyst API: a presigned GET link
 * to the whole report, and the rejected records read from it for the manifest view.
 */
export type RejectedRecordIssue = {
  record?: string;
  /** Set aside (not profiled), or kept and profiled with the error as evidence. */
  setAside: boolean;
  code: string;
  message: string;
  line?: number;
  field?: string;
};

export interface ValidationReports {
  link(key: string, expiresInSeconds: number): Promise<string>;
  /**
   * The errors of records (at most `max`): those that set a record aside and those a kept record
   * carries; undefined when the report cannot be read.
   */
  rejectedRecords(
    key: string,
    max: number,
  ): Promise<{ records: RejectedRecordIssue[]; truncated: boolean } | undefined>;
}

export function createValidationReports(options: { s3: S3Client; bucket: string }): ValidationReports {
  const { s3, bucket } = options;
  return {
    link(key, expiresInSeconds) {
      return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
        expiresIn: expiresInSeconds,
      });
    },
    async rejectedRecords(key, max) {
      let text: string;
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        text = (await out.Body?.transformToString('utf-8')) ?? '';
      } catch (err) {
        if ((err as Error).name === 'NoSuchKey' || (err as Error).name === 'NotFound') return undefined;
        throw err;
      }
      let report: { issues?: unknown };
      try {
        report = JSON.parse(text);
      } catch {
        return undefined;
      }
      const issues = Array.isArray(report.issues) ? (report.issues as Record<string, unknown>[]) : [];
      const rejected = issues.filter(
        (i) => i && (i.rejected === true || (i.severity === 'error' && typeof i.record === 'string')),
      );
      return {
        records: rejected.slice(0, max).map((i) => {
          const location = (i.location ?? {}) as Record<string, unknown>;
          return {
            ...(typeof i.record === 'string' && { record: i.record }),
            setAside: i.rejected === true,
            code: String(i.code),
            message: String(i.message),
            ...(typeof location.line === 'number' && { line: location.line }),
            ...(typeof location.field === 'string' && { field: location.field }),
          };
        }),
        truncated: rejected.length > max,
      };
    },
  };
}
