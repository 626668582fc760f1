import { describe, expect, it } from 'vitest';
import { bytesSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import type { Issue } from '#schemas/validation-report.ts';
import { csvRow } from './csv-test-rows.ts';

/** Reported problems of the CSV intake, each with the behaviour an officer now sees. */
const HEADER =
  'vessel_name,voyage_number,reporting_port,bl_number,bl_type,shipper_name,shipper_address,port_of_loading,freight_terms,' +
  'notify_name,notify_country,container_number,container_status,shipper_owned,goods_line,description,gross_weight_kg';

function row(overrides: Partial<Record<string, string>> = {}): string {
  const values: Record<string, string> = {
    vessel_name: 'MSC ANNA',
    voyage_number: 'FA123W',
    reporting_port: 'NLRTM',
    bl_number: 'MEDU1234567',
    shipper_name: 'Ningbo Bright Toys Co Ltd',
    shipper_address: '8 Harbour Road, Ningbo',
    port_of_loading: 'CNNGB',
    container_number: 'MSKU7351770',
    goods_line: '1',
    description: 'STEEL COILS',
    gross_weight_kg: '20000',
    ...overrides,
  };
  return csvRow(HEADER, values);
}

const parse = (text: string, opts = {}) => parseManifest(bytesSource(text, 'manifest.csv'), opts);
const issues = (report: { issues: Issue[] }, code: string) => report.issues.filter((i) => i.code === code);

describe('CSV intake fixes', () => {
  it('notify_country is positional: `|KE` is the second notify party’s country', async () => {
    const text = `${HEADER}\n${row({ notify_name: 'Acme BV|Nairobi Traders Ltd', notify_country: '|KE' })}\n`;
    const { manifest, report } = await parse(text);
    expect(report.status).toBe('accepted');
    expect(manifest?.billsOfLading[0]?.notifyParties).toEqual([
      { name: 'Acme BV' },
      { name: 'Nairobi Traders Ltd', country: 'KE' },
    ]);
  });

  it('a goods line over several containers is judged per container share, not per row', async () => {
    // 80 t of steel in 3 containers (26.7 t each): plausible although above one container's limit.
    const containers = ['MSKU7351770', 'TGHU1234567', 'CMAU3456787'];
    const text = [
      HEADER,
      ...containers.map((c) => row({ container_number: c, gross_weight_kg: '80000' })),
      // 200 t in 2 containers is impossible: the goods line is kept with the error on it.
      ...containers
        .slice(0, 2)
        .map((c) => row({ bl_number: 'B2', container_number: c, gross_weight_kg: '200000' })),
    ].join('\n');
    const { manifest, report } = await parse(text);
    const bl = manifest?.billsOfLading.find((b) => b.number === 'MEDU1234567');
    expect(bl?.goods).toHaveLength(1);
    expect(bl?.goods[0]).toMatchObject({ grossWeightKg: 80000, containers });
    const weights = issues(report, 'WEIGHT_IMPOSSIBLE');
    expect(weights).toHaveLength(1);
    expect(weights[0]).toMatchObject({
      severity: 'error',
      rejected: false,
      location: { line: 5, field: 'gross_weight_kg' },
    });
    expect(weights[0]?.message).toContain('B/L B2');
    const b2 = manifest?.billsOfLading.find((b) => b.number === 'B2');
    expect(b2?.goods).toEqual([
      expect.objectContaining({
        grossWeightKg: 200000,
        containers: containers.slice(0, 2),
        dataQuality: [{ code: 'WEIGHT_IMPOSSIBLE', field: 'grossWeightKg', value: '200000' }],
      }),
    ]);
    expect(bl?.goods[0]?.dataQuality).toBeUndefined();
    expect(b2?.containers).toEqual(containers.slice(0, 2));
    expect(report.counts).toMatchObject({ recordsWithErrors: 1, rejectedRecords: 0 });
    expect(manifest?.containers).toHaveLength(3);
  });

  it('a single container with an impossible goods weight is still WEIGHT_IMPOSSIBLE', async () => {
    const { manifest, report } = await parse(`${HEADER}\n${row({ gross_weight_kg: '90000' })}\n`);
    expect(issues(report, 'WEIGHT_IMPOSSIBLE')).toHaveLength(1);
    expect(manifest?.billsOfLading[0]?.goods[0]).toMatchObject({
      grossWeightKg: 90000,
      dataQuality: [{ code: 'WEIGHT_IMPOSSIBLE', field: 'grossWeightKg', value: '90000' }],
    });
    expect(report.status).toBe('accepted-with-errors');
  });

  it('B/L columns that differ between rows of the same B/L give BL_CONFLICT; the first values are kept', async () => {
    const text = [
      HEADER,
      row(),
      row({ container_number: 'TGHU1234567', shipper_address: '9 Other Street, Ningbo' }),
      // Only the case of a code differs: the model is the same, nothing to report.
      row({ container_number: 'CMAU3456787', port_of_loading: 'cnngb' }),
    ].join('\n');
    const { manifest, report } = await parse(text);
    const conflicts = issues(report, 'BL_CONFLICT');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      severity: 'warning',
      location: { line: 3, field: 'shipper_address' },
    });
    expect(conflicts[0]?.message).toContain('line 2');
    expect(manifest?.billsOfLading[0]?.shipper?.address).toBe('8 Harbour Road, Ningbo');
    expect(manifest?.billsOfLading[0]?.containers).toHaveLength(3);
    expect(report.status).toBe('accepted');
  });

  it('unrecognised bl_type, container_status, freight_terms and shipper_owned are VALUE_UNKNOWN', async () => {
    const text = [
      HEADER,
      row({ bl_number: 'B1', bl_type: 'sea waybill' }),
      row({ bl_number: 'B2', container_number: 'TGHU1234567', container_status: 'half' }),
      row({ bl_number: 'B3', container_number: 'CMAU3456787', freight_terms: 'barter' }),
      row({ bl_number: 'B4', container_number: 'MSCU1234566', shipper_owned: 'maybe' }),
    ].join('\n');
    const { manifest, report } = await parse(text);
    const unknown = issues(report, 'VALUE_UNKNOWN');
    expect(unknown.map((i) => [i.location.field, i.severity])).toEqual([
      ['bl_type', 'error'],
      ['container_status', 'error'],
      ['freight_terms', 'warning'],
      ['shipper_owned', 'warning'],
    ]);
    // Every row is kept; the errors (not the warnings) travel on the record as data quality.
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['B1', 'B2', 'B3', 'B4']);
    expect(manifest?.billsOfLading[0]).toMatchObject({
      type: 'master',
      dataQuality: [{ code: 'VALUE_UNKNOWN', field: 'type', value: 'sea waybill' }],
    });
    expect(manifest?.containers[1]).toMatchObject({
      status: 'full',
      dataQuality: [{ code: 'VALUE_UNKNOWN', field: 'status', value: 'half' }],
    });
    expect(manifest?.billsOfLading[2]?.dataQuality).toBeUndefined();
  });

  it('the reporting port known from outside the file fills a missing one, with a warning', async () => {
    const text = `${HEADER}\n${row({ reporting_port: '' })}\n`;
    const { manifest, report } = await parse(text, { reportingPort: 'nlrtm' });
    expect(manifest?.voyage.reportingPort).toBe('NLRTM');
    expect(report.status).toBe('accepted');
    expect(issues(report, 'REQUIRED_FIELD')[0]).toMatchObject({ severity: 'warning' });
    // The file's own port wins over the one given from outside.
    const own = await parse(`${HEADER}\n${row()}\n`, { reportingPort: 'BEANR' });
    expect(own.manifest?.voyage.reportingPort).toBe('NLRTM');
  });

  it('identical parties are one shared object; a namesake at another address stays apart', async () => {
    const text = [
      HEADER,
      row({ bl_number: 'B1', notify_name: 'Acme BV' }),
      row({ bl_number: 'B2', container_number: 'TGHU1234567', notify_name: 'Acme BV' }),
      row({ bl_number: 'B3', container_number: 'CMAU3456787', shipper_name: 'Other Toys Ltd' }),
    ].join('\n');
    const { manifest } = await parse(text);
    const [b1, b2, b3] = manifest?.billsOfLading ?? [];
    expect(b1?.shipper).toBe(b2?.shipper);
    expect(b1?.notifyParties[0]).toBe(b2?.notifyParties[0]);
    expect(b3?.shipper).toEqual({ name: 'Other Toys Ltd', address: '8 Harbour Road, Ningbo' });
  });
});
