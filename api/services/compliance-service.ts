import { contractClaims, contractTarget } from '../claims/queries';
import { claimFigures } from '../claims/rules';
import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertRole, visibleCompanyIds } from '../auth/scope';
import { notFound } from '../errors';
import { businessDay } from '../domain/business-day';
import { latestClosedMonth, monthStatus, type PeriodState } from '../domain/closed-months';
import { monthCompliance, type ContractTerms, type KpiName } from '../domain/compliance';
import { monthStart, monthsBetween, type MonthSpan } from '../domain/periods';
import { addCounts, emptyCounts, mergeHistograms, serviceKpis } from '../domain/service-kpis';
import { contractCoversConsignee, contractIsVisible } from '../queries/contracts';
import { sumRollups, type RollupTotals } from '../queries/service-kpis';
import { companyNames, findContract, listContractsInForce, type ContractTermsRow } from '../queries/service-lookups';
import { resolveRange } from './service-kpis-service';

export const assertComplianceReader = (actor: Actor) => assertRole(actor, 'admin', 'manager', 'client');

export function termsOf(c: ContractTermsRow): ContractTerms {
  return {
    onTimeTarget: c.on_time_target, inFullTarget: c.in_full_target, otifTarget: c.otif_target,
    maxDamageRate: c.max_damage_rate, maxAvgTransitHours: c.max_avg_transit_hours,
    creditTiers: c.credit_tiers, creditCapPercent: c.credit_cap_percent, monthlyFee: c.monthly_fee,
    settlingDays: c.settling_days, minDueCount: c.min_due_count,
  };
}

/**
 * The consignee the figures are limited to: a client that is not the contract's shipper always sees its own
 * deliveries only (DESIGN.md §8); others may name a consignee the contract covers. Not covered: 404.
 */
async function consigneeScope(db: Executor, actor: Actor, contract: ContractTermsRow, asked: number | undefined) {
  const own = actor.role === 'client' && actor.companyId !== contract.shipper_id ? actor.companyId : null;
  if (own !== null && asked !== undefined && asked !== own) throw notFound('Consignee');
  const consigneeId = own ?? asked;
  if (consigneeId === undefined) return null;
  if (!(await contractCoversConsignee(db, contract.id, consigneeId))) throw notFound('Consignee');
  const name = (await companyNames(db, [consigneeId])).get(consigneeId);
  return { consigneeId, consigneeCode: name?.code ?? '', consigneeName: name?.name ?? '' };
}

/**
 * One month of a contract: its KPIs, whether it is closed (closed-months.ts), the verdict and the credit, which
 * only a closed month of a whole-contract question owes.
 */
export function judgeMonth(span: MonthSpan, totals: RollupTotals | undefined, terms: ContractTerms, contractEnd: string, today: string, creditsApply: boolean) {
  const kpis = serviceKpis(totals?.counts ?? emptyCounts(), totals?.histogram);
  const status = monthStatus(span.month, today, terms.settlingDays, contractEnd);
  const result = monthCompliance(kpis.contractual, terms, creditsApply ? status.state : 'running');
  return { month: span.month, from: span.from, to: span.to, wholeMonth: span.whole, ...status, kpis, ...result };
}

/**
 * Per calendar month of [from, to] within the contract's period: its KPIs against the targets, whether the
 * month is closed, its verdict and the credit (closed months only); and the same KPIs over the whole range.
 * With a consignee scope the figures are that consignee's deliveries under the contract and owe no credit
 * (credits are for the contract as a whole).
 */
export async function contractCompliance(
  db: Executor, actor: Actor, contractId: number, q: { from?: string; to?: string; consigneeId?: number }, timeZone: string,
  now = new Date(),
) {
  assertComplianceReader(actor);
  const contract = await findContract(db, contractId);
  if (!contract || !(await contractIsVisible(db, actor, contractId))) throw notFound('Contract');
  const scope = await consigneeScope(db, actor, contract, q.consigneeId);
  const today = businessDay(now, timeZone);
  const range = resolveRange(q, timeZone, now);
  const from = range.from > contract.start_date ? range.from : contract.start_date;
  const to = range.to < contract.end_date ? range.to : contract.end_date;
  const filter = { from, to, shipperId: contract.shipper_id, contractId, consigneeId: scope?.consigneeId, visible: null };
  const totals = from <= to ? await sumRollups(db, filter, ['month']) : new Map<string, RollupTotals>();
  const terms = termsOf(contract);
  const months = monthsBetween(from, to).map((span) => judgeMonth(span, totals.get(span.month), terms, contract.end_date, today, !scope));
  const counts = [...totals.values()].map((t) => t.counts).reduce(addCounts, emptyCounts());
  const histogram = [...totals.values()].map((t) => t.histogram).reduce(mergeHistograms, new Map<number, number>());
  const totalKpis = serviceKpis(counts, histogram);
  const overall = monthCompliance(totalKpis.contractual, terms, 'running');
  // claims filed under the contract, against its claim-response target (DESIGN.md §10)
  const claims = from <= to ? await contractClaims(db, contractId, from, to, timeZone, scope?.consigneeId) : [];
  const timing = (rows: typeof claims) => rows.map((c) => ({ filedAt: c.filed_at, acknowledgedAt: c.acknowledged_at, targetHours: Number(c.response_target_hours) }));
  const target = (await contractTarget(db, contractId))?.claim_response_hours ?? null;
  return {
    contract: {
      id: contract.id, code: contract.code, name: contract.name, shipperId: contract.shipper_id, startDate: contract.start_date,
      endDate: contract.end_date, monthlyFee: contract.monthly_fee, currency: contract.currency,
      settlingDays: terms.settlingDays, minDueCount: terms.minDueCount,
    },
    scope,
    creditsApply: scope === null,
    from: range.from,
    to: range.to,
    today,
    months: months.map((m) => ({ ...m, claims: claimFigures(timing(claims.filter((c) => c.month === m.month)), target, now) })),
    total: {
      claims: claimFigures(timing(claims), target, now),
      from: months[0]?.from ?? from, to: months.at(-1)?.to ?? to, provisional: months.some((m) => m.provisional),
      kpis: totalKpis, checks: overall.checks, verdict: overall.verdict, breaches: overall.breaches,
    },
    totalCredit: Math.round(months.reduce((sum, m) => sum + m.creditAmount, 0) * 100) / 100,
  };
}

export interface Breach {
  contractId: number; contractCode: string; shipperId: number; shipperName: string;
  month: string; wholeMonth: boolean; due: number; excused: number;
  state: PeriodState; provisional: boolean; closesOn: string;
  breaches: KpiName[]; worstKpi: KpiName; worstShortfall: number; creditPercent: number; creditAmount: number; currency: string;
  onTimeRate: number | null; inFullRate: number | null; otifRate: number | null; damageRate: number | null; avgTransitHours: number | null;
}

/**
 * Current breaches across the caller's contracts: for each contract its latest closed month (which owes the
 * credit) and the provisional months after it (breached so far, no credit yet), each with at least the
 * contract's minimum due count; worst shortfall first (then the larger credit, then contract code and month).
 */
export async function currentBreaches(db: Executor, actor: Actor, timeZone: string, now = new Date()) {
  assertComplianceReader(actor);
  const today = businessDay(now, timeZone);
  // the latest closed month is at most two months back (settling days ≤ MAX_SETTLING_DAYS)
  const from = monthStart(today, -2);
  const visible = visibleCompanyIds(db, actor);
  const contracts = await listContractsInForce(db, visible, from, today);
  const filter = { from, to: today, visible: null, contracts: contracts.map((c) => ({ id: c.id, shipperId: c.shipper_id })) };
  const totals = contracts.length ? await sumRollups(db, filter, ['contract', 'month'], { histograms: false }) : new Map<string, RollupTotals>();
  const names = await companyNames(db, [...new Set(contracts.map((c) => c.shipper_id))]);
  const spans = monthsBetween(from, today);
  const items: Breach[] = [];
  const shown = new Set<string>();
  for (const contract of contracts) {
    const terms = termsOf(contract);
    const firstMonth = latestClosedMonth(today, terms.settlingDays);
    for (const span of spans) {
      if (span.month < firstMonth || contract.start_date > span.to || contract.end_date < span.from) continue;
      shown.add(span.month);
      const m = judgeMonth(span, totals.get(`${contract.id}|${span.month}`), terms, contract.end_date, today, true);
      if (!m.breached) continue;
      const kpis = m.kpis.contractual;
      items.push({
        contractId: contract.id, contractCode: contract.code, shipperId: contract.shipper_id,
        shipperName: names.get(contract.shipper_id)?.name ?? '', month: m.month, wholeMonth: m.wholeMonth, due: kpis.due, excused: m.kpis.excused,
        state: m.state, provisional: m.provisional, closesOn: m.closesOn,
        breaches: m.breaches, worstKpi: m.worstKpi!, worstShortfall: m.worstShortfall,
        creditPercent: m.creditPercent, creditAmount: m.creditAmount, currency: contract.currency,
        onTimeRate: kpis.onTimeRate, inFullRate: kpis.inFullRate, otifRate: kpis.otifRate,
        damageRate: kpis.damageRate, avgTransitHours: kpis.avgTransitHours,
      });
    }
  }
  items.sort((a, b) => b.worstShortfall - a.worstShortfall || b.creditAmount - a.creditAmount
    || a.contractCode.localeCompare(b.contractCode) || a.month.localeCompare(b.month));
  return { today, months: spans.map((s) => s.month).filter((m) => shown.has(m)), items };
}
