import { daysBetween } from '../domain/business-day';
import { DEFAULT_MIN_DUE_COUNT, DEFAULT_SETTLING_DAYS, judged, periodState, type PeriodState } from '../domain/closed-months';
import { lastDayOfMonth } from '../domain/periods';

/**
 * Closed and provisional months as the workbench reads them: the one definition is api/domain/closed-months.ts
 * (each contract's settling days and minimum due count; compliance months carry their state and verdict, see
 * judgeMonth); this adds a state for months that have not begun and the share of a month gone by.
 */
export { DEFAULT_SETTLING_DAYS };
export const DEFAULT_MIN_DUE = DEFAULT_MIN_DUE_COUNT;

export type MonthState = PeriodState | 'future';

export function monthState(month: string, today: string, settlingDays = DEFAULT_SETTLING_DAYS): MonthState {
  if (today < `${month}-01`) return 'future';
  return periodState(lastDayOfMonth(month), today, settlingDays);
}

export const hasVerdict = (due: number, minDue = DEFAULT_MIN_DUE) => judged(due, minDue);

/** The share of a month's days that have passed by the end of `today` (1 for a past month). */
export function monthElapsed(month: string, today: string): number {
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  if (today < first) return 0;
  if (today >= last) return 1;
  return (daysBetween(first, today) + 1) / (daysBetween(first, last) + 1);
}
