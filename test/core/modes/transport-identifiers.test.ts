import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  awbCheckDigit,
  awbNumberProblems,
  isUldId,
  isValidAwbNumber,
  isValidWagonNumber,
  normaliseAwbNumber,
  normaliseUldId,
  normaliseWagonNumber,
  uldIdProblems,
  wagonCheckDigit,
  wagonNumberProblems,
  wagonNumberSystem,
} from '#core/identifiers/index.ts';

describe('rail wagon numbers', () => {
  it('accepts the published UIC examples and finds their check digits', () => {
    // Wikipedia "UIC wagon numbers" (21 81 2471 217-3, 51 80 0843 001-0), Green Cargo's
    // wagon handbook (21 74 335 3 998-8), R. Suchenwirth's example (21 80 155 9 084-5).
    for (const written of ['21 81 2471 217-3', '51-80-0843001-0', '21-74-335 3 998-8', '21 80 155 9 084-5']) {
      const n = normaliseWagonNumber(written);
      expect(wagonNumberSystem(n), written).toBe('uic');
      expect(isValidWagonNumber(n), written).toBe(true);
      expect(wagonNumberProblems(n)).toEqual([]);
    }
    expect(wagonCheckDigit('21812471217')).toBe(3);
    expect(wagonCheckDigit('51800843001')).toBe(0);
  });

  it('checks 1520 mm gauge 8-digit numbers with the weights 2,1,2,1,2,1,2', () => {
    // 5454888: 10,4,10,4,16,8,16 -> digit sums 1+4+1+4+7+8+7 = 32 -> check digit 8.
    expect(wagonCheckDigit('5454888')).toBe(8);
    expect(wagonNumberSystem('54548888')).toBe('1520');
    expect(isValidWagonNumber('54548888')).toBe(true);
    expect(wagonNumberProblems('54548881')).toEqual([
      expect.objectContaining({
        code: 'WAGON_CHECK_DIGIT',
        severity: 'warning',
        message: expect.stringContaining('expected 8'),
      }),
    ]);
  });

  it('rejects numbers of any other length, and one wrong digit always breaks the check', () => {
    expect(wagonNumberProblems('2181247121')[0]?.code).toBe('WAGON_FORMAT');
    expect(wagonNumberProblems('MSKU7351770')[0]?.code).toBe('WAGON_FORMAT');
    fc.assert(
      fc.property(
        fc.oneof(fc.stringMatching(/^\d{11}$/), fc.stringMatching(/^\d{7}$/)),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (body, at, delta) => {
          const valid = body + wagonCheckDigit(body);
          expect(isValidWagonNumber(valid)).toBe(true);
          const i = at % body.length;
          const changed = String((body.charCodeAt(i) - 48 + delta) % 10);
          const typo = valid.slice(0, i) + changed + valid.slice(i + 1);
          expect(isValidWagonNumber(typo)).toBe(false);
        },
      ),
    );
  });
});

describe('air waybill numbers', () => {
  it('accepts the sample master AWB and the usual example, and normalises how people write them', () => {
    expect(isValidAwbNumber('888-11111111')).toBe(true);
    expect(normaliseAwbNumber('020 1234 5675')).toBe('020-12345675');
    expect(isValidAwbNumber('020-12345675')).toBe(true);
    expect(awbNumberProblems('020-12345670')).toEqual([
      expect.objectContaining({ code: 'AWB_CHECK_DIGIT', message: expect.stringContaining('expected 5') }),
    ]);
    expect(awbNumberProblems('SEL22222222')[0]?.code).toBe('AWB_FORMAT');
  });

  it('the check digit is the first seven serial digits mod 7 (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{3}$/), fc.stringMatching(/^\d{7}$/), (prefix, first7) => {
        const number = `${prefix}-${first7}${Number(first7) % 7}`;
        expect(isValidAwbNumber(number)).toBe(true);
        expect(awbCheckDigit(first7)).toBeLessThan(7);
        // 7, 8 and 9 are never a check digit
        expect(isValidAwbNumber(`${prefix}-${first7}9`)).toBe(false);
      }),
    );
  });
});

describe('ULD ids', () => {
  it('accepts IATA ULD ids with 4- and 5-digit serials', () => {
    for (const id of ['AKE12345AA', 'ake 12345 aa', 'PMC1234LH', 'AKH98765R7']) {
      expect(uldIdProblems(normaliseUldId(id)), id).toEqual([]);
    }
  });

  it('reports a malformed id as an error and an unknown category letter as a warning', () => {
    expect(uldIdProblems('AKE123AA')[0]).toMatchObject({ code: 'ULD_FORMAT', severity: 'error' });
    expect(uldIdProblems('MSKU7351770')[0]).toMatchObject({ code: 'ULD_FORMAT', severity: 'error' });
    expect(uldIdProblems('WKE12345AA')[0]).toMatchObject({ code: 'ULD_FORMAT', severity: 'warning' });
    expect(isUldId('AKE12345AA')).toBe(true);
  });
});
