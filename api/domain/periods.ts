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

/**
 * How a date range reads from the two rollup levels: the whole calendar months inside it from the monthly
 * level (first and last month start, or null when no month fits whole), the days outside those months from
 * the daily level (at most two spans, at the range's edges).
 */
export interface RollupLevels {
  months: { from: string; to: string } | null;
  days: { from: string; to: string }[];
}

export function splitByRollupLevel(from: string, to: string): RollupLevels {
  if (from > to) return { months: null, days: [] };
  const whole = monthsBetween(from, to).filter((m) => m.whole);
  if (whole.length === 0) return { months: null, days: [{ from, to }] };
  const first = whole[0];
  const last = whole[whole.length - 1];
  const days: { from: string; to: string }[] = [];
  if (from < first.from) days.push({ from, to: addDays(first.from, -1) });
  if (last.to < to) days.push({ from: addDays(last.to, 1), to });
  return { months: { from: first.from, to: `${last.month}-01` }, days };
}
