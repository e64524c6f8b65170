/** The current language, reactive (Svelte 5 runes), persisted in localStorage, defaulting to the browser's. */
export type Locale = 'en' | 'zh';
export const LOCALES: Locale[] = ['en', 'zh'];
const STORAGE_KEY = 'crm.locale';

export function detectLocale(): Locale {
  if (typeof window === 'undefined') return 'en';
  const stored = window.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh') return stored;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const lang of preferred) {
    const l = (lang ?? '').toLowerCase();
    if (l.startsWith('zh')) return 'zh';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

export const localeState = $state<{ current: Locale }>({ current: detectLocale() });

export function setLocale(locale: Locale): void {
  localeState.current = locale;
  if (typeof window !== 'undefined') {
    window.localStorage?.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }
}

/** The BCP 47 tag Intl formatters use for a locale. */
export function intlTag(locale: Locale = localeState.current): string {
  return locale === 'zh' ? 'zh-CN' : 'en-GB';
}
