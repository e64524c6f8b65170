import type { Context } from 'hono';
import type { Language } from '../alerts/texts';

/** The language of texts the API writes itself (alert titles): Chinese when the caller prefers it. */
export const languageOf = (c: Context): Language =>
  (c.req.header('accept-language') ?? '').trim().toLowerCase().startsWith('zh') ? 'zh' : 'en';
