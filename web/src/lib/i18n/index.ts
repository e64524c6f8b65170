/**
 * Tiny i18n: t(key, params) looks the key up in the current language's dictionary, falling back
 * to English, then to the key. Dictionaries live in ./messages/<area>.ts, each exporting
 * `default { en: {...}, zh: {...} }`; every file in that folder is merged here automatically,
 * so an area adds its own file without touching this one. Keys are dotted: "<area>.<name>".
 * Params replace {name} placeholders.
 */
import { localeState, type Locale } from './locale.svelte';

export type Messages = Record<string, string>;
export type MessageFile = { en: Messages; zh: Messages };

const modules = import.meta.glob<{ default: MessageFile }>('./messages/*.ts', { eager: true });

const dictionaries: Record<Locale, Messages> = { en: {}, zh: {} };
for (const [file, mod] of Object.entries(modules)) {
  for (const locale of ['en', 'zh'] as const) {
    for (const [key, text] of Object.entries(mod.default[locale] ?? {})) {
      if (import.meta.env.DEV && key in dictionaries[locale]) console.warn(`i18n: duplicate key ${key} in ${file}`);
      dictionaries[locale][key] = text;
    }
  }
}

export function t(key: string, params?: Record<string, string | number>): string {
  const text = dictionaries[localeState.current][key] ?? dictionaries.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when the key exists (used to translate API enums such as roles or statuses with a fallback). */
export function hasMessage(key: string): boolean {
  return key in dictionaries.en;
}

export { localeState, setLocale, detectLocale, intlTag, LOCALES, type Locale } from './locale.svelte';
export * from './format';
