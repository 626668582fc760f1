import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callerFromClaims,
  canAccessPort,
  parseGroupsClaim,
  resolvePort,
} from '../../functions/api/access.ts';

describe('claims -> caller', () => {
  it('reads groups in every form the authorizer or a direct invocation may give', () => {
    expect(parseGroupsClaim('[officer port:NLRTM]')).toEqual(['officer', 'port:NLRTM']);
    expect(parseGroupsClaim('["officer","port:NLRTM"]')).toEqual(['officer', 'port:NLRTM']);
    expect(parseGroupsClaim(['analyst', 'port:BEANR'])).toEqual(['analyst', 'port:BEANR']);
    expect(parseGroupsClaim('analyst,port:BEANR')).toEqual(['analyst', 'port:BEANR']);
    expect(parseGroupsClaim(undefined)).toEqual([]);
    expect(parseGroupsClaim(42)).toEqual([]);
  });

  it('round-trips any group list through the `[a b c]` form', () => {
    const group = fc.stringMatching(/^[A-Za-z0-9:_-]{1,20}$/);
    fc.assert(
      fc.property(fc.array(group, { maxLength: 8 }), (groups) => {
        expect(parseGroupsClaim(`[${groups.join(' ')}]`)).toEqual(groups);
      }),
    );
  });

  it('takes ports only from port: groups, never from other claims', () => {
    const caller = callerFromClaims({
      sub: 'u1',
      'cognito:username': 'maria',
      'cognito:groups': '[officer port:nlrtm port:BEANR port:bad!]',
      'custom:ports': 'USNYC',
    });
    expect(caller).toMatchObject({ subject: 'u1', username: 'maria', ports: ['BEANR', 'NLRTM'] });
    expect(caller && canAccessPort(caller, 'USNYC')).toBe(false);
  });

  it('no sub -> no caller (401); admin -> every port', () => {
    expect(callerFromClaims({ 'cognito:groups': '[admin]' })).toBeUndefined();
    expect(callerFromClaims(undefined)).toBeUndefined();
    const admin = callerFromClaims({ sub: 'a', 'cognito:groups': '[admin]' });
    expect(admin?.ports).toBe('all');
    expect(admin && canAccessPort(admin, 'ZADUR')).toBe(true);
  });

  it('a port group without a role grants nothing', () => {
    const caller = callerFromClaims({ sub: 'x', 'cognito:groups': '[port:NLRTM]' });
    expect(caller && canAccessPort(caller, 'NLRTM')).toBe(false);
  });

  it('resolves the port of a request', () => {
    const one = callerFromClaims({ sub: 'a', 'cognito:groups': '[analyst port:NLRTM]' });
    const two = callerFromClaims({ sub: 'b', 'cognito:groups': '[analyst port:NLRTM port:BEANR]' });
    const none = callerFromClaims({ sub: 'c', 'cognito:groups': '[analyst]' });
    if (!one || !two || !none) throw new Error('callers');
    expect(resolvePort(one, undefined)).toEqual({ ok: true, port: 'NLRTM' });
    expect(resolvePort(one, 'BEANR')).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(resolvePort(two, undefined)).toMatchObject({ ok: false, reason: 'port-required' });
    expect(resolvePort(none, undefined)).toMatchObject({ ok: false, reason: 'forbidden' });
  });
});
