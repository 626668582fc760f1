/**
 * A mistake the user can fix (bad path, bad option, unreadable file). The CLI prints its
 * message without a stack trace and exits with `exitCode` (2 = unreadable or unusable input).
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
