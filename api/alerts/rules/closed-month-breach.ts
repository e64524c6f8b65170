import { lastDayOfMonth, monthStart } from '../../domain/periods';
import { breachEvidence } from '../breach-evidence';
import { contractMonths, type ContractMonth } from '../contract-months';
import type { AlertCandidate, AlertRule } from '../rule';

/** A closed month of a contract missed a target: the breach is final and owes the credit shown. */
export function closedMonthBreach(m: ContractMonth): AlertCandidate | null {
  // closed under the contract's settling days, breached with at least its minimum due count (closed-months.ts)
  if (m.compliance.state !== 'closed' || !m.compliance.breached) return null;
  const worst = m.compliance.checks.find((c) => c.kpi === m.compliance.worstKpi)!;
  return {
    rule: 'closed_month_breach',
    causeKey: `closed_month_breach:contract=${m.contract.id}:${m.span.month}`,
    companyId: m.contract.shipper_id,
    contractId: m.contract.id,
    severity: m.compliance.creditAmount > 0 ? 'critical' : 'warning',
    period: m.span.month,
    params: {
      contract: m.contract.code, company: m.shipperName, month: m.span.month, kpi: worst.kpi,
      actual: worst.actual, target: worst.target, credit: m.compliance.creditAmount, currency: m.contract.currency,
    },
    evidence: breachEvidence(m, [{ key: 'creditAmount', value: m.compliance.creditAmount, unit: 'money' }]),
  };
}

export const closedMonthBreachRule: AlertRule = {
  id: 'closed_month_breach',
  triggers: ['import', 'clock', 'nightly', 'manual'],
  async evaluate(ctx) {
    const from = monthStart(ctx.today, -ctx.thresholds.closedMonthLookback);
    const to = lastDayOfMonth(monthStart(ctx.today, -1).slice(0, 7));
    const months = await contractMonths(ctx.db, from, to, ctx.today, ctx.companyIds);
    return months.flatMap((m) => closedMonthBreach(m) ?? []);
  },
};
