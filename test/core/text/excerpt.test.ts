import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXCERPT_MAX_CHARS, excerpt, excerptStrings, isExcerpt } from '#core/text/excerpt.ts';

describe('bounded excerpts', () => {
  it('keeps a value up to the bound as it is', () => {
    expect(excerpt('HMM COPENHAGEN')).toBe('HMM COPENHAGEN');
    expect(excerpt('x'.repeat(EXCERPT_MAX_CHARS))).toHaveLength(EXCERPT_MAX_CHARS);
  });

  it('cuts a 500 KB vessel name to its start, a marker and the full length', () => {
    const name = 'EVER GIVEN '.repeat(46_000);
    const cut = excerpt(name);
    expect(cut.startsWith('EVER GIVEN EVER GIVEN')).toBe(true);
    expect(cut.endsWith(`… [truncated: ${name.length} characters]`)).toBe(true);
    expect(cut.length).toBeLessThan(EXCERPT_MAX_CHARS + 40);
    expect(isExcerpt(cut)).toBe(true);
  });

  it('never splits an emoji or a CJK Extension-B character, and mends lone surrogates', () => {
    const astral = '𠜎'.repeat(600); // U+2070E, two UTF-16 units each
    const cut = excerpt(astral, 999);
    expect(cut.startsWith('𠜎'.repeat(499))).toBe(true);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(excerpt('SHIPPER \ud800 LTD')).toBe('SHIPPER \ufffd LTD');
  });

  it('any string becomes well-formed Unicode within the bound (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 3000 }),
        fc.integer({ min: 1, max: 2000 }),
        (s, max) => {
          const cut = excerpt(s, max);
          expect(() => encodeURIComponent(cut)).not.toThrow(); // throws on a lone surrogate
          if (s.length <= max) expect(cut.length).toBe(s.length);
          else
            expect(cut.length).toBeLessThanOrEqual(max + ` [truncated: ${s.length} characters]`.length + 1);
        },
      ),
    );
  });

  it('bounds every string of a nested value and leaves a small one untouched (same object)', () => {
    const small = { hits: [{ evidence: [{ field: 'goods.description', value: 'BANANAS' }] }] };
    expect(excerptStrings(small)).toBe(small);
    const big = { hits: [{ evidence: [{ field: 'goods.description', value: 'FAK '.repeat(120_000) }] }] };
    const bounded = excerptStrings(big);
    expect(bounded).not.toBe(big);
    expect(JSON.stringify(bounded).length).toBeLessThan(2_000);
    expect(big.hits[0]?.evidence[0]?.value.length).toBe(480_000); // the input is not modified
  });
});
