import type { Context } from 'hono';

export type Language = 'en' | 'zh';

/**
 * The language of the texts the API writes itself (error messages, alert titles): `?lang=en|zh` when
 * given, else the first language of Accept-Language the API speaks, else English.
 */
export function languageOf(c: Context): Language {
  const asked = c.req.query('lang');
  if (asked === 'zh' || asked === 'en') return asked;
  const ranked = (c.req.header('accept-language') ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...rest] = part.trim().toLowerCase().split(';');
      const q = Number(rest.find((r) => r.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { tag: tag ?? '', q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
