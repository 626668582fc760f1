/** Languages and catalogues, without the UI framework (the catalogue test imports this). */
import { type Catalogue, en, type MessageKey } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';
import { ru } from './messages/ru.ts';

/** The console's languages; every catalogue has every key of `en` (the compiler and a test check it). */
export const CATALOGUES: Record<Language, Catalogue> = { en, ru, es, fr };
export const LANGUAGES = ['en', 'ru', 'es', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  ru: 'Русский',
  es: 'Español',
  fr: 'Français',
};
export type { MessageKey };

/** The first of the browser's languages the console has (`es-EC` -> `es`), else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] as Language;
    if ((LANGUAGES as readonly string[]).includes(base)) return base;
  }
  return 'en';
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(language: Language, locale: string = language): Translate {
  const catalogue = CATALOGUES[language];
  return (key, vars) => {
    const text = catalogue[key] ?? en[key] ?? key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (all, name: string) => {
      const value = vars[name];
      if (value === undefined) return all;
      return typeof value === 'number' ? value.toLocaleString(locale) : value;
    });
  };
}

/**
 * The locale dates and numbers are written in: the browser's own tag when it is in the chosen
 * language (`en-GB` writes 18 Sept 2026, 22:00), else the language itself.
 */
export function localeFor(language: Language, preferred: readonly string[]): string {
  return preferred.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}
