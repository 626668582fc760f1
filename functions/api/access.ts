import { isOutcome } from '#core/decisions/decision-rules.ts';
import { ROLES, type Role } from '#schemas/api.ts';

export { ROLES, type Role };

/**
 * Who may do what, decided from the verified token only (pure; no I/O).
 *
 * Convention (Cognito groups, which only an administrator can change):
 * - a role group: `officer`, `analyst` or `admin`;
 * - one group per port the user works at: `port:NLRTM` (a UN/LOCODE without the space).
 * `admin` sees and may do everything at every port. A request's `port` parameter only
 * narrows what the token allows; it never widens it. What each role may do to a flag's
 * decision is decided in functions/core/decisions/decision-rules.ts.
 *
 * Ports are not read from a custom user attribute (`custom:ports`): users may be able to
 * edit their own attributes, and a user-writable claim must never grant access.
 */
export const PORT_GROUP_PREFIX = 'port:';

export type Caller = {
  subject: string;
  username: string;
  roles: ReadonlySet<Role>;
  /** The ports the caller may see: `all` for an admin. */
  ports: 'all' | readonly string[];
};

/**
 * Groups as the API Gateway JWT authorizer hands them over: an array claim arrives as the
 * string `[officer port:NLRTM]`; a JSON array string or a real array (direct invocation) are
 * accepted too.
 */
export function parseGroupsClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map(String).filter(Boolean);
    } catch {
      // Not JSON: API Gateway's `[a b c]` form.
    }
    return text
      .slice(1, -1)
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return text.split(/[\s,]+/).filter(Boolean);
}

/** The caller from the authorizer's claims, or undefined when there is no usable identity (401). */
export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | undefined {
  if (!claims) return undefined;
  const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!subject) return undefined;
  const username = [claims['cognito:username'], claims.username].find((v) => typeof v === 'string') as
    | string
    | undefined;
  const groups = parseGroupsClaim(claims['cognito:groups']);
  const roles = new Set<Role>(groups.filter((g): g is Role => (ROLES as readonly string[]).includes(g)));
  const ports = roles.has('admin')
    ? ('all' as const)
    : [
        ...new Set(
          groups
            .filter((g) => g.startsWith(PORT_GROUP_PREFIX))
            .map((g) => g.slice(PORT_GROUP_PREFIX.length).toUpperCase())
            .filter((p) => /^[A-Z]{2}[A-Z0-9]{3}$/.test(p)),
        ),
      ].sort();
  return { subject, username: username ?? subject, roles, ports };
}

export function hasAnyRole(caller: Caller, roles: readonly Role[]): boolean {
  return roles.some((r) => caller.roles.has(r));
}

export function canAccessPort(caller: Caller, port: string): boolean {
  if (!hasAnyRole(caller, ROLES)) return false;
  return caller.ports === 'all' || caller.ports.includes(port);
}

export type PortResolution =
  | { ok: true; port: string }
  | { ok: false; reason: 'forbidden' | 'port-required'; message: string };

/**
 * The one port a request works on: the requested one if the caller may see it, else the
 * caller's only port. A caller with several ports (or an admin) must say which.
 */
export function resolvePort(caller: Caller, requested: string | undefined): PortResolution {
  if (requested !== undefined) {
    return canAccessPort(caller, requested)
      ? { ok: true, port: requested }
      : { ok: false, reason: 'forbidden', message: `you have no access to port ${requested}` };
  }
  if (caller.ports !== 'all' && caller.ports.length === 1 && hasAnyRole(caller, ROLES)) {
    return { ok: true, port: caller.ports[0] as string };
  }
  if (caller.ports !== 'all' && caller.ports.length === 0) {
    return { ok: false, reason: 'forbidden', message: 'your account is not assigned to any port' };
  }
  return {
    ok: false,
    reason: 'port-required',
    message: 'you have access to several ports: say which with port',
  };
}

/** Officers upload the manifests they receive; analysts upload too (a carrier may e-mail one). */
export const UPLOAD_ROLES: readonly Role[] = ['officer', 'analyst', 'admin'];
/** Everyone with a role reads their ports' manifests, flags and statistics. */
export const READ_ROLES: readonly Role[] = ['officer', 'analyst', 'admin'];

/** Inspected (clear or seizure): what statistics count as inspected. */
export function isInspected(status: string): boolean {
  return isOutcome(status);
}
