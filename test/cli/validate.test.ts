import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeManifestCsv } from '#core/manifest/csv-writer.ts';
import { generateManifest } from '#generator/index.ts';
import { ValidationReport } from '#schemas/validation-report.ts';

const dir = mkdtempSync(join(tmpdir(), 'pcu-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function pcu(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/pcu.js', 'validate', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const { manifest } = generateManifest({ containers: 40, seed: 11 });
const goodCsv = writeManifestCsv(manifest);

describe('pcu validate', () => {
  it('exit 0 and a human summary for a clean manifest', () => {
    const { code, stdout, stderr } = pcu(file('good.csv', goodCsv));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('accepted');
    expect(stdout).toContain('format csv, encoding utf-8');
    expect(stdout).toContain(`${manifest.containers.length} containers`);
  });

  it('exit 1 and the first errors with positions when records have errors (they are kept)', () => {
    const lines = goodCsv.split('\n');
    const broken = [lines[0], lines[1]?.replace(/,[A-Z]{4}\d{7},/, ',MSKU12,'), ...lines.slice(2)].join('\n');
    const { code, stdout } = pcu(file('partial.csv', broken));
    expect(code).toBe(1);
    expect(stdout).toContain('accepted with errors (records with errors are kept and profiled)');
    expect(stdout).toMatch(/1 kept with errors, 0 set aside; 1 errors/);
    expect(stdout).toMatch(/CONTAINER_FORMAT at line 2 col \d+ \[container_number\]/);
  });

  it('exit 1 when a row names neither a B/L nor a container: it is set aside', () => {
    const header = goodCsv.split('\n', 1)[0] ?? '';
    const values: Record<string, string> = {
      vessel_name: manifest.voyage.vesselName,
      voyage_number: manifest.voyage.voyageNumber,
      reporting_port: manifest.voyage.reportingPort,
      shipper_name: 'NOBODY TRADING LTD',
    };
    const orphan = header
      .split(',')
      .map((name) => values[name] ?? '')
      .join(',');
    const { code, stdout } = pcu(file('set-aside.csv', `${goodCsv.trimEnd()}\n${orphan}\n`));
    expect(code).toBe(1);
    expect(stdout).toContain('some records set aside');
    expect(stdout).toMatch(/0 kept with errors, 1 set aside/);
  });

  it('exit 2 for a missing file, an empty file and binary content, without a stack trace', () => {
    for (const [args, text] of [
      [[join(dir, 'nope.csv')], /no such file/],
      [[file('empty.csv', '')], /FILE_EMPTY/],
      [[file('blob.csv', new Uint8Array([0, 1, 2, 3, 255, 0, 7]))], /FILE_BINARY/],
    ] as const) {
      const { code, stdout, stderr } = pcu(...args);
      expect(code).toBe(2);
      expect(stdout + stderr).toMatch(text);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--json prints the full report, valid against the schema; --format is checked against the content', () => {
    const { code, stdout } = pcu(file('m.dat', JSON.stringify(manifest)), '--json', '--format', 'csv');
    expect(code).toBe(0);
    const report = ValidationReport.parse(JSON.parse(stdout));
    expect(report.format).toBe('json');
    expect(report.issues.map((i) => i.code)).toContain('FILE_FORMAT_MISMATCH');
  });

  it('the real CBP CUSCAR sample: its truck (EQD+BI) is reported, not a crash (exit 1)', () => {
    const { code, stdout } = pcu('test/fixtures/edifact/cbp-ace-sample-CUSCAR-D03B.edi');
    expect(code).toBe(1);
    expect(stdout).toContain('format cuscar');
    expect(stdout).toContain('EQUIPMENT_NOT_CONTAINER');
  });

  it('an unsupported --format value is a usage error (exit 2)', () => {
    const { code, stderr } = pcu(file('x.csv', goodCsv), '--format', 'xlsx');
    expect(code).toBe(2);
    expect(stderr).toMatch(/xlsx/);
  });

  it('--reporting-port fills in a manifest without a reporting port (warning); a bad code is a usage error', () => {
    const { voyage, ...rest } = manifest;
    const { reportingPort: _dropped, ...noPort } = voyage;
    const path = file('no-port.json', JSON.stringify({ ...rest, voyage: noPort }));
    expect(pcu(path).code).toBe(2);
    const { code, stdout } = pcu(path, '--reporting-port', 'nl rtm', '--json');
    expect(code).toBe(0);
    const report = ValidationReport.parse(JSON.parse(stdout));
    expect(report.issues.find((i) => i.code === 'REQUIRED_FIELD')?.message).toContain('NLRTM');
    const bad = pcu(path, '--reporting-port', 'Rotterdam');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a UN\/LOCODE/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('--locations makes a border station UN/LOCODE lacks valid (Altynkol); without it the station is an error', () => {
    // A China-Europe train into Kazakhstan through Altynkol (KZAKL), which UN/LOCODE does not list.
    const rail = {
      ...manifest,
      voyage: {
        ...manifest.voyage,
        mode: 'rail',
        vesselName: 'X8024',
        voyageNumber: 'X8024/2026-11-28',
        trainNumber: 'X8024',
        borderStation: 'KZAKL',
      },
    };
    const path = file('rail-altynkol.json', JSON.stringify(rail));
    const without = pcu(path, '--json');
    expect(without.code).not.toBe(0);
    const unknown = ValidationReport.parse(JSON.parse(without.stdout)).issues.find(
      (i) => i.code === 'LOCODE_UNKNOWN',
    );
    expect(unknown).toMatchObject({ severity: 'error', location: { field: 'borderStation' } });
    expect(unknown?.message).toContain('KZAKL');

    const withFile = pcu(path, '--locations', 'data/locations/central-asia.csv', '--json');
    expect(withFile.stderr).toBe('');
    expect(withFile.code).toBe(0);
    const report = ValidationReport.parse(JSON.parse(withFile.stdout));
    expect(report.issues.filter((i) => i.code === 'LOCODE_UNKNOWN')).toEqual([]);
  });

  it('a bad row of the --locations file is a usage error naming its line and field (exit 2)', () => {
    const locations = file(
      'bad-locations.csv',
      'code,name,country,latitude,longitude,kind\nKZAKL,Altynkol,KZ,44.19,80.33,station\n',
    );
    const { code, stderr } = pcu(file('good-2.csv', goodCsv), '--locations', locations);
    expect(code).toBe(2);
    expect(stderr).toMatch(/line 2, kind: KZAKL: "station" is not one of/);
  });
});
