import { describe, expect, it } from 'vitest';
import { bytesSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import { csvRow } from './csv-test-rows.ts';

/** Issue 10: a record with field errors is kept (and profiled), with every error reported. */
const HEADER =
  'vessel_name,voyage_number,reporting_port,bl_number,shipper_name,shipper_address,consignee_name,' +
  'container_number,description,hs_code,gross_weight_kg,package_count';
const VOYAGE = { vessel_name: 'MSC ANNA', voyage_number: 'FA123W', reporting_port: 'NLRTM' };
const row = (values: Partial<Record<string, string>>) => csvRow(HEADER, { ...VOYAGE, ...values });
const parse = (lines: string[]) => parseManifest(bytesSource([HEADER, ...lines].join('\n'), 'manifest.csv'));

describe('CSV intake keeps records with errors', () => {
  it('the issue row: HS code too long and 99,999,999 kg are both reported, both containers kept', async () => {
    const { manifest, report } = await parse([
      row({
        bl_number: 'MEDU1',
        container_number: 'MSKU7351770',
        description: 'TOYS',
        hs_code: '950300',
        gross_weight_kg: '8000',
      }),
      // MEDU3,TGHU1234567,COCAINE,1234567890123,99999999
      row({
        bl_number: 'MEDU3',
        container_number: 'TGHU1234567',
        description: 'COCAINE',
        hs_code: '1234567890123',
        gross_weight_kg: '99999999',
      }),
    ]);
    expect(manifest?.containers.map((c) => c.number)).toEqual(['MSKU7351770', 'TGHU1234567']);
    expect(
      report.issues.map((i) => [i.code, i.severity, i.location.line, i.location.field, i.rejected]),
    ).toEqual([
      ['HS_FORMAT', 'error', 3, 'hs_code', false],
      ['WEIGHT_IMPOSSIBLE', 'error', 3, 'gross_weight_kg', false],
    ]);
    const goods = manifest?.billsOfLading[1]?.goods[0];
    expect(goods).toMatchObject({ description: 'COCAINE', grossWeightKg: 99_999_999 });
    expect(goods?.hsCode).toBeUndefined(); // the model holds 4 to 10 digits
    expect(goods?.dataQuality).toEqual([
      { code: 'HS_FORMAT', field: 'hsCode', value: '1234567890123' },
      { code: 'WEIGHT_IMPOSSIBLE', field: 'grossWeightKg', value: '99999999' },
    ]);
    expect(report.status).toBe('accepted-with-errors');
    expect(report.counts).toMatchObject({
      containers: 2,
      recordsRead: 2,
      recordsWithErrors: 1,
      rejectedRecords: 0,
      errors: 2,
    });
  });

  it('reports every error of a row, not the first only', async () => {
    const { manifest, report } = await parse([
      row({
        bl_number: 'MEDU4',
        shipper_address: '8 Harbour Road, Ningbo',
        container_number: 'TGHU1234567',
        hs_code: '84A1',
        gross_weight_kg: '-3',
        package_count: 'many',
      }),
    ]);
    expect(report.issues.map((i) => i.code)).toEqual([
      'REQUIRED_FIELD',
      'HS_FORMAT',
      'NUMBER_INVALID',
      'WEIGHT_IMPOSSIBLE',
    ]);
    expect(report.counts).toMatchObject({ recordsWithErrors: 1, errors: 4 });
    const bl = manifest?.billsOfLading[0];
    expect(bl?.shipper).toBeUndefined();
    expect(bl?.dataQuality).toEqual([
      { code: 'REQUIRED_FIELD', field: 'shipper.name', value: '8 Harbour Road, Ningbo' },
    ]);
    expect(bl?.goods[0]?.dataQuality?.map((d) => d.field)).toEqual([
      'hsCode',
      'packageCount',
      'grossWeightKg',
    ]);
  });

  it('a container row with B/L details but no B/L number keeps its parties under a B/L named by the line', async () => {
    const { manifest, report } = await parse([
      row({
        shipper_name: 'NINGBO BRIGHT TOYS CO LTD',
        consignee_name: 'ACME BV',
        container_number: 'TGHU1234567',
        description: 'TOYS',
      }),
    ]);
    expect(manifest?.billsOfLading).toMatchObject([
      {
        number: 'NO-BL-NUMBER-LINE-2',
        shipper: { name: 'NINGBO BRIGHT TOYS CO LTD' },
        consignee: { name: 'ACME BV' },
        containers: ['TGHU1234567'],
        dataQuality: [{ code: 'REQUIRED_FIELD', field: 'number' }],
      },
    ]);
    expect(report.issues[0]).toMatchObject({
      code: 'REQUIRED_FIELD',
      location: { field: 'bl_number' },
      rejected: false,
    });
  });

  it('only a row with neither a B/L nor a container number is set aside, and reported', async () => {
    const { manifest, report } = await parse([
      row({ bl_number: 'MEDU1', container_number: 'MSKU7351770', description: 'TOYS' }),
      row({ shipper_name: 'NOBODY LTD', description: 'SOMETHING' }),
    ]);
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['MEDU1']);
    expect(report.issues).toMatchObject([{ code: 'REQUIRED_FIELD', rejected: true, location: { line: 3 } }]);
    expect(report.status).toBe('partial');
    expect(report.counts).toMatchObject({ recordsWithErrors: 0, rejectedRecords: 1 });
  });
});
