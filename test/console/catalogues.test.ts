/**
 * The console's message catalogues: every language has every key of the English one, with
 * the same placeholders, and every stable code the console may receive (API error codes,
 * validation issue codes, statuses) has a message. A missing key would show an English
 * text or a raw key to a Russian-, Spanish- or French-speaking officer.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUES, LANGUAGES, localeFor, pickLanguage, translator } from '../../console/src/languages.ts';
import { en } from '../../console/src/messages/en.ts';
import { FLAG_STATUSES, MANIFEST_STATUSES } from '../../functions/adapters/pipeline-resources.ts';
import { API_ERROR_CODES } from '../../schemas/api.ts';
import { ISSUE_CODES } from '../../schemas/issue-codes.ts';
import { ValidationReport } from '../../schemas/validation-report.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it.each(LANGUAGES)('%s has every key, no empty text, and the same placeholders as English', (language) => {
    const catalogue = CATALOGUES[language] as Record<string, string>;
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(catalogue[key]?.trim(), `${language} ${key}`).not.toBe('');
      expect(placeholders(catalogue[key] as string), `${language} ${key}`).toEqual(placeholders(text));
    }
  });

  it('translates every API error code, validation issue code and status', () => {
    const keys = new Set(Object.keys(en));
    const needed = [
      ...Object.keys(API_ERROR_CODES).map((c) => `errors.${c}`),
      ...Object.keys(ISSUE_CODES).map((c) => `issue.${c}`),
      ...FLAG_STATUSES.map((s) => `status.${s}`),
      ...MANIFEST_STATUSES.map((s) => `manifestStatus.${s}`),
      ...ValidationReport.shape.status.options.map((s) => `validation.${s}`),
    ];
    expect(needed.filter((k) => !keys.has(k))).toEqual([]);
  });

  it('the other languages are translations, not copies of the English text', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const catalogue = CATALOGUES[language] as Record<string, string>;
      const same = Object.entries(en).filter(
        // A sentence (three words or more) left in English; single words (Score, Voyage) may be the same.
        ([key, text]) =>
          catalogue[key] === text && (text.replace(/\{\w+\}/g, '').match(/\p{L}{2,}/gu) ?? []).length >= 3,
      );
      expect(
        same.map(([k]) => k),
        language,
      ).toEqual([]);
    }
  });

  it('takes the browser language by default and writes dates in its regional form', () => {
    expect(pickLanguage(['es-EC', 'en'])).toBe('es');
    expect(pickLanguage(['de-DE', 'fr-SN'])).toBe('fr');
    expect(pickLanguage(['kk-KZ', 'ru-KZ'])).toBe('ru');
    expect(pickLanguage(['de-DE'])).toBe('en');
    expect(localeFor('es', ['es-EC', 'en'])).toBe('es-EC');
    expect(localeFor('ru', ['en-GB'])).toBe('ru');
    expect(
      translator('fr', 'fr-SN')('upload.complete', { containers: 1200, flagged: 12, rejected: 0 }),
    ).toMatch(/^Terminé : 1\s200 conteneurs profilés, 12 ciblés, 0 enregistrements rejetés\.$/);
  });
});
