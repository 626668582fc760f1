import { StringDecoder } from 'node:string_decoder';
import type { Command } from 'commander';
import { loadBundledIndex } from '#core/screening/bundled-index.ts';
import {
  type buildScreeningIndex,
  DEFAULT_ALERT_THRESHOLD,
  NAME_ANALYSIS_CAP,
  visibleName,
} from '#core/screening/index.ts';
import { defaultWatchlistPaths } from '#core/watchlists/bundled-paths.ts';
import { rememberedListsFingerprint } from '../lists-fingerprint.ts';
import { UserError } from '../user-error.ts';

/**
 * `pcu screen`: a contract other tools rely on. Names on stdin, one per line (UTF-8); one
 * JSON object per input line on stdout, in input order, written as each line is read:
 * {"query": "...", "matches": [{"entityId", "list", "name", "matchedName", "score"}]}.
 * A name holding hidden characters (bidi controls, zero-width or other invisible characters,
 * noncharacters, controls, Latin lookalikes) is screened as a person reads it, and its line
 * also says so: "hiddenCharacters": ["bidi-control", ...], "readAs": "<what was screened>".
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
    .option(
      '--no-cache',
      'compile --watchlist files afresh, without reading or writing the cache (see README)',
    )
    .option('--top <k>', 'at most K matches per name', '5')
    .option(
      '--min-score <s>',
      `only matches scoring at least S (0..1; default ${DEFAULT_ALERT_THRESHOLD}, the alert threshold)`,
    )
    .action(async (opts: { watchlist?: string[]; cache: boolean; top: string; minScore?: string }) => {
      const top = Number(opts.top);
      if (!Number.isInteger(top) || top < 0)
        throw new UserError(`--top must be a whole number >= 0, not "${opts.top}"`);
      const minScore = opts.minScore === undefined ? DEFAULT_ALERT_THRESHOLD : Number(opts.minScore);
      if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) {
        throw new UserError(`--min-score must be a number from 0 to 1, not "${opts.minScore}"`);
      }
      // The bundled lists' index is prebuilt (unless the lists changed since), the user's lists'
      // is cached: no parsing and analysing of ~40k names before the first answer. The list
      // parsers (and what cli/inputs.ts imports) load only when the prebuilt index won't do.
      const index =
        (opts.watchlist === undefined
          ? loadBundledIndex(undefined, rememberedListsFingerprint)
          : undefined) ??
        (await import('../inputs.ts')).readScreeningIndex(opts.watchlist ?? defaultWatchlistPaths(), {
          cache: opts.cache,
        });
      await screenLines(index, { top, minScore });
    });
}

/**
 * Answers every complete line of each chunk read from stdin, the chunk's answers in one write:
 * a line that arrives alone is answered at once (nothing waits for more input), and a piped
 * file costs one write per 64 KiB read, not one per name.
 */
async function screenLines(
  index: ReturnType<typeof buildScreeningIndex>,
  opts: { top: number; minScore: number },
): Promise<void> {
  // A closed stdout (`| head`) ends the process quietly (cli/main.ts).
  const out = process.stdout;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const answer = (raw: string): string => {
    const query = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).replace(/^\uFEFF/, '');
    const matches = query.trim() === '' ? [] : index.screen(query, opts);
    const seen = visibleName(query, NAME_ANALYSIS_CAP);
    const line = seen.hidden.length
      ? { query, matches, hiddenCharacters: seen.hidden, readAs: seen.lookalike ?? seen.text }
      : { query, matches };
    return `${JSON.stringify(line)}\n`;
  };
  const write = async (text: string) => {
    if (text !== '' && !out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    pending += decoder.write(chunk);
    let text = '';
    let from = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', from)) {
      text += answer(pending.slice(from, nl));
      from = nl + 1;
    }
    pending = pending.slice(from);
    await write(text);
  }
  pending += decoder.end();
  if (pending !== '') await write(answer(pending));
}
