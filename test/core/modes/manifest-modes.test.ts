import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource, fileSource, parseManifest } from '#core/manifest/parse-manifest.ts';
import { transportMode } from '#schemas/manifest.ts';

const fixtures = join(import.meta.dirname, '../../fixtures');

describe('one model for every mode', () => {
  it('reads a sea manifest of every format without a mode: it is sea, and nothing new appears in it', async () => {
    for (const file of ['edifact/ocean-2bl-3containers-D03B.edi', 'profiling/planted-hits.manifest.json']) {
      const { manifest } = await parseManifest(fileSource(join(fixtures, file)));
      expect(manifest, file).toBeDefined();
      if (!manifest) continue;
      expect(manifest.voyage.mode).toBeUndefined();
      expect(transportMode(manifest.voyage)).toBe('sea');
      for (const bl of manifest.billsOfLading) expect(bl.documentType).toBeUndefined();
      for (const c of manifest.containers) expect(c.kind).toBeUndefined();
    }
  });

  it('keeps an air manifest written as the model: mode, flight, air waybills and ULDs', async () => {
    const air = {
      voyage: {
        mode: 'air',
        vesselName: 'XX8012',
        voyageNumber: 'XX8012/2021-03-10',
        flightNumber: 'XX8012',
        aircraftRegistration: 'UK-67003',
        reportingPort: 'UZTAS',
      },
      billsOfLading: [
        {
          number: '888-11111111',
          documentType: 'air-waybill',
          pieceCount: 3,
          grossWeightKg: 1042,
          shipper: { name: 'FORWARDER COMPANY IRELAND LTD', country: 'IE' },
          consignee: { name: 'TASHKENT IMPORT LLC', country: 'UZ' },
          portOfLoading: 'IEORK',
          portOfDischarge: 'UZTAS',
          containers: ['AKE12345XX', '218124712170'],
          goods: [{ lineNumber: 1, description: 'SPARE PARTS', packageCount: 3, grossWeightKg: 1042 }],
        },
      ],
      containers: [
        { number: 'AKE12345XX', kind: 'uld' },
        { number: '21 81 2471 217-0', kind: 'wagon' },
      ],
    };
    const { manifest, report } = await parseManifest(bytesSource(JSON.stringify(air), 'air.json'));
    // each piece of equipment is checked as what it is: the ULD id passes, the wagon's check digit is wrong
    const equipment = report.issues.filter((i) => i.location.path?.startsWith('/containers'));
    expect(equipment.map((i) => [i.code, i.location.path])).toEqual([
      ['WAGON_CHECK_DIGIT', '/containers/1/number'],
    ]);
    expect(manifest?.voyage).toMatchObject({
      mode: 'air',
      flightNumber: 'XX8012',
      aircraftRegistration: 'UK-67003',
    });
    expect(manifest?.billsOfLading[0]).toMatchObject({
      documentType: 'air-waybill',
      pieceCount: 3,
      grossWeightKg: 1042,
    });
    expect(manifest?.containers[0]?.kind).toBe('uld');
  });

  it('checks the places of a JSON manifest by its mode: airports for air, seaports for sea', async () => {
    // UN/LOCODE lists IEORK (Cork) as port and airport, UZTAS (Tashkent) as airport and no port,
    // NLVLI (Vlissingen) as port and no airport.
    const manifest = (mode?: string) => ({
      voyage: {
        ...(mode && { mode }),
        vesselName: 'XX8012',
        voyageNumber: 'XX8012/2021-03-10',
        reportingPort: 'UZTAS',
        previousPortsOfCall: ['IEORK'],
      },
      billsOfLading: [
        {
          number: '888-11111111',
          shipper: { name: 'FORWARDER COMPANY IRELAND LTD', country: 'IE' },
          consignee: { name: 'TASHKENT IMPORT LLC', country: 'UZ' },
          portOfLoading: 'IEORK',
          transshipmentPorts: ['NLVLI'],
          portOfDischarge: 'UZTAS',
          containers: [],
          goods: [{ lineNumber: 1, description: 'SPARE PARTS', packageCount: 3, grossWeightKg: 1042 }],
        },
      ],
      containers: [],
    });
    const placeIssues = async (mode?: string) => {
      const { report } = await parseManifest(bytesSource(JSON.stringify(manifest(mode)), 'm.json'));
      return report.issues
        .filter((i) => i.code.startsWith('LOCODE_'))
        .map((i) => [i.code, i.severity, i.location.path]);
    };
    expect(await placeIssues('air')).toEqual([
      ['LOCODE_FUNCTION', 'warning', '/billsOfLading/0/transshipmentPorts/0'],
    ]);
    expect(await placeIssues()).toEqual([
      ['LOCODE_NOT_SEAPORT', 'warning', '/voyage/reportingPort'],
      ['LOCODE_NOT_SEAPORT', 'warning', '/billsOfLading/0/portOfDischarge'],
    ]);
  });

  it('the JSON schema file carries the new optional fields', () => {
    const schema = readFileSync(
      join(import.meta.dirname, '../../../schemas/json/manifest.schema.json'),
      'utf8',
    );
    for (const field of ['mode', 'flightNumber', 'trainNumber', 'tirCarnet', 'documentType', 'kind']) {
      expect(schema).toContain(`"${field}"`);
    }
  });
});
