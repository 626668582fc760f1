import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenWeight } from '#core/screening/analyze-name.ts';
import { loadBundledIndex } from '#core/screening/bundled-index.ts';
import {
  analyzeName,
  buildScreeningIndex,
  DEFAULT_ALERT_THRESHOLD,
  nameSimilarity,
  tokenSimilarity,
} from '#core/screening/index.ts';
import {
  activeScorer,
  applyScorer,
  SCORER_FEATURES,
  trainedScorer,
  useScorer,
} from '#core/screening/learned-scorer.ts';
import { nameFeatures } from '#core/screening/screening-index.ts';
import { defaultWatchlistPaths, loadWatchlist } from '#core/watchlists/index.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';
import nameForms from '../../../data/reference/name-forms.json' with { type: 'json' };
import scorerWeights from '../../../data/watchlists/scorer-weights.json' with { type: 'json' };

const bundled =
  loadBundledIndex() ?? buildScreeningIndex(defaultWatchlistPaths().flatMap((p) => loadWatchlist(p)));

describe('manifest spellings of listed companies (bundled OFAC and UN lists)', () => {
  it('flags a typo in the one distinctive word beside a legal form', () => {
    expect(bundled.screen('PAO ZVZDA')[0]).toMatchObject({ entityId: '26513', list: 'OFAC-SDN' });
  });

  it('reads legal-form words with a typo as the legal form', () => {
    expect(bundled.screen('LIMITE LABILITY COMPANY ENTRAR')[0]).toMatchObject({ entityId: '45070' });
    expect(analyzeName('LIMITE LABILITY COMPANY ENTRAR').tokens).toEqual(
      analyzeName('LIMITED LIABILITY COMPANY ENTRAR').tokens,
    );
    // A word of the lists' names is never taken for a mistyped legal form.
    expect(analyzeName('LIBERTY COMPANY').tokens).toContain('liberty');
  });

  it('reads a place abbreviated or in full alike', () => {
    expect(nameSimilarity('HUAXIN SHIPPING HK LTD', 'HUAXIN SHIPPING HONG KONG LIMITED')).toBe(1);
    expect(bundled.screen('HUAXIN SHIPPING HK LTD')[0]).toMatchObject({ entityId: '23777', score: 1 });
    expect(nameSimilarity('AL FAHIM TRADING UAE', 'AL FAHIM TRADING UNITED ARAB EMIRATES')).toBe(1);
    expect(nameSimilarity('ASTANA ENERGY KZ LLP', 'ASTANA ENERGY KAZAKHSTAN LLP')).toBe(1);
    // A place is weak evidence: two names sharing only it stay apart.
    expect(nameSimilarity('ORION LOGISTICS HK', 'DELTA MARINE HONG KONG')).toBeLessThan(0.5);
  });
});

describe('properties of typos, abbreviations and common words', () => {
  const listedWords = new Set(Object.keys(nameForms.wordFrequencies));
  // Rare words of 6 letters or more: letters a list would not hold (they weigh as much as a word can).
  const rareWord = fc
    .stringMatching(/^[bcdfgklmnprstvz][aeiou][bcdfgklmnprstvz][aeiou][bcdfgklmnprstvz][a-z]{1,5}$/)
    .filter((w) => !listedWords.has(w));
  const legal = fc.constantFrom('LLC', 'LTD', 'CO., LTD.', 'JSC', 'OOO', 'GMBH', 'LIMITED LIABILITY COMPANY');
  const rows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
  const neighbour = (c: string) => {
    const r = rows.findIndex((row) => row.includes(c));
    const i = rows[r]!.indexOf(c);
    return rows[r]![i + 1] ?? rows[r]![i - 1]!;
  };
  /** One slip of the keyboard after the first letter: dropped, doubled, swapped or a neighbour key. */
  const typo = (w: string, kind: number, at: number) => {
    const i = 1 + (at % (w.length - 1));
    if (kind === 0) return w.slice(0, i) + w.slice(i + 1);
    if (kind === 1) return w.slice(0, i) + w[i] + w.slice(i);
    if (kind === 2 && i + 1 < w.length) return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    return w.slice(0, i) + neighbour(w[i]!) + w.slice(i + 1);
  };
  const entry = (id: string, name: string): WatchlistEntry => ({
    id,
    list: 'test',
    type: 'organization',
    name,
    aliases: [],
    countries: [],
    addresses: [],
    identifiers: [],
  });

  it('property: one keyboard typo in a rare word keeps a listed company first and above the threshold', () => {
    fc.assert(
      fc.property(rareWord, legal, fc.boolean(), fc.nat(3), fc.nat(), (word, form, formFirst, kind, at) => {
        const listed = formFirst ? `${form} ${word.toUpperCase()}` : `${word.toUpperCase()} ${form}`;
        const query = `${typo(word, kind, at).toUpperCase()} ${form}`;
        const index = buildScreeningIndex([entry('x', listed), entry('y', 'PETROV TRADING LLC')]);
        const [m] = index.screen(query);
        return m?.entityId === 'x' && m.score >= DEFAULT_ALERT_THRESHOLD;
      }),
      { numRuns: 300 },
    );
  });

  it('property: a place abbreviation keeps a listed company above the threshold', () => {
    const places = fc.constantFrom(
      ['HK', 'HONG KONG'],
      ['UAE', 'UNITED ARAB EMIRATES'],
      ['USA', 'UNITED STATES OF AMERICA'],
      ['KZ', 'KAZAKHSTAN'],
      ['UK', 'UNITED KINGDOM'],
    );
    fc.assert(
      fc.property(
        rareWord,
        fc.constantFrom('SHIPPING', 'TRADING', 'LOGISTICS'),
        places,
        legal,
        (w, trade, [abbr, full], form) => {
          const listed = `${w.toUpperCase()} ${trade} ${full} ${form}`;
          return (
            nameSimilarity(`${w.toUpperCase()} ${trade} ${abbr} ${form}`, listed) >= DEFAULT_ALERT_THRESHOLD
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: an abbreviated business word keeps a listed company above the threshold', () => {
    const words = fc.constantFrom(
      ['INTL', 'INTERNATIONAL'],
      ['MFG', 'MANUFACTURING'],
      ['TRDG', 'TRADING'],
      ['SHPG', 'SHIPPING'],
      ['MGMT', 'MANAGEMENT'],
      ['ENGG', 'ENGINEERING'],
    );
    fc.assert(
      fc.property(rareWord, words, legal, fc.boolean(), (w, [abbr, full], form, typoToo) => {
        const listed = `${w.toUpperCase()} ${full} ${form}`;
        // With a one-letter typo in the rare word as well, the name is still the listed one.
        const word = typoToo ? typo(w, 3, 2) : w;
        const index = buildScreeningIndex([entry('x', listed), entry('y', `PETROV ${full} ${form}`)]);
        const [m] = index.screen(`${word.toUpperCase()} ${abbr} ${form}`);
        return m?.entityId === 'x' && m.score >= DEFAULT_ALERT_THRESHOLD;
      }),
      { numRuns: 200 },
    );
  });

  // The words the weighting treats as common (everyday business words, frequent names).
  const commonWords = Object.entries(nameForms.wordFrequencies)
    .filter(([w, df]) => df >= 150 && w.length >= 3 && tokenWeight(w, 0) < 6)
    .map(([w]) => w);

  it('property: a common word alone, or with a legal form, never reaches the threshold against the lists', () => {
    // Unless a list holds that very word as a whole name ("GRACE 1", "TOUR 2": vessels): then
    // the query is that name.
    const onlyWord = (name: string) => {
      const { tokens, kinds } = analyzeName(name);
      const words = tokens.filter((_, i) => kinds[i] === 0);
      return words.length === 1 ? words[0] : undefined;
    };
    fc.assert(
      fc.property(fc.constantFrom(...commonWords), fc.option(legal, { nil: undefined }), (word, form) => {
        const query = form ? `${word.toUpperCase()} ${form}` : word.toUpperCase();
        return bundled.screen(query).every((m) => {
          const listed = onlyWord(m.matchedName);
          return listed !== undefined && tokenSimilarity(onlyWord(word) ?? word, listed) >= 0.9;
        });
      }),
      { numRuns: 400 },
    );
  });
});

describe('the learned scorer', () => {
  it('has weights for the features the matcher computes, trained and compared on held-out entries', () => {
    // Stale weights (features renamed, added or reordered) would score with the wrong
    // coefficients: retrain with `npx tsx data/watchlists/train-scorer.ts`.
    const model = trainedScorer();
    expect(model?.features).toEqual([...SCORER_FEATURES]);
    expect(scorerWeights.heldOut.heldOutPairs).toBeGreaterThan(1000);
  });

  it('scores a pair from its features, and the same words stay 1 whichever scorer is in use', () => {
    const model = trainedScorer()!;
    const previous = activeScorer();
    try {
      useScorer(model);
      expect(nameSimilarity('BANCO NACIONAL DE CUBA', 'Banco Nacional de Cuba')).toBe(1);
      const f = nameFeatures('HUAXIN SHIPPING LTD', 'HUAXIN SHIPPING HONG KONG LIMITED')!;
      expect(f.features).toHaveLength(SCORER_FEATURES.length);
      expect(nameSimilarity('HUAXIN SHIPPING LTD', 'HUAXIN SHIPPING HONG KONG LIMITED')).toBeCloseTo(
        applyScorer(model, f.features),
        10,
      );
      useScorer(undefined);
      expect(nameSimilarity('HUAXIN SHIPPING LTD', 'HUAXIN SHIPPING HONG KONG LIMITED')).toBeCloseTo(
        f.hand,
        10,
      );
    } finally {
      useScorer(previous);
    }
  });
});
