/**
 * A risk-profile file that cannot be used: names the file, the rule (id and position), the
 * field inside the rule and, when known, the line, so an analyst can fix it. The CLI turns it
 * into a UserError (exit 2, no stack trace).
 */
export class ProfileError extends Error {
  constructor(
    readonly detail: string,
    readonly where: {
      file?: string;
      ruleId?: string;
      ruleIndex?: number;
      field?: string;
      line?: number;
    } = {},
  ) {
    super(formatProfileError(detail, where));
    this.name = 'ProfileError';
  }
}

function formatProfileError(detail: string, w: ProfileError['where']): string {
  const parts: string[] = [];
  if (w.file) parts.push(w.line !== undefined ? `${w.file}, line ${w.line}` : w.file);
  else if (w.line !== undefined) parts.push(`line ${w.line}`);
  if (w.ruleId !== undefined) parts.push(`rule "${w.ruleId}"`);
  else if (w.ruleIndex !== undefined) parts.push(`rule #${w.ruleIndex + 1}`);
  if (w.field) parts.push(`field ${w.field}`);
  return parts.length ? `${parts.join(', ')}: ${detail}` : detail;
}

/** Renders a zod-style path (['rules', 3, 'when', 'all', 0, 'prefix']) as `when.all[0].prefix`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}
