import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { buildScreeningIndex, DEFAULT_ALERT_THRESHOLD } from '#core/screening/index.ts';
import { readWatchlists } from '../inputs.ts';
import { UserError } from '../user-error.ts';

/**
 * `pcu screen`: a contract other tools rely on. Names on stdin, one per line (UTF-8); one
 * JSON object per input line on stdout, in input order, written as each line is read:
 * {"query": "...", "matches": [{"entityId", "list", "name", "matchedName", "score"}]}.
 */
export function register(program: Command): void {
  program
    .command('screen')
    .description(
      'Screen party names (stdin, one per line) against watchlists; one JSON line per name on stdout',
    )
    .option(
      '--watchlist <path>',
      'OFAC SDN folder (sdn.csv, alt.csv), UN consolidated list .xml, or CSV with columns id,type,name (repeatable; default: the bundled OFAC and UN lists)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--top <k>', 'at most K matches per name', '5')
    .option(
      '--min-score <s>',
      `only matches scoring at least S (0..1; default ${DEFAULT_ALERT_THRESHOLD}, the alert threshold)`,
    )
    .action(async (opts: { watchlist?: string[]; top: string; minScore?: string }) => {
      const top = Number(opts.top);
      if (!Number.isInteger(top) || top < 0)
        throw new UserError(`--top must be a whole number >= 0, not "${opts.top}"`);
      const minScore = opts.minScore === undefined ? DEFAULT_ALERT_THRESHOLD : Number(opts.minScore);
      if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) {
        throw new UserError(`--min-score must be a number from 0 to 1, not "${opts.minScore}"`);
      }
      const entries = readWatchlists(opts.watchlist);
      const index = buildScreeningIndex(entries);
      await screenLines(index, { top, minScore });
    });
}

async function screenLines(
  index: ReturnType<typeof buildScreeningIndex>,
  opts: { top: number; minScore: number },
): Promise<void> {
  const out = process.stdout;
  let closed = false;
  out.on('error', (err: NodeJS.ErrnoException) => {
    // The reader went away (`| head`): stop quietly.
    if (err.code === 'EPIPE') closed = true;
    else throw err;
  });
  process.stdin.setEncoding('utf8');
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const raw of lines) {
    if (closed) break;
    const query = raw.replace(/^\uFEFF/, '').replace(/\r$/, '');
    const matches = query.trim() === '' ? [] : index.screen(query, opts);
    if (!out.write(`${JSON.stringify({ query, matches })}\n`)) {
      await new Promise<void>((resolve) => out.once('drain', resolve));
    }
  }
}
