import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeName } from '#core/screening/analyze-name.ts';
import {
  autoKinds,
  flagTerms,
  MAX_TERMS_PER_FLAG,
  partyQueryTerms,
  TERM_VALUE_MAX_CHARS,
} from '#core/search/search-terms.ts';

const plainWord = (w: string) => {
  const a = analyzeName(`${w} holdings`);
  return a.tokens[0] === w && a.kinds[0] === 0;
};

/** One typo of `w` at position `i`: a letter missing, an extra letter, a wrong letter, two letters swapped. */
function typo(w: string, i: number, kind: number, letter: string): string {
  const at = i % w.length;
  switch (kind) {
    case 0:
      return w.slice(0, at) + w.slice(at + 1);
    case 1:
      return w.slice(0, at) + letter + w.slice(at);
    case 2:
      return w.slice(0, at) + letter + w.slice(at + 1);
    default:
      return at + 1 < w.length ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2) : w;
  }
}

describe('search terms', () => {
  it('a party name word typed with one typo shares a key with the word as declared', () => {
    const word = fc.stringMatching(/^[a-z]{6,14}$/).filter(plainWord);
    fc.assert(
      fc.property(
        word,
        fc.nat(),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
        (w, i, kind, letter) => {
          const typed = typo(w, i, kind, letter);
          fc.pre(plainWord(typed));
          const written = new Set(
            flagTerms({ billsOfLading: [{ shipper: { name: `${w} Holdings` } }] }).map((t) => t.term),
          );
          const looked = partyQueryTerms(typed)[0] ?? [];
          expect(looked.some((k) => written.has(k))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps every term short and a flag to a bounded number of terms', () => {
    const names = Array.from({ length: 400 }, (_, n) => ({
      name: `Company${n}alpha Trading${n}beta`,
      identifier: `ID-${n}`,
    }));
    const terms = flagTerms({
      billsOfLading: names.map((p, n) => ({ number: `BL${'9'.repeat(5000)}${n}`, shipper: p })),
    });
    expect(terms.length).toBe(MAX_TERMS_PER_FLAG);
    // Exact terms (B/Ls, identifiers, words) come before typo variants.
    expect(terms[0]?.term.startsWith('bl#')).toBe(true);
    expect(Math.max(...terms.map((t) => t.term.length))).toBeLessThanOrEqual(TERM_VALUE_MAX_CHARS + 4);
  });

  it('auto picks container, IMO and manifest id from the shape of the query, else the text kinds', () => {
    expect(autoKinds('MSCU 123456-5')).toEqual(['container', 'bl']);
    expect(autoKinds('IMO 9074729')).toEqual(['vessel', 'identifier']);
    expect(autoKinds('7365617263682d72')).toEqual(['manifest', 'bl']);
    expect(autoKinds('Krasnov Shipping')).toEqual(['bl', 'identifier', 'party', 'vessel']);
  });
});
