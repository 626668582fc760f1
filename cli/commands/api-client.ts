import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename, extname } from 'node:path';
import { type Command, Option } from 'commander';
import type {
  ApiErrorBody,
  FlaggedDetail,
  FlaggedSummary,
  ManifestDetail,
  ManifestResumeResponse,
  ManifestSummary,
  SearchResponse,
  StatsResponse,
  UploadResponse,
} from '#schemas/api.ts';
import { FLAGGED_LIST_MAX_LIMIT } from '#schemas/api.ts';
import { FLAG_STATUSES } from '#schemas/statuses.ts';
import { type ConveyanceLabel, conveyanceIdentifiers } from '#schemas/transport-mode.ts';
import { UserError } from '../user-error.ts';

/**
 * `pcu upload | flagged list|show|decide | manifests list|show|resume | stats`: the analyst API from a
 * terminal. The API URL comes from `--api` or PCU_API_URL, the token from PCU_TOKEN (never a
 * command-line argument, which other users of the machine could read in the process list).
 * Tables for people, `--json` for scripts; API errors are printed as the API words them.
 */
export const TOKEN_ENV = 'PCU_TOKEN';
export const API_URL_ENV = 'PCU_API_URL';

export type ApiOptions = { api?: string; json?: boolean };

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static fromOptions(opts: ApiOptions): ApiClient {
    const base = opts.api ?? process.env[API_URL_ENV];
    if (!base) throw new UserError(`no API URL: pass --api URL or set ${API_URL_ENV}`);
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new UserError(
        `--api ${base} is not a URL (e.g. https://abc123.execute-api.eu-west-1.amazonaws.com)`,
      );
    }
    if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      throw new UserError(
        `--api must use https (plain http is only accepted for a local stack on 127.0.0.1)`,
      );
    }
    const token = process.env[TOKEN_ENV]?.trim();
    if (!token)
      throw new UserError(`no token: set ${TOKEN_ENV} to your ID token (see docs/api.md, "Signing in")`);
    return new ApiClient(url.toString().replace(/\/$/, ''), token.replace(/^Bearer\s+/i, ''));
  }

  async call<T>(
    method: string,
    path: string,
    options: {
      query?: Record<string, string | number | undefined>;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(options.body !== undefined && { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new UserError(
        `cannot reach the API at ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      );
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) throw apiError(response.status, body, text);
    return body as T;
  }
}

/** Turns the API's `{ error: { code, message, field } }` (or API Gateway's own `{ message }`) into a readable error. */
export function apiError(status: number, body: unknown, text = ''): UserError {
  const error = (body as ApiErrorBody | undefined)?.error;
  let message: string;
  if (error) {
    message = `${error.message}${error.field ? ` [${error.field}]` : ''} (HTTP ${status} ${error.code})`;
  } else {
    const gateway = (body as { message?: string } | undefined)?.message ?? text.slice(0, 200);
    message = `${gateway || 'no details'} (HTTP ${status})`;
  }
  if (status === 401)
    message += `: the token in ${TOKEN_ENV} is missing, expired or not for this API; sign in again`;
  return new UserError(`API refused the request: ${message}`, status >= 500 ? 1 : 2);
}

// ---------------------------------------------------------------------------------------
// Output helpers
// ---------------------------------------------------------------------------------------

/** A plain text table: columns padded to their widest cell. */
/** `done/expected`, with the failed chunks when there are any: `73/200 (2 failed)`. */
export function chunkProgress(
  m: Pick<ManifestSummary, 'chunksDone' | 'chunkCount' | 'chunksFailed'>,
): string {
  return `${m.chunksDone}/${m.chunkCount}${m.chunksFailed ? ` (${m.chunksFailed} failed)` : ''}`;
}

/** Under a manifest list: why each stalled manifest is stalled. */
function stalledLines(items: ManifestSummary[]): string {
  const stalled = items.filter((m) => m.status === 'stalled');
  if (stalled.length === 0) return '';
  return `\n${stalled.map((m) => `stalled ${m.id}: ${m.stalledReason ?? 'no reason recorded'}`).join('\n')}\nAn admin resumes one with: pcu manifests resume ID\n`;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return `${cells
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

export const out = (text: string): void => {
  process.stdout.write(text);
};
export const printJson = (value: unknown): void => {
  out(`${JSON.stringify(value, null, 2)}\n`);
};
const day = (iso: string | undefined) => (iso ? iso.replace('T', ' ').slice(0, 16) : '');
const percent = (rate: number | null) => (rate === null ? '-' : `${(rate * 100).toFixed(0)}%`);

const MODES = ['sea', 'rail', 'road', 'air'] as const;

/** `--mode`: one of the four modes, else a one-line error naming the option and the value. */
export function modeOption(value: string): string {
  const mode = value.trim().toLowerCase();
  if (!(MODES as readonly string[]).includes(mode))
    throw new UserError(`--mode must be sea, rail, road or air, not "${value}"`);
  return mode;
}

type ConveyanceOf = Pick<FlaggedSummary, 'mode' | 'vesselName' | 'voyageNumber' | 'conveyance'>;

/**
 * The mode and its identifiers on one line: "sea · vessel MSC ANNA · IMO 9876543 · voyage 245W",
 * "rail · train 1234 · border KZHOR", "road · truck 01A123BC · trailer 01B456CD · TIR XA123",
 * "air · flight XX8012 · aircraft UK-67003". A record from before modes were stored reads as sea.
 */
export function conveyanceLine(f: ConveyanceOf): string {
  const words = conveyanceIdentifiers(f).map(([label, v]) => `${CONVEYANCE_WORDS[label] ?? label} ${v}`);
  return [f.mode ?? 'sea', ...words].join(' · ');
}

const CONVEYANCE_WORDS: Partial<Record<ConveyanceLabel, string>> = { imo: 'IMO', tir: 'TIR' };

const DOCUMENT_LABELS = { 'bill-of-lading': 'B/L', 'cim-smgs': 'CIM/SMGS', cmr: 'CMR', 'air-waybill': 'AWB' };
const EQUIPMENT_LABELS = { container: 'container', wagon: 'wagon', trailer: 'trailer', uld: 'ULD' };

/** The equipment and transport documents of a flag's consignment, one line each. */
function consignmentLines(f: FlaggedDetail): string[] {
  const c = f.consignment;
  if (!c) return [];
  // A wagon, trailer or ULD says so; an ISO container is the flag's own number already.
  const kind = c.container.kind ?? 'container';
  const lines = kind === 'container' ? [] : [`  ${EQUIPMENT_LABELS[kind].padEnd(10)}${c.container.number}`];
  for (const d of c.billsOfLading) {
    const label = DOCUMENT_LABELS[d.documentType ?? 'bill-of-lading'];
    const master = d.masterNumber ? ` (master ${d.masterNumber})` : '';
    const pieces = d.pieceCount !== undefined ? `, ${d.pieceCount} pieces` : '';
    const weight = d.grossWeightKg !== undefined ? `, ${d.grossWeightKg} kg` : '';
    lines.push(`  ${label.padEnd(10)}${d.number}${master}${pieces}${weight}`);
  }
  return lines;
}

function flaggedRows(items: FlaggedSummary[]) {
  return table(
    ['ID', 'CONTAINER', 'CONVEYANCE', 'SCORE', 'LANE', 'STATUS', 'FLAGGED', 'RULES'],
    items.map((i) => [
      i.id,
      i.containerNumber,
      conveyanceLine(i),
      i.score,
      i.lane ?? '',
      i.status,
      day(i.flaggedAt),
      i.rules.join(', '),
    ]),
  );
}

export function flaggedDetailText(f: FlaggedDetail): string {
  const lines = [
    `${f.containerNumber}  score ${f.score}  lane ${f.lane ?? '-'}  status ${f.status}  version ${f.version}`,
    `  id        ${f.id}`,
    `  port      ${f.port}`,
    `  mode      ${conveyanceLine(f)}`,
    `  flagged   ${day(f.flaggedAt)}${f.snapshotVersion ? `  (config ${f.snapshotVersion})` : ''}`,
    ...consignmentLines(f),
  ];
  for (const note of f.notes ?? [])
    lines.push(`  note      ${day(note.at)}  ${note.by.username}: ${note.text}`);
  if (f.assessment?.noContainerDeclared)
    lines.push(
      `  no container declared: B/L ${f.assessment.billsOfLading.join(', ')} (not stowed, or none of its containers is declared)`,
    );
  lines.push('', 'Why it was flagged:');
  for (const hit of f.assessment?.hits ?? []) {
    lines.push(`  ${hit.ruleId} (+${hit.weight}${hit.lane ? `, ${hit.lane}` : ''}): ${hit.description}`);
    for (const e of hit.evidence) {
      const w = e.watchlist;
      const match = w
        ? `matches ${w.list} ${w.entityId} "${w.name}" via "${w.matchedName}" (${w.matchedOn}, ${(w.score * 100).toFixed(0)}%)`
        : '';
      // Some rules phrase their detail as the comparison itself (`= full`): do not repeat the value.
      const restates = e.detail?.startsWith('=') === true;
      const value = e.value !== undefined && !restates ? ` = ${e.value}` : '';
      const detail = e.detail ? (restates ? ` ${e.detail}` : `: ${e.detail}`) : '';
      lines.push(`    - ${e.field}${value}${detail}${match ? ` ${match}` : ''}`);
    }
  }
  if (f.history.length) {
    lines.push('', 'Decisions:');
    for (const d of f.history) {
      const seizure = d.seizure
        ? ` seized ${d.seizure.quantity} ${d.seizure.unit} ${d.seizure.substance}`
        : '';
      const status = d.previousStatus ? `${d.previousStatus} -> ${d.status}` : d.status;
      lines.push(`  ${day(d.at)}  ${d.by.username}  ${status}${seizure}${d.notes ? `  "${d.notes}"` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function statsText(s: StatsResponse): string {
  const period = s.from || s.to ? ` ${s.from ?? '...'} to ${s.to ?? 'now'}` : '';
  const head = [
    `${s.port}${period}`,
    `  manifests ${s.manifests}, containers profiled ${s.containersProfiled}, flagged ${s.flagged}`,
    `  inspected ${s.inspected}, seizures ${s.seizures}, hit rate ${percent(s.hitRate)}`,
    `  by status: ${
      Object.entries(s.byStatus)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
    '',
  ].join('\n');
  const rules = table(
    ['RULE', 'FIRED', 'INSPECTED', 'SEIZURES', 'HIT RATE'],
    s.rules.map((r) => [r.ruleId, r.fired, r.inspected, r.seizures, percent(r.hitRate)]),
  );
  return `${head}\n${s.rules.length ? rules : 'No rule has fired in this period.\n'}`;
}

export function searchText(s: SearchResponse): string {
  if (s.results.length === 0) return `Nothing found for "${s.q}" at ${s.ports.join(', ')}.\n`;
  return table(
    ['FOUND AS', 'ID', 'PORT', 'STATUS', 'MATCHED', 'SIMILARITY'],
    s.results.map((r) => [
      r.kind,
      r.flag?.id ?? r.manifest?.id ?? '',
      r.flag?.port ?? r.manifest?.port ?? '',
      r.flag?.status ?? r.manifest?.status ?? '',
      r.matched ?? '',
      r.similarity === undefined ? '' : r.similarity.toFixed(2),
    ]),
  );
}

// ---------------------------------------------------------------------------------------
// Upload with progress
// ---------------------------------------------------------------------------------------
const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.edi': 'application/edifact',
  '.edifact': 'application/edifact',
  '.cuscar': 'application/edifact',
  '.txt': 'text/plain',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** PUTs a file to a presigned URL, streaming it, reporting progress. Returns the HTTP status. */
export function putFile(
  url: string,
  file: string,
  headers: Record<string, string>,
  onProgress: (sent: number) => void,
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: 'PUT', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    let sent = 0;
    const stream = createReadStream(file);
    stream.on('data', (chunk) => {
      sent += chunk.length;
      onProgress(sent);
    });
    stream.on('error', reject);
    stream.pipe(req);
  });
}

function progressReporter(total: number) {
  const tty = process.stderr.isTTY === true;
  let lastShown = -1;
  return (sent: number) => {
    const pct = total ? Math.floor((sent / total) * 100) : 100;
    // A line per 10% in logs; a redrawn line on a terminal.
    const step = tty ? pct : Math.floor(pct / 10) * 10;
    if (step === lastShown) return;
    lastShown = step;
    const text = `uploading ${(sent / 1048576).toFixed(1)} / ${(total / 1048576).toFixed(1)} MB (${step}%)`;
    process.stderr.write(tty ? `\r${text}` : `${text}\n`);
    if (tty && sent >= total) process.stderr.write('\n');
  };
}

async function upload(file: string, opts: ApiOptions & { port?: string; contentType?: string }) {
  const client = ApiClient.fromOptions(opts);
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UserError(`${file} is not a file.`);
    size = info.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      `${file}: ${(err as { code?: string }).code === 'ENOENT' ? 'no such file' : 'cannot be read'}.`,
    );
  }
  if (size === 0) throw new UserError(`${file} is empty.`);
  const contentType = opts.contentType ?? contentTypeFor(file);
  const grant = await client.call<UploadResponse>('POST', '/uploads', {
    body: {
      ...(opts.port && { port: opts.port }),
      fileName: basename(file),
      contentType,
      contentLength: size,
    },
  });
  // Only show progress for files that take a moment.
  const report = size >= 1024 * 1024 ? progressReporter(size) : () => {};
  let result: { status: number; body: string };
  try {
    result = await putFile(grant.uploadUrl, file, grant.headers, report);
  } catch (err) {
    throw new UserError(
      `upload to storage failed: ${(err as { code?: string }).code ?? (err as Error).message}`,
    );
  }
  if (result.status < 200 || result.status >= 300) {
    const code = /<Code>([^<]+)<\/Code>/.exec(result.body)?.[1];
    throw new UserError(`storage refused the upload: HTTP ${result.status}${code ? ` ${code}` : ''}`);
  }
  const summary = { key: grant.key, port: grant.port, bytes: size, contentType };
  if (opts.json) printJson(summary);
  else
    out(
      `Uploaded ${basename(file)} (${size} bytes) to ${grant.port} as ${grant.key}.\n` +
        'It is validated and profiled within a minute: pcu manifests list, then pcu flagged list.\n',
    );
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------
export const apiOption = () => new Option('--api <url>', `API base URL (default: $${API_URL_ENV})`);
export const jsonOption = () => new Option('--json', 'print the API response as JSON');

function positiveNumber(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
      throw new UserError(`${name} must be a positive number, not "${value}"`);
    return n;
  };
}

export function register(program: Command): void {
  program
    .command('upload')
    .description('Upload a manifest to your port through the API (validated and profiled in the cloud)')
    .argument('<file>', 'manifest file (CSV, JSON or EDIFACT CUSCAR)')
    .option('--port <locode>', 'the port (needed when your account has several)')
    .option('--content-type <type>', 'override the content type guessed from the extension')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(upload);

  const flagged = program.command('flagged').description('Flagged containers: list, show, record decisions');

  flagged
    .command('list')
    .description('Flagged containers of your port, newest first')
    .option('--port <locode>', 'the port (needed when your account has several)')
    .option('--from <date>', 'flagged on or after (2026-11-27 or an ISO timestamp)')
    .option('--to <date>', 'flagged on or before (a date includes the whole day)')
    .addOption(new Option('--status <status>', 'only this status').choices([...FLAG_STATUSES]))
    .addOption(new Option('--lane <lane>', 'only this lane').choices(['red', 'yellow', 'blue', 'green']))
    .option('--min-score <n>', 'only scores at or above n')
    .option('--container <number>', 'one container number')
    .option('--mode <mode>', 'only flags of this mode: sea, rail, road or air', modeOption)
    .addOption(
      new Option('--sort <order>', 'date: newest first; score: highest first').choices(['date', 'score']),
    )
    .option('--limit <n>', `items per page (1-${FLAGGED_LIST_MAX_LIMIT})`, '25')
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--all', 'follow every page')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(
      async (
        opts: ApiOptions & {
          port?: string;
          from?: string;
          to?: string;
          status?: string;
          lane?: string;
          minScore?: string;
          container?: string;
          mode?: string;
          sort?: string;
          limit: string;
          cursor?: string;
          all?: boolean;
        },
      ) => {
        const client = ApiClient.fromOptions(opts);
        const items: FlaggedSummary[] = [];
        let cursor = opts.cursor;
        do {
          const page = await client.call<{ items: FlaggedSummary[]; nextCursor?: string }>(
            'GET',
            '/flagged',
            {
              query: {
                port: opts.port,
                from: opts.from,
                to: opts.to,
                status: opts.status,
                lane: opts.lane,
                minScore: opts.minScore,
                container: opts.container,
                mode: opts.mode,
                sort: opts.sort,
                limit: opts.limit,
                cursor,
              },
            },
          );
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (opts.all && cursor);
        if (opts.json) return printJson({ items, ...(cursor && { nextCursor: cursor }) });
        out(items.length ? flaggedRows(items) : 'No flagged containers match.\n');
        if (cursor) out(`More: pcu flagged list --cursor ${cursor} (same filters), or --all\n`);
      },
    );

  flagged
    .command('show')
    .description('A flagged container with every rule that hit and its evidence')
    .argument('<id>', 'flagged-container id ({manifestId}_{containerNumber})')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(async (id: string, opts: ApiOptions) => {
      const detail = await ApiClient.fromOptions(opts).call<FlaggedDetail>(
        'GET',
        `/flagged/${encodeURIComponent(id)}`,
      );
      if (opts.json) printJson(detail);
      else out(flaggedDetailText(detail));
    });

  flagged
    .command('decide')
    .description('Record a decision: analysts assign/release/reopen, officers record inspection outcomes')
    .argument('<id>', 'flagged-container id')
    .addOption(new Option('--status <status>', 'the new status').choices([...FLAG_STATUSES]))
    .option('--notes <text>', 'notes for the record')
    .option('--substance <name>', 'seized substance (with --status inspected-seizure)')
    .option('--quantity <n>', 'seized quantity', positiveNumber('--quantity'))
    .addOption(
      new Option('--unit <unit>', 'unit of the quantity').choices(['kg', 'g', 'l', 'pieces', 'packages']),
    )
    .option(
      '--version <n>',
      'the version you read (pcu flagged show); without it the current version is used',
      positiveNumber('--version'),
    )
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(
      async (
        id: string,
        opts: ApiOptions & {
          status?: string;
          notes?: string;
          substance?: string;
          quantity?: number;
          unit?: string;
          version?: number;
        },
      ) => {
        if (!opts.status && opts.notes === undefined)
          throw new UserError('nothing to record: give --status and/or --notes');
        const client = ApiClient.fromOptions(opts);
        const path = `/flagged/${encodeURIComponent(id)}`;
        const version = opts.version ?? (await client.call<FlaggedDetail>('GET', path)).version;
        const seizure =
          opts.substance || opts.quantity !== undefined || opts.unit
            ? { substance: opts.substance ?? '', quantity: opts.quantity ?? 0, unit: opts.unit ?? 'kg' }
            : undefined;
        const updated = await client.call<FlaggedDetail>('PATCH', path, {
          body: {
            version,
            ...(opts.status && { status: opts.status }),
            ...(opts.notes !== undefined && { notes: opts.notes }),
            ...(seizure && { seizure }),
          },
        });
        if (opts.json) printJson(updated);
        else out(`${updated.containerNumber}: ${updated.status} (version ${updated.version})\n`);
      },
    );

  const manifests = program.command('manifests').description('Manifests received at your port');
  manifests
    .command('list')
    .description('Manifests of your port, newest first')
    .option('--port <locode>', 'the port (needed when your account has several)')
    .option('--from <date>', 'received on or after')
    .option('--to <date>', 'received on or before')
    .option('--mode <mode>', 'only manifests of this mode: sea, rail, road or air', modeOption)
    .option('--limit <n>', 'items per page (1-100)', '25')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(
      async (
        opts: ApiOptions & { port?: string; from?: string; to?: string; mode?: string; limit: string },
      ) => {
        const page = await ApiClient.fromOptions(opts).call<{
          items: ManifestSummary[];
          nextCursor?: string;
        }>('GET', '/manifests', {
          query: { port: opts.port, from: opts.from, to: opts.to, mode: opts.mode, limit: opts.limit },
        });
        if (opts.json) return printJson(page);
        out(
          page.items.length
            ? table(
                ['ID', 'RECEIVED', 'STATUS', 'CHUNKS', 'CONVEYANCE', 'CONTAINERS', 'REJECTED', 'FLAGGED'],
                page.items.map((m) => [
                  m.id,
                  day(m.receivedAt),
                  m.status,
                  chunkProgress(m),
                  conveyanceLine(m),
                  m.containersProfiled || m.counts.containers || 0,
                  m.counts.rejectedRecords ?? 0,
                  m.containersFlagged,
                ]),
              ) + stalledLines(page.items)
            : 'No manifests.\n',
        );
      },
    );
  manifests
    .command('show')
    .description('A manifest: status, counts, rejected records, link to the validation report')
    .argument('<id>', 'manifest id')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(async (id: string, opts: ApiOptions) => {
      const m = await ApiClient.fromOptions(opts).call<ManifestDetail>(
        'GET',
        `/manifests/${encodeURIComponent(id)}`,
      );
      if (opts.json) return printJson(m);
      const lines = [
        `${m.id}  ${m.status}${m.validationStatus ? ` (${m.validationStatus})` : ''}  ${m.port}`,
        `  ${conveyanceLine(m)}, received ${day(m.receivedAt)}`,
        `  containers profiled ${m.containersProfiled}, flagged ${m.containersFlagged}, chunks ${chunkProgress(m)}`,
        ...(m.lastProgressAt && m.status !== 'complete' ? [`  last progress ${day(m.lastProgressAt)}`] : []),
        ...(m.status === 'stalled'
          ? [
              `  stalled since ${day(m.stalledAt)}: ${m.stalledReason ?? 'no reason recorded'}`,
              `  an admin resumes it: pcu manifests resume ${m.id}`,
            ]
          : []),
        ...(m.resumeCount ? [`  resumed ${m.resumeCount} time(s), last ${day(m.resumedAt)}`] : []),
        `  records kept with errors ${m.counts.recordsWithErrors ?? 0}, rejected (set aside) ${m.counts.rejectedRecords ?? 0}, errors ${m.counts.errors ?? 0}, warnings ${m.counts.warnings ?? 0}`,
      ];
      for (const r of m.rejectedRecords) {
        lines.push(
          `    ${r.line ? `line ${r.line}: ` : ''}${r.code} ${r.message}${r.record ? ` (${r.record})` : ''}${r.setAside ? ', set aside' : ''}`,
        );
      }
      if (m.rejectedRecordsTruncated) lines.push('    ... more in the report');
      if (m.reportUrl) lines.push(`  report (until ${day(m.reportUrlExpiresAt)}): ${m.reportUrl}`);
      out(`${lines.join('\n')}\n`);
    });

  manifests
    .command('resume')
    .description(
      'Resume an unfinished (stalled or stuck) manifest: the chunks not done are queued again from the stored file (admin; safe to repeat)',
    )
    .argument('<id>', 'manifest id')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(async (id: string, opts: ApiOptions) => {
      const result = await ApiClient.fromOptions(opts).call<ManifestResumeResponse>(
        'POST',
        `/manifests/${encodeURIComponent(id)}/resume`,
      );
      if (opts.json) return printJson(result);
      out(
        result.outcome === 'complete'
          ? `${result.manifest.id}: complete, nothing to resume (chunks ${chunkProgress(result.manifest)})\n`
          : `${result.manifest.id}: ${result.chunksToRequeue} of ${result.manifest.chunkCount} chunks queued again; follow it with pcu manifests show ${result.manifest.id}\n`,
      );
    });

  program
    .command('stats')
    .description('Containers profiled, flagged, inspected, seizures and the hit rate of each rule')
    .option('--port <locode>', 'the port (needed when your account has several)')
    .option('--from <date>', 'period start')
    .option('--to <date>', 'period end (a date includes the whole day)')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(async (opts: ApiOptions & { port?: string; from?: string; to?: string }) => {
      const stats = await ApiClient.fromOptions(opts).call<StatsResponse>('GET', '/stats', {
        query: { port: opts.port, from: opts.from, to: opts.to },
      });
      if (opts.json) printJson(stats);
      else out(statsText(stats));
    });

  program
    .command('search <query>')
    .description(
      'Flags and manifests of your ports by container, B/L, party name (fuzzy) or identifier, vessel name or IMO, manifest id',
    )
    .option('--kind <kind>', 'container, bl, party, identifier, vessel, manifest or auto', 'auto')
    .option('--port <locode>', 'one of your ports (default: all of them)')
    .option('--limit <n>', 'results per kind and port (1-100)')
    .addOption(apiOption())
    .addOption(jsonOption())
    .action(async (q: string, opts: ApiOptions & { kind?: string; port?: string; limit?: string }) => {
      const found = await ApiClient.fromOptions(opts).call<SearchResponse>('GET', '/search', {
        query: { q, kind: opts.kind, port: opts.port, limit: opts.limit },
      });
      if (opts.json) printJson(found);
      else out(searchText(found));
    });
}
