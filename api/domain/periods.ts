import { addDays } from './business-day';

/** A calendar month clipped to a date range: 'YYYY-MM' and its first and last day inside the range. */
export interface MonthSpan {
  month: string;
  from: string;
  to: string;
  /** the span covers the whole calendar month */
  whole: boolean;
}

export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** First day of the month `offset` months away from the month of `day` (negative = earlier). */
export function monthStart(day: string, offset = 0): string {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + offset, 1)).toISOString().slice(0, 10);
}

/** The months that share a day with [from, to], each clipped to it; empty when from > to. */
export function monthsBetween(from: string, to: string): MonthSpan[] {
  const spans: MonthSpan[] = [];
  if (from > to) return spans;
  for (let start = monthStart(from); start <= to; start = monthStart(start, 1)) {
    const month = start.slice(0, 7);
    const end = lastDayOfMonth(month);
    const spanFrom = start < from ? from : start;
    const spanTo = end > to ? to : end;
    spans.push({ month, from: spanFrom, to: spanTo, whole: spanFrom === start && spanTo === end });
  }
  return spans;
}

/** Monday of the ISO week holding `day`. */
export function weekStart(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Every period key of a time grouping over [from, to]: days, ISO-week Mondays or 'YYYY-MM'. */
export function periodKeys(from: string, to: string, grain: 'day' | 'week' | 'month'): string[] {
  if (from > to) return [];
  if (grain === 'month') return monthsBetween(from, to).map((m) => m.month);
  const keys: string[] = [];
  const step = grain === 'day' ? 1 : 7;
  for (let day = grain === 'day' ? from : weekStart(from); day <= to; day = addDays(day, step)) keys.push(day);
  return keys;
}
