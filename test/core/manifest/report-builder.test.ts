import { describe, expect, it } from 'vitest';
import { containerNumberProblems } from '#core/identifiers/index.ts';
import { ReportBuilder } from '#core/manifest/report-builder.ts';

describe('ReportBuilder', () => {
  it('rejects a record with an error, keeps its warnings, and lets the rest go on', () => {
    const report = new ReportBuilder();
    const bad = report.record('line 2: B/L B1 / container MSKU735177');
    bad.problems(containerNumberProblems('MSKU735177'), { line: 2, column: 5, field: 'container_number' });
    bad.warning('LOCODE_NOT_SEAPORT', { line: 2, column: 9, field: 'port_of_loading' });
    expect(bad.commit()).toBe(false);
    const good = report.record('line 3: B/L B1 / container MSKU7351770');
    expect(good.problems(containerNumberProblems('MSKU7351770'), { line: 3 })).toBe(true);
    expect(good.commit()).toBe(true);

    const built = report.build({ billsOfLading: 1, containers: 1, goodsItems: 1 });
    expect(built.status).toBe('partial');
    expect(built.counts).toMatchObject({ recordsRead: 2, rejectedRecords: 1, errors: 1, warnings: 1 });
    expect(built.issues[0]).toMatchObject({
      code: 'CONTAINER_FORMAT',
      severity: 'error',
      rejected: true,
      record: 'line 2: B/L B1 / container MSKU735177',
      location: { line: 2, column: 5, field: 'container_number' },
    });
    expect(built.issues[1]).toMatchObject({ code: 'LOCODE_NOT_SEAPORT', rejected: false });
  });

  it('a file error rejects everything with one clear reason', () => {
    const report = new ReportBuilder();
    report.fileError('FILE_EMPTY');
    const built = report.build({ billsOfLading: 3, containers: 3, goodsItems: 3 });
    expect(built.status).toBe('rejected');
    expect(built.counts.containers).toBe(0);
    expect(built.issues).toEqual([
      { code: 'FILE_EMPTY', severity: 'error', message: 'The file is empty.', location: {}, rejected: false },
    ]);
  });

  it('keeps exact counts but a bounded issue list', () => {
    const report = new ReportBuilder(10);
    for (let i = 0; i < 500; i++) {
      const r = report.record(`line ${i}`);
      r.error('REQUIRED_FIELD', { line: i + 2, field: 'bl_number' });
      r.commit();
    }
    const built = report.build({ billsOfLading: 0, containers: 0, goodsItems: 0 });
    expect(built.issues).toHaveLength(10);
    expect(built.issuesTruncated).toBe(true);
    expect(built.counts).toMatchObject({ errors: 500, rejectedRecords: 500 });
  });

  it('reports a once-per-file warning once', () => {
    const report = new ReportBuilder();
    report.warnOnce('EDI_UNKNOWN_SEGMENT', { segmentTag: 'XYZ' }, undefined, 'XYZ');
    report.warnOnce('EDI_UNKNOWN_SEGMENT', { segmentTag: 'XYZ' }, undefined, 'XYZ');
    report.warnOnce('EDI_UNKNOWN_SEGMENT', { segmentTag: 'ABC' }, undefined, 'ABC');
    expect(report.build({ billsOfLading: 0, containers: 0, goodsItems: 0 }).counts.warnings).toBe(2);
  });
});
