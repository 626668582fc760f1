import type { ScreeningLookup } from '#core/profiling/index.ts';
import { compileProfiles } from '#core/profiling/index.ts';
import { ContainerUnit, type ManifestInput } from '#schemas/manifest.ts';
import { ProfileSet } from '#schemas/risk-profile.ts';

type BlInput = ManifestInput['billsOfLading'][number];
type ContainerInput = ManifestInput['containers'][number];
type VoyageInput = ManifestInput['voyage'];

/**
 * A realistic container unit: a 40' high cube of furniture from Ningbo to Rotterdam,
 * consigned to a Dutch importer. Tests override only what they are about.
 */
export function unitOf(
  over: { voyage?: Partial<VoyageInput>; container?: Partial<ContainerInput>; bls?: Partial<BlInput>[] } = {},
): ContainerUnit {
  const number = over.container?.number ?? 'MSCU1234566';
  const bls = (over.bls ?? [{}]).map((bl, i) => ({
    number: `MEDUNB${String(812345 + i)}`,
    shipper: {
      name: 'NINGBO HOMESTYLE FURNITURE CO., LTD.',
      address: '88 Jiangnan Road, Beilun, Ningbo',
      country: 'CN',
    },
    consignee: {
      name: 'VAN DER MEER WONEN B.V.',
      address: 'Industrieweg 12, 3044 AS Rotterdam',
      country: 'NL',
    },
    notifyParties: [{ name: 'VAN DER MEER WONEN B.V.', country: 'NL' }],
    placeOfReceipt: 'CNNGB',
    portOfLoading: 'CNNGB',
    transshipmentPorts: [],
    portOfDischarge: 'NLRTM',
    placeOfDelivery: 'NLRTM',
    freightTerms: 'prepaid' as const,
    containers: [number],
    goods: [
      {
        lineNumber: 1,
        description: 'WOODEN DINING TABLES AND CHAIRS, KNOCKED DOWN',
        hsCode: '940360',
        packageCount: 120,
        packageType: 'CT',
        grossWeightKg: 6800,
        volumeM3: 64,
        containers: [number],
      },
    ],
    ...bl,
  }));
  return ContainerUnit.parse({
    voyage: {
      vesselName: 'MSC GULSUN',
      imoNumber: '9839430',
      flag: 'PA',
      voyageNumber: 'FL245W',
      carrier: 'MSC',
      eta: '2026-12-02',
      reportingPort: 'NLRTM',
      previousPortsOfCall: ['CNNGB', 'SGSIN'],
      ...over.voyage,
    },
    container: {
      number,
      isoType: '45G1',
      seals: ['ML-4471223'],
      status: 'full',
      shipperOwned: false,
      verifiedGrossMassKg: 10_800,
      ...over.container,
    },
    billsOfLading: bls,
  });
}

/** The evidence of one rule made of `when` on this unit (null when it does not hit). */
export function evidenceOf(when: unknown, unit: ContainerUnit, screening?: ScreeningLookup) {
  const set = ProfileSet.parse({
    version: 't',
    rules: [{ id: 'R1', description: 'indicator', when, outcome: { weight: 10 } }],
  });
  return (
    compileProfiles(set, screening ? { screening } : {})
      .assess(unit)
      .hits.find((h) => h.ruleId === 'R1')?.evidence ?? null
  );
}
