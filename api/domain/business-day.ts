import { businessDayOfEpoch } from './business-time';

/** The calendar day ('YYYY-MM-DD') a moment falls on in the given IANA time zone. */
export function businessDay(at: Date, timeZone: string): string {
  return businessDayOfEpoch(at.getTime(), timeZone);
}

/** Adds whole days to a 'YYYY-MM-DD' date (negative to go back). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
