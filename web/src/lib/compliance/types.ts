/**
 * Shapes of the compliance answers (GET /contracts/{id}/compliance, /analytics/breaches) with the closed and
 * provisional months of DESIGN.md §5. The API decides every state and verdict; the portal only shows them.
 */
import type { Kpis } from '../analytics/types';

export type KpiName = 'onTime' | 'inFull' | 'otif' | 'damageRate' | 'avgTransitHours';
/** running: today is in it; settling: ended, within the contract's settling period; closed: can owe a credit */
export type PeriodState = 'running' | 'settling' | 'closed';
/** too_few: fewer due deliveries than the contract's minimum: shown with the count, not judged */
export type Verdict = 'nothing_due' | 'too_few' | 'met' | 'breached';

export interface KpiCheck { kpi: KpiName; actual: number | null; target: number | null; direction: 'min' | 'max'; breached: boolean; shortfall: number }

export interface MonthCompliance {
  month: string; from: string; to: string; wholeMonth: boolean;
  state: PeriodState; provisional: boolean; closesOn: string;
  kpis: Kpis; checks: KpiCheck[]; verdict: Verdict;
  breached: boolean; breaches: KpiName[]; worstKpi: KpiName | null; worstShortfall: number; creditPercent: number; creditAmount: number;
}

export interface ComplianceReport {
  contract: {
    id: number; code: string; name: string | null; shipperId: number; startDate: string; endDate: string;
    monthlyFee: number; currency: string; settlingDays: number; minDueCount: number;
  };
  scope: { consigneeId: number; consigneeCode: string; consigneeName: string } | null;
  creditsApply: boolean;
  from: string; to: string; today: string;
  months: MonthCompliance[];
  total: { from: string; to: string; provisional: boolean; kpis: Kpis; checks: KpiCheck[]; verdict: Verdict; breaches: KpiName[] };
  totalCredit: number;
}

export interface Breach {
  contractId: number; contractCode: string; shipperId: number; shipperName: string; month: string; wholeMonth: boolean; due: number;
  state: PeriodState; provisional: boolean; closesOn: string;
  breaches: KpiName[]; worstKpi: KpiName; worstShortfall: number; creditPercent: number; creditAmount: number; currency: string;
  onTimeRate: number | null; inFullRate: number | null; otifRate: number | null; damageRate: number | null; avgTransitHours: number | null;
}
export interface BreachList { today: string; months: string[]; items: Breach[] }

/** A month the compliance answer judged (met or breached); the others have too few or no due deliveries. */
export const isJudged = (m: { verdict: Verdict }) => m.verdict === 'met' || m.verdict === 'breached';

/** One period of a rate trend (TrendChart). */
export interface TrendPoint {
  label: string;
  due: number;
  /** enough due deliveries for a verdict: plotted; otherwise left out and named under the chart */
  judged: boolean;
  /** not closed yet: a hollow point */
  provisional: boolean;
  /** series key → ratio */
  values: Record<string, number | null>;
}
