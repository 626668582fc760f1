import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readingOrder } from '#core/screening/bidi.ts';
import {
  buildScreeningIndex,
  DEFAULT_ALERT_THRESHOLD,
  deserializeScreeningIndex,
  hiddenCharacterKinds,
  NAME_ANALYSIS_CAP,
  nameSimilarity,
  serializeScreeningIndex,
  visibleName,
} from '#core/screening/index.ts';
import { defaultWatchlistPaths, loadWatchlist } from '#core/watchlists/index.ts';
import type { WatchlistEntry } from '#schemas/watchlist.ts';

const reversed = (s: string) => [...s].reverse().join('');
const RLO = '\u202E';
const PDF = '\u202C';

/** Real listed parties of the bundled lists (data/watchlists). */
const IRGC = { id: '10391', name: 'ISLAMIC REVOLUTIONARY GUARD CORPS' };
const HUAXIN = { id: '23777', name: 'HUAXIN SHIPPING HONGKONG LTD' };
const BANK_MARKAZI = { id: '4632', name: 'BANK MARKAZI JOMHOURI ISLAMI IRAN' };
const SADDAM_ARABIC = { id: 'IQi.001', name: 'صدام حسين التكريتي' };

describe('what a person sees of a name', () => {
  it('applies a right-to-left override: the name written backwards reads as the name', () => {
    expect(visibleName(`${RLO}${reversed(HUAXIN.name)}`)).toEqual({
      text: HUAXIN.name,
      logical: reversed(HUAXIN.name), // what a display without bidi shows: screened too
      hidden: ['bidi-control'],
      samples: ['U+202E'],
    });
    // Closed with PDF, inside an otherwise normal value.
    expect(visibleName(`TO ${RLO}${reversed('HUAXIN SHIPPING')}${PDF} LTD`).text).toBe(
      'TO HUAXIN SHIPPING LTD',
    );
  });

  it('follows UAX #9 for nested overrides, embeddings and isolates', () => {
    const cps = (s: string) => [...s].map((c) => c.codePointAt(0)!);
    const str = (a: number[]) => String.fromCodePoint(...a).replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
    // RLO abc LRO def PDF PDF: levels 1 1 1 2 2 2, displayed "defcba".
    expect(str(readingOrder(cps(`${RLO}abc\u202Ddef${PDF}${PDF}`)))).toBe('defcba');
    // An embedding or isolate alone does not reverse Latin letters.
    expect(visibleName('\u202Bab\u202Ccd').text).toBe('abcd');
    expect(visibleName('ACME \u2067DTL\u2069 X').text).toBe('ACME DTL X');
    // Arabic is read right to left whether or not an RLO stands before it.
    expect(visibleName(`${RLO}${SADDAM_ARABIC.name}`).text).toBe(SADDAM_ARABIC.name);
    // An override ends at the end of an isolate it was opened in.
    expect(visibleName(`\u2066${RLO}CBA\u2069 DEF`).text).toBe('ABC DEF');
  });

  it('drops zero-width, soft hyphen, tag, filler and noncharacter code points, saying which kinds', () => {
    expect(visibleName('HUA\u200BXIN SHIP\u00ADPING\u2060 HONG\u200DKONG\uFEFF').text).toBe(
      'HUAXIN SHIPPING HONGKONG',
    );
    expect(hiddenCharacterKinds('HUA\u200BXIN')).toEqual(['invisible']);
    expect(hiddenCharacterKinds('HUAXIN\u{E0041}\u{E0042}')).toEqual(['invisible']);
    expect(hiddenCharacterKinds('HUAXIN\u3164SHIPPING')).toEqual(['invisible']);
    expect(hiddenCharacterKinds('HUAXIN\uFFFE\uFDD0')).toEqual(['noncharacter']);
    expect(hiddenCharacterKinds('HUAXIN\u0000\u0085X\u0007')).toEqual(['control']);
    expect(hiddenCharacterKinds(`${RLO}X\u200B\uFFFF\u0001`)).toEqual([
      'bidi-control',
      'invisible',
      'noncharacter',
      'control',
    ]);
  });

  it('does not report the joiners and selectors that emoji and joining scripts need', () => {
    expect(hiddenCharacterKinds('ACME 👍🏽 👨\u200D👩 ❤\uFE0F')).toEqual([]);
    expect(hiddenCharacterKinds('می\u200Cخواهم')).toEqual([]); // ZWNJ in Persian
    expect(hiddenCharacterKinds('HUAXIN SHIPPING')).toEqual([]);
    expect(hiddenCharacterKinds('Forces Démocratiques Alliées')).toEqual([]);
    // Tab and line breaks read as spaces.
    expect(visibleName('HUAXIN\tSHIPPING\nLTD')).toEqual({ text: 'HUAXIN SHIPPING LTD', hidden: [] });
  });

  it('reads Cyrillic and Greek lookalikes mixed into Latin words as the Latin letters they show', () => {
    const disguised = 'НUАХIN SНIРРING НОNGKОNG LТD'; // Cyrillic Н А Х Р О Т
    const seen = visibleName(disguised);
    expect(seen.lookalike).toBe(HUAXIN.name);
    expect(seen.hidden).toEqual(['lookalike']);
    // A word wholly in Cyrillic is Cyrillic, transliterated as usual.
    expect(visibleName('ООО СОКОЛ TRADING').lookalike).toBeUndefined();
  });

  it('caps the analysis at NAME_ANALYSIS_CAP visible characters, hidden ones not counted', () => {
    const padded = `${'\u200B'.repeat(10_000)}HUAXIN`;
    expect(visibleName(padded, NAME_ANALYSIS_CAP).text).toBe('HUAXIN');
    // Never half a surrogate pair (CJK Extension B is outside the BMP).
    const ext = '𠀀'.repeat(NAME_ANALYSIS_CAP + 10);
    const seen = visibleName(ext, NAME_ANALYSIS_CAP).text;
    expect([...seen]).toHaveLength(NAME_ANALYSIS_CAP);
    expect(seen).not.toMatch(/\p{Surrogate}/u);
  });
});

describe('reading any text', () => {
  it('property: never throws, and what it reads holds no hidden character', () => {
    const HIDDEN =
      /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff\ufffe\uffff\p{Surrogate}]/u;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (raw) => {
        const seen = visibleName(raw, NAME_ANALYSIS_CAP);
        expect(seen.text).not.toMatch(HIDDEN);
        // Reading what was read finds nothing more to hide.
        expect(visibleName(seen.text).text).toBe(seen.text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('screening names as a person reads them (bundled OFAC and UN lists)', () => {
  const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
  const index = buildScreeningIndex(entries);
  const topId = (name: string) => index.screen(name)[0]?.entityId;
  const scoreOf = (name: string, id: string) =>
    index.screen(name, { minScore: 0, top: 20 }).find((m) => m.entityId === id)?.score ?? 0;

  it('finds a listed consignee written with a right-to-left override and the name reversed', () => {
    expect(topId(reversed(HUAXIN.name))).toBeUndefined(); // as stored, it is no name at all
    expect(topId(`${RLO}${reversed(HUAXIN.name)}`)).toBe(HUAXIN.id);
    expect(topId(`${RLO}${reversed(IRGC.name)}${PDF}`)).toBe(IRGC.id);
    expect(topId(`${RLO}${SADDAM_ARABIC.name}`)).toBe(SADDAM_ARABIC.id);
  });

  it('finds listed names with zero-width characters, U+FFFE, NULs and soft hyphens inside words', () => {
    expect(topId('ISLAMIC REVO\u200BLUTIONARY GU\u200DARD CORPS')).toBe(IRGC.id);
    expect(topId('BANK MAR\uFFFEKAZI JOMHOURI\uFFFF ISLAMI IRAN')).toBe(BANK_MARKAZI.id);
    expect(topId('HUA\u0000XIN SHIP\u00ADPING HONG\u2060KONG LTD')).toBe(HUAXIN.id);
  });

  it('finds listed names decorated with emoji, and names in CJK Extension B', () => {
    expect(topId('🚢 HUAXIN SHIPPING HONGKONG LTD 🇭🇰')).toBe(HUAXIN.id);
    const extB: WatchlistEntry = {
      id: 'N-1',
      list: 'national',
      type: 'organization',
      name: '𠀀𠀁𠀂 貿易有限公司',
      aliases: [],
      countries: [],
      addresses: [],
      identifiers: [],
    };
    const national = buildScreeningIndex([extB]);
    expect(national.screen('𠀀\u200B𠀁𠀂 貿易有限公司')[0]?.entityId).toBe('N-1');
    expect(national.screen(`${RLO}${reversed('𠀀𠀁𠀂')}${PDF} 貿易有限公司`)[0]?.entityId).toBe('N-1');
  });

  it('finds a listed name spelled with Cyrillic lookalikes', () => {
    const disguised = 'НUАХIN SНIРРING НОNGKОNG LТD';
    expect(nameSimilarity(disguised, HUAXIN.name)).toBeGreaterThanOrEqual(DEFAULT_ALERT_THRESHOLD);
    expect(topId(disguised)).toBe(HUAXIN.id);
  });

  it('finds a listed name hidden behind 10,000 zero-width spaces (they do not use up the cap)', () => {
    expect(topId(`${'\u200B'.repeat(10_000)}${HUAXIN.name}`)).toBe(HUAXIN.id);
  });

  it('gives the same answers from a deserialized index', () => {
    const loaded = deserializeScreeningIndex(serializeScreeningIndex(index));
    const q = `${RLO}${reversed(HUAXIN.name)}`;
    expect(loaded.screen(q)).toEqual(index.screen(q));
  });

  it('property: invisible characters inserted anywhere into a listed name never lower it below the threshold', () => {
    const INVISIBLE = [
      '\u200B',
      '\u200C',
      '\u200D',
      '\u2060',
      '\u2061',
      '\u2062',
      '\u2063',
      '\u2064',
      '\uFEFF',
      '\u180E',
      '\u00AD',
      '\uFE0F',
      '\u{E0001}',
      '\u{E0041}',
      '\u115F',
      '\u3164',
      '\u034F',
      '\uFFFE',
      '\uFFFF',
      '\uFDD0',
      '\u{1FFFE}',
      '\u0000',
      '\u0001',
      '\u001B',
      '\u0090',
      '\u200E',
      '\u200F',
      '\u061C',
      '\u202C',
      '\u2069',
    ];
    const listed = entries
      .filter((e) => e.type !== 'vessel' && e.type !== 'aircraft')
      .filter((_, i) => i % 97 === 0)
      .map((e) => ({ id: e.id, name: e.name }))
      .filter((e) => scoreOf(e.name, e.id) >= DEFAULT_ALERT_THRESHOLD);
    expect(listed.length).toBeGreaterThan(50);
    fc.assert(
      fc.property(
        fc.constantFrom(...listed),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { minLength: 1, maxLength: 12 }),
        (target, inserts) => {
          const chars = [...target.name];
          for (const [at, ch] of inserts) chars.splice(at % (chars.length + 1), 0, ch);
          const disguised = chars.join('');
          expect(hiddenCharacterKinds(disguised).length).toBeGreaterThan(0);
          expect(scoreOf(disguised, target.id)).toBeGreaterThanOrEqual(DEFAULT_ALERT_THRESHOLD);
        },
      ),
      { numRuns: 200 },
    );
  });
});
