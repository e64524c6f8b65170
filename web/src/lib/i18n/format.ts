/** Intl formatters for the current language. Every number, date and amount on screen goes through these. */
import { intlTag, localeState } from './locale.svelte';

type DateInput = string | number | Date | null | undefined;

function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  // 'YYYY-MM-DD' is a calendar day: read it at noon UTC so no time zone moves it to another day
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const DASH = '—';

export function fmtDate(value: DateInput): string {
  const d = toDate(value);
  if (!d) return DASH;
  const dayOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  return new Intl.DateTimeFormat(intlTag(), { dateStyle: 'medium', ...(dayOnly ? { timeZone: 'UTC' } : {}) }).format(d);
}

export function fmtDateTime(value: DateInput): string {
  const d = toDate(value);
  return d ? new Intl.DateTimeFormat(intlTag(), { dateStyle: 'medium', timeStyle: 'short' }).format(d) : DASH;
}

/** A month label from 'YYYY-MM' or 'YYYY-MM-DD'. */
export function fmtMonth(value: string | null | undefined): string {
  if (!value) return DASH;
  const d = toDate(value.length === 7 ? `${value}-01` : value);
  return d ? new Intl.DateTimeFormat(intlTag(), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(d) : DASH;
}

export function fmtNumber(value: number | null | undefined, options: Intl.NumberFormatOptions = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return new Intl.NumberFormat(intlTag(), { maximumFractionDigits: 2, ...options }).format(value);
}

/** A ratio (0.953) as a percentage (95.3 %). */
export function fmtPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return DASH;
  return new Intl.NumberFormat(intlTag(), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio);
}

export function fmtCurrency(value: number | null | undefined, currency = 'CNY', options: Intl.NumberFormatOptions = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  return new Intl.NumberFormat(intlTag(), { style: 'currency', currency, maximumFractionDigits: 0, ...options }).format(value);
}

export function fmtBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return DASH;
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${fmtNumber(v, { maximumFractionDigits: i === 0 ? 0 : 1 })} ${units[i]}`;
}

/** A duration in milliseconds as "1 min 5 s" / "1 分 5 秒". */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  const zh = localeState.current === 'zh';
  if (ms < 1000) return zh ? `${fmtNumber(ms, { maximumFractionDigits: 0 })} 毫秒` : `${fmtNumber(ms, { maximumFractionDigits: 0 })} ms`;
  const s = ms / 1000;
  if (s < 60) return zh ? `${fmtNumber(s, { maximumFractionDigits: 1 })} 秒` : `${fmtNumber(s, { maximumFractionDigits: 1 })} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s % 60);
  return zh ? `${m} 分 ${rest} 秒` : `${m} min ${rest} s`;
}
