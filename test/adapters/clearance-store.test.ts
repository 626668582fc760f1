import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClearanceStore, createClearanceStore } from '#adapters/clearance-store.ts';
import type { Clearance } from '#core/clearances/clearances.ts';
import { startDynalite } from './dynalite-table.ts';

let db: Awaited<ReturnType<typeof startDynalite>>;
let store: ClearanceStore;

beforeAll(async () => {
  db = await startDynalite('pcu-clearances');
  store = createClearanceStore({ doc: db.doc, table: db.tableName });
});
afterAll(async () => db.stop());

const maria = { subject: 'sub-maria', username: 'maria' };
const joost = { subject: 'sub-joost', username: 'joost' };
const party = { name: 'Banco Nacional de Cuba S.A.', country: 'CU' };

function clearance(id: string, port = 'NLRTM'): Clearance {
  return {
    id,
    port,
    list: 'OFAC-SDN',
    entityId: '306',
    entryName: 'BANCO NACIONAL DE CUBA',
    entryFingerprint: '5d41402abc4b2a76b971',
    party,
    reason: 'Rotterdam furniture wholesaler, KvK 24125061',
    listVersion: 'snap-41',
    clearedBy: maria,
    clearedAt: '2026-12-01T09:00:00.000Z',
    expiresAt: '2027-12-01T09:00:00.000Z',
  };
}

describe('clearance store (dynalite)', () => {
  it('stores, lists per port and audits creation and revocation exactly', async () => {
    await store.create(clearance('c-1'));
    await store.create(clearance('c-2'));
    await store.create(clearance('c-9', 'BEANR'));
    expect((await store.list('NLRTM')).map((c) => c.id)).toEqual(['c-1', 'c-2']);
    expect(await store.get('NLRTM', 'c-1')).toEqual(clearance('c-1'));
    expect(await store.get('NLRTM', 'c-9')).toBeUndefined();

    const revoked = {
      by: joost,
      at: '2026-12-02T10:00:00.000Z',
      reason: 'KvK number belongs to another firm',
    };
    const outcome = await store.revoke('NLRTM', 'c-1', revoked);
    expect(outcome).toEqual({ outcome: 'revoked', clearance: { ...clearance('c-1'), revoked } });
    expect((await store.revoke('NLRTM', 'c-1', revoked)).outcome).toBe('already-revoked');
    expect((await store.revoke('NLRTM', 'c-404', revoked)).outcome).toBe('not-found');

    const common = { port: 'NLRTM', listVersion: 'snap-41', list: 'OFAC-SDN', entityId: '306', party };
    expect(await store.audit('NLRTM', 'c-1')).toEqual([
      {
        ...common,
        clearanceId: 'c-1',
        action: 'created',
        by: maria,
        at: '2026-12-01T09:00:00.000Z',
        reason: 'Rotterdam furniture wholesaler, KvK 24125061',
      },
      {
        ...common,
        clearanceId: 'c-1',
        action: 'revoked',
        by: joost,
        at: '2026-12-02T10:00:00.000Z',
        reason: 'KvK number belongs to another firm',
      },
    ]);
    expect((await store.audit('NLRTM')).map((e) => `${e.clearanceId}:${e.action}`)).toEqual([
      'c-1:created',
      'c-2:created',
      'c-1:revoked',
    ]);
    expect((await store.audit('BEANR')).map((e) => e.clearanceId)).toEqual(['c-9']);
  });

  it('never overwrites a clearance (nor adds an audit entry for a refused write)', async () => {
    await expect(store.create({ ...clearance('c-2'), reason: 'rewritten' })).rejects.toThrow();
    expect((await store.get('NLRTM', 'c-2'))?.reason).toBe('Rotterdam furniture wholesaler, KvK 24125061');
    expect(await store.audit('NLRTM', 'c-2')).toHaveLength(1);
  });
});
