import { describe, expect, it } from 'vitest';
import {
  type DecisionState,
  decide,
  MAX_HISTORY_ENTRIES,
  MAX_NOTES_CHARS,
} from '#core/decisions/decision-rules.ts';
import type { DecisionChange, Role } from '#schemas/api.ts';

/**
 * The decision module beyond the permission table (which test/api/decision-permissions.test.ts
 * checks against docs/api.md): what a change writes, what it leaves alone, and its limits.
 */
const officer = { subject: 'sub-officer', username: 'officer-rtm' };
const analyst = { subject: 'sub-analyst', username: 'analyst-rtm' };
const roles = (...r: Role[]) => new Set<Role>(r);
const COCAINE = { substance: 'cocaine', quantity: 42.5, unit: 'kg' as const };
const seized: DecisionState = {
  status: 'inspected-seizure',
  decision: { status: 'inspected-seizure', seizure: COCAINE, by: officer, at: '2026-11-28T09:00:00.000Z' },
  history: [
    {
      status: 'inspected-seizure',
      previousStatus: 'assigned',
      seizure: COCAINE,
      by: officer,
      at: '2026-11-28T09:00:00.000Z',
    },
  ],
};
const AT = '2026-11-28T10:00:00.000Z';

describe('decide', () => {
  it('a note on a seizure keeps the outcome in force and its details, and is kept with author and time', () => {
    const verdict = decide({
      roles: roles('analyst'),
      actor: analyst,
      current: seized,
      request: { notes: 'lab: 91% purity' },
      at: AT,
    });
    expect(verdict).toEqual({
      kind: 'changed',
      status: 'inspected-seizure',
      decision: seized.decision,
      decisionChanged: false,
      entry: { status: 'inspected-seizure', notes: 'lab: 91% purity', by: analyst, at: AT },
    });
  });

  it('an officer correcting the quantity records a new outcome; the first figure stays in the history', () => {
    const verdict = decide({
      roles: roles('officer'),
      actor: officer,
      current: seized,
      request: { status: 'inspected-seizure', seizure: { ...COCAINE, quantity: 41.9 } },
      at: AT,
    });
    expect(verdict).toMatchObject({
      kind: 'changed',
      decisionChanged: true,
      decision: { status: 'inspected-seizure', seizure: { quantity: 41.9 }, by: officer, at: AT },
      entry: { status: 'inspected-seizure', seizure: { quantity: 41.9 } },
    });
    expect(verdict.kind === 'changed' && 'previousStatus' in verdict.entry).toBe(false);
  });

  it('an officer and analyst in one account may do what either may', () => {
    const verdict = decide({
      roles: roles('officer', 'analyst'),
      actor: officer,
      current: { status: 'open', history: [] },
      request: { status: 'assigned' },
      at: AT,
    });
    expect(verdict).toMatchObject({ kind: 'changed', status: 'assigned' });
  });

  it('restating the recorded seizure without a note writes nothing', () => {
    expect(
      decide({
        roles: roles('officer'),
        actor: officer,
        current: seized,
        request: { status: 'inspected-seizure', seizure: { ...COCAINE } },
        at: AT,
      }),
    ).toEqual({ kind: 'unchanged' });
  });

  it('leaving a seizure (an admin correction) drops the details from the outcome, not from the history', () => {
    const verdict = decide({
      roles: roles('admin'),
      actor: { subject: 'a', username: 'admin' },
      current: seized,
      request: { status: 'released', notes: 'wrong container: the seizure was MSCU1000002' },
      at: AT,
    });
    expect(verdict).toMatchObject({
      kind: 'changed',
      decision: { status: 'released' },
      entry: { status: 'released', previousStatus: 'inspected-seizure' },
    });
    expect(verdict.kind === 'changed' && verdict.decision?.seizure).toBeUndefined();
  });

  it('request shape first: nothing to record, a seizure without details, details without a seizure', () => {
    const ask = (request: Parameters<typeof decide>[0]['request']) =>
      decide({ roles: roles('admin'), actor: officer, current: seized, request, at: AT });
    expect(ask({})).toMatchObject({ kind: 'refused', code: 'invalid_request', field: 'status' });
    expect(ask({ status: 'inspected-seizure' })).toMatchObject({ code: 'unprocessable', field: 'seizure' });
    expect(ask({ status: 'inspected-clear', seizure: COCAINE })).toMatchObject({
      code: 'unprocessable',
      field: 'seizure',
    });
  });

  it(`a flag keeps at most ${MAX_HISTORY_ENTRIES} changes and ${MAX_NOTES_CHARS} characters of notes`, () => {
    const entry = (notes: string): DecisionChange => ({ status: 'open', notes, by: analyst, at: AT });
    const full: DecisionState = {
      status: 'open',
      history: Array.from({ length: MAX_HISTORY_ENTRIES }, () => entry('x')),
    };
    const wordy: DecisionState = {
      status: 'open',
      history: Array.from({ length: MAX_NOTES_CHARS / 4000 }, () => entry('y'.repeat(4000))),
    };
    const note = (current: DecisionState, notes: string) =>
      decide({ roles: roles('analyst'), actor: analyst, current, request: { notes }, at: AT });
    expect(note(full, 'one more')).toMatchObject({ kind: 'refused', code: 'unprocessable', field: 'notes' });
    expect(note(wordy, 'z')).toMatchObject({ kind: 'refused', code: 'unprocessable', field: 'notes' });
    expect(note({ ...wordy, history: wordy.history.slice(1) }, 'z'.repeat(4000))).toMatchObject({
      kind: 'changed',
    });
  });
});
