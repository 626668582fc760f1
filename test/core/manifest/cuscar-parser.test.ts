import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CuscarParseOptions, parseCuscar } from '#core/manifest/cuscar-parser.ts';
import { bytesSource, fileSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import { ReportBuilder } from '#core/manifest/report-builder.ts';
import { Manifest } from '#schemas/manifest.ts';

const FIXTURES = new URL('../../fixtures/edifact/', import.meta.url);
const CBP_PATH = new URL('cbp-ace-sample-CUSCAR-D03B.edi', FIXTURES);
const OCEAN_PATH = new URL('ocean-2bl-3containers-D03B.edi', FIXTURES);
const CBP = readFileSync(CBP_PATH, 'utf8');
const OCEAN = readFileSync(OCEAN_PATH, 'utf8');

async function parse(text: string | string[], options?: CuscarParseOptions) {
  const report = new ReportBuilder();
  // The parser fills every defaulted field, so its output is a Manifest, not just the input shape.
  const manifest = (await parseCuscar(typeof text === 'string' ? [text] : text, report, options)) as
    | Manifest
    | undefined;
  const built = report.build({
    billsOfLading: manifest?.billsOfLading.length ?? 0,
    containers: manifest?.containers.length ?? 0,
    goodsItems: 0,
  });
  return { manifest, report: built, issues: built.issues };
}

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

/** A minimal valid ocean message around `body` (segments after UNH, without UNT). */
function message(body: string[], { unt = true, unz = true } = {}): string {
  const segments = [
    'UNH+1+CUSCAR:D:96B:UN',
    'BGM+85+DOC1+9',
    'TDT+20+V001+1+13++++9074729:146:11:TEST VESSEL:PA',
    'LOC+11+NLRTM:139:6',
    ...body,
  ];
  const lines = ["UNB+UNOA:3+S+R+260101:1200+REF1'", ...segments.map((s) => `${s}'`)];
  if (unt) lines.push(`UNT+${segments.length + 1}+1'`);
  if (unz) lines.push("UNZ+1+REF1'");
  return lines.join('\n');
}

describe('parseCuscar: the real US CBP ACE sample (truck e-manifest, D03B)', () => {
  it('keeps the conveyance, the B/L, its parties and goods, and reports the truck instead of crashing', async () => {
    const { manifest, report, issues } = await parse(CBP);
    expect(manifest?.voyage).toEqual({
      vesselName: '10000324',
      voyageNumber: 'LOCKKH04112206',
      reportingPort: 'ZZZZZ',
      previousPortsOfCall: [],
      carrier: 'LOCK',
      eta: '2004-12-30T12:00:00Z',
    });
    expect(manifest?.containers).toEqual([]);
    expect(manifest?.billsOfLading).toHaveLength(1);
    const bl = manifest?.billsOfLading[0];
    expect(bl).toMatchObject({
      number: 'LOCKKH041122106',
      type: 'house',
      consignee: {
        name: 'KATHY SMITH',
        address: '1234 MAIN STREET, BELTSVILLE, MD 20708',
        country: 'US',
        identifier: '65424',
      },
      // NAD+OS (original shipper) stands in for the shipper when there is no NAD+CZ.
      shipper: { name: 'KATHY SMITH', identifier: '27190' },
      goods: [
        {
          lineNumber: 1,
          description: 'IRON COIL SHEET METAL',
          packageCount: 158,
          packageType: 'COL',
          grossWeightKg: 750,
          // SGP names the truck: not a container, so no link is kept.
          containers: [],
        },
      ],
    });
    expect(bl?.portOfLoading).toBeUndefined(); // LOC+9 U0107 is a US Schedule K code

    expect(report.status).toBe('partial');
    expect(report.counts).toMatchObject({ recordsRead: 2, rejectedRecords: 1 });
    const truck = issues.find((i) => i.code === 'EQUIPMENT_NOT_CONTAINER');
    expect(truck).toMatchObject({
      severity: 'error',
      rejected: true,
      record: 'equipment 10000325 (EQD+BI)',
      location: { segment: 10, segmentTag: 'EQD', line: 11 },
    });
    // LOC+60 shares line 6 with RFF+ABO: positions are per segment, not per line.
    expect(
      issues.find((i) => i.code === 'REQUIRED_FIELD' && i.location.field === 'voyage.reportingPort'),
    ).toMatchObject({
      severity: 'error',
      rejected: false,
      location: { segment: 4, segmentTag: 'LOC', line: 6 },
    });
    expect(issues.find((i) => i.code === 'LOCODE_FORMAT')).toMatchObject({
      severity: 'warning',
      record: 'B/L LOCKKH041122106',
      location: { segment: 18, segmentTag: 'LOC', line: 19, field: 'billOfLading.portOfLoading' },
    });
    // The voyage number comes from BGM (segment 2): the warning points there.
    expect(issues.find((i) => i.location.field === 'voyage.voyageNumber')).toMatchObject({
      severity: 'warning',
      location: { segment: 2, segmentTag: 'BGM', line: 4 },
    });
    expect(codes(issues).sort()).toEqual([
      'EQUIPMENT_NOT_CONTAINER',
      'LOCODE_FORMAT',
      'REQUIRED_FIELD',
      'REQUIRED_FIELD',
    ]);
    // UNT+38 is right; every other segment is part of CUSCAR: no count or unknown-segment noise.
    expect(Manifest.safeParse(manifest).success).toBe(true);
  });

  it('uses the PCU port given by the caller when the message has no UN/LOCODE for it', async () => {
    const { manifest, issues } = await parse(CBP, { reportingPort: 'usbuf' });
    expect(manifest?.voyage.reportingPort).toBe('USBUF');
    const port = issues.filter((i) => i.location.field === 'voyage.reportingPort');
    expect(port).toHaveLength(1);
    expect(port[0]).toMatchObject({ code: 'REQUIRED_FIELD', severity: 'warning' });
  });

  it('goes through the intake the same way (BOM, CRLF, format detected from content)', async () => {
    const { manifest, report } = await parseManifest(fileSource(CBP_PATH.pathname));
    expect(report.format).toBe('cuscar');
    expect(report.status).toBe('partial');
    expect(manifest?.billsOfLading[0]?.number).toBe('LOCKKH041122106');
  });
});

describe('parseCuscar: a multi-container ocean manifest', () => {
  it('reads vessel, B/Ls, shared container, seals, HS codes and dangerous goods', async () => {
    const { manifest, report, issues } = await parse(OCEAN);
    expect(manifest?.voyage).toEqual({
      vesselName: 'NORDIC STAR',
      imoNumber: '9074729',
      callSign: 'OXAB2',
      flag: 'DK',
      voyageNumber: '245W',
      carrier: 'MAERSK A/S',
      eta: '2026-03-17T14:00:00Z',
      reportingPort: 'NLRTM',
      previousPortsOfCall: ['CNNGB', 'SGSIN'],
    });
    expect(manifest?.containers).toEqual([
      {
        number: 'MSKU7351770',
        isoType: '45G1',
        seals: ['CN1234567', 'CU7654321'],
        status: 'full',
        shipperOwned: false,
        verifiedGrossMassKg: 14350,
      },
      {
        // Declared as "CSQU 305438-3": normalised.
        number: 'CSQU3054383',
        isoType: '22G1',
        seals: ['SH998877'],
        status: 'full',
        shipperOwned: true,
        verifiedGrossMassKg: 11820,
      },
      {
        number: 'CAXU9971839',
        isoType: '22G1',
        seals: ['ML445566'],
        status: 'full',
        shipperOwned: false,
        verifiedGrossMassKg: 9100,
      },
    ]);
    const [master, house] = manifest?.billsOfLading ?? [];
    expect(master).toMatchObject({
      number: 'MAEU245000111',
      type: 'master',
      freightTerms: 'prepaid',
      placeOfReceipt: 'CNSHA',
      portOfLoading: 'CNNGB',
      transshipmentPorts: ['SGSIN'],
      portOfDischarge: 'NLRTM',
      placeOfDelivery: 'DEDUS',
      containers: ['MSKU7351770', 'CSQU3054383'],
      shipper: {
        name: 'NINGBO BRIGHTSTAR TRADING CO., LTD',
        address: 'NO. 88 ZHONGSHAN EAST ROAD, NINGBO, 315000',
        country: 'CN',
        identifier: '91330200MA2AB3CD4X',
      },
      // Released characters: ?+ in a name, ?' in another, ?: in a description.
      consignee: { name: 'RHEIN+RUHR IMPORT GMBH', address: 'KOENIGSALLEE 12 4. ETAGE, DUESSELDORF, 40212' },
      notifyParties: [{ name: "O'BRIEN CUSTOMS BROKERS B.V.", country: 'NL' }],
    });
    expect(master?.goods).toEqual([
      {
        lineNumber: 1,
        description: 'SMARTPHONES, 128 GB: MODEL X12',
        hsCode: '85171300',
        packageCount: 1200,
        packageType: 'CT',
        grossWeightKg: 9600,
        volumeM3: 58.5,
        marks: 'BRIGHTSTAR DUS 1-1200',
        containers: ['MSKU7351770', 'CSQU3054383'],
      },
      {
        lineNumber: 2,
        description: 'LITHIUM ION BATTERIES PACKED WITH EQUIPMENT',
        hsCode: '850760',
        packageCount: 40,
        packageType: 'PK',
        grossWeightKg: 1250.5, // written with a decimal comma
        dangerousGoodsUn: '3480',
        containers: ['CSQU3054383'],
      },
    ]);
    expect(house).toMatchObject({
      number: 'NBFW2603001',
      type: 'house',
      masterNumber: 'MAEU245000222',
      freightTerms: 'collect',
      containers: ['MSKU7351770', 'CAXU9971839'],
      forwarder: { name: 'NINGBO FAIRWIND LOGISTICS CO LTD' },
    });
    expect(house?.goods.map((g) => [g.hsCode, g.dangerousGoodsUn, g.containers])).toEqual([
      ['940350', undefined, ['MSKU7351770']],
      ['330300', '1266', ['CAXU9971839']],
    ]);

    // MSKU7351770 is declared in both CNI groups with the same details: no duplicate warning.
    expect(report.status).toBe('accepted');
    expect(report.counts).toMatchObject({ recordsRead: 6, rejectedRecords: 0, errors: 0 });
    expect(issues.map((i) => [i.code, i.location.segment, i.location.line])).toEqual([
      ['LOCODE_NOT_SEAPORT', 7, 8], // LOC+5 CNNGB (voyage)
      ['LOCODE_NOT_SEAPORT', 14, 15], // LOC+88 CNSHA: five LOC segments share line 15
      ['LOCODE_NOT_SEAPORT', 15, 15], // LOC+9 CNNGB
      ['LOCODE_NOT_SEAPORT', 47, 43],
      ['LOCODE_NOT_SEAPORT', 49, 45], // CZPRG, an inland place of delivery
    ]);
    expect(Manifest.safeParse(manifest).success).toBe(true);
  });

  it('gives the same model and issues whatever the chunk boundaries (property)', async () => {
    const whole = await parse(OCEAN);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: OCEAN.length - 1 }), { maxLength: 20 }),
        async (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), OCEAN.length];
          const chunks = points.slice(1).map((end, i) => OCEAN.slice(points[i], end));
          const again = await parse(chunks);
          expect(again.manifest).toEqual(whole.manifest);
          expect(again.issues).toEqual(whole.issues);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('parseCuscar: damaged interchanges', () => {
  it('keeps what was read from a truncated interchange (no UNT/UNZ) with an EDI_TRUNCATED error', async () => {
    const cut = OCEAN.indexOf('GID+2+20:DR');
    const { manifest, report, issues } = await parse(OCEAN.slice(0, cut));
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['MAEU245000111', 'NBFW2603001']);
    expect(manifest?.billsOfLading[1]?.goods.map((g) => g.description)).toEqual([
      'WOODEN FURNITURE BEDROOM SETS',
    ]);
    expect(manifest?.containers.map((c) => c.number)).toEqual(['MSKU7351770', 'CSQU3054383']);
    const truncated = issues.filter((i) => i.code === 'EDI_TRUNCATED');
    expect(truncated).toHaveLength(1);
    // Positioned at the last segment read: the cut is visible to the officer.
    expect(truncated[0]).toMatchObject({ severity: 'error', location: { segment: 57, line: 53 } }); // SGP+MSKU7351770+85
    expect(truncated[0]?.message).toMatch(/000001 ends without UNT/);
    expect(report.status).toBe('accepted-with-errors');
  });

  it('takes a cut inside a segment as the end of the text', async () => {
    const cut = OCEAN.indexOf('SEL+ML445566') + 6;
    const { manifest, issues } = await parse(OCEAN.slice(0, cut));
    expect(manifest?.containers.find((c) => c.number === 'CAXU9971839')?.seals).toEqual(['ML']);
    expect(codes(issues)).toContain('EDI_TRUNCATED');
  });

  it('only warns when the messages are complete but UNZ is missing', async () => {
    const { manifest, report, issues } = await parse(message(['CNI+1+BL1'], { unz: false }));
    expect(manifest?.billsOfLading).toHaveLength(1);
    expect(issues).toMatchObject([{ code: 'EDI_TRUNCATED', severity: 'warning' }]);
    expect(report.status).toBe('accepted');
  });

  it('warns about a UNT segment count that does not match, at the UNT', async () => {
    const text = OCEAN.replace('UNT+69+000001', 'UNT+12+000001');
    const { manifest, issues } = await parse(text);
    const count = issues.find((i) => i.code === 'EDI_SEGMENT_COUNT');
    expect(count).toMatchObject({
      severity: 'warning',
      location: { segment: 69, segmentTag: 'UNT', line: 65 },
    });
    expect(count?.message).toMatch(/declares 12 segments, the message has 69/);
    expect(manifest?.billsOfLading).toHaveLength(2);
  });

  it('warns about mismatched control references', async () => {
    const text = message(['CNI+1+BL1']).replace('UNT+6+1', 'UNT+6+2').replace("UNZ+1+REF1'", "UNZ+2+REF9'");
    const { issues } = await parse(text);
    expect(codes(issues)).toEqual(['EDI_CONTROL_REFERENCE', 'EDI_SEGMENT_COUNT', 'EDI_CONTROL_REFERENCE']);
  });

  it('reads every message of an interchange; the voyage comes from the first', async () => {
    const first = message(['CNI+1+BL1'], { unz: false });
    const second = [
      'UNH+2+CUSCAR:D:96B:UN',
      'BGM+85+DOC2+9',
      'TDT+20+OTHER+1+13++++9215907:146:11:OTHER VESSEL',
      'CNI+1+BL2',
      'UNT+5+2',
      'UNZ+2+REF1',
    ].join("'\n");
    const { manifest, issues } = await parse(`${first}\n${second}'`);
    expect(issues).toEqual([]);
    expect(manifest?.voyage).toMatchObject({ vesselName: 'TEST VESSEL', voyageNumber: 'V001' });
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['BL1', 'BL2']);
  });

  it('rejects a message that is not CUSCAR as a whole', async () => {
    const text = "UNB+UNOA:3+S+R+260101:1200+1'UNH+1+IFTMIN:D:99B:UN'BGM+610+X'UNT+3+1'UNZ+1+1'";
    const { manifest, report, issues } = await parse(text);
    expect(manifest).toBeUndefined();
    expect(report.status).toBe('rejected');
    expect(issues).toMatchObject([{ code: 'EDI_NOT_CUSCAR', location: { segmentTag: 'UNH', line: 1 } }]);
    expect(issues[0]?.message).toMatch(/IFTMIN D:99B/);
  });

  it('skips a message of another type that follows CUSCAR messages, with a warning', async () => {
    const text =
      message(['CNI+1+BL1'], { unz: false }) + "\nUNH+2+IFTMIN:D:99B:UN'CNI+1+BL9'UNT+3+2'UNZ+2+REF1'";
    const { manifest, issues } = await parse(text);
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['BL1']);
    expect(issues).toMatchObject([{ code: 'EDI_NOT_CUSCAR', severity: 'warning', location: { segment: 1 } }]);
  });

  it('rejects text that is not EDIFACT at all with one reason', async () => {
    for (const text of ['', 'hello, world', 'bl_number,container_number\nX,Y', '\u0000\u0001garbage']) {
      const { manifest, report, issues } = await parse(text);
      expect(manifest).toBeUndefined();
      expect(report.status).toBe('rejected');
      expect(codes(issues)).toEqual(['EDI_NO_INTERCHANGE']);
    }
  });

  it('reports garbage inside a message as EDI_SYNTAX and reads on', async () => {
    const { manifest, issues } = await parse(
      message(['CNI+1+BL1', '%%garbage%%+1', 'GID+1+5:CT', 'FTX+AAA+++TYRES']),
    );
    expect(issues).toMatchObject([
      { code: 'EDI_SYNTAX', severity: 'error', location: { segment: 6, line: 7, segmentTag: '%%garbage%%' } },
    ]);
    expect(manifest?.billsOfLading[0]?.goods[0]?.description).toBe('TYRES');
  });

  it('ignores segments outside the subset with one warning per tag', async () => {
    const { manifest, issues } = await parse(
      message(['XYZ+1', 'CNI+1+BL1', 'XYZ+2', 'ABC+1', 'GID+1', 'FTX+AAA+++TOYS', 'XYZ+3', 'CNT+7:1']),
    );
    expect(issues.map((i) => [i.code, i.location.segmentTag, i.location.segment])).toEqual([
      ['EDI_UNKNOWN_SEGMENT', 'XYZ', 5],
      ['EDI_UNKNOWN_SEGMENT', 'ABC', 8],
    ]);
    expect(manifest?.billsOfLading[0]?.goods[0]?.description).toBe('TOYS');
  });

  it('reads an interchange with non-default separators declared in UNA', async () => {
    const text = [
      'UNA|*,! ~',
      'UNB*UNOC|3*S*R*260101|1200*9~UNH*1*CUSCAR|D|03B|UN~BGM*85*D1~',
      'TDT*20*V9*1*13****9074729|146|11|ACME!*STAR~LOC*11*DEHAM~',
      'CNI*1*BL!~1~GID*1*3|PK~FTX*AAA***HALF!|FULL~MEA*AAE*G*KGM|1250,75~',
      'UNT*9*1~UNZ*1*9~',
    ].join('\r\n');
    const { manifest, issues } = await parse(text);
    expect(issues).toEqual([]);
    expect(manifest?.voyage).toMatchObject({ vesselName: 'ACME*STAR', reportingPort: 'DEHAM' });
    expect(manifest?.billsOfLading[0]).toMatchObject({
      number: 'BL~1',
      goods: [{ description: 'HALF|FULL', packageCount: 3, grossWeightKg: 1250.75 }],
    });
  });
});

describe('parseCuscar: records', () => {
  it('keeps a malformed container number with the error on it, and a wrong check digit with a warning', async () => {
    const { manifest, report, issues } = await parse(
      message(['CNI+1+BL1', 'RFF+BM:BL1', 'EQD+CN+ABC123+22G1', 'EQD+CN+TCKU7453652+22G1', 'SEL+S1']),
    );
    expect(manifest?.containers.map((c) => c.number)).toEqual(['ABC123', 'TCKU7453652']);
    expect(manifest?.containers[0]?.dataQuality).toEqual([
      { code: 'CONTAINER_FORMAT', field: 'number', value: 'ABC123' },
    ]);
    expect(manifest?.billsOfLading[0]?.containers).toEqual(['ABC123', 'TCKU7453652']);
    expect(issues.map((i) => [i.code, i.severity, i.rejected, i.location.segment])).toEqual([
      ['CONTAINER_FORMAT', 'error', false, 7],
      ['CONTAINER_CHECK_DIGIT', 'warning', false, 8],
    ]);
    expect(report.counts).toMatchObject({ recordsWithErrors: 1, rejectedRecords: 0 });
  });

  it('keeps a goods item with a malformed HS code and an impossible weight, both errors reported (issue 10)', async () => {
    const { manifest, report, issues } = await parse(
      message([
        'CNI+1+MEDU3',
        'EQD+CN+TGHU1234567+22G1',
        'GID+1+10:CT',
        'FTX+AAA+++COCAINE',
        'PIA+5+1234567890123:HS',
        'MEA+AAE+G+KGM:99999999',
        'SGP+TGHU1234567',
      ]),
    );
    expect(manifest?.containers.map((c) => c.number)).toEqual(['TGHU1234567']);
    expect(issues.map((i) => [i.code, i.severity, i.rejected, i.location.field])).toEqual([
      ['HS_FORMAT', 'error', false, 'goods.hsCode'],
      ['WEIGHT_IMPOSSIBLE', 'error', false, 'goods.grossWeightKg'],
    ]);
    expect(manifest?.billsOfLading[0]?.goods[0]).toMatchObject({
      description: 'COCAINE',
      grossWeightKg: 99_999_999,
      dataQuality: [
        { code: 'HS_FORMAT', field: 'hsCode', value: '1234567890123' },
        { code: 'WEIGHT_IMPOSSIBLE', field: 'grossWeightKg', value: '99999999' },
      ],
    });
    expect(manifest?.billsOfLading[0]?.goods[0]?.hsCode).toBeUndefined();
    expect(report).toMatchObject({
      status: 'accepted-with-errors',
      counts: { recordsWithErrors: 1, rejectedRecords: 0 },
    });
  });

  it('reports a container declared again with other details and keeps the first', async () => {
    const { manifest, issues } = await parse(
      message([
        'CNI+1+BL1',
        'EQD+CN+MSKU7351770+22G1+2++5',
        'SEL+A1',
        'CNI+2+BL2',
        'EQD+CN+MSKU7351770+45R1+2++5',
        'SEL+A1',
      ]),
    );
    expect(manifest?.containers).toMatchObject([{ number: 'MSKU7351770', isoType: '22G1' }]);
    expect(manifest?.billsOfLading.map((b) => b.containers)).toEqual([['MSKU7351770'], ['MSKU7351770']]);
    expect(issues).toMatchObject([
      { code: 'DUPLICATE_CONTAINER', location: { segment: 9, segmentTag: 'EQD' } },
    ]);
  });

  it('reads empty and shipper-owned flags, VGM in tonnes, and trailers as non-containers', async () => {
    const { manifest, issues } = await parse(
      message([
        'EQD+CN+CSQU3054383+22G1+1++4',
        'MEA+AAE+VGM+TNE:2.25',
        'EQD+TE+TRL-4471',
        'CNI+1+BL1',
        'GID+1',
        'FTX+AAA+++MACHINE PARTS',
        'SGP+TRL-4471',
      ]),
    );
    expect(manifest?.containers).toEqual([
      {
        number: 'CSQU3054383',
        isoType: '22G1',
        seals: [],
        status: 'empty',
        shipperOwned: true,
        verifiedGrossMassKg: 2250,
      },
    ]);
    expect(manifest?.billsOfLading[0]?.goods[0]?.containers).toEqual([]);
    expect(issues).toMatchObject([
      { code: 'EQUIPMENT_NOT_CONTAINER', record: 'equipment TRL-4471 (EQD+TE)' },
    ]);
  });

  it('keeps a consignment without B/L number under its position and one with an unknown port; sets aside an empty one', async () => {
    const { manifest, report, issues } = await parse(
      message(['CNI+1', 'GID+1', 'CNI+2+BL2', 'LOC+9+XXQQQ', 'CNI+3+BL3', 'LOC+9+SGSIN', 'CNI+4']),
    );
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['NO-BL-NUMBER-SEGMENT-5', 'BL2', 'BL3']);
    expect(manifest?.billsOfLading[0]?.dataQuality).toEqual([{ code: 'REQUIRED_FIELD', field: 'number' }]);
    expect(manifest?.billsOfLading[1]).toMatchObject({
      portOfLoading: 'XXQQQ',
      dataQuality: [{ code: 'LOCODE_UNKNOWN', field: 'portOfLoading', value: 'XXQQQ' }],
    });
    expect(issues.map((i) => [i.code, i.severity, i.record, i.rejected])).toEqual([
      ['REQUIRED_FIELD', 'error', 'B/L NO-BL-NUMBER-SEGMENT-5', false],
      ['REQUIRED_FIELD', 'warning', 'B/L NO-BL-NUMBER-SEGMENT-5', false], // goods item 1 has no description
      ['LOCODE_UNKNOWN', 'error', 'B/L BL2', false],
      ['REQUIRED_FIELD', 'error', 'consignment at segment 11 (line 12)', true],
    ]);
    expect(report.counts).toMatchObject({ recordsRead: 4, recordsWithErrors: 2, rejectedRecords: 1 });
    expect(report.status).toBe('partial');
  });

  it('reads the vessel from the TDT variants senders use', async () => {
    const vessel = async (tdt: string) => {
      const text = message([]).replace('TDT+20+V001+1+13++++9074729:146:11:TEST VESSEL:PA', tdt);
      return (await parse(text)).manifest?.voyage;
    };
    expect(await vessel('TDT+20+V1+1++MAEU:172:20+++9215907::11:Maersk Kendal:DK')).toMatchObject({
      imoNumber: '9215907',
      vesselName: 'Maersk Kendal',
      carrier: 'MAEU',
      flag: 'DK',
    });
    expect(await vessel('TDT+20+V1+1+++++5LIF6:103::TIAN FU')).toMatchObject({
      callSign: '5LIF6',
      vesselName: 'TIAN FU',
    });
    expect(await vessel('TDT+20+V1+1+++++IMO 9354351')).toMatchObject({ imoNumber: '9354351' });
    expect(await vessel('TDT+20+V1+1+++++MSC ANNA')).toMatchObject({ vesselName: 'MSC ANNA' });
  });

  it('reads dates in the EDIFACT formats and reports an impossible one', async () => {
    const eta = async (dtm: string) => (await parse(message([dtm]))).manifest?.voyage.eta;
    expect(await eta('DTM+132:20260301:102')).toBe('2026-03-01');
    expect(await eta('DTM+132:202603011430:203')).toBe('2026-03-01T14:30:00Z');
    expect(await eta('DTM+132:202603011430?+0800:205')).toBe('2026-03-01T14:30:00+08:00');
    expect(await eta('DTM+132:2603011430:201')).toBe('2026-03-01T14:30:00Z');
    const bad = await parse(message(['DTM+132:20260231:102']));
    expect(bad.manifest?.voyage.eta).toBeUndefined();
    expect(bad.issues).toMatchObject([
      { code: 'DATE_INVALID', location: { segment: 5, field: 'voyage.eta' } },
    ]);
  });
});

describe('parseCuscar: robustness (property)', () => {
  const check = async (text: string) => {
    const { manifest, report } = await parse(text);
    if (manifest === undefined) expect(report.status).toBe('rejected');
    else expect(Manifest.safeParse(manifest).success).toBe(true);
  };

  it('any text gives a report or a clean rejection, never an exception', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: 300 });
  });

  it('any damage to a real interchange gives a report or a clean rejection', async () => {
    const tokens = [
      "'",
      '+',
      ':',
      '?',
      'UNH+1+CUSCAR:D:03B:UN',
      'CNI+',
      'EQD+CN+',
      'GID+',
      '\r\n',
      'UNT+',
      'Z',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            at: fc.nat({ max: OCEAN.length }),
            remove: fc.nat({ max: 40 }),
            insert: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 8 })),
          }),
          { maxLength: 6 },
        ),
        async (edits) => {
          let text = OCEAN;
          for (const e of edits) text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
          await check(text);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('through the intake, a Latin-1 EDIFACT file is decoded and read', async () => {
    const latin1 = Buffer.from(message(['CNI+1+BL1', 'NAD+CN+++SOCIÉTÉ GÉNÉRALE DE NÉGOCE']), 'latin1');
    const { manifest, report } = await parseManifest(bytesSource(latin1, 'x.edi'));
    expect(report.encoding).toBe('latin1');
    expect(manifest?.billsOfLading[0]?.consignee?.name).toBe('SOCIÉTÉ GÉNÉRALE DE NÉGOCE');
  });
});
