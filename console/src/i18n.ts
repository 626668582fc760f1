import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
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

export function translator(language: Language): Translate {
  const catalogue = CATALOGUES[language];
  return (key, vars) => {
    const text = catalogue[key] ?? en[key] ?? key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (all, name: string) => {
      const value = vars[name];
      if (value === undefined) return all;
      return typeof value === 'number' ? value.toLocaleString(language) : value;
    });
  };
}

export type I18n = { language: Language; t: Translate; setLanguage(language: Language): void };
export const I18nContext = createContext<I18n>({
  language: 'en',
  t: translator('en'),
  setLanguage: () => {},
});
export const useI18n = () => useContext(I18nContext);
