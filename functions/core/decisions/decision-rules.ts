import {
  type Actor,
  type Decision,
  type DecisionChange,
  type FlaggedPatch,
  FlagStatus,
  type Role,
  type SeizureDetails,
} from '#schemas/api.ts';

/**
 * What may happen to a flag's decision: the one place that decides (pure; no I/O). The
 * handler resolves the caller's roles and ports, reads the flag and writes what this returns;
 * port scope (an officer of NLRTM never sees a BEANR flag) is checked before this runs.
 *
 * The permission table in docs/api.md is this function written out, and a test parses that
 * table and checks every role x current status x requested change against `permission`.
 *
 * - Triage (`open`, `assigned`, `released`) is the analysts'; an inspection outcome
 *   (`inspected-clear`, `inspected-seizure` with its details) is the officers'.
 * - Once an outcome is recorded, only an officer or an admin changes it (or its seizure
 *   details); an analyst can no longer move the flag at all, only add notes.
 * - Admins may do everything (corrections).
 * - Notes are added by anyone with a role, never replaced or removed.
 * - Every change is appended to the history with who and when; a notes-only change leaves
 *   the status and the outcome in force (with its seizure details) exactly as they were.
 */
export const TRIAGE_STATUSES = ['open', 'assigned', 'released'] as const satisfies readonly FlagStatus[];
export const OUTCOME_STATUSES = [
  'inspected-clear',
  'inspected-seizure',
] as const satisfies readonly FlagStatus[];

/** What a request asks for: add a note only, or set a status (a seizure always with its details). */
export const REQUESTED_CHANGES = ['note', ...FlagStatus.options] as const;
export type RequestedChange = (typeof REQUESTED_CHANGES)[number];

/** A flag keeps at most this many changes, and this much note text: far above any real case, below DynamoDB's 400 KB item limit. */
export const MAX_HISTORY_ENTRIES = 200;
// 40,000 UTF-16 units are at most 120 KB of UTF-8: with the bounded assessment (160 KB) and
// consignment (64 KB) and 200 history entries the item stays under DynamoDB's 400 KB.
export const MAX_NOTES_CHARS = 40_000;

export function isOutcome(status: string): boolean {
  return (OUTCOME_STATUSES as readonly string[]).includes(status);
}

export function isTriage(status: string): boolean {
  return (TRIAGE_STATUSES as readonly string[]).includes(status);
}

export type Refusal = {
  code: 'invalid_request' | 'forbidden' | 'unprocessable';
  /** The request field at fault. */
  field: 'status' | 'seizure' | 'notes';
  message: string;
};

export type Permission = { allowed: true } | ({ allowed: false } & Refusal);

/** May one role make `change` to a flag whose status is `current`? */
function roleMay(role: Role, current: FlagStatus, change: RequestedChange): boolean {
  if (change === 'note' || role === 'admin') return true;
  if (role === 'analyst') return isTriage(current) && isTriage(change);
  return isOutcome(change); // officer: records and corrects outcomes, from any status
}

/**
 * May a caller with these roles make `change` to a flag whose status is `current`? A caller
 * with several roles may do what any of them may.
 */
export function permission(
  roles: ReadonlySet<Role>,
  current: FlagStatus,
  change: RequestedChange,
): Permission {
  if ([...roles].some((role) => roleMay(role, current, change))) return { allowed: true };
  if (roles.size === 0) {
    return { allowed: false, code: 'forbidden', field: 'status', message: 'your account has no role' };
  }
  if (isOutcome(current)) {
    const seizureDetails = current === 'inspected-seizure' && change === 'inspected-seizure';
    return {
      allowed: false,
      code: 'forbidden',
      field: seizureDetails ? 'seizure' : 'status',
      message: seizureDetails
        ? 'the seizure details of a recorded seizure are changed only by an officer or admin of the port'
        : `an inspection outcome (${current}) is changed only by an officer or admin of the port`,
    };
  }
  return {
    allowed: false,
    code: 'forbidden',
    field: 'status',
    message: isOutcome(change)
      ? `only an officer or admin records an inspection outcome (${change})`
      : `only an analyst or admin may set status ${change}`,
  };
}

/** The flag's decision as stored: its status, the outcome in force and the history. */
export type DecisionState = {
  status: FlagStatus;
  decision?: Decision;
  history: readonly DecisionChange[];
};

export type DecisionRequest = Pick<FlaggedPatch, 'status' | 'seizure' | 'notes'>;

export type DecisionVerdict =
  | ({ kind: 'refused' } & Refusal)
  /** The request restates what is recorded and adds no note: nothing to write. */
  | { kind: 'unchanged' }
  | {
      kind: 'changed';
      status: FlagStatus;
      /** The outcome in force after the change (the same object when only a note was added). */
      decision: Decision | undefined;
      /** False for a notes-only change: the stored outcome must be left as it is. */
      decisionChanged: boolean;
      /** Appended to the history. */
      entry: DecisionChange;
    };

function sameSeizure(a: SeizureDetails | undefined, b: SeizureDetails | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.substance === b.substance &&
    a.quantity === b.quantity &&
    a.unit === b.unit &&
    (a.description ?? '') === (b.description ?? '')
  );
}

/** The change a request asks for (the column of the permission table). */
export function requestedChange(request: DecisionRequest): RequestedChange {
  return request.status ?? 'note';
}

/** Everything a decision request may do to a flag: refused (with the field at fault), nothing, or the new state. */
export function decide(input: {
  roles: ReadonlySet<Role>;
  actor: Actor;
  current: DecisionState;
  request: DecisionRequest;
  at: string;
}): DecisionVerdict {
  const { roles, actor, current, request, at } = input;
  const refuse = (refusal: Refusal): DecisionVerdict => ({ kind: 'refused', ...refusal });

  if (request.status === undefined && request.notes === undefined) {
    return refuse({
      code: 'invalid_request',
      field: 'status',
      message: 'nothing to record: send status and/or notes',
    });
  }
  if (request.status === 'inspected-seizure' && !request.seizure) {
    return refuse({
      code: 'unprocessable',
      field: 'seizure',
      message: 'a seizure needs its details (substance, quantity, unit)',
    });
  }
  if (request.seizure && request.status !== 'inspected-seizure') {
    return refuse({
      code: 'unprocessable',
      field: 'seizure',
      message: 'seizure details go only with status inspected-seizure',
    });
  }

  const allowed = permission(roles, current.status, requestedChange(request));
  if (!allowed.allowed) {
    const { allowed: _, ...refusal } = allowed;
    return refuse(refusal);
  }

  const status = request.status ?? current.status;
  const statusChanged = status !== current.status;
  const seizure = status === 'inspected-seizure' ? (request.seizure ?? current.decision?.seizure) : undefined;
  const seizureChanged =
    request.seizure !== undefined &&
    (statusChanged || !sameSeizure(request.seizure, current.decision?.seizure));
  const decisionChanged = statusChanged || seizureChanged;
  if (!decisionChanged && request.notes === undefined) return { kind: 'unchanged' };

  if (current.history.length >= MAX_HISTORY_ENTRIES) {
    return refuse({
      code: 'unprocessable',
      field: request.notes !== undefined ? 'notes' : 'status',
      message: `this flag already has ${current.history.length} recorded changes, the most one flag keeps`,
    });
  }
  if (request.notes !== undefined) {
    const used = current.history.reduce((sum, e) => sum + (e.notes?.length ?? 0), 0);
    if (used + request.notes.length > MAX_NOTES_CHARS) {
      return refuse({
        code: 'unprocessable',
        field: 'notes',
        message: `this flag's notes already hold ${used} characters; the most one flag keeps is ${MAX_NOTES_CHARS}`,
      });
    }
  }

  const decision: Decision | undefined = decisionChanged
    ? { status, ...(seizure && { seizure }), by: actor, at }
    : current.decision;
  const entry: DecisionChange = {
    status,
    ...(statusChanged && { previousStatus: current.status }),
    ...(seizureChanged && seizure && { seizure }),
    ...(request.notes !== undefined && { notes: request.notes }),
    by: actor,
    at,
  };
  return { kind: 'changed', status, decision, decisionChanged, entry };
}
