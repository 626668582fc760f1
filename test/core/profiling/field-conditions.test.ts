import { describe, expect, it } from 'vitest';
import { compileProfiles } from '#core/profiling/index.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import { type Condition, ProfileSet } from '#schemas/risk-profile.ts';
import { unitOf } from './units.ts';

/** Runs one condition as a rule and returns its evidence (null when it does not hit). */
function evaluate(when: unknown, unit: ContainerUnit) {
  const set = ProfileSet.parse({
    version: 't',
    rules: [{ id: 'R1', description: 'test rule', when, outcome: { weight: 10 } }],
  });
  const hit = compileProfiles(set)
    .assess(unit)
    .hits.find((h) => h.ruleId === 'R1');
  return hit ? hit.evidence : null;
}
const hits = (when: Condition | Record<string, unknown>, unit = unitOf()) => evaluate(when, unit) !== null;

describe('field operators', () => {
  it('equals compares case-insensitively by default, exactly with caseSensitive', () => {
    expect(hits({ field: 'shipper.country', equals: 'cn' })).toBe(true);
    expect(hits({ field: 'shipper.country', equals: 'cn', caseSensitive: true })).toBe(false);
    expect(hits({ field: 'container.isoType', equals: '45G1' })).toBe(true);
    expect(hits({ field: 'container.shipperOwned', equals: false })).toBe(true);
    expect(hits({ field: 'goods.packageCount', equals: 120 })).toBe(true);
  });

  it('in matches any listed value and reports the value as evidence', () => {
    const evidence = evaluate({ field: 'billOfLading.portOfLoading', in: ['CNSHA', 'CNNGB'] }, unitOf());
    expect(evidence).toEqual([{ field: 'billOfLading.portOfLoading', value: 'CNNGB', detail: 'in list' }]);
    expect(hits({ field: 'voyage.flag', in: ['LR', 'MH'] })).toBe(false);
  });

  it('prefix matches HS codes at any depth and ignores dots in the rule', () => {
    const precursor = unitOf({
      bls: [{ goods: [{ lineNumber: 1, description: 'ACETIC ANHYDRIDE', hsCode: '29152400' }] }],
    });
    expect(hits({ field: 'goods.hsCode', prefix: '2915' }, precursor)).toBe(true);
    expect(hits({ field: 'goods.hsCode', prefix: ['2915.24'] }, precursor)).toBe(true);
    expect(hits({ field: 'goods.hsCode', prefix: ['2939', '2914'] }, precursor)).toBe(false);
    expect(hits({ field: 'shipper.name', prefix: 'ningbo' })).toBe(true);
  });

  it('regex searches anywhere, case-insensitively unless caseSensitive', () => {
    expect(hits({ field: 'goods.description', regex: 'dining\\s+tables?' })).toBe(true);
    expect(hits({ field: 'goods.description', regex: 'dining', caseSensitive: true })).toBe(false);
    expect(hits({ field: 'container.number', regex: '^MSCU\\d{7}$' })).toBe(true);
  });

  it('range is inclusive and works on derived numbers', () => {
    expect(hits({ field: 'goods.grossWeightKg', range: { min: 6800, max: 6800 } })).toBe(true);
    expect(hits({ field: 'goods.grossWeightKg', range: { min: 6801 } })).toBe(false);
    expect(hits({ field: 'container.lengthFt', range: { min: 40 } })).toBe(true);
    expect(hits({ field: 'container.sealCount', range: { max: 0 } })).toBe(false);
    expect(
      hits({ field: 'container.sealCount', range: { max: 0 } }, unitOf({ container: { seals: [] } })),
    ).toBe(true);
  });

  it('missing tells absent from present, over every B/L', () => {
    const noConsignee = unitOf({ bls: [{}, { consignee: undefined }] });
    expect(hits({ field: 'consignee.name', missing: true })).toBe(false);
    expect(hits({ field: 'consignee.name', missing: true }, noConsignee)).toBe(true);
    // all: missing on every B/L — here one B/L still has a consignee
    expect(hits({ field: 'consignee.name', missing: true, match: 'all' }, noConsignee)).toBe(false);
    expect(hits({ field: 'forwarder.name', missing: true })).toBe(true);
    expect(hits({ field: 'shipper.name', missing: false })).toBe(true);
    expect(
      hits(
        { field: 'goods.hsCode', missing: true },
        unitOf({ bls: [{ goods: [{ lineNumber: 1, description: 'SHOES' }] }] }),
      ),
    ).toBe(true);
  });

  it('any/all semantics over multi-valued paths (goods of several B/Ls)', () => {
    const mixed = unitOf({
      bls: [
        {},
        {
          number: 'MEDUNB999',
          shipper: { name: 'GUANGZHOU BRIGHT CHEMICALS LTD', country: 'CN' },
          goods: [{ lineNumber: 1, description: 'PIPERONAL', hsCode: '293293', grossWeightKg: 2000 }],
        },
      ],
    });
    expect(hits({ field: 'goods.hsCode', prefix: '2932' }, mixed)).toBe(true);
    expect(hits({ field: 'goods.hsCode', prefix: '2932', match: 'all' }, mixed)).toBe(false);
    expect(hits({ field: 'goods.hsCode', prefix: ['2932', '9403'], match: 'all' }, mixed)).toBe(true);
    expect(hits({ field: 'billOfLading.count', equals: 2 }, mixed)).toBe(true);
    expect(hits({ field: 'goods.totalGrossWeightKg', range: { min: 8800, max: 8800 } }, mixed)).toBe(true);
    // match all needs at least one value: an empty list never satisfies it
    expect(
      hits({ field: 'notify.name', regex: '.', match: 'all' }, unitOf({ bls: [{ notifyParties: [] }] })),
    ).toBe(false);
  });

  it('derived country paths and the party.* role-independent paths', () => {
    const viaPanama = unitOf({ bls: [{ portOfLoading: 'COBUN', transshipmentPorts: ['PAMIT'] }] });
    expect(hits({ field: 'billOfLading.portOfLoading.country', equals: 'CO' }, viaPanama)).toBe(true);
    expect(hits({ field: 'billOfLading.transshipmentPorts.country', in: ['PA'] }, viaPanama)).toBe(true);
    expect(hits({ field: 'voyage.previousPortsOfCall.country', equals: 'SG' })).toBe(true);
    expect(hits({ field: 'party.country', equals: 'NL' })).toBe(true);
    expect(hits({ field: 'party.name', regex: 'wonen' })).toBe(true);
    expect(hits({ field: 'container.ownerCode', equals: 'MSCU' })).toBe(true);
  });
});

describe('combinators', () => {
  it('all needs every member, any one member, not inverts', () => {
    const cn = { field: 'shipper.country', equals: 'CN' };
    const co = { field: 'shipper.country', equals: 'CO' };
    expect(hits({ all: [cn, { field: 'goods.hsCode', prefix: '94' }] })).toBe(true);
    expect(hits({ all: [cn, co] })).toBe(false);
    expect(hits({ any: [co, cn] })).toBe(true);
    expect(hits({ any: [co] })).toBe(false);
    expect(hits({ not: co })).toBe(true);
    expect(hits({ not: { not: co } })).toBe(false);
  });

  it('all collects the evidence of every member', () => {
    const evidence = evaluate(
      {
        all: [
          { field: 'shipper.country', equals: 'CN' },
          { field: 'goods.hsCode', prefix: '9403' },
        ],
      },
      unitOf(),
    );
    expect(evidence?.map((e) => e.field)).toEqual(['shipper.country', 'goods.hsCode']);
  });
});
