import { addDays, daysBetween } from '../domain/business-day';
import { lastDayOfMonth } from '../domain/periods';

/**
 * Closed and provisional months (DESIGN.md §5), until compliance carries them itself: a month is closed once
 * it has ended and its settling period (days for deliveries still in transit to be recorded) has passed; the
 * month that holds today is running (provisional). A verdict — breach or not — needs a minimum number of due
 * deliveries; below it the month is shown with its count and no verdict.
 */
export const DEFAULT_SETTLING_DAYS = 3;
export const DEFAULT_MIN_DUE = 20;

export type MonthState = 'closed' | 'settling' | 'running' | 'future';

export function monthState(month: string, today: string, settlingDays = DEFAULT_SETTLING_DAYS): MonthState {
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  if (today < first) return 'future';
  if (today <= last) return 'running';
  return today > addDays(last, settlingDays) ? 'closed' : 'settling';
}

export const hasVerdict = (due: number, minDue = DEFAULT_MIN_DUE) => due >= minDue;

/** The share of a month's days that have passed by the end of `today` (1 for a past month). */
export function monthElapsed(month: string, today: string): number {
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  if (today < first) return 0;
  if (today >= last) return 1;
  return (daysBetween(first, today) + 1) / (daysBetween(first, last) + 1);
}
