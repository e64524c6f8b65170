import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { applyPolicy, policyColumns, viewOf, type PolicyColumn, type View } from '../auth/field-policy';
import { AppError, badRequest } from '../errors';
import { iso, isoRequired, round2 } from '../format';
import { toCsv } from '../csv';
import type { ExceptionCause } from '../domain/exception-causes';
import { listDeliveries } from '../queries/deliveries';
import { companyNames } from '../queries/service-lookups';
import { contractCompliance } from '../services/compliance-service';
import { contractClaimsPaid } from '../claims/queries';
import { EXCUSED, monthDisputeCounts, shipperInReach } from './queries';
import { monthDays } from './rules';

const EXCUSED_CAP = 1000;

/**
 * The monthly statement of a contract (issue 17 item 6): the month's compliance answer (contractCompliance, so
 * its figures are the compliance page's), the excused deliveries with their causes, the breaches, the credit
 * and — for the shipper's side — the month's disputes. Only a closed month has a statement (409 otherwise).
 * A consignee client gets its own deliveries under the contract and no fee or credit (field policy 'statement').
 * Claims settled are the contract's claims paid in the month (for a consignee, those on its own deliveries).
 */
export async function monthlyStatement(
  db: Executor, actor: Actor, contractId: number, q: { month: string; consigneeId?: number }, timeZone: string, now = new Date(),
) {
  const report = await contractCompliance(db, actor, contractId, { ...monthDays(q.month), consigneeId: q.consigneeId }, timeZone, now);
  const month = report.months[0];
  if (!month) {
    throw badRequest(`The contract does not run in ${q.month}.`, [{ path: 'month', code: 'disputes.outside_contract', message: 'The contract does not run in this month.' }], { key: 'disputes.outside_contract', params: { month: q.month } });
  }
  if (month.state !== 'closed') {
    throw new AppError(409, 'conflict', `The statement of ${q.month} is not ready: the month closes on ${month.closesOn}.`,
      [{ path: 'month', code: 'statements.month_not_closed', message: 'Not closed yet.', params: { month: q.month, closesOn: month.closesOn } }],
      { key: 'statements.month_not_closed', params: { month: q.month, closesOn: month.closesOn } });
  }
  const shipperId = report.contract.shipperId;
  const rows = await listDeliveries(db, actor, {
    contractId, shipperId, consigneeId: report.scope?.consigneeId, promisedFrom: month.from, promisedTo: month.to, kpi: EXCUSED,
  }, timeZone, EXCUSED_CAP + 1);
  const ownBusiness = await shipperInReach(db, actor, shipperId);
  const disputes = ownBusiness && report.scope === null ? summarize(await monthDisputeCounts(db, contractId, q.month)) : undefined;
  const shipperName = (await companyNames(db, [shipperId])).get(shipperId)?.name ?? '';
  const paid = await contractClaimsPaid(db, contractId, month.from, month.to, timeZone, report.scope?.consigneeId);
  const value = {
    contract: {
      id: report.contract.id, code: report.contract.code, name: report.contract.name, shipperId, shipperName,
      currency: report.contract.currency, monthlyFee: report.contract.monthlyFee,
    },
    scope: report.scope,
    month,
    excused: {
      count: month.kpis.excused,
      items: rows.slice(0, EXCUSED_CAP).map((r) => ({
        id: Number(r.id), trackingNo: r.tracking_no, consigneeName: r.consignee_name, promisedAt: isoRequired(r.promised_at),
        deliveredAt: iso(r.delivered_at), status: r.status, cause: r.exception_cause as ExceptionCause | null,
      })),
      capped: rows.length > EXCUSED_CAP,
    },
    breaches: month.checks.filter((c) => c.breached).map((c) => ({ kpi: c.kpi, actual: c.actual, target: c.target, shortfall: c.shortfall })),
    claimsSettled: {
      count: paid.length,
      amount: round2(paid.reduce((sum, c) => sum + Number(c.amount_settled ?? 0), 0)),
      items: paid.map((c) => ({ id: Number(c.id), kind: c.kind, amountSettled: Number(c.amount_settled ?? 0), paidAt: isoRequired(c.paid_at!) })),
    },
    ...(disputes ? { disputes } : {}),
  };
  return applyPolicy('statement', viewOf(actor, shipperId), value);
}

function summarize(rows: Awaited<ReturnType<typeof monthDisputeCounts>>) {
  const byId = new Map<number, { id: number; status: 'open' | 'decided'; filedAt: string; open: number; accepted: number; rejected: number }>();
  for (const r of rows) {
    const item = byId.get(r.id) ?? { id: r.id, status: r.status, filedAt: isoRequired(r.filed_at), open: 0, accepted: 0, rejected: 0 };
    item[r.line_status] += Number(r.n);
    byId.set(r.id, item);
  }
  return [...byId.values()];
}

export type Statement = Awaited<ReturnType<typeof monthlyStatement>>;

/** One CSV line per figure: a summary line, a line per KPI (operational and contractual), a line per excused delivery. */
interface StatementLine {
  section: 'summary' | 'kpi' | 'excused' | 'claim';
  basis?: 'operational' | 'contractual';
  kpi?: string; actual?: number | null; target?: number | null; breached?: boolean; shortfall?: number;
  due?: number; excused?: number; verdict?: string; breaches?: string; creditPercent?: number; creditAmount?: number;
  trackingNo?: string; consignee?: string; promisedAt?: string; cause?: string | null;
  claimId?: number; claimKind?: string; amountSettled?: number; paidAt?: string;
}

export function statementCsv(s: Statement, view: View): string {
  const m = s.month;
  const op = m.kpis;
  const operational: Record<string, number | null> = {
    onTime: op.onTimeRate, inFull: op.inFullRate, otif: op.otifRate, damageRate: op.damageRate, avgTransitHours: op.avgTransitHours,
  };
  const lines: StatementLine[] = [
    {
      section: 'summary', due: op.contractual.due, excused: op.excused, verdict: m.verdict, breaches: m.breaches.join(' '),
      creditPercent: m.creditPercent, creditAmount: m.creditAmount,
    },
    ...m.checks.map((c) => ({ section: 'kpi' as const, basis: 'operational' as const, kpi: c.kpi, actual: operational[c.kpi], target: c.target })),
    ...m.checks.map((c) => ({ section: 'kpi' as const, basis: 'contractual' as const, kpi: c.kpi, actual: c.actual, target: c.target, breached: c.breached, shortfall: c.shortfall })),
    ...s.excused.items.map((d) => ({ section: 'excused' as const, trackingNo: d.trackingNo, consignee: d.consigneeName, promisedAt: d.promisedAt, cause: d.cause })),
    ...s.claimsSettled.items.map((c) => ({ section: 'claim' as const, claimId: c.id, claimKind: c.kind, amountSettled: c.amountSettled, paidAt: c.paidAt })),
  ];
  const columns: PolicyColumn<StatementLine>[] = [
    { header: 'contract', field: 'contract', value: () => s.contract.code },
    { header: 'month', field: 'month', value: () => m.month },
    { header: 'section', field: 'section', value: (l) => l.section },
    { header: 'basis', field: 'basis', value: (l) => l.basis },
    { header: 'kpi', field: 'kpi', value: (l) => l.kpi },
    { header: 'actual', field: 'actual', value: (l) => l.actual },
    { header: 'target', field: 'target', value: (l) => l.target },
    { header: 'breached', field: 'breached', value: (l) => l.breached },
    { header: 'shortfall', field: 'shortfall', value: (l) => l.shortfall },
    { header: 'contractual_due', field: 'due', value: (l) => l.due },
    { header: 'excused', field: 'excused', value: (l) => l.excused },
    { header: 'verdict', field: 'verdict', value: (l) => l.verdict },
    { header: 'breaches', field: 'breaches', value: (l) => l.breaches },
    { header: 'credit_percent', field: 'creditPercent', value: (l) => l.creditPercent },
    { header: 'credit_amount', field: 'creditAmount', value: (l) => l.creditAmount },
    { header: 'tracking_no', field: 'trackingNo', value: (l) => l.trackingNo },
    { header: 'consignee', field: 'consignee', value: (l) => l.consignee },
    { header: 'promised_at', field: 'promisedAt', value: (l) => l.promisedAt },
    { header: 'cause', field: 'cause', value: (l) => l.cause },
    { header: 'claim_id', field: 'claimId', value: (l) => l.claimId },
    { header: 'claim_kind', field: 'claimKind', value: (l) => l.claimKind },
    { header: 'amount_settled', field: 'amountSettled', value: (l) => l.amountSettled },
    { header: 'paid_at', field: 'paidAt', value: (l) => l.paidAt },
  ];
  return toCsv(lines, policyColumns('statement', view, columns));
}

