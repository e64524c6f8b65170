import { monthStart } from '../../domain/periods';
import { breachEvidence } from '../breach-evidence';
import { contractMonths, type ContractMonth } from '../contract-months';
import { monthElapsed } from '../month-verdict';
import type { AlertCandidate, AlertRule } from '../rule';

/**
 * The running month heading for a breach: with enough of the month gone and at least the minimum sample of
 * due deliveries, a KPI so far misses its target. The month's due count is projected from the pace so far;
 * for a rate, the rate the rest of the month must reach to end on target (above 100 %: the breach is certain).
 */
export function runningMonthBreach(m: ContractMonth, today: string, minElapsed: number): AlertCandidate | null {
  const elapsed = monthElapsed(m.span.month, today);
  if (elapsed >= 1 || elapsed < minElapsed) return null;
  // breached so far with at least the contract's minimum due count (closed-months.ts)
  if (!m.compliance.breached) return null;
  const worst = m.compliance.checks.find((c) => c.kpi === m.compliance.worstKpi)!;
  const projectedDue = Math.round(m.kpis.due / elapsed);
  const remaining = projectedDue - m.kpis.due;
  const neededRate = worst.direction === 'min' && worst.actual !== null && worst.target !== null
    ? (remaining > 0 ? (worst.target * projectedDue - worst.actual * m.kpis.due) / remaining : Number.POSITIVE_INFINITY)
    : null;
  const certain = neededRate !== null && neededRate > 1;
  return {
    rule: 'running_month_breach',
    causeKey: `running_month_breach:contract=${m.contract.id}:${m.span.month}`,
    companyId: m.contract.shipper_id,
    contractId: m.contract.id,
    severity: certain ? 'critical' : 'warning',
    period: m.span.month,
    params: { contract: m.contract.code, company: m.shipperName, month: m.span.month, kpi: worst.kpi, actual: worst.actual, target: worst.target },
    evidence: breachEvidence(m, [
      { key: 'monthElapsed', value: Math.round(elapsed * 1000) / 1000, unit: 'ratio' },
      { key: 'projectedDue', value: projectedDue, unit: 'count' },
      ...(neededRate === null ? [] : [{ key: 'neededRate', value: Number.isFinite(neededRate) ? Math.round(neededRate * 10000) / 10000 : null, unit: 'ratio' as const }]),
    ]),
  };
}

export const runningMonthBreachRule: AlertRule = {
  id: 'running_month_breach',
  triggers: ['import', 'clock', 'nightly', 'manual'],
  async evaluate(ctx) {
    const months = await contractMonths(ctx.db, monthStart(ctx.today), ctx.today, ctx.today, ctx.companyIds);
    return months.flatMap((m) => runningMonthBreach(m, ctx.today, ctx.thresholds.runningMonthMinElapsed) ?? []);
  },
};
