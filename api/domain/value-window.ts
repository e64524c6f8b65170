/** 'YYYY-MM-DD' of a moment in the business time zone. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The windows value and lifecycle read from the daily rollups, all ending on asOf (inclusive):
 * the last 12 months (365 days), the last 90 days and the 90 days before those.
 */
export interface ValueWindows {
  asOf: string;
  yearFrom: string;
  recentFrom: string;
  previousFrom: string;
}

export function valueWindows(asOf: string): ValueWindows {
  return { asOf, yearFrom: shiftDay(asOf, -364), recentFrom: shiftDay(asOf, -89), previousFrom: shiftDay(asOf, -179) };
}
