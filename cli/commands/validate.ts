import { type Command, Option } from 'commander';
import { fileSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import type { Issue, ManifestFormat, ValidationReport } from '#schemas/validation-report.ts';
import { assertReadableFile, useLocationsFile } from '../inputs.ts';
import { UserError } from '../user-error.ts';

/** How many errors the human summary lists (the --json report has them all, up to its cap). */
const SHOWN_ERRORS = 10;

export function register(program: Command): void {
  program
    .command('validate')
    .description('Check a manifest (CSV, JSON or EDIFACT CUSCAR) and report what is accepted and rejected')
    .argument('<file>', 'manifest file')
    .addOption(
      new Option('--format <format>', 'expected format (the content wins)').choices([
        'csv',
        'json',
        'cuscar',
      ]),
    )
    .option(
      '--reporting-port <locode>',
      "the PCU's port (UN/LOCODE), used with a warning when the file names no reporting port",
    )
    .option(
      '--locations <file>',
      "the deployment's locations file (CSV: stations and crossings UN/LOCODE lacks; data/locations/README.md)",
    )
    .option('--json', 'print the full validation report as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 no errors; 1 errors (records kept with errors, or set aside); 2 the file is unreadable or unsupported.\n' +
        'CSV columns and error codes: README.md, "Manifests: formats, validation and error codes"',
    )
    .action(
      async (
        file: string,
        opts: { format?: ManifestFormat; json?: boolean; reportingPort?: string; locations?: string },
      ) => {
        await assertReadableFile(file);
        if (opts.locations) await useLocationsFile(opts.locations);
        const port = opts.reportingPort?.toUpperCase().replace(/[\s\-.]/g, '');
        if (port !== undefined && !/^[A-Z]{2}[A-Z0-9]{3}$/.test(port)) {
          throw new UserError(`--reporting-port "${opts.reportingPort}" is not a UN/LOCODE (e.g. NLRTM).`);
        }
        const { report } = await parseManifest(fileSource(file), {
          ...(opts.format && { format: opts.format }),
          ...(port && { reportingPort: port }),
        });
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : summary(file, report));
        process.exitCode = exitCode(report);
      },
    );
}

export function exitCode(report: ValidationReport): number {
  if (report.status === 'rejected') return 2;
  return report.counts.errors > 0 ? 1 : 0;
}

export function summary(file: string, report: ValidationReport): string {
  const c = report.counts;
  const lines = [`${file}: ${STATUS_TEXT[report.status]}`];
  if (report.format) lines.push(`  format ${report.format}, encoding ${report.encoding ?? 'unknown'}`);
  if (report.status !== 'rejected') {
    lines.push(
      `  ${c.billsOfLading} bills of lading, ${c.containers} containers, ${c.goodsItems} goods items accepted`,
      `  ${c.recordsRead} records read, ${c.recordsWithErrors} kept with errors, ${c.rejectedRecords} set aside; ${c.errors} errors, ${c.warnings} warnings`,
    );
  }
  const errors = report.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    lines.push(
      report.status === 'rejected' ? '  reason:' : `  first ${Math.min(errors.length, SHOWN_ERRORS)} errors:`,
    );
    for (const issue of errors.slice(0, SHOWN_ERRORS)) lines.push(`    ${describe(issue)}`);
  }
  const warningCodes = new Map<string, number>();
  for (const issue of report.issues) {
    if (issue.severity === 'warning') warningCodes.set(issue.code, (warningCodes.get(issue.code) ?? 0) + 1);
  }
  if (warningCodes.size > 0) {
    lines.push(`  warnings by code: ${[...warningCodes].map(([code, n]) => `${code} ${n}`).join(', ')}`);
  }
  if (report.issuesTruncated)
    lines.push('  (the issue list was cut at its limit; counts are exact; use --json)');
  return `${lines.join('\n')}\n`;
}

const STATUS_TEXT: Record<ValidationReport['status'], string> = {
  accepted: 'accepted',
  'accepted-with-errors': 'accepted with errors (records with errors are kept and profiled)',
  partial: 'accepted with errors (some records set aside: no container or B/L number)',
  rejected: 'REJECTED (nothing accepted)',
};

function describe(issue: Issue): string {
  const l = issue.location;
  const where = [
    l.line !== undefined && `line ${l.line}`,
    l.column !== undefined && `col ${l.column}`,
    l.segment !== undefined && `segment ${l.segment}${l.segmentTag ? ` ${l.segmentTag}` : ''}`,
    l.path !== undefined && l.path !== '' && l.path,
    l.field && `[${l.field}]`,
  ]
    .filter(Boolean)
    .join(' ');
  return `${issue.code}${where ? ` at ${where}` : ''}: ${issue.message}`;
}
