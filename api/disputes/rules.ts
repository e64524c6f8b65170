import type { DisputeLineStatus, DisputeSnapshot, DisputeStatus } from '../../db/tables/disputes';
import { lastDayOfMonth } from '../domain/periods';

/**
 * Pure rules of disputes and statements (DESIGN.md §10 "Disputes"; issue 17 items 5 and 6).
 * - A month is 'YYYY-MM'; its days are the 1st to its last day (a contract clips them to its period).
 * - A dispute is open while any line is open, decided once every line is accepted or rejected.
 * - The figures shown before/after are the month's contractual KPIs and its credit (monthCompliance).
 */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const monthDays = (month: string) => ({ from: `${month}-01`, to: lastDayOfMonth(month) });

/** Whether a contract running from `start` to `end` has any day in the month. */
export const monthInContract = (month: string, start: string, end: string) => {
  const { from, to } = monthDays(month);
  return from <= end && to >= start;
};

export const disputeStatusOf = (lines: readonly { status: DisputeLineStatus }[]): DisputeStatus =>
  lines.length > 0 && lines.every((l) => l.status !== 'open') ? 'decided' : 'open';

/** What a month's compliance answer (judgeMonth) says, kept as a dispute's snapshot and shown next to it now. */
export interface JudgedMonthLike {
  kpis: { excused: number; contractual: { due: number; onTimeRate: number | null; inFullRate: number | null; otifRate: number | null; damageRate: number | null; avgTransitHours: number | null } };
  verdict: string; breaches: readonly string[]; worstKpi: string | null; worstShortfall: number; creditPercent: number; creditAmount: number;
}

export function figuresOf(m: JudgedMonthLike): DisputeSnapshot {
  const k = m.kpis.contractual;
  return {
    due: k.due, excused: m.kpis.excused, onTimeRate: k.onTimeRate, inFullRate: k.inFullRate, otifRate: k.otifRate,
    damageRate: k.damageRate, avgTransitHours: k.avgTransitHours, verdict: m.verdict, breaches: [...m.breaches],
    worstKpi: m.worstKpi, worstShortfall: m.worstShortfall, creditPercent: m.creditPercent, creditAmount: m.creditAmount,
  };
}

/** The indexes of lines that name a delivery an earlier line already names. */
export function repeatedDeliveries(lines: readonly { deliveryId: number }[]): number[] {
  const seen = new Set<number>();
  const repeated: number[] = [];
  lines.forEach((l, i) => {
    if (seen.has(l.deliveryId)) repeated.push(i);
    seen.add(l.deliveryId);
  });
  return repeated;
}
