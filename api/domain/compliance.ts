import type { CreditTier } from '../../db/tables/accounts';
import { verdictOf, type PeriodState, type Verdict } from './closed-months';
import type { ServiceKpis } from './service-kpis';

/**
 * Contract compliance for one month (DESIGN.md §5).
 *
 * - Checked KPIs: on-time, in-full and OTIF rates against their minimum targets; damage rate and average
 *   transit hours against their maxima. A KPI without a target, or without data in the month (no due
 *   delivery, no delivered piece, no transit), is not checked.
 * - A miss is a breach: rate < target, or value > maximum (strictly; meeting the target exactly is no breach).
 * - Shortfall, as a fraction comparable with the credit tiers: for rates target − rate and for the damage
 *   rate rate − maximum (points, 0.02 = two points); for transit hours (hours − maximum) / maximum (relative).
 *   Shortfalls are rounded to 10 decimal places so 0.95 − 0.90 counts as exactly 0.05 at a tier edge.
 * - Worst shortfall: the largest shortfall of the breached KPIs (0 without breach).
 * - Credit percent: with at least one breach, the percent of the tier with the highest shortfall threshold
 *   that is ≤ the worst shortfall (0 when no tier qualifies); then capped at credit_cap_percent when set.
 * - Credit amount: percent × monthly fee, rounded to cents.
 * - Closed and provisional months (closed-months.ts): with fewer due deliveries than the contract's minimum
 *   due count no KPI is judged (verdict 'too_few', no breach); only a closed month owes a credit, a running or
 *   settling one shows its verdict so far with credit 0.
 */
export interface ContractTerms {
  onTimeTarget: number | null;
  inFullTarget: number | null;
  otifTarget: number | null;
  maxDamageRate: number | null;
  maxAvgTransitHours: number | null;
  creditTiers: readonly CreditTier[];
  creditCapPercent: number | null;
  monthlyFee: number;
  /** days after a month's end before it is closed */
  settlingDays: number;
  /** due deliveries a month needs for a verdict */
  minDueCount: number;
}

export type KpiName = 'onTime' | 'inFull' | 'otif' | 'damageRate' | 'avgTransitHours';

export interface KpiCheck {
  kpi: KpiName;
  actual: number | null;
  target: number | null;
  /** 'min' = actual must reach the target; 'max' = actual must not exceed it */
  direction: 'min' | 'max';
  breached: boolean;
  shortfall: number;
}

export interface MonthCompliance {
  checks: KpiCheck[];
  verdict: Verdict;
  breached: boolean;
  breaches: KpiName[];
  worstKpi: KpiName | null;
  worstShortfall: number;
  creditPercent: number;
  creditAmount: number;
}

const clean = (value: number) => Math.round(value * 1e10) / 1e10;

function check(kpi: KpiName, actual: number | null, target: number | null, direction: 'min' | 'max'): KpiCheck {
  if (actual === null || target === null) return { kpi, actual, target, direction, breached: false, shortfall: 0 };
  let gap: number;
  if (direction === 'min') gap = target - actual;
  else if (kpi === 'avgTransitHours') gap = target > 0 ? (actual - target) / target : 0;
  else gap = actual - target;
  const shortfall = Math.max(0, clean(gap));
  return { kpi, actual, target, direction, breached: shortfall > 0, shortfall };
}

/** The tier percent for a shortfall: the highest threshold ≤ shortfall; 0 when none qualifies. */
export function tierPercent(tiers: readonly CreditTier[], shortfall: number): number {
  let best: CreditTier | null = null;
  for (const tier of tiers) {
    if (tier.shortfall <= shortfall && (best === null || tier.shortfall > best.shortfall)) best = tier;
  }
  return best?.percent ?? 0;
}

export function creditFor(terms: Pick<ContractTerms, 'creditTiers' | 'creditCapPercent' | 'monthlyFee'>, worstShortfall: number, breached: boolean) {
  if (!breached) return { creditPercent: 0, creditAmount: 0 };
  const percent = tierPercent(terms.creditTiers, worstShortfall);
  const creditPercent = terms.creditCapPercent === null ? percent : Math.min(percent, terms.creditCapPercent);
  return { creditPercent, creditAmount: Math.round(creditPercent * terms.monthlyFee * 100) / 100 };
}

type JudgedKpis = Pick<ServiceKpis, 'due' | 'onTimeRate' | 'inFullRate' | 'otifRate' | 'damageRate' | 'avgTransitHours'>;

/**
 * Each KPI of a period against the targets. Below the minimum due count nothing is breached (the checks keep
 * the actual values and the shortfalls they would have); `state` decides whether a breach owes a credit.
 */
export function monthCompliance(kpis: JudgedKpis, terms: ContractTerms, state: PeriodState): MonthCompliance {
  const raw = [
    check('onTime', kpis.onTimeRate, terms.onTimeTarget, 'min'),
    check('inFull', kpis.inFullRate, terms.inFullTarget, 'min'),
    check('otif', kpis.otifRate, terms.otifTarget, 'min'),
    check('damageRate', kpis.damageRate, terms.maxDamageRate, 'max'),
    check('avgTransitHours', kpis.avgTransitHours, terms.maxAvgTransitHours, 'max'),
  ];
  const verdict = verdictOf(kpis.due, raw.some((c) => c.breached), terms.minDueCount);
  const checks = verdict === 'breached' ? raw : raw.map((c) => ({ ...c, breached: false }));
  const breachedChecks = checks.filter((c) => c.breached);
  const worst = breachedChecks.reduce<KpiCheck | null>((w, c) => (w === null || c.shortfall > w.shortfall ? c : w), null);
  const worstShortfall = worst?.shortfall ?? 0;
  return {
    checks,
    verdict,
    breached: worst !== null,
    breaches: breachedChecks.map((c) => c.kpi),
    worstKpi: worst?.kpi ?? null,
    worstShortfall,
    ...creditFor(terms, worstShortfall, worst !== null && state === 'closed'),
  };
}
