import { describe, expect, it } from 'vitest';
import { bytesSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import type { Issue } from '#schemas/validation-report.ts';
import { csvRow } from './csv-test-rows.ts';

/**
 * The "bad input" list of issue 2, for CSV: each case names the code and position the officer
 * sees, and checks that the other records survive.
 */
const HEADER =
  'vessel_name,imo,voyage_number,reporting_port,eta,bl_number,shipper_name,shipper_country,port_of_loading,' +
  'container_number,iso_type,vgm_kg,goods_line,description,hs_code,gross_weight_kg';

function row(overrides: Partial<Record<string, string>> = {}): string {
  const values: Record<string, string> = {
    vessel_name: 'MSC ANNA',
    imo: '9074729',
    voyage_number: 'FA123W',
    reporting_port: 'NLRTM',
    eta: '2024-03-15',
    bl_number: 'MEDU1234567',
    shipper_name: 'Ningbo Bright Toys Co Ltd',
    shipper_country: 'CN',
    port_of_loading: 'CNNGB',
    container_number: 'MSKU7351770',
    iso_type: '22G1',
    vgm_kg: '12000',
    goods_line: '1',
    description: 'PLASTIC TOYS',
    hs_code: '950300',
    gross_weight_kg: '8000',
    ...overrides,
  };
  return csvRow(HEADER, values);
}

const CONTAINERS = ['MSKU7351770', 'TGHU1234567', 'CMAU3456787', 'MSCU1234566'];

async function parse(text: string | Uint8Array, name = 'manifest.csv') {
  return parseManifest(bytesSource(text, name));
}

function issues(report: { issues: Issue[] }, code: string): Issue[] {
  return report.issues.filter((i) => i.code === code);
}

describe('CSV intake: bad input gets a clear error and loses nothing else', () => {
  it('an empty file is rejected as a whole with FILE_EMPTY', async () => {
    const { manifest, report } = await parse('');
    expect(manifest).toBeUndefined();
    expect(report.status).toBe('rejected');
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ code: 'FILE_EMPTY', severity: 'error' });
    const blank = await parse('\r\n\n   \n');
    expect(blank.report.issues[0]?.code).toBe('FILE_EMPTY');
  });

  it('binary garbage is rejected with FILE_BINARY, naming what it looks like', async () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    const { manifest, report } = await parse(bytes);
    expect(manifest).toBeUndefined();
    expect(report.issues.map((i) => i.code)).toEqual(['FILE_BINARY']);
    const xlsx = await parse(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]), 'manifest.xlsx');
    expect(xlsx.report.issues[0]?.message).toMatch(/xlsx/);
  });

  it('a Latin-1 file is read as Latin-1 with a warning, accents intact', async () => {
    const text = `${HEADER}\n${row({ shipper_name: 'Société Générale d’Import', bl_number: 'B1' })}\n${row({ bl_number: 'B2', container_number: CONTAINERS[1] })}\n`;
    const bytes = new Uint8Array([...text].map((ch) => (ch === '’' ? 0x92 : ch.charCodeAt(0))));
    const { manifest, report } = await parse(bytes);
    expect(report.encoding).toBe('latin1');
    expect(issues(report, 'FILE_ENCODING_LATIN1')).toHaveLength(1);
    expect(report.status).toBe('accepted');
    expect(manifest?.billsOfLading[0]?.shipper?.name).toBe('Société Générale d’Import');
    expect(manifest?.billsOfLading).toHaveLength(2);
  });

  it('a Latin-1 byte far into the file (beyond the first look) restarts the read as Latin-1', async () => {
    const rows = [HEADER];
    for (let i = 0; i < 1500; i++) rows.push(row({ bl_number: `B${i}`, goods_line: '1' }));
    rows.push(row({ bl_number: 'LAST', shipper_name: 'Caf\u00e9 Export' }));
    const text = `${rows.join('\n')}\n`;
    const bytes = new Uint8Array([...text].map((ch) => ch.charCodeAt(0)));
    expect(bytes.length).toBeGreaterThan(128 * 1024);
    const { manifest, report } = await parse(bytes);
    expect(report.encoding).toBe('latin1');
    expect(manifest?.billsOfLading.at(-1)?.shipper?.name).toBe('Café Export');
    expect(report.counts.recordsRead).toBe(1501);
  });

  it('BOM + CRLF: the BOM does not spoil the first header cell, lines are counted right', async () => {
    const text = `\uFEFF${[HEADER, row(), row({ bl_number: 'B2', container_number: 'MSKU735177' }), row({ bl_number: 'B3', container_number: CONTAINERS[1] })].join('\r\n')}\r\n`;
    const { manifest, report } = await parse(text);
    expect(issues(report, 'CSV_UNKNOWN_COLUMN')).toEqual([]);
    expect(manifest?.voyage.vesselName).toBe('MSC ANNA');
    const bad = issues(report, 'CONTAINER_FORMAT');
    expect(bad).toHaveLength(1);
    expect(bad[0]?.location).toMatchObject({ line: 3, column: 10, field: 'container_number' });
    expect(bad[0]?.record).toContain('B/L B2');
    // The row with the malformed container number is kept: the container is still assessed.
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['MEDU1234567', 'B2', 'B3']);
    expect(manifest?.containers.find((c) => c.number === 'MSKU735177')?.dataQuality).toEqual([
      { code: 'CONTAINER_FORMAT', field: 'number', value: 'MSKU735177' },
    ]);
    expect(manifest?.billsOfLading[0]?.goods[0]?.description).toBe('PLASTIC TOYS');
  });

  it('missing required columns reject the file with CSV_MISSING_COLUMN naming them', async () => {
    const header = 'vessel_name,voyage_number,reporting_port,description,hs_code';
    const { manifest, report } = await parse(`${header}\nMSC ANNA,FA1,NLRTM,TOYS,950300\n`);
    expect(manifest).toBeUndefined();
    expect(report.status).toBe('rejected');
    const missing = issues(report, 'CSV_MISSING_COLUMN');
    expect(missing).toHaveLength(1);
    expect(missing[0]?.message).toContain('bl_number');
    expect(missing[0]?.message).toContain('container_number');
    expect(missing[0]?.location.line).toBe(1);
  });

  it('header aliases are matched case-, space- and punctuation-insensitively', async () => {
    const header = 'Vessel,Voyage No,Port of Arrival,B/L No,Cntr No,HS,Commodity,POL,Consignee';
    const { manifest, report } = await parse(
      `${header}\nMSC ANNA,FA1,NLRTM,B1,MSKU7351770,9503.00,TOYS,CNNGB,Acme BV\n`,
    );
    expect(report.status).toBe('accepted');
    expect(manifest?.billsOfLading[0]).toMatchObject({
      number: 'B1',
      portOfLoading: 'CNNGB',
      consignee: { name: 'Acme BV' },
      goods: [{ hsCode: '950300', description: 'TOYS', containers: ['MSKU7351770'] }],
    });
  });

  it('unknown extra columns are ignored with one CSV_UNKNOWN_COLUMN warning each', async () => {
    const text = `${HEADER},booking_ref,Remarks\n${row()},BK1,fragile\n${row({ bl_number: 'B2', container_number: CONTAINERS[1] })},BK2,none\n`;
    const { manifest, report } = await parse(text);
    const unknown = issues(report, 'CSV_UNKNOWN_COLUMN');
    expect(unknown.map((i) => i.location)).toEqual([
      { line: 1, column: 17, field: 'booking_ref' },
      { line: 1, column: 18, field: 'Remarks' },
    ]);
    expect(report.status).toBe('accepted');
    expect(manifest?.billsOfLading).toHaveLength(2);
  });

  it('a 1 MB single line is read as one row (linear time) and the other rows survive', async () => {
    const huge = 'X'.repeat(1024 * 1024);
    const text = `${HEADER}\n${row({ bl_number: 'B1' })}\n${row({ bl_number: 'B2', description: huge, container_number: CONTAINERS[1] })}\n${row({ bl_number: 'B3', container_number: CONTAINERS[2] })}\n`;
    const started = performance.now();
    const { manifest, report } = await parse(text);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(report.status).toBe('accepted');
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['B1', 'B2', 'B3']);
    expect(manifest?.billsOfLading[1]?.goods[0]?.description.length).toBe(1024 * 1024);
  });

  it('a file that is one 1 MB line with no header is rejected with one clear reason', async () => {
    const { manifest, report } = await parse('A'.repeat(1024 * 1024));
    expect(manifest).toBeUndefined();
    expect(report.issues.map((i) => i.code)).toEqual(['FILE_FORMAT_UNKNOWN']);
  });

  it('an unclosed quote is CSV_MALFORMED at the line where it opens; earlier rows are kept', async () => {
    const text = `${HEADER}\n${row({ bl_number: 'B1' })}\n${row({ bl_number: 'B2', container_number: CONTAINERS[1] }).replace('PLASTIC TOYS', '"PLASTIC TOYS')}\n`;
    const { manifest, report } = await parse(text);
    expect(issues(report, 'CSV_MALFORMED')[0]?.location.line).toBe(3);
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['B1']);
  });

  it('formula-like cells are kept as data with a CSV_FORMULA_CELL warning', async () => {
    const formula = '=HYPERLINK("http://evil.example/x","Click")';
    const text = `${HEADER}\n${row({ shipper_name: formula })}\n${row({ bl_number: 'B2', shipper_name: '@SUM(A1)', container_number: CONTAINERS[1] })}\n`;
    const { manifest, report } = await parse(text);
    expect(manifest?.billsOfLading[0]?.shipper?.name).toBe(formula);
    expect(manifest?.billsOfLading[1]?.shipper?.name).toBe('@SUM(A1)');
    const warnings = issues(report, 'CSV_FORMULA_CELL');
    expect(warnings.map((w) => w.location)).toEqual([
      { line: 2, column: 7, field: 'shipper_name' },
      { line: 3, column: 7, field: 'shipper_name' },
    ]);
    expect(report.status).toBe('accepted');
  });

  it('duplicate container rows are ignored with DUPLICATE_ROW; the first is kept', async () => {
    const text = `${HEADER}\n${row()}\n${row({ goods_line: '2', description: 'DOLLS', hs_code: '950210' })}\n${row()}\n`;
    const { manifest, report } = await parse(text);
    const dup = issues(report, 'DUPLICATE_ROW');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ severity: 'warning', location: { line: 4 } });
    expect(manifest?.billsOfLading[0]?.goods.map((g) => g.lineNumber)).toEqual([1, 2]);
    expect(manifest?.containers).toHaveLength(1);
    expect(report.status).toBe('accepted');
  });

  it('a container repeated with different details keeps the first and warns DUPLICATE_CONTAINER', async () => {
    const text = `${HEADER}\n${row()}\n${row({ bl_number: 'B2', iso_type: '45G1' })}\n`;
    const { manifest, report } = await parse(text);
    expect(issues(report, 'DUPLICATE_CONTAINER')[0]?.location.line).toBe(3);
    expect(manifest?.containers).toEqual([
      expect.objectContaining({ number: 'MSKU7351770', isoType: '22G1' }),
    ]);
    expect(manifest?.billsOfLading.map((b) => b.containers)).toEqual([['MSKU7351770'], ['MSKU7351770']]);
  });

  it('impossible weights are WEIGHT_IMPOSSIBLE at the weight cell; the rows are kept with the error on them', async () => {
    const text = [
      HEADER,
      row({ bl_number: 'B1' }),
      row({ bl_number: 'B2', container_number: CONTAINERS[1], vgm_kg: '250000' }),
      row({ bl_number: 'B3', container_number: CONTAINERS[2], gross_weight_kg: '-5' }),
      row({ bl_number: 'B4', container_number: CONTAINERS[3], vgm_kg: '0' }),
    ].join('\n');
    const { manifest, report } = await parse(text);
    const weights = issues(report, 'WEIGHT_IMPOSSIBLE');
    expect(weights.map((w) => [w.location.line, w.location.field, w.severity, w.rejected])).toEqual([
      [3, 'vgm_kg', 'error', false],
      [4, 'gross_weight_kg', 'error', false],
      [5, 'vgm_kg', 'error', false],
    ]);
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['B1', 'B2', 'B3', 'B4']);
    const containers = manifest?.containers ?? [];
    // A weight the type can hold is kept (it is evidence); a negative one is left out.
    expect(containers[1]).toMatchObject({
      verifiedGrossMassKg: 250000,
      dataQuality: [{ code: 'WEIGHT_IMPOSSIBLE', field: 'verifiedGrossMassKg', value: '250000' }],
    });
    const negative = manifest?.billsOfLading[2]?.goods[0];
    expect(negative?.grossWeightKg).toBeUndefined();
    expect(negative?.dataQuality).toEqual([
      { code: 'WEIGHT_IMPOSSIBLE', field: 'grossWeightKg', value: '-5' },
    ]);
    expect(containers[3]?.dataQuality).toEqual([
      { code: 'WEIGHT_IMPOSSIBLE', field: 'verifiedGrossMassKg', value: '0' },
    ]);
    expect(report.counts).toMatchObject({ recordsRead: 4, recordsWithErrors: 3, rejectedRecords: 0 });
    expect(report.status).toBe('accepted-with-errors');
  });

  it('invalid dates are DATE_INVALID errors at the cell; the voyage keeps the valid date', async () => {
    const text = `${HEADER}\n${row({ eta: '2024-02-30' })}\n${row({ bl_number: 'B2', container_number: CONTAINERS[1] })}\n`;
    const { manifest, report } = await parse(text);
    const dates = issues(report, 'DATE_INVALID');
    expect(dates).toHaveLength(1);
    expect(dates[0]).toMatchObject({ severity: 'error', location: { line: 2, column: 5, field: 'eta' } });
    expect(manifest?.voyage.eta).toBe('2024-03-15');
    expect(manifest?.billsOfLading).toHaveLength(2);
    expect(report.status).toBe('accepted-with-errors');
  });

  it('identifier policy: a bad check digit or a non-seaport is a warning, an unknown LOCODE an error', async () => {
    const text = [
      HEADER,
      row({ container_number: 'MSKU7351771' }),
      row({ bl_number: 'B2', container_number: CONTAINERS[1], port_of_loading: 'CNSHA' }),
      row({ bl_number: 'B3', container_number: CONTAINERS[2], port_of_loading: 'XXQQQ' }),
    ].join('\n');
    const { manifest, report } = await parse(text);
    expect(issues(report, 'CONTAINER_CHECK_DIGIT')[0]).toMatchObject({
      severity: 'warning',
      rejected: false,
    });
    expect(issues(report, 'LOCODE_NOT_SEAPORT')[0]).toMatchObject({ severity: 'warning' });
    expect(issues(report, 'LOCODE_UNKNOWN')[0]).toMatchObject({
      severity: 'error',
      rejected: false,
      location: { line: 4, column: 9 },
    });
    // The container with the bad check digit is kept: the profiler scores it as a risk indicator.
    // The row with the unknown port is kept too, the well-formed code with it (it still tells the route).
    expect(manifest?.containers.map((c) => c.number)).toEqual(['MSKU7351771', CONTAINERS[1], CONTAINERS[2]]);
    expect(manifest?.billsOfLading[2]).toMatchObject({
      portOfLoading: 'XXQQQ',
      dataQuality: [{ code: 'LOCODE_UNKNOWN', field: 'portOfLoading', value: 'XXQQQ' }],
    });
  });

  it('multi-value cells: seals, transshipment ports and notify parties', async () => {
    const header =
      'vessel_name,voyage_number,reporting_port,previous_ports,bl_number,container_number,seals,transshipment_ports,notify_name,notify_country';
    const text = `${header}\nMSC ANNA,FA1,NLRTM,SGSIN;ESALG,B1,MSKU7351770,S1|S2 ; S3,SGSIN|MAPTM,Acme BV|Beta GmbH,NL|DE\n`;
    const { manifest, report } = await parse(text);
    expect(report.status).toBe('accepted');
    expect(manifest?.voyage.previousPortsOfCall).toEqual(['SGSIN', 'ESALG']);
    expect(manifest?.containers[0]?.seals).toEqual(['S1', 'S2', 'S3']);
    expect(manifest?.billsOfLading[0]).toMatchObject({
      transshipmentPorts: ['SGSIN', 'MAPTM'],
      notifyParties: [
        { name: 'Acme BV', country: 'NL' },
        { name: 'Beta GmbH', country: 'DE' },
      ],
    });
  });

  it('semicolon-separated exports (European spreadsheets) are read', async () => {
    const text = `${HEADER.replace(/,/g, ';')}\n${row().replace(/,/g, ';')}\n`;
    const { manifest, report } = await parse(text);
    expect(report.status).toBe('accepted');
    expect(manifest?.containers[0]?.number).toBe('MSKU7351770');
  });

  it('a conflicting voyage value is a single CSV_VOYAGE_CONFLICT warning; the first is kept', async () => {
    const text = `${HEADER}\n${row()}\n${row({ bl_number: 'B2', vessel_name: 'MSC OTHER', container_number: CONTAINERS[1] })}\n${row({ bl_number: 'B3', vessel_name: 'MSC THIRD', container_number: CONTAINERS[2] })}\n`;
    const { manifest, report } = await parse(text);
    expect(issues(report, 'CSV_VOYAGE_CONFLICT')).toHaveLength(1);
    expect(manifest?.voyage.vesselName).toBe('MSC ANNA');
    expect(manifest?.billsOfLading).toHaveLength(3);
  });

  it('rows that never give the voyage (vessel, voyage number, reporting port) reject the file', async () => {
    const text = `${HEADER}\n${row({ reporting_port: '' })}\n${row({ bl_number: 'B2', reporting_port: '' })}\n`;
    const { manifest, report } = await parse(text);
    expect(manifest).toBeUndefined();
    expect(report.status).toBe('rejected');
    expect(report.issues.at(-1)).toMatchObject({ code: 'REQUIRED_FIELD' });
    expect(report.issues.at(-1)?.message).toContain('reporting_port');
  });

  it('rows with missing or extra cells are read (missing cells empty) with one CSV_FIELD_COUNT warning', async () => {
    const text = `${HEADER}\n${row()},extra\n${row({ bl_number: 'B2', container_number: CONTAINERS[1] }).split(',').slice(0, -3).join(',')}\n`;
    const { manifest, report } = await parse(text);
    expect(issues(report, 'CSV_FIELD_COUNT')).toHaveLength(1);
    expect(issues(report, 'CSV_FIELD_COUNT')[0]?.location.line).toBe(2);
    expect(manifest?.billsOfLading.map((b) => b.number)).toEqual(['MEDU1234567', 'B2']);
    expect(manifest?.billsOfLading[1]?.goods[0]?.hsCode).toBeUndefined();
  });

  it('the content wins over a lying extension, with FILE_FORMAT_MISMATCH', async () => {
    const { manifest, report } = await parse(`${HEADER}\n${row()}\n`, 'manifest.json');
    expect(report.format).toBe('csv');
    expect(issues(report, 'FILE_FORMAT_MISMATCH')).toHaveLength(1);
    expect(manifest?.containers).toHaveLength(1);
  });
});
