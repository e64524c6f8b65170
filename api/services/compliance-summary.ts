import type { Executor } from '../../db/database';
import { monthsBetween } from '../domain/periods';
import type { Verdict } from '../domain/closed-months';
import { sumRollups } from '../queries/service-kpis';
import type { ContractTermsRow } from '../queries/service-lookups';
import { judgeMonth, termsOf } from './compliance-service';

export interface ComplianceSummary {
  /** the months judged: the contract's period up to today (as on the contract's page) */
  from: string;
  to: string;
  /** the latest closed month and its verdict (null before the first month closes) */
  latestClosed: { month: string; verdict: Verdict; breaches: string[] } | null;
  closedMonths: number;
  breachedMonths: number;
  /** Σ credits of the closed months */
  creditsOwed: number;
  /** months not closed yet (running or settling), breached so far or not */
  provisionalMonths: number;
}

/**
 * For a page of contracts: each contract's compliance over its period up to today, as GET /contracts/{id}/compliance
 * computes it month by month (one rollup read for the whole page).
 */
export async function complianceSummaries(db: Executor, contracts: readonly ContractTermsRow[], today: string): Promise<Map<number, ComplianceSummary>> {
  const result = new Map<number, ComplianceSummary>();
  const started = contracts.filter((c) => c.start_date <= today);
  if (started.length === 0) return result;
  const from = started.map((c) => c.start_date).reduce((a, b) => (a < b ? a : b));
  const totals = await sumRollups(db, {
    from, to: today, visible: null, contracts: started.map((c) => ({ id: c.id, shipperId: c.shipper_id })),
  }, ['contract', 'month'], { histograms: false });
  for (const contract of started) {
    const to = contract.end_date < today ? contract.end_date : today;
    const terms = termsOf(contract);
    const months = monthsBetween(contract.start_date, to)
      .map((span) => judgeMonth(span, totals.get(`${contract.id}|${span.month}`), terms, contract.end_date, today, true));
    const closed = months.filter((m) => !m.provisional);
    const latest = closed.at(-1);
    result.set(contract.id, {
      from: contract.start_date, to,
      latestClosed: latest ? { month: latest.month, verdict: latest.verdict, breaches: latest.breaches } : null,
      closedMonths: closed.length,
      breachedMonths: closed.filter((m) => m.breached).length,
      creditsOwed: Math.round(closed.reduce((sum, m) => sum + m.creditAmount, 0) * 100) / 100,
      provisionalMonths: months.length - closed.length,
    });
  }
  return result;
}
