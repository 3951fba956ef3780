/**
 * Translations. Each JSON file in `zh-CN/` and `en/` is a namespace whose name is the first segment of
 * every key: `t('users.create.title')` reads `users.json` → `create.title`. zh-CN is the source locale
 * and the default; English is the alternative. `locales.test.ts` keeps both in step.
 */
import i18n from 'i18next';
import type { Resource, ResourceLanguage } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale, LOCALES as ServerLocales } from '../../modules/common/common.contract.ts';

/** The locales of the API, kept equal to the server's list by the type. */
export const LOCALES: typeof ServerLocales = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'starmark.locale';

function namespaces(files: Record<string, unknown>): ResourceLanguage {
  const out: Record<string, unknown> = {};
  for (const [path, content] of Object.entries(files)) {
    const name = /([^/]+)\.json$/.exec(path)?.[1];
    if (name) out[name] = content;
  }
  return out as ResourceLanguage;
}

const resources: Resource = {
  'zh-CN': {
    translation: namespaces(import.meta.glob('./zh-CN/*.json', { eager: true, import: 'default' })),
  },
  en: { translation: namespaces(import.meta.glob('./en/*.json', { eager: true, import: 'default' })) },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The locale chosen before sign-in (remembered in this browser), else Chinese. */
export function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(value)) return value;
  } catch {
    // Storage can be unavailable (private mode); fall back to the default.
  }
  return DEFAULT_LOCALE;
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not fatal: the signed-in user's choice is also stored on the server.
  }
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

/** Switch the interface language (texts, antd, dayjs and `<html lang>` follow through LocaleProvider). */
export async function applyLocale(locale: Locale): Promise<void> {
  storeLocale(locale);
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export default i18n;
