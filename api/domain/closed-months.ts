import { addDays } from './business-day';
import { lastDayOfMonth } from './periods';

/**
 * Closed and provisional months (DESIGN.md §5): the one definition used by contract compliance, the breach
 * list, the service reports and the portal.
 *
 * - A period (a calendar month, clipped to a contract's end) is **running** while today is on or before its
 *   last day, **settling** for the settling period after it (deliveries promised late in it may still be
 *   delivered), and **closed** from the day after that: closes on = last day + settling days + 1. With the
 *   default 3 days, November closes on 4 December. Running and settling periods are provisional.
 * - A verdict (met or breached) needs at least the minimum due count; below it the KPIs are shown with their
 *   count and no verdict ('too_few'). Nothing due is 'nothing_due'.
 * - Only a closed, breached month owes a credit.
 */
export const DEFAULT_SETTLING_DAYS = 3;
export const DEFAULT_MIN_DUE_COUNT = 20;
/** bounds of the contract settings (the latest closed month is then never more than two months back) */
export const MAX_SETTLING_DAYS = 28;
export const MAX_MIN_DUE_COUNT = 100_000;

export type PeriodState = 'running' | 'settling' | 'closed';
export type Verdict = 'nothing_due' | 'too_few' | 'met' | 'breached';

export interface VerdictRules {
  settlingDays: number;
  minDueCount: number;
}

export const DEFAULT_VERDICT_RULES: VerdictRules = { settlingDays: DEFAULT_SETTLING_DAYS, minDueCount: DEFAULT_MIN_DUE_COUNT };

/** The first day on which a period ending on `lastDay` is closed. */
export const closesOn = (lastDay: string, settlingDays: number): string => addDays(lastDay, settlingDays + 1);

export function periodState(lastDay: string, today: string, settlingDays: number): PeriodState {
  if (today <= lastDay) return 'running';
  return today < closesOn(lastDay, settlingDays) ? 'settling' : 'closed';
}

/** The last day of a month for a contract: the month's end, or the contract's end when that comes first. */
export function monthLastDay(month: string, contractEnd?: string): string {
  const end = lastDayOfMonth(month);
  return contractEnd !== undefined && contractEnd < end ? contractEnd : end;
}

export interface MonthStatus {
  state: PeriodState;
  /** running or settling: its figures may still change, it owes no credit yet */
  provisional: boolean;
  closesOn: string;
}

export function monthStatus(month: string, today: string, settlingDays: number, contractEnd?: string): MonthStatus {
  const last = monthLastDay(month, contractEnd);
  const state = periodState(last, today, settlingDays);
  return { state, provisional: state !== 'closed', closesOn: closesOn(last, settlingDays) };
}

/** Whether a due count is large enough for a verdict. */
export const judged = (due: number, minDueCount: number): boolean => due > 0 && due >= minDueCount;

/** The verdict of a period from its due count and whether any KPI missed its target. */
export function verdictOf(due: number, missed: boolean, minDueCount: number): Verdict {
  if (due === 0) return 'nothing_due';
  if (!judged(due, minDueCount)) return 'too_few';
  return missed ? 'breached' : 'met';
}

/**
 * The most recent month that is closed on `today` under the settling period ('YYYY-MM'): last month once
 * its settling is over, else the month before.
 */
export function latestClosedMonth(today: string, settlingDays: number): string {
  const thisMonth = today.slice(0, 7);
  const [y, m] = thisMonth.split('-').map(Number);
  const previous = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
  if (periodState(lastDayOfMonth(previous), today, settlingDays) === 'closed') return previous;
  return new Date(Date.UTC(y, m - 3, 1)).toISOString().slice(0, 7);
}
