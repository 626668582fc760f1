import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  containerCheckDigit,
  containerNumberProblems,
  countryProblems,
  hsCodeProblems,
  imoProblems,
  isKnownLocode,
  isoTypeInfo,
  isoTypeProblems,
  isSeaport,
  isValidContainerNumber,
  isValidImo,
  locodeProblems,
  normaliseContainerNumber,
  normaliseImo,
} from '#core/identifiers/index.ts';

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('ISO 6346 container numbers', () => {
  // Test vectors seen in real documents (shared/data/PROVENANCE.md).
  it.each(['CSQU3054383', 'SUDU1234569', 'CAXU9971839', 'CMBU4067719', 'MSKU7351770', 'CBHU6818017'])(
    'accepts %s',
    (n) => {
      expect(isValidContainerNumber(n)).toBe(true);
      expect(containerNumberProblems(n)).toEqual([]);
    },
  );

  it('names the expected check digit of a wrong number', () => {
    const [p] = containerNumberProblems('TCKU7453652');
    expect(p?.code).toBe('CONTAINER_CHECK_DIGIT');
    expect(p?.severity).toBe('warning');
    expect(p?.message).toContain('expected 3');
  });

  it('rejects what is not 4 letters + 7 digits, and warns on a category other than U/J/Z', () => {
    expect(codes(containerNumberProblems('MSKU735177'))).toEqual(['CONTAINER_FORMAT']);
    expect(containerNumberProblems('MSKU735177')[0]?.severity).toBe('error');
    const number = `MSKX735177`;
    expect(codes(containerNumberProblems(number + containerCheckDigit(number)))).toEqual([
      'CONTAINER_CATEGORY',
    ]);
  });

  it('normalises what people type', () => {
    expect(normaliseContainerNumber(' msku 735177-0 ')).toBe('MSKU7351770');
  });

  it('the computed check digit always validates; any other digit never does', () => {
    const owner = fc.stringMatching(/^[A-Z]{3}[UJZ]$/);
    const serial = fc.stringMatching(/^\d{6}$/);
    fc.assert(
      fc.property(owner, serial, fc.integer({ min: 0, max: 9 }), (o, s, d) => {
        const check = containerCheckDigit(o + s);
        expect(isValidContainerNumber(`${o}${s}${d}`)).toBe(d === check);
      }),
    );
  });
});

describe('IMO numbers', () => {
  it.each(['9074729', '9215907', '9354351', '9395927'])('accepts %s', (n) => {
    expect(isValidImo(n)).toBe(true);
    expect(imoProblems(n)).toEqual([]);
  });
  it('flags a wrong check digit and a wrong shape', () => {
    expect(codes(imoProblems('9074728'))).toEqual(['IMO_CHECK_DIGIT']);
    expect(codes(imoProblems('907472'))).toEqual(['IMO_FORMAT']);
  });
  it('strips the IMO prefix', () => {
    expect(normaliseImo('IMO 9074729')).toBe('9074729');
    expect(normaliseImo('imo:9074729')).toBe('9074729');
  });
});

describe('UN/LOCODE', () => {
  it('knows real seaports', () => {
    expect(locodeProblems('NLRTM')).toEqual([]);
    expect(isSeaport('SGSIN')).toBe(true);
  });
  it('warns, does not reject, when carriers use a code not flagged as a seaport (CNSHA)', () => {
    const problems = locodeProblems('CNSHA');
    expect(isKnownLocode('CNSHA')).toBe(true);
    expect(problems.map((p) => [p.code, p.severity])).toEqual([['LOCODE_NOT_SEAPORT', 'warning']]);
  });
  it('accepts real codes with a digit 0 (DE9B0, IT940 exist)', () => {
    expect(isKnownLocode('IT940') || isKnownLocode('DE9B0')).toBe(true);
  });
  it('rejects unknown codes and bad shapes', () => {
    expect(codes(locodeProblems('NLZZZ'))).toEqual(['LOCODE_UNKNOWN']);
    expect(codes(locodeProblems('ROTTERDAM'))).toEqual(['LOCODE_FORMAT']);
  });
});

describe('HS codes', () => {
  it('accepts HS 2022 subheadings and national extensions', () => {
    expect(hsCodeProblems('847130')).toEqual([]);
    expect(hsCodeProblems('8471300000')).toEqual([]);
  });
  it('warns on a subheading that does not exist and rejects a malformed code', () => {
    expect(codes(hsCodeProblems('847199'))).toEqual(['HS_UNKNOWN']); // 8471.99 is not in HS 2022
    expect(codes(hsCodeProblems('999999'))).toEqual(['HS_UNKNOWN']); // UN Comtrade pseudo-code
    expect(codes(hsCodeProblems('84713'))).toEqual(['HS_FORMAT']);
  });
});

describe('countries and ISO size/type codes', () => {
  it('knows ISO 3166 codes', () => {
    expect(countryProblems('GB')).toEqual([]);
    expect(codes(countryProblems('UK'))).toEqual(['COUNTRY_UNKNOWN']);
  });
  it('describes common size/type codes', () => {
    expect(isoTypeInfo('22G1')).toMatchObject({ lengthFt: 20, highCube: false, group: 'G' });
    expect(isoTypeInfo('45G1')).toMatchObject({ lengthFt: 40, highCube: true, group: 'G' });
    expect(isoTypeInfo('L5G1')).toMatchObject({ lengthFt: 45, highCube: true });
    expect(isoTypeInfo('22R1')?.group).toBe('R');
    expect(isoTypeInfo('42G1')!.tareKg).toBeGreaterThan(isoTypeInfo('22G1')!.tareKg);
    expect(codes(isoTypeProblems('99XX'))).toEqual(['CONTAINER_TYPE_UNKNOWN']);
  });
});
