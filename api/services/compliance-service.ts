import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible, assertRole, visibleCompanyIds } from '../auth/scope';
import { notFound } from '../errors';
import { businessDay } from '../domain/business-day';
import { monthCompliance, type ContractTerms, type KpiName } from '../domain/compliance';
import { monthStart, monthsBetween } from '../domain/periods';
import { emptyCounts, serviceKpis } from '../domain/service-kpis';
import { sumRollups, type RollupTotals } from '../queries/service-kpis';
import { companyNames, findContract, listContractsInForce, type ContractTermsRow } from '../queries/service-lookups';
import { resolveRange } from './service-kpis-service';

export const assertComplianceReader = (actor: Actor) => assertRole(actor, 'admin', 'manager', 'client');

export function termsOf(c: ContractTermsRow): ContractTerms {
  return {
    onTimeTarget: c.on_time_target, inFullTarget: c.in_full_target, otifTarget: c.otif_target,
    maxDamageRate: c.max_damage_rate, maxAvgTransitHours: c.max_avg_transit_hours,
    creditTiers: c.credit_tiers, creditCapPercent: c.credit_cap_percent, monthlyFee: c.monthly_fee,
  };
}

/** Per calendar month of [from, to] within the contract's period: its KPIs against the targets and the credit. */
export async function contractCompliance(
  db: Executor, actor: Actor, contractId: number, q: { from?: string; to?: string }, timeZone: string,
) {
  assertComplianceReader(actor);
  const contract = await findContract(db, contractId);
  if (!contract) throw notFound('Contract');
  await assertCompanyVisible(db, actor, contract.shipper_id, 'Contract');
  const range = resolveRange(q, timeZone);
  const from = range.from > contract.start_date ? range.from : contract.start_date;
  const to = range.to < contract.end_date ? range.to : contract.end_date;
  const totals = from <= to
    ? await sumRollups(db, { from, to, shipperId: contract.shipper_id, contractId, visible: null }, ['month'])
    : new Map<string, RollupTotals>();
  const terms = termsOf(contract);
  const months = monthsBetween(from, to).map((span) => {
    const month = totals.get(span.month);
    const kpis = serviceKpis(month?.counts ?? emptyCounts(), month?.histogram);
    return { month: span.month, from: span.from, to: span.to, wholeMonth: span.whole, kpis, ...monthCompliance(kpis, terms) };
  });
  return {
    contract: {
      id: contract.id, code: contract.code, shipperId: contract.shipper_id, startDate: contract.start_date,
      endDate: contract.end_date, monthlyFee: contract.monthly_fee, currency: contract.currency,
    },
    from: range.from,
    to: range.to,
    months,
    totalCredit: Math.round(months.reduce((sum, m) => sum + m.creditAmount, 0) * 100) / 100,
  };
}

export interface Breach {
  contractId: number; contractCode: string; shipperId: number; shipperName: string;
  month: string; wholeMonth: boolean; due: number;
  breaches: KpiName[]; worstKpi: KpiName; worstShortfall: number; creditPercent: number; creditAmount: number; currency: string;
  onTimeRate: number | null; inFullRate: number | null; otifRate: number | null; damageRate: number | null; avgTransitHours: number | null;
}

/**
 * Current breaches across the caller's contracts: the last full month and the current month to date,
 * worst shortfall first (then the larger credit, then contract code and month).
 */
export async function currentBreaches(db: Executor, actor: Actor, timeZone: string, now = new Date()) {
  assertComplianceReader(actor);
  const today = businessDay(now, timeZone);
  const from = monthStart(today, -1);
  const visible = visibleCompanyIds(db, actor);
  const contracts = await listContractsInForce(db, visible, from, today);
  const filter = { from, to: today, visible: null, contracts: contracts.map((c) => ({ id: c.id, shipperId: c.shipper_id })) };
  const totals = contracts.length ? await sumRollups(db, filter, ['contract', 'month'], { histograms: false }) : new Map<string, RollupTotals>();
  const names = await companyNames(db, [...new Set(contracts.map((c) => c.shipper_id))]);
  const spans = monthsBetween(from, today);
  const items: Breach[] = [];
  for (const contract of contracts) {
    for (const span of spans) {
      if (contract.start_date > span.to || contract.end_date < span.from) continue;
      const kpis = serviceKpis(totals.get(`${contract.id}|${span.month}`)?.counts ?? emptyCounts());
      const result = monthCompliance(kpis, termsOf(contract));
      if (!result.breached) continue;
      items.push({
        contractId: contract.id, contractCode: contract.code, shipperId: contract.shipper_id,
        shipperName: names.get(contract.shipper_id)?.name ?? '', month: span.month, wholeMonth: span.whole, due: kpis.due,
        breaches: result.breaches, worstKpi: result.worstKpi!, worstShortfall: result.worstShortfall,
        creditPercent: result.creditPercent, creditAmount: result.creditAmount, currency: contract.currency,
        onTimeRate: kpis.onTimeRate, inFullRate: kpis.inFullRate, otifRate: kpis.otifRate,
        damageRate: kpis.damageRate, avgTransitHours: kpis.avgTransitHours,
      });
    }
  }
  items.sort((a, b) => b.worstShortfall - a.worstShortfall || b.creditAmount - a.creditAmount
    || a.contractCode.localeCompare(b.contractCode) || a.month.localeCompare(b.month));
  return { months: spans.map((s) => s.month), items };
}
