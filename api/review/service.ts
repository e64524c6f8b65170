import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible, assertRole } from '../auth/scope';
import { forbidden, notFound } from '../errors';
import { businessDay } from '../domain/business-day';
import { effectiveWeights, weightedScore } from '../domain/department-weights';
import { monthsBetween, monthStart } from '../domain/periods';
import { emptyCounts, serviceKpis, type ServiceKpis } from '../domain/service-kpis';
import { meanScore, nps } from '../domain/survey-scores';
import { sumRollups } from '../queries/service-kpis';
import { judgeMonth, termsOf } from '../services/compliance-service';
import { listTasks } from '../tasks/queries';
import { assertInPortfolio } from '../workbench/portfolio';
import { interactionCounts, latestChurnScore, reviewClaims, reviewContracts, reviewDepartments, reviewSurveyAnswers } from './queries';
import { round2 } from '../format';
import { quarterContaining, quarterOf, shiftQuarter, type Quarter } from './quarter';

export type ReviewVersion = 'manager' | 'client';

/** The service figures a review shows; revenue, cost and margin stay out (internal: the manager version has them apart). */
const serviceFigures = (k: ServiceKpis) => ({
  shipments: k.shipments, due: k.due, onTimeRate: k.onTimeRate, inFullRate: k.inFullRate, otifRate: k.otifRate,
  damageRate: k.damageRate, avgTransitHours: k.avgTransitHours,
});

const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 10000) / 10000);
const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
const nextDay = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/**
 * The quarterly business review pack of a client company: per contract the KPIs of each month against the
 * targets (closed months with their verdict and credit, the running month provisional) and the quarter
 * against the one before, the breaches and credits, satisfaction by department, the twelve months' volume
 * and the agreed actions (tasks marked for the review). The client version leaves out every internal
 * figure (DESIGN.md §8); a consignee's pack shows the targets that cover it, never the shipper's fee or credits.
 */
export async function reviewPack(db: DB, actor: Actor, companyId: number, q: { quarter?: string; version?: ReviewVersion }, timeZone: string, now = new Date()) {
  const version: ReviewVersion = actor.role === 'client' ? 'client' : q.version ?? 'manager';
  if (actor.role === 'client') {
    if (q.version === 'manager') throw forbidden('Clients get the client version of the review.');
    await assertCompanyVisible(db, actor, companyId);
  } else {
    assertRole(actor, 'admin', 'manager');
    await assertInPortfolio(db, actor, companyId);
  }
  const company = await db.selectFrom('companies').select(['id', 'code', 'name', 'is_shipper', 'is_consignee']).where('id', '=', companyId).executeTakeFirst();
  if (!company) throw notFound('Company');
  const today = businessDay(now, timeZone);
  const quarter = q.quarter ? quarterOf(q.quarter) : shiftQuarter(quarterContaining(today), -1);
  const previous = shiftQuarter(quarter, -1);
  const asShipper = company.is_shipper;
  const internal = version === 'manager';

  const contracts = await reviewContracts(db, companyId, asShipper, previous.from, quarter.to);
  const sections = await Promise.all(contracts.map((k) => contractSection(db, k, companyId, asShipper, quarter, previous, today)));
  const inQuarter = sections.filter((s) => s.inQuarter);
  const breaches = inQuarter.flatMap((s) => s.months.filter((m) => m.breached).map((m) => ({
    contractId: s.id, contractCode: s.code, month: m.month, state: m.state, breaches: m.breaches, worstKpi: m.worstKpi,
    creditAmount: m.creditAmount, currency: s.currency,
  })));

  const [satisfaction, volume, actions, claims] = await Promise.all([
    satisfactionSection(db, companyId, quarter, previous),
    volumeSection(db, companyId, quarter, internal),
    listTasks(db, {
      userId: actor.userId, portfolio: null, companyId, status: 'all', forReview: true, now, sort: 'due', order: 'asc',
      activeFrom: dayStart(quarter.from), activeTo: nextDay(quarter.to),
    }, { limit: 200, offset: 0 }),
    claimsSection(db, companyId, quarter, now),
  ]);

  return {
    company: { id: Number(company.id), code: company.code, name: company.name, roles: [...(company.is_shipper ? ['shipper'] : []), ...(company.is_consignee ? ['consignee'] : [])] },
    quarter: quarter.key, from: quarter.from, to: quarter.to, previousQuarter: previous.key,
    version, generatedAt: now.toISOString(),
    contracts: inQuarter.map(({ inQuarter: _, money: __, ...s }) => s),
    breaches,
    creditTotal: asShipper ? Math.round(breaches.reduce((sum, b) => sum + (b.creditAmount ?? 0), 0) * 100) / 100 : null,
    satisfaction,
    volume,
    claims,
    actions: actions.rows.map((t) => ({
      id: Number(t.id), title: t.title, owner: t.owner_name, dueAt: t.due_at?.toISOString() ?? null, status: t.status,
      completedAt: t.completed_at?.toISOString() ?? null,
    })),
    internal: internal ? await internalSection(db, companyId, quarter, sections) : null,
  };
}

type ContractRow = Awaited<ReturnType<typeof reviewContracts>>[number];

async function contractSection(db: DB, k: ContractRow, companyId: number, asShipper: boolean, quarter: Quarter, previous: Quarter, today: string) {
  const filter = (from: string, to: string) => ({
    from, to: to < today ? to : today, visible: null, shipperId: k.shipper_id, contractId: k.id, consigneeId: asShipper ? undefined : companyId,
  });
  const upTo = quarter.to < today ? quarter.to : today;
  const [byMonth, current, before] = await Promise.all([
    quarter.from <= today ? sumRollups(db, filter(quarter.from, quarter.to), ['month'], { histograms: false }) : Promise.resolve(new Map()),
    quarter.from <= today ? sumRollups(db, filter(quarter.from, quarter.to), [], { histograms: false }) : Promise.resolve(new Map()),
    sumRollups(db, filter(previous.from, previous.to), [], { histograms: false }),
  ]);
  const terms = termsOf(k);
  const months = monthsBetween(quarter.from, quarter.to)
    .filter((span) => span.to >= k.start_date && span.from <= k.end_date)
    .map((span) => {
      // the month as compliance judges it (closed-months.ts, the contract's settling days and minimum due count)
      const m = judgeMonth(span, byMonth.get(span.month), terms, k.end_date, today, asShipper);
      const state = span.from > upTo ? 'future' as const : m.state;
      const breached = state !== 'future' && m.breached;
      return {
        month: span.month, state, verdict: state !== 'future' && (m.verdict === 'met' || m.verdict === 'breached'),
        ...serviceFigures(m.kpis), breached, breaches: breached ? m.breaches : [], worstKpi: breached ? m.worstKpi : null,
        creditAmount: asShipper ? (breached ? m.creditAmount : 0) : null,
      };
    });
  const q = serviceKpis(current.get('')?.counts ?? emptyCounts());
  const p = serviceKpis(before.get('')?.counts ?? emptyCounts());
  return {
    id: Number(k.id), code: k.code, name: k.name, currency: k.currency, startDate: k.start_date, endDate: k.end_date,
    inQuarter: k.start_date <= quarter.to && k.end_date >= quarter.from,
    monthlyFee: asShipper ? k.monthly_fee : null,
    targets: { onTime: k.on_time_target, inFull: k.in_full_target, otif: k.otif_target, maxDamageRate: k.max_damage_rate, maxAvgTransitHours: k.max_avg_transit_hours },
    months,
    quarterTotal: serviceFigures(q),
    previousQuarter: serviceFigures(p),
    trend: { onTimeRate: delta(q.onTimeRate, p.onTimeRate), inFullRate: delta(q.inFullRate, p.inFullRate), otifRate: delta(q.otifRate, p.otifRate), damageRate: delta(q.damageRate, p.damageRate) },
    money: { revenue: q.revenue, cost: q.cost },
  };
}

async function satisfactionSection(db: DB, companyId: number, quarter: Quarter, previous: Quarter) {
  const [departments, answers, before] = await Promise.all([
    reviewDepartments(db, companyId),
    reviewSurveyAnswers(db, companyId, dayStart(quarter.from), nextDay(quarter.to)),
    reviewSurveyAnswers(db, companyId, dayStart(previous.from), nextDay(previous.to)),
  ]);
  const weights = effectiveWeights(departments.map((d) => ({ id: Number(d.id), weight: d.weight })));
  const rows = departments.map((d) => {
    const own = answers.filter((a) => Number(a.department_id) === Number(d.id));
    const earlier = before.filter((a) => Number(a.department_id) === Number(d.id));
    const score = meanScore(own);
    const previousScore = meanScore(earlier);
    return {
      departmentId: Number(d.id), name: d.name, kind: d.kind, weight: weights.get(Number(d.id)) ?? 0,
      responses: own.length, score, previousScore, trend: delta(score, previousScore),
    };
  });
  const weighted = weightedScore(rows.map((r) => ({ departmentId: r.departmentId, score: r.score })), weights);
  const weightedBefore = weightedScore(rows.map((r) => ({ departmentId: r.departmentId, score: r.previousScore })), weights);
  return { departments: rows, weightedScore: weighted, weightedPrevious: weightedBefore, trend: delta(weighted, weightedBefore), nps: nps(answers.map((a) => a.recommend)), responses: answers.length };
}

async function volumeSection(db: DB, companyId: number, quarter: Quarter, internal: boolean) {
  const from = monthStart(quarter.to, -11);
  const only = db.selectFrom('companies').select('id').where('id', '=', companyId);
  const totals = await sumRollups(db, { from, to: quarter.to, visible: only }, ['month'], { histograms: false });
  return monthsBetween(from, quarter.to).map((span) => {
    const c = totals.get(span.month)?.counts ?? emptyCounts();
    return { month: span.month, shipments: c.shipments, ...(internal ? { revenue: c.revenue } : {}) };
  });
}

async function internalSection(db: DB, companyId: number, quarter: Quarter, sections: Awaited<ReturnType<typeof contractSection>>[]) {
  const [churn, interactions] = await Promise.all([
    latestChurnScore(db, companyId),
    interactionCounts(db, companyId, dayStart(quarter.from), nextDay(quarter.to)),
  ]);
  const inQuarter = sections.filter((c) => c.inQuarter);
  const revenue = inQuarter.reduce((s, c) => s + c.money.revenue, 0);
  const cost = inQuarter.reduce((s, c) => s + c.money.cost, 0);
  return {
    revenue: Math.round(revenue * 100) / 100, cost: Math.round(cost * 100) / 100, margin: Math.round((revenue - cost) * 100) / 100,
    churnRisk: churn ? { total: churn.total_risk, direct: churn.direct_risk, cascade: churn.cascade_risk, computedAt: churn.computed_at.toISOString() } : null,
    interactions,
  };
}

/** The quarter's claims (filed in it): how many, what was claimed and settled, and how many were answered late. */
async function claimsSection(db: DB, companyId: number, quarter: Quarter, now: Date) {
  const rows = await reviewClaims(db, companyId, dayStart(quarter.from), nextDay(quarter.to));
  const hours = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;
  const late = rows.filter((c) => hours(c.filed_at, c.acknowledged_at ?? now) > Number(c.response_target_hours));
  return {
    filed: rows.length,
    paid: rows.filter((c) => c.status === 'paid').length,
    answeredLate: late.length,
    amountClaimed: round2(rows.reduce((sum, c) => sum + Number(c.amount_claimed), 0)),
    amountSettled: round2(rows.filter((c) => c.status === 'paid').reduce((sum, c) => sum + Number(c.amount_settled ?? 0), 0)),
    items: rows.map((c) => ({
      id: Number(c.id), kind: c.kind, status: c.status, filedAt: c.filed_at.toISOString(), amountClaimed: Number(c.amount_claimed),
      amountSettled: c.amount_settled === null ? null : Number(c.amount_settled),
    })),
  };
}
