import { describe, expect, it } from 'vitest';
import { containerUnits } from '#core/manifest/container-units.ts';
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
});
