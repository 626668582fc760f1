import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  airportLocode,
  locationKinds,
  locationPoint,
  locationProblems,
  parseLocationsFile,
  useDeploymentLocations,
} from '#core/identifiers/locations.ts';
import { isKnownLocode, locodeProblems } from '#core/identifiers/locode.ts';

const centralAsia = readFileSync(
  join(import.meta.dirname, '../../../data/locations/central-asia.csv'),
  'utf8',
);

afterEach(() => useDeploymentLocations([]));

describe('UN/LOCODE functions', () => {
  it('knows which codes are rail, road, airport and border locations', () => {
    expect(locationKinds('KZHOR')).toEqual(expect.arrayContaining(['rail', 'road']));
    expect(locationKinds('UZTAS')).toEqual(expect.arrayContaining(['rail', 'airport']));
    expect(locationKinds('NLRTM')).toContain('port');
    expect(locationKinds('KZZZZ')).toBeUndefined();
    expect(locationProblems('UZTAS', 'airport')).toEqual([]);
    expect(locationProblems('KZHOR', 'airport')[0]).toMatchObject({
      code: 'LOCODE_FUNCTION',
      severity: 'warning',
    });
    expect(locationProblems('KZHOR', 'border')).toEqual([]);
  });

  it('maps IATA airport codes to UN/LOCODE, the airport winning over a port with the same IATA code', () => {
    expect(airportLocode('PVG')).toBe('CNPVG');
    expect(airportLocode('ICN')).toBe('KRICN'); // KRINC (the port of Incheon) also carries ICN
    expect(airportLocode('ala')).toBe('KZALA');
    expect(airportLocode('TAS')).toBe('UZTAS');
    expect(airportLocode('TSE')).toBe('KZAST'); // Astana: IATA code differs from the location code
    expect(airportLocode('QQQ')).toBeUndefined();
    expect(locationPoint('HKHKG')).toEqual({ latitude: 22.32, longitude: 114.17 });
    expect(locationPoint('UZTAS')).toBeUndefined(); // the list gives Tashkent no coordinates
  });
});

describe('the deployment locations file', () => {
  it('makes a border station the list lacks valid, with its name, kind and coordinates', () => {
    expect(isKnownLocode('KZAKL')).toBe(false);
    expect(locodeProblems('KZAKL')[0]?.code).toBe('LOCODE_UNKNOWN');
    const read = parseLocationsFile(centralAsia);
    expect(read.problems).toEqual([]);
    useDeploymentLocations(read.locations);
    expect(isKnownLocode('KZAKL')).toBe(true);
    expect(locodeProblems('KZAKL')).toEqual([]);
    expect(locationProblems('KZDSK', 'border')).toEqual([]);
    expect(locationKinds('KZAKL')).toEqual(['rail']);
    expect(locationPoint('KZDSK')).toEqual({ latitude: 45.25, longitude: 82.48 });
  });

  it('names the line and field of each bad row and keeps the good ones', () => {
    const read = parseLocationsFile(
      [
        'code,name,country,latitude,longitude,kind',
        'KZ AKL,Altynkol,KZ,44.19,80.33,rail',
        'KZHOR,Horgos again,KZ,,,rail',
        'KZXQ1,No kind,KZ,,,station',
        'UZXQ2,Wrong country,KZ,,,road',
        'UZXQ3,Off the map,UZ,95,67,road',
      ].join('\n'),
    );
    expect(read.locations.map((l) => l.code)).toEqual(['KZAKL']);
    expect(read.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'code'],
      [4, 'kind'],
      [5, 'country'],
      [6, 'latitude'],
    ]);
    expect(parseLocationsFile('"unclosed').problems[0]?.field).toBe('file');
  });
});
