import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCargoImp } from '#core/manifest/cargo-imp-parser.ts';
import { readCargoXml } from '#core/manifest/cargo-xml-parser.ts';
import {
  bytesSource,
  detectFormat,
  fileSource,
  parseManifest,
  readManifestForIntake,
} from '#core/manifest/parse-manifest.ts';
import { ReportBuilder } from '#core/manifest/report-builder.ts';
import { compileProfiles, defaultProfileSet, profileManifest } from '#core/profiling/index.ts';
import type { ContainerUnit } from '#schemas/manifest.ts';
import { ProfileSet } from '#schemas/risk-profile.ts';

const dir = join(import.meta.dirname, '../../fixtures/air');
const sample = (name: string) => join(dir, name);
const text = (name: string) => readFileSync(sample(name), 'utf8');

describe('Cargo-XML XFWB (master air waybill)', () => {
  it('reads the sample into the model: parties, routing, pieces and weights', async () => {
    const { manifest, report } = await parseManifest(fileSource(sample('xfwb-master-air-waybill.xml')));
    expect(report).toMatchObject({ format: 'cargo-xml', status: 'accepted' });
    expect(report.counts).toMatchObject({ billsOfLading: 1, goodsItems: 1, errors: 0 });
    expect(manifest?.voyage).toMatchObject({
      mode: 'air',
      flightNumber: 'XX345',
      reportingPort: 'CNPVG',
      previousPortsOfCall: ['IEORK', 'IEDUB'],
    });
    const awb = manifest?.billsOfLading[0];
    expect(awb).toMatchObject({
      number: '888-11111111',
      documentType: 'air-waybill',
      type: 'master',
      portOfLoading: 'IEORK',
      transshipmentPorts: ['IEDUB', 'AEAUH'],
      portOfDischarge: 'CNPVG',
      pieceCount: 3,
      grossWeightKg: 1042,
      freightTerms: 'prepaid',
      shipper: { name: 'FORWARDER COMPANY IRELAND LTD', country: 'IE', identifier: 'IE1234567N' },
      consignee: { country: 'CN', identifier: 'USCI1234567812345678X7' },
      forwarder: { name: 'FORWARDER COMPANY IRELAND LIMITED' },
      containers: [],
    });
    expect(awb?.consignee?.name).toBe('FORWARDER COMPANY SHANGHAI LTD ROOM 123 SPECIAL BUILDING. NR 987');
    expect(awb?.goods[0]).toMatchObject({ packageCount: 3, grossWeightKg: 1042, volumeM3: 2.602 });
    expect(awb?.goods[0]?.description).toMatch(/^CONSOLIDATION AS PER ATTACHED MANIFEST/);
  });

  it('names the XML path of a bad AWB check digit and of an airport that maps to no UN/LOCODE', async () => {
    const xml = text('xfwb-master-air-waybill.xml')
      .replace('<ID>888-11111111</ID>', '<ID>888-11111112</ID>')
      .replace('<ID>PVG</ID>', '<ID>QQQ</ID>');
    const { report, manifest } = await parseManifest(bytesSource(xml), { reportingPort: 'UZTAS' });
    expect(report.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'AWB_CHECK_DIGIT',
          location: { path: '/Waybill/BusinessHeaderDocument/ID', field: 'number' },
        }),
        expect.objectContaining({
          code: 'AIRPORT_UNKNOWN',
          severity: 'error',
          location: {
            path: '/Waybill/MasterConsignment/FinalDestinationLocation/ID',
            field: 'portOfDischarge',
          },
        }),
      ]),
    );
    // kept with its errors, and profiled: the reporting port comes from outside the file
    expect(manifest?.billsOfLading[0]?.dataQuality).toEqual([
      { code: 'AIRPORT_UNKNOWN', field: 'portOfDischarge', value: 'QQQ' },
    ]);
    expect(manifest?.voyage.reportingPort).toBe('UZTAS');
  });

  it('carries the ULDs a rated item names as equipment of kind uld, and checks their ids', async () => {
    const uld = (serial: string) =>
      `<AssociatedUnitLoadTransportEquipment><ID>${serial}</ID><CharacteristicCode>AKE</CharacteristicCode><OperatingParty><PrimaryID>XX</PrimaryID></OperatingParty></AssociatedUnitLoadTransportEquipment>`;
    const xml = text('xfwb-master-air-waybill.xml').replace(
      '<ApplicableFreightRateServiceCharge>',
      `${uld('12345')}${uld('123')}<ApplicableFreightRateServiceCharge>`,
    );
    const { manifest, report } = await parseManifest(bytesSource(xml));
    expect(manifest?.containers).toEqual([
      expect.objectContaining({ number: 'AKE12345XX', kind: 'uld' }),
      expect.objectContaining({ number: 'AKE123XX', kind: 'uld' }),
    ]);
    expect(manifest?.billsOfLading[0]?.containers).toEqual(['AKE12345XX', 'AKE123XX']);
    expect(report.issues.find((i) => i.code === 'ULD_FORMAT')?.location).toEqual({
      path: '/Waybill/MasterConsignment/ApplicableRating[1]/IncludedMasterConsignmentItem[1]/AssociatedUnitLoadTransportEquipment[2]',
      field: 'containers',
    });
    const fwb = text('fwb-master-air-waybill.txt').replace(
      '/3/NV/MC2.60',
      '/3/NV/MC2.60\r\n/4/NU/PMC54321XX',
    );
    const imp = await parseManifest(bytesSource(fwb));
    expect(imp.manifest?.containers.map((c) => [c.number, c.kind])).toEqual([['PMC54321XX', 'uld']]);
  });

  it('rejects malformed XML with its line, and XML that is no air waybill by its root', async () => {
    const broken = await parseManifest(bytesSource('<?xml version="1.0"?>\n<Waybill>\n  <ID>1</Waybill>\n'));
    expect(broken.report.status).toBe('rejected');
    expect(broken.report.issues[0]).toMatchObject({ code: 'XML_SYNTAX', location: { line: 3 } });
    const other = await parseManifest(bytesSource('<Invoice xmlns="urn:x"><ID>1</ID></Invoice>'));
    expect(other.report.issues[0]).toMatchObject({
      code: 'AIR_MESSAGE_UNSUPPORTED',
      location: { path: '/Invoice' },
    });
  });
});

describe('Cargo-XML XFZB (house waybill)', () => {
  it('reads the house under its master, with HS code, pieces and weight', async () => {
    const { manifest, report } = await parseManifest(fileSource(sample('xfzb-house-air-waybill.xml')));
    expect(report.status).toBe('accepted');
    const house = manifest?.billsOfLading[0];
    expect(house).toMatchObject({
      number: 'SEL22222222',
      type: 'house',
      masterNumber: '888-11111111',
      portOfLoading: 'KRICN',
      portOfDischarge: 'DEFDH',
      pieceCount: 10,
      grossWeightKg: 134,
      shipper: { name: 'SPARE PART LTD.', country: 'KR' },
      consignee: { name: 'REPAIR DIENST GMBH', country: 'DE', identifier: 'DE3056777000' },
    });
    expect(house?.goods[0]).toMatchObject({
      description: 'SPARE PARTS',
      hsCode: '1133557799',
      grossWeightKg: 133.7,
    });
    // the house names no flight: the voyage is the master AWB, said in a warning
    expect(manifest?.voyage).toMatchObject({ mode: 'air', vesselName: 'AWB 888-11111111' });
    expect(report.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['HS_UNKNOWN', 'REQUIRED_FIELD']),
    );
  });
});

describe('Cargo-IMP FWB and FHL', () => {
  it('reads the FWB like the XFWB it mirrors', async () => {
    const { manifest, report } = await parseManifest(fileSource(sample('fwb-master-air-waybill.txt')));
    expect(report).toMatchObject({ format: 'cargo-imp', status: 'accepted' });
    expect(manifest?.voyage).toMatchObject({ flightNumber: 'XX345', reportingPort: 'CNPVG' });
    expect(manifest?.billsOfLading[0]).toMatchObject({
      number: '888-11111111',
      portOfLoading: 'IEORK',
      transshipmentPorts: ['IEDUB', 'AEAUH'],
      portOfDischarge: 'CNPVG',
      pieceCount: 3,
      grossWeightKg: 1042,
      shipper: { name: 'FORWARDER COMPANY IRELAND LTD', country: 'IE', identifier: 'IE1234567N' },
      consignee: { country: 'CN', identifier: 'USCI1234567812345678X7' },
      goods: [expect.objectContaining({ packageCount: 3, grossWeightKg: 1042, volumeM3: 2.6 })],
    });
  });

  it('reads every house of the FHL, each with its pieces, weight and HS code', async () => {
    const { manifest, report } = await parseManifest(fileSource(sample('fhl-house-manifest.txt')));
    expect(report.counts).toMatchObject({ billsOfLading: 2, errors: 0 });
    expect(
      manifest?.billsOfLading.map((b) => [b.number, b.masterNumber, b.pieceCount, b.grossWeightKg]),
    ).toEqual([
      ['SEL22222222', '888-11111111', 10, 134],
      ['SEL22222233', '888-11111111', 49, 2083],
    ]);
    expect(manifest?.billsOfLading[1]?.goods[0]).toMatchObject({
      hsCode: '847990',
      packageCount: 49,
      grossWeightKg: 2083,
    });
    expect(manifest?.billsOfLading[0]?.goods[0]?.description).toMatch(/^SPARE PARTS F345732-D/);
  });

  it('gives message lines as positions', async () => {
    const fwb = text('fwb-master-air-waybill.txt')
      .replace('888-11111111ORKPVG', '888-11111112ORKQQQ')
      .replace('/IE/ABCD/TE/353123456789', '/XX/ABCD');
    const { report } = await parseManifest(bytesSource(fwb), { reportingPort: 'UZTAS' });
    const at = (code: string) => report.issues.find((i) => i.code === code)?.location;
    expect(at('AWB_CHECK_DIGIT')).toEqual({ line: 2, field: 'number' });
    expect(at('AIRPORT_UNKNOWN')).toEqual({ line: 2, field: 'portOfDischarge' });
    expect(at('COUNTRY_UNKNOWN')).toEqual({ line: 9, field: 'shipper.country' });
  });
});

describe('content detection and intake', () => {
  it('knows Cargo-XML by its root and Cargo-IMP by its message identifier, also in a Type-B envelope', () => {
    expect(detectFormat(text('xfwb-master-air-waybill.xml'))).toBe('cargo-xml');
    expect(detectFormat(text('fhl-house-manifest.txt'))).toBe('cargo-imp');
    expect(detectFormat(`QK TASFFXH\r\n.FRAFWXH 101200\r\n${text('fwb-master-air-waybill.txt')}`)).toBe(
      'cargo-imp',
    );
    expect(detectFormat('FWB is a message type\nand this is prose')).toBeUndefined();
  });

  it('every air waybill is a unit the ingest hands out, loose pieces on a stand-in', async () => {
    for (const [name, count] of [
      ['xfwb-master-air-waybill.xml', 1],
      ['fhl-house-manifest.txt', 2],
    ] as const) {
      const read = await readManifestForIntake(fileSource(sample(name)));
      const units: ContainerUnit[] = [];
      await read.forEachUnit((u) => {
        units.push(u);
      });
      expect(read.unitCount, name).toBe(count);
      expect(units.map((u) => u.billsOfLading[0]?.number).sort(), name).toHaveLength(count);
      expect(units.every((u) => u.container.noContainerDeclared && u.voyage.mode === 'air')).toBe(true);
    }
  });

  it('is profiled, and rules can name the mode, the document type and the declared totals', async () => {
    const { manifest } = await parseManifest(fileSource(sample('fhl-house-manifest.txt')));
    if (!manifest) throw new Error('no manifest');
    const defaults = profileManifest(manifest, compileProfiles(defaultProfileSet()));
    expect(defaults.summary.containers).toBe(2);
    expect(defaults.summary.billsOfLadingWithoutContainer).toBe(2);
    const set = ProfileSet.parse({
      version: 't',
      rules: [
        {
          id: 'AIR-HEAVY-HOUSE',
          description: 'house air waybill above 1,000 kg',
          when: {
            all: [
              { field: 'voyage.mode', equals: 'air' },
              { field: 'billOfLading.documentType', equals: 'air-waybill' },
              { field: 'billOfLading.grossWeightKg', range: { min: 1000 } },
            ],
          },
          outcome: { weight: 10 },
        },
      ],
    });
    const result = profileManifest(manifest, compileProfiles(set));
    const hit = result.assessments.filter((a) => a.hits.some((h) => h.ruleId === 'AIR-HEAVY-HOUSE'));
    expect(hit.map((a) => a.billsOfLading)).toEqual([['SEL22222233']]);
  });
});

describe('any text never throws', () => {
  const samples = [
    'xfwb-master-air-waybill.xml',
    'xfzb-house-air-waybill.xml',
    'fwb-master-air-waybill.txt',
    'fhl-house-manifest.txt',
  ].map(text);

  it('the readers give a report for any damage to a sample, and for any string', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.nat(),
        fc.nat(),
        fc.string({ unit: 'binary', maxLength: 40 }),
        async (base, a, b, insert) => {
          const from = a % base.length;
          const to = Math.min(base.length, from + (b % 200));
          const damaged = base.slice(0, from) + insert + base.slice(to);
          const { report } = await parseManifest(bytesSource(damaged));
          expect(report.status).toBeDefined();
          readCargoXml(damaged, new ReportBuilder());
          readCargoImp(damaged, new ReportBuilder());
        },
      ),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        readCargoXml(`<Waybill>${s}</Waybill>`, new ReportBuilder());
        readCargoImp(`FWB/16\n${s}`, new ReportBuilder());
        readCargoImp(`FHL/4\n${s}`, new ReportBuilder());
      }),
      { numRuns: 300 },
    );
  });
});
