/**
 * A watchlist file that cannot be read as the list it claims to be. Carries the file and,
 * when known, the line, so the CLI can print "file:line: message" and exit 2 without a stack
 * trace (the CLI maps it to a UserError).
 */
export class WatchlistError extends Error {
  readonly detail: string;
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    // One line, whatever a parser put in its message.
    const flat = detail.replace(/\s+/g, ' ').trim();
    super(line === undefined ? `${file}: ${flat}` : `${file}, line ${line}: ${flat}`);
    this.detail = flat;
    this.name = 'WatchlistError';
  }
}
