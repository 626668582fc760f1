import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeManifestCsv } from '#core/manifest/csv-writer.ts';
import { bytesSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import { Manifest, type ManifestInput } from '#schemas/manifest.ts';
import { ValidationReport } from '#schemas/validation-report.ts';

// Rail and road manifests in the native CSV (columns named after the CIM/SMGS and CMR fields)
// and JSON. Wagon numbers: 54548888 and 62410212 are valid 1520 mm gauge numbers,
// 218124712173 (`21 81 2471 217-3`) a valid UIC number.

const railCsv = [
  'Train No,Mode,Border station,Reporting port,ETA,Consignment note number,Consignor,Consignor country,Consignee,Consignee country,Place of receipt,Place of delivery,Wagon No,Goods description,HS code,Gross weight kg,Total pieces',
  'X8024,rail,KZHOR,KZALA,2026-11-20,31077451,Xian Silk Road Trading Co,CN,Almaty Tekstil TOO,KZ,CNXIY,KZALA,5454 8888,COTTON FABRIC,520811,42000,120',
  'X8024,rail,KZHOR,KZALA,2026-11-20,31077452,Xian Silk Road Trading Co,CN,Almaty Tekstil TOO,KZ,CNXIY,KZALA,6241 0213,POLYESTER YARN,540233,38000,80',
].join('\n');

const roadCsv = [
  'Truck registration;Trailer;TIR carnet;Mode;Border station;Reporting port;CMR number;Sender;Sender country;Consignee;Consignee country;Container No;Equipment kind;Description;Packages;Gross weight kg',
  '01 A 777 AA;01 XA 1234;XH12345678;3;UZTER;UZTER;CMR 0045521;Mazar Dried Fruit;AF;Termez Savdo MChJ;UZ;01XA1234;trailer;DRIED APRICOTS;900;18000',
].join('\n');

async function parse(text: string, name: string) {
  return parseManifest(bytesSource(text, name));
}

describe('a rail manifest in the CSV of the CIM/SMGS note', () => {
  it('reads the train, border station, consignment notes and wagons', async () => {
    const { manifest, report } = await parse(railCsv, 'x8024.csv');
    expect(report.status).toBe('accepted');
    expect(manifest?.voyage).toMatchObject({
      mode: 'rail',
      trainNumber: 'X8024',
      borderStation: 'KZHOR',
      reportingPort: 'KZALA',
      // No vessel_name or voyage_number column: the train names the conveyance and the trip.
      vesselName: 'X8024',
      voyageNumber: 'X8024',
    });
    expect(manifest?.billsOfLading.map((bl) => [bl.number, bl.documentType, bl.pieceCount])).toEqual([
      ['31077451', 'cim-smgs', 120],
      ['31077452', 'cim-smgs', 80],
    ]);
    expect(manifest?.containers.map((c) => [c.kind, c.number])).toEqual([
      ['wagon', '54548888'],
      ['wagon', '62410213'],
    ]);
  });

  it('checks wagon numbers as wagons: a wrong check digit is a warning naming the cell', async () => {
    const { report } = await parse(railCsv, 'x8024.csv');
    const wagonIssues = report.issues.filter(
      (i) => i.code.startsWith('WAGON') || i.code.startsWith('CONTAINER'),
    );
    expect(wagonIssues).toEqual([
      expect.objectContaining({
        code: 'WAGON_CHECK_DIGIT',
        severity: 'warning',
        location: expect.objectContaining({ line: 3, field: 'Wagon No' }),
      }),
    ]);
  });

  it('reports an unknown mode and a malformed border station and leaves them out', async () => {
    const text = railCsv.replace(/,rail,KZHOR,/g, ',train,KHORGOS,');
    const { manifest, report } = await parse(text, 'bad.csv');
    expect(manifest?.voyage.mode).toBeUndefined();
    expect(manifest?.voyage.borderStation).toBeUndefined();
    expect(report.issues.map((i) => [i.code, i.location?.field])).toEqual(
      expect.arrayContaining([
        ['VALUE_UNKNOWN', 'Mode'],
        ['LOCODE_FORMAT', 'Border station'],
      ]),
    );
  });
});

describe('a road manifest in the CSV of the CMR', () => {
  it('reads the truck, trailer, TIR carnet, CMR and the mode as its UN/ECE Rec. 19 code', async () => {
    const { manifest, report } = await parse(roadCsv, 'cmr.csv');
    expect(report.status).toBe('accepted');
    expect(manifest?.voyage).toMatchObject({
      mode: 'road',
      truckRegistration: '01A777AA',
      trailerRegistration: '01XA1234',
      tirCarnet: 'XH12345678',
      vesselName: '01A777AA',
      voyageNumber: 'XH12345678',
      borderStation: 'UZTER',
    });
    expect(manifest?.billsOfLading[0]).toMatchObject({ number: 'CMR 0045521', documentType: 'cmr' });
    expect(manifest?.containers).toEqual([expect.objectContaining({ kind: 'trailer', number: '01XA1234' })]);
    // A trailer plate has no check digit: no equipment issue.
    expect(report.issues.filter((i) => i.location?.field === 'Container No')).toEqual([]);
  });

  it('rejects an unknown document type and equipment kind with the row and column', async () => {
    const text = roadCsv
      .replace('CMR number', 'CMR number;Document type')
      .replace('CMR 0045521;', 'CMR 0045521;waybill;')
      .replace(';trailer;', ';lorry;');
    const { manifest, report } = await parse(text, 'cmr.csv');
    expect(manifest?.billsOfLading[0]?.documentType).toBeUndefined();
    expect(report.issues.map((i) => [i.code, i.location?.line, i.location?.field])).toEqual(
      expect.arrayContaining([
        ['VALUE_UNKNOWN', 2, 'Document type'],
        ['VALUE_UNKNOWN', 2, 'Equipment kind'],
      ]),
    );
  });
});

const railJson: ManifestInput = {
  voyage: {
    mode: 'rail',
    vesselName: 'X8024',
    voyageNumber: 'X8024/2026-11-18',
    trainNumber: 'X8024',
    borderStation: 'KZHOR',
    reportingPort: 'KZALA',
  },
  billsOfLading: [
    {
      number: '31077451',
      documentType: 'cim-smgs',
      shipper: { name: 'Xian Silk Road Trading Co', country: 'CN' },
      placeOfReceipt: 'CNXIY',
      pieceCount: 120,
      grossWeightKg: 42000,
      containers: ['54548888', '218124712173'],
      goods: [{ lineNumber: 1, description: 'COTTON FABRIC', containers: ['54548888', '218124712173'] }],
    },
  ],
  containers: [
    { kind: 'wagon', number: '5454 8888' },
    { kind: 'wagon', number: '21 81 2471 217-3' },
  ],
};

describe('a rail manifest in JSON', () => {
  it('is read with its mode, document type and wagons, checked as wagons', async () => {
    const { manifest, report } = await parse(JSON.stringify(railJson), 'rail.json');
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(manifest?.containers.map((c) => [c.kind, c.number])).toEqual([
      ['wagon', '54548888'],
      ['wagon', '218124712173'],
    ]);
    expect(manifest?.billsOfLading[0]?.documentType).toBe('cim-smgs');
  });

  it('reports a wagon number of the wrong length and an unknown document type', async () => {
    const bad = structuredClone(railJson);
    (bad.containers[0] as { number: string }).number = '5454888';
    (bad.billsOfLading[0] as { documentType: string }).documentType = 'sea-waybill';
    const { manifest, report } = await parse(JSON.stringify(bad), 'rail.json');
    expect(report.issues.map((i) => [i.code, i.location?.path])).toEqual(
      expect.arrayContaining([
        ['WAGON_FORMAT', '/containers/0/number'],
        [expect.any(String), '/billsOfLading/0/documentType'],
      ]),
    );
    expect(manifest?.billsOfLading[0]?.documentType).toBeUndefined();
  });
});

describe('the CSV writer', () => {
  it('writes the rail columns so a rail manifest round-trips', async () => {
    const model = Manifest.parse({
      ...railJson,
      containers: [
        { kind: 'wagon', number: '54548888' },
        { kind: 'wagon', number: '218124712173' },
      ],
    });
    const text = writeManifestCsv(model);
    expect(text.split('\n')[0]).toContain('train_number');
    const { manifest } = await parse(text, 'rail.csv');
    expect(manifest).toEqual(model);
  });

  it('writes a sea manifest without the rail, road and air columns', () => {
    const sea = Manifest.parse({
      voyage: { vesselName: 'MSC ANNA', voyageNumber: 'FA123W', reportingPort: 'NLRTM' },
      billsOfLading: [{ number: 'MEDU1', containers: ['MSKU7351770'] }],
      containers: [{ number: 'MSKU7351770' }],
    });
    const header = writeManifestCsv(sea).split('\n')[0] ?? '';
    expect(header.split(',')).toHaveLength(49);
    expect(header).not.toMatch(/mode|train|equipment_kind|document_type/);
  });
});

describe('rail and road CSV cells', () => {
  it('any value in the mode, station, wagon and document columns gives a report, never a throw', async () => {
    const header =
      'train_number,mode,border_station,reporting_port,bl_number,document_type,piece_count,document_gross_weight_kg,container_number,equipment_kind,tir_carnet,truck_registration';
    const cellArb = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        'rail',
        'road',
        '2',
        'KZHOR',
        'cim-smgs',
        'wagon',
        'uld',
        '5454 8888',
        '-1',
        '1e400',
        'AKE12345HY',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cellArb, { minLength: 12, maxLength: 12 }), { maxLength: 6 }),
        async (rows) => {
          const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
          const text = [header, ...rows.map((r) => r.map(quote).join(','))].join('\n');
          const { report } = await parse(text, 'fuzz.csv');
          expect(ValidationReport.shape.status.options).toContain(report.status);
        },
      ),
      { numRuns: 150 },
    );
  });
});
