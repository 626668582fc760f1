/**
 * A watchlist file that cannot be read as the list it claims to be. Carries the file and,
 * when known, the line, so the CLI can print "file:line: message" and exit 2 without a stack
 * trace (the CLI maps it to a UserError).
 */
export class WatchlistError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(line === undefined ? `${file}: ${detail}` : `${file}, line ${line}: ${detail}`);
    this.name = 'WatchlistError';
  }
}
