import { describe, expect, it } from 'vitest';
import { containerUnits, noContainerKey } from '#core/manifest/container-units.ts';
import { Manifest } from '#schemas/manifest.ts';

const manifest = Manifest.parse({
  voyage: { vesselName: 'MAERSK ESSEN', imoNumber: '9456783', voyageNumber: '245W', reportingPort: 'PAPTY' },
  billsOfLading: [
    {
      number: 'MAEU245000001',
      containers: ['MSKU7351770', 'CSQU3054383'],
      goods: [
        { lineNumber: 1, description: 'FROZEN SHRIMP', hsCode: '030617', containers: ['MSKU7351770'] },
        { lineNumber: 2, description: 'BANANAS', hsCode: '080390', containers: ['CSQU3054383'] },
      ],
    },
    {
      // A consolidation: a second B/L's goods share a container of the first.
      number: 'HBL778',
      type: 'house',
      masterNumber: 'MAEU245000001',
      goods: [{ lineNumber: 1, description: 'SPARE PARTS', containers: ['CSQU3054383'] }],
    },
  ],
  containers: [
    { number: 'MSKU7351770', isoType: '45R1' },
    { number: 'CSQU3054383', isoType: '42G1' },
    { number: 'CAXU9971839', isoType: '22G1', status: 'empty' },
  ],
});

describe('containerUnits', () => {
  it('gives each container the B/Ls with goods in it, goods restricted to that container', () => {
    const units = containerUnits(manifest);
    expect(units.map((u) => u.container.number)).toEqual(['MSKU7351770', 'CSQU3054383', 'CAXU9971839']);
    const [reefer, shared, empty] = units;
    expect(reefer!.billsOfLading.map((b) => b.number)).toEqual(['MAEU245000001']);
    expect(reefer!.billsOfLading[0]!.goods.map((g) => g.description)).toEqual(['FROZEN SHRIMP']);
    expect(shared!.billsOfLading.map((b) => b.number)).toEqual(['MAEU245000001', 'HBL778']);
    expect(shared!.billsOfLading.flatMap((b) => b.goods.map((g) => g.description))).toEqual([
      'BANANAS',
      'SPARE PARTS',
    ]);
    expect(empty!.billsOfLading).toEqual([]);
  });

  it('goods that name no container travel in every container of their B/L', () => {
    const m = Manifest.parse({
      ...manifest,
      billsOfLading: [
        {
          number: 'B1',
          containers: ['MSKU7351770', 'CSQU3054383'],
          goods: [{ lineNumber: 1, description: 'TILES' }],
        },
      ],
    });
    for (const unit of containerUnits(m).slice(0, 2)) {
      expect(unit.billsOfLading[0]!.goods.map((g) => g.description)).toEqual(['TILES']);
    }
  });

  it('a B/L with no declared container is assessed on a stand-in keyed by its number, marked as such', () => {
    const m = Manifest.parse({
      ...manifest,
      billsOfLading: [
        ...manifest.billsOfLading,
        // not yet stowed
        {
          number: 'MAEU245000002',
          consignee: { name: 'ACME TRADING SA' },
          goods: [{ lineNumber: 1, description: 'COFFEE' }],
        },
        // names only a container that is not declared (or was not readable)
        {
          number: 'MAEU/245-3',
          containers: ['ZZZU0000000'],
          goods: [{ lineNumber: 1, description: 'TEA', containers: ['ZZZU0000000'] }],
        },
      ],
    });
    const units = containerUnits(m);
    expect(units.map((u) => u.container.number)).toEqual([
      'MSKU7351770',
      'CSQU3054383',
      'CAXU9971839',
      'NO-CONTAINER-MAEU245000002',
      noContainerKey('MAEU/245-3'),
    ]);
    const standIn = units[3]!;
    expect(standIn.container).toMatchObject({ noContainerDeclared: true, status: 'full' });
    expect(standIn.billsOfLading.map((b) => b.number)).toEqual(['MAEU245000002']);
    expect(standIn.billsOfLading[0]!.goods.map((g) => g.description)).toEqual(['COFFEE']);
    expect(units[4]!.billsOfLading[0]!.goods.map((g) => g.description)).toEqual(['TEA']);
  });

  it('goods stowed only in undeclared containers travel with their B/L in its declared containers', () => {
    const m = Manifest.parse({
      ...manifest,
      billsOfLading: [
        {
          number: 'B1',
          containers: ['MSKU7351770', 'ZZZU0000000'],
          goods: [
            { lineNumber: 1, description: 'TILES', containers: ['MSKU7351770'] },
            { lineNumber: 2, description: 'COCAINE', containers: ['ZZZU0000000'] },
          ],
        },
      ],
    });
    const [first] = containerUnits(m);
    expect(first!.billsOfLading[0]!.goods.map((g) => g.description)).toEqual(['TILES', 'COCAINE']);
  });

  it('stand-in keys are deterministic, bounded and cannot be a declared container number', () => {
    expect(noContainerKey('MEDU1234567')).toBe('NO-CONTAINER-MEDU1234567');
    // Different spellings never share a key; odd characters never reach a key or a URL path.
    const odd = ['medu1234567', 'MEDU 1234567', 'MEDU/1234567', `B${'9'.repeat(500_000)}`];
    const keys = odd.map(noContainerKey);
    expect(new Set(keys).size).toBe(odd.length);
    for (const key of keys) {
      expect(key).toMatch(/^NO-CONTAINER-[A-Z0-9]{0,40}-[0-9A-F]{8}$/);
      expect(noContainerKey(odd[keys.indexOf(key)]!)).toBe(key);
    }
    // Declared numbers are normalised without "-": a stand-in never collides with one.
    expect(keys.every((k) => k.includes('-'))).toBe(true);
  });
});
