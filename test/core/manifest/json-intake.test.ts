import { describe, expect, it } from 'vitest';
import { bytesSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import type { ManifestInput } from '#schemas/manifest.ts';

function manifest(): ManifestInput {
  return {
    voyage: {
      vesselName: 'MSC ANNA',
      imoNumber: '9074729',
      voyageNumber: 'FA123W',
      reportingPort: 'NLRTM',
      eta: '2024-03-15',
    },
    billsOfLading: [
      {
        number: 'MEDU1',
        shipper: { name: 'Ningbo Bright Toys', country: 'CN' },
        portOfLoading: 'CNNGB',
        containers: ['MSKU7351770'],
        goods: [
          {
            lineNumber: 1,
            description: 'TOYS',
            hsCode: '950300',
            grossWeightKg: 8000,
            containers: ['MSKU7351770'],
          },
        ],
      },
      { number: 'MEDU2', portOfLoading: 'XXQQQ', containers: ['TGHU1234566'] },
      {
        number: 'MEDU3',
        containers: ['CMAU3456780'],
        goods: [{ lineNumber: 1, description: 'SHOES', grossWeightKg: -1 }],
      },
      { containers: ['MSCU1234564'] } as unknown as ManifestInput['billsOfLading'][number],
    ],
    containers: [
      { number: 'MSKU7351770', isoType: '22G1', verifiedGrossMassKg: 11000 },
      { number: 'TGHU123456', isoType: '45G1' },
      { number: 'CMAU3456781', isoType: '45G1' },
      { number: 'MSCU1234564', isoType: '22G1', verifiedGrossMassKg: 500000 },
    ],
  };
}

async function parse(text: string, name = 'manifest.json') {
  return parseManifest(bytesSource(text, name));
}

describe('JSON intake', () => {
  it('keeps B/Ls and containers with field errors, the bad field left out and kept as dataQuality', async () => {
    const { manifest: parsed, report } = await parse(JSON.stringify(manifest(), null, 2));
    expect(report.format).toBe('json');
    expect(report.status).toBe('partial');
    const byCode = (code: string) => report.issues.filter((i) => i.code === code);
    expect(byCode('LOCODE_UNKNOWN')[0]).toMatchObject({
      rejected: false,
      location: { path: '/billsOfLading/1/portOfLoading' },
      record: 'B/L MEDU2',
    });
    expect(byCode('WEIGHT_IMPOSSIBLE').map((i) => i.location.path)).toEqual([
      '/billsOfLading/2/goods/0/grossWeightKg',
      '/containers/3/verifiedGrossMassKg',
    ]);
    expect(byCode('REQUIRED_FIELD')[0]?.location.path).toBe('/billsOfLading/3/number');
    expect(byCode('CONTAINER_FORMAT')[0]).toMatchObject({
      location: { path: '/containers/1/number' },
      rejected: false,
    });
    // A wrong check digit is a warning: the container is kept for profiling.
    expect(byCode('CONTAINER_CHECK_DIGIT')[0]).toMatchObject({
      severity: 'warning',
      location: { path: '/containers/2/number' },
    });
    // Every B/L and container is kept: the one without a number is attributable through its container.
    expect(parsed?.billsOfLading.map((b) => b.number)).toEqual([
      'MEDU1',
      'MEDU2',
      'MEDU3',
      '(no B/L number, #4)',
    ]);
    expect(parsed?.containers.map((c) => c.number)).toEqual([
      'MSKU7351770',
      'TGHU123456',
      'CMAU3456781',
      'MSCU1234564',
    ]);
    const medu2 = parsed?.billsOfLading[1];
    expect(medu2?.portOfLoading).toBeUndefined();
    expect(medu2?.dataQuality).toEqual([{ code: 'LOCODE_UNKNOWN', field: 'portOfLoading', value: 'XXQQQ' }]);
    expect(parsed?.billsOfLading[2]?.goods[0]).toMatchObject({
      description: 'SHOES',
      dataQuality: [{ code: 'WEIGHT_IMPOSSIBLE', field: 'grossWeightKg', value: '-1' }],
    });
    expect(parsed?.billsOfLading[2]?.goods[0]?.grossWeightKg).toBeUndefined();
    expect(parsed?.containers[3]).toMatchObject({
      dataQuality: [{ code: 'WEIGHT_IMPOSSIBLE', field: 'verifiedGrossMassKg', value: '500000' }],
    });
    expect(parsed?.containers[3]?.verifiedGrossMassKg).toBeUndefined();
    expect(report.counts).toMatchObject({
      recordsRead: 8,
      rejectedRecords: 0,
      billsOfLading: 4,
      containers: 4,
      goodsItems: 2,
    });
  });

  it('a syntax error rejects the file with JSON_SYNTAX and its line and column', async () => {
    const text =
      '{\n  "voyage": {\n    "vesselName": "MSC ANNA",\n    "voyageNumber": "FA1" "reportingPort": "NLRTM"\n  }\n}';
    const { manifest: parsed, report } = await parse(text);
    expect(parsed).toBeUndefined();
    expect(report.status).toBe('rejected');
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ code: 'JSON_SYNTAX', location: { line: 4, column: 27 } });
    const truncated = await parse('{"voyage": {"vesselName": "MSC');
    expect(truncated.report.issues[0]).toMatchObject({
      code: 'JSON_SYNTAX',
      location: { line: 1, column: 31 },
    });
  });

  it('a voyage without a reporting port rejects the file; a bad optional voyage field is left out', async () => {
    const noPort = manifest();
    delete (noPort.voyage as { reportingPort?: string }).reportingPort;
    const rejected = await parse(JSON.stringify(noPort));
    expect(rejected.report.status).toBe('rejected');
    expect(rejected.report.issues[0]).toMatchObject({
      code: 'REQUIRED_FIELD',
      location: { path: '/voyage/reportingPort' },
    });

    const badEta = manifest();
    badEta.voyage.eta = '2024-13-45';
    badEta.billsOfLading = badEta.billsOfLading.slice(0, 1);
    badEta.containers = badEta.containers.slice(0, 1);
    const { manifest: parsed, report } = await parse(JSON.stringify(badEta));
    expect(parsed?.voyage.eta).toBeUndefined();
    expect(parsed?.voyage.vesselName).toBe('MSC ANNA');
    expect(report.issues.find((i) => i.location.path === '/voyage/eta')?.severity).toBe('error');
    expect(parsed?.billsOfLading).toHaveLength(1);
  });

  it('JSON that is not a manifest is rejected with one clear reason', async () => {
    for (const text of ['[1, 2, 3]', '{"vessel": "x"}', '{"billsOfLading": {}, "voyage": {}}']) {
      const { manifest: parsed, report } = await parse(text);
      expect(parsed).toBeUndefined();
      expect(report.issues).toHaveLength(1);
      expect(report.issues[0]?.code).toBe('JSON_SCHEMA');
    }
    // The voyage is read as soon as it is complete: an empty one rejects the file on the spot.
    const empty = await parse('{"voyage": {}, "billsOfLading": {}}');
    expect(empty.report.issues.map((i) => i.code)).toEqual(['REQUIRED_FIELD']);
  });

  it('a JSON file named .csv is read as JSON with FILE_FORMAT_MISMATCH', async () => {
    const { report } = await parse(JSON.stringify(manifest()), 'upload.csv');
    expect(report.format).toBe('json');
    expect(report.issues.filter((i) => i.code === 'FILE_FORMAT_MISMATCH')).toHaveLength(1);
  });

  it('container numbers are normalised and goods pointing at undeclared containers are reported', async () => {
    const m = manifest();
    m.billsOfLading = [
      {
        number: 'B1',
        containers: ['msku 735177-0', 'ZZZU0000000'],
        goods: [{ lineNumber: 1, description: 'X', containers: ['MSKU7351770'] }],
      },
    ];
    m.containers = [{ number: 'msku 735177 0' }];
    const { manifest: parsed, report } = await parse(JSON.stringify(m));
    expect(parsed?.billsOfLading[0]?.containers).toEqual(['MSKU7351770', 'ZZZU0000000']);
    expect(parsed?.containers[0]?.number).toBe('MSKU7351770');
    expect(report.issues.find((i) => i.code === 'GOODS_CONTAINER_UNKNOWN')?.message).toContain('ZZZU0000000');
  });
});
