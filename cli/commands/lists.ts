import type { Command } from 'commander';
import { dynamoDocumentClientFor, s3ClientFor } from '#adapters/aws-clients.ts';
import { createListStatusReader } from '#adapters/list-status-store.ts';
import { DEFAULTS } from '#adapters/resource-settings.ts';
import type { ListStatusResponse } from '#schemas/api.ts';
import { type RefreshReport, refreshLists } from '../../functions/refresh/refresh-lists.ts';
import { parsePorts, refreshDepsFor } from '../../functions/refresh/refresh-wiring.ts';
import { UserError } from '../user-error.ts';

/**
 * `pcu lists refresh`: the scheduled list refresh, run now (the same code as the Lambda):
 * download the OFAC SDN and UN lists (official addresses, or `--source-url` for a mirror laid
 * out like data/watchlists/), publish a new snapshot if they changed, re-screen the manifests
 * of `--ports` received in the last `--days` days. Exit 1 when a list was refused or could not
 * be downloaded (the edition in use keeps serving).
 *
 * `pcu lists status`: each list's edition date, entries in the live snapshot and last refresh.
 */
type Connection = { bucket: string; endpoint?: string; region?: string; json?: boolean };

function s3For(opts: Connection) {
  const endpoint = opts.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  return s3ClientFor({ region: opts.region, endpoint });
}

function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new UserError(`${name} must be a whole number of at least 1, not "${value}"`);
    return n;
  };
}

export function register(program: Command): void {
  const lists = program
    .command('lists')
    .description('The public watchlists: refresh them, show their status');
  lists
    .command('refresh')
    .description(
      'Download the OFAC SDN and UN lists, publish a new snapshot if they changed, re-screen recent manifests',
    )
    .requiredOption('--bucket <name>', 'the pipeline bucket (stack output BucketName)')
    .requiredOption('--table <name>', 'the pipeline table (stack output TableName)')
    .option('--ports <list>', 'ports whose manifests are re-screened, e.g. NLRTM,BEANR', '')
    .option(
      '--days <n>',
      `re-screen manifests received in the last n days (default ${DEFAULTS.rescreenDays})`,
      positiveInteger('--days'),
    )
    .option(
      '--source-url <url>',
      'a mirror laid out like data/watchlists/ (default: the official OFAC and UN addresses)',
    )
    .option(
      '--timeout <seconds>',
      `give up on a download after this long (default ${DEFAULTS.listFetchTimeoutMs / 1000})`,
      positiveInteger('--timeout'),
    )
    .option('--endpoint <url>', 'S3 endpoint, e.g. a local emulator (default: AWS_ENDPOINT_URL_S3, else AWS)')
    .option('--dynamodb-endpoint <url>', 'DynamoDB endpoint (default: AWS_ENDPOINT_URL_DYNAMODB, else AWS)')
    .option('--region <region>', 'AWS region (default: from the environment or profile)')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        opts: Connection & {
          table: string;
          ports: string;
          days?: number;
          sourceUrl?: string;
          timeout?: number;
          dynamodbEndpoint?: string;
        },
      ) => {
        if (opts.sourceUrl && !/^https?:\/\//.test(opts.sourceUrl)) {
          throw new UserError(`--source-url must be an http(s) address, not "${opts.sourceUrl}"`);
        }
        const dynamoEndpoint = opts.dynamodbEndpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
        const doc = dynamoDocumentClientFor({ region: opts.region, endpoint: dynamoEndpoint });
        const report = await refreshLists(
          refreshDepsFor({
            s3: s3For(opts),
            doc,
            bucket: opts.bucket,
            table: opts.table,
            sourceUrl: opts.sourceUrl,
            ports: parsePorts(opts.ports),
            days: opts.days,
            ...(opts.timeout && { fetchTimeoutMs: opts.timeout * 1000 }),
          }),
        );
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : formatRefresh(report));
        if (report.failures > 0) process.exitCode = 1;
      },
    );
  lists
    .command('status')
    .description("Each list's edition date, entries in the live snapshot, and its last refresh")
    .requiredOption('--bucket <name>', 'the pipeline bucket (stack output BucketName)')
    .option('--endpoint <url>', 'S3 endpoint, e.g. a local emulator (default: AWS_ENDPOINT_URL_S3, else AWS)')
    .option('--region <region>', 'AWS region (default: from the environment or profile)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: Connection) => {
      const status = await createListStatusReader({ s3: s3For(opts), bucket: opts.bucket }).read();
      process.stdout.write(opts.json ? `${JSON.stringify(status)}\n` : formatStatus(status));
    });
}

export function formatRefresh(report: RefreshReport): string {
  const lines = report.lists.map((l) => {
    const change =
      l.outcome === 'updated' ? ` (+${l.added} added, ${l.changed} changed, -${l.removed} removed)` : '';
    return `  ${l.list}: ${l.outcome}, ${l.entries} entries${change}${l.error ? `: ${l.error}` : ''}`;
  });
  const snapshot = report.published
    ? `published snapshot ${report.snapshotVersion} (was ${report.previousVersion})`
    : `snapshot ${report.snapshotVersion} unchanged`;
  const rescreen = report.rescreen
    ? `\n  re-screened ${report.rescreen.manifests} manifests (${report.rescreen.containers} containers) received since ${report.rescreen.since}: ${report.rescreen.flagsWritten} flags written, ${report.rescreen.flagsMarkedRemoved} open flags marked for removed entries`
    : '';
  return `${lines.join('\n')}\n  ${snapshot}${rescreen}\n`;
}

export function formatStatus(status: ListStatusResponse): string {
  const rows = status.lists.map((l) => {
    const refresh = l.lastRefreshAt ? `last refresh ${l.lastRefreshAt} ${l.lastOutcome}` : 'never refreshed';
    return `  ${l.list}: ${l.entries} entries, edition ${l.listDate ?? 'date unknown'}, ${refresh}${l.lastError ? `: ${l.lastError}` : ''}`;
  });
  return `snapshot ${status.snapshotVersion ?? '(none published)'}\n${rows.join('\n')}\n`;
}
