import { describe, expect, it } from 'vitest';
import { containerUnits } from '#core/manifest/container-units.ts';
import { compileProfiles, defaultProfileSet, parseProfileSet } from '#core/profiling/index.ts';
import { type ContainerUnit, Manifest } from '#schemas/manifest.ts';
import { evidenceOf, unitOf } from './units.ts';

/** The furniture unit with the errors a bad declaration leaves on its records. */
const faulty = unitOf({
  container: {
    verifiedGrossMassKg: 0,
    dataQuality: [{ code: 'WEIGHT_IMPOSSIBLE', field: 'verifiedGrossMassKg', value: '0' }],
  },
  bls: [
    {
      shipper: undefined,
      dataQuality: [
        { code: 'REQUIRED_FIELD', field: 'shipper.name', value: '88 Jiangnan Road, Beilun, Ningbo' },
        { code: 'REQUIRED_FIELD', field: 'notifyParties.1.name' },
        { code: 'LOCODE_FORMAT', field: 'portOfLoading', value: 'NINGBO' },
      ],
      goods: [
        {
          lineNumber: 1,
          description: 'WOODEN DINING TABLES AND CHAIRS, KNOCKED DOWN',
          packageCount: 120,
          grossWeightKg: 6800,
          containers: ['MSCU1234566'],
          dataQuality: [{ code: 'HS_FORMAT', field: 'hsCode', value: '1234567890123' }],
        },
      ],
    },
  ],
});

describe('dataQuality indicator', () => {
  it('names the code, the field path, the value excerpt and the record of each error', () => {
    expect(evidenceOf({ dataQuality: true }, faulty)).toEqual([
      {
        field: 'container.verifiedGrossMassKg',
        value: '0',
        detail: 'WEIGHT_IMPOSSIBLE on container MSCU1234566: declared "0"',
      },
      {
        field: 'shipper.name',
        value: '88 Jiangnan Road, Beilun, Ningbo',
        detail: 'REQUIRED_FIELD on B/L MEDUNB812345: declared "88 Jiangnan Road, Beilun, Ningbo"',
      },
      { field: 'notify.name', detail: 'REQUIRED_FIELD on B/L MEDUNB812345: not declared' },
      {
        field: 'billOfLading.portOfLoading',
        value: 'NINGBO',
        detail: 'LOCODE_FORMAT on B/L MEDUNB812345: declared "NINGBO"',
      },
      {
        field: 'goods.hsCode',
        value: '1234567890123',
        detail: 'HS_FORMAT on B/L MEDUNB812345 goods line 1: declared "1234567890123"',
      },
    ]);
  });

  it('filters by codes, by fields (a prefix counts its fields) and by levels', () => {
    const fields = (when: unknown) => evidenceOf(when, faulty)?.map((e) => e.field) ?? null;
    expect(fields({ dataQuality: { codes: ['HS_FORMAT'] } })).toEqual(['goods.hsCode']);
    expect(fields({ dataQuality: { codes: ['REQUIRED_FIELD'], fields: ['shipper'] } })).toEqual([
      'shipper.name',
    ]);
    expect(fields({ dataQuality: { fields: ['notify.name', 'goods.hsCode'] } })).toEqual([
      'notify.name',
      'goods.hsCode',
    ]);
    expect(fields({ dataQuality: { levels: ['container'] } })).toEqual(['container.verifiedGrossMassKg']);
    // All filters must hold for one error: no HS_FORMAT on a container.
    expect(fields({ dataQuality: { codes: ['HS_FORMAT'], levels: ['container'] } })).toBeNull();
    // `shipper` is not a prefix of `shipperOwned`-like paths: only whole path segments count.
    expect(fields({ dataQuality: { fields: ['ship'] } })).toBeNull();
  });

  it('does not hold on records without errors', () => {
    expect(evidenceOf({ dataQuality: true }, unitOf())).toBeNull();
  });

  it('rejects an unknown code in the rules file, naming the rule', () => {
    const yaml = [
      'version: t',
      'rules:',
      '  - id: DQ-X',
      '    description: typo in a code',
      '    when: { dataQuality: { codes: [HS_FROMAT] } }',
      '    outcome: { weight: 10 }',
    ].join('\n');
    expect(() => parseProfileSet(yaml, 'rules.yaml')).toThrow(/DQ-X/);
  });
});

describe('default data-quality rules', () => {
  const compiled = compileProfiles(defaultProfileSet());
  const hitIds = (unit: ContainerUnit) => compiled.assess(unit).hits.map((h) => h.ruleId);

  it('weigh a malformed HS code, an impossible weight and a nameless or missing shipper', () => {
    expect(hitIds(faulty)).toEqual(
      expect.arrayContaining(['DQ-HS-INVALID', 'DQ-WEIGHT-IMPOSSIBLE', 'DQ-PARTY-MISSING']),
    );
    const clean = hitIds(unitOf());
    expect(clean.filter((id) => id.startsWith('DQ-'))).toEqual([]);
    // A B/L with no shipper at all hides the origin as well.
    expect(hitIds(unitOf({ bls: [{ shipper: undefined }] }))).toContain('DQ-PARTY-MISSING');
  });

  it('every rule has a rationale in the YAML comments', async () => {
    const { readFileSync } = await import('node:fs');
    const { defaultProfilePath } = await import('#core/profiling/index.ts');
    const text = readFileSync(defaultProfilePath(), 'utf8');
    for (const id of ['DQ-HS-INVALID', 'DQ-WEIGHT-IMPOSSIBLE', 'DQ-PARTY-MISSING']) {
      const before = text
        .slice(0, text.indexOf(`id: ${id}`))
        .split('\n')
        .slice(-4, -1);
      expect(
        before.every((line) => line.trim().startsWith('#')),
        id,
      ).toBe(true);
    }
  });
});

describe('B/Ls without container', () => {
  const manifest = Manifest.parse({
    voyage: { vesselName: 'MSC ANNA', voyageNumber: 'FA123W', reportingPort: 'NLRTM', eta: '2026-12-02' },
    billsOfLading: [
      {
        number: 'MEDU3',
        consignee: { name: 'TO ORDER' },
        goods: [{ lineNumber: 1, description: 'GENERAL CARGO', grossWeightKg: 120_000 }],
      },
    ],
    containers: [],
  });
  const [unit] = containerUnits(manifest);

  it('are assessed, marked, and not scored as if the stand-in were a container', () => {
    const assessment = compileProfiles(defaultProfileSet()).assess(unit as ContainerUnit);
    expect(assessment).toMatchObject({ containerNumber: 'NO-CONTAINER-MEDU3', noContainerDeclared: true });
    const ids = assessment.hits.map((h) => h.ruleId);
    // The B/L's own indicators count ...
    expect(ids).toEqual(
      expect.arrayContaining(['VAGUE-DESCRIPTION', 'CONSIGNEE-TO-ORDER', 'DQ-PARTY-MISSING']),
    );
    // ... but the stand-in key is no container number, and the B/L's 120 t are in no one box.
    expect(ids).not.toContain('CONTAINER-CHECK-DIGIT');
    expect(ids).not.toContain('WEIGHT-IMPLAUSIBLE');
  });

  it('a declared container cannot pass itself off as a stand-in to escape container rules', () => {
    const forged = Manifest.parse({
      ...manifest,
      containers: [{ number: 'MSCU1234567', noContainerDeclared: true }], // wrong check digit
      billsOfLading: [],
    });
    const [only] = containerUnits(forged);
    const assessment = compileProfiles(defaultProfileSet()).assess(only as ContainerUnit);
    expect(assessment.noContainerDeclared).toBeUndefined();
    expect(assessment.hits.map((h) => h.ruleId)).toContain('CONTAINER-CHECK-DIGIT');
  });
});
