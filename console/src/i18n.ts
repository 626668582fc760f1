import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type Language, type Translate, translator } from './languages.ts';

export * from './languages.ts';

export type I18n = {
  language: Language;
  /** For Intl formatting. */
  locale: string;
  t: Translate;
  setLanguage(language: Language): void;
};
export const I18nContext = createContext<I18n>({
  language: 'en',
  locale: 'en',
  t: translator('en'),
  setLanguage: () => {},
});
export const useI18n = () => useContext(I18nContext);
