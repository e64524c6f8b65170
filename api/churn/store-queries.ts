import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { StoredContribution, StoredNeighbour } from '../../db/tables/churn';
import type { CompanyExposure } from './exposure';

export interface NewChurnRun {
  alpha: number;
  tolerance: number;
  iterations: number;
  converged: boolean;
  companies: number;
  pairs: number;
  trigger: 'manual' | 'import' | 'cli';
  revenue12m: number;
  revenueAtRisk: number;
  directRevenueAtRisk: number;
  cascadeRevenueAtRisk: number;
  coefficients: Record<string, number>;
  durationMs: number;
}

export async function insertChurnRun(db: Executor, run: NewChurnRun): Promise<number> {
  const row = await db.insertInto('churn_runs').values({
    alpha: run.alpha, tolerance: run.tolerance, iterations: run.iterations, converged: run.converged,
    companies: run.companies, pairs: run.pairs, trigger: run.trigger, revenue_12m: run.revenue12m,
    revenue_at_risk: run.revenueAtRisk, direct_revenue_at_risk: run.directRevenueAtRisk,
    cascade_revenue_at_risk: run.cascadeRevenueAtRisk, coefficients: JSON.stringify(run.coefficients), duration_ms: run.durationMs,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface NewChurnScore {
  companyId: number;
  directRisk: number;
  totalRisk: number;
  revenue12m: number;
  profit12m: number;
  exposure: CompanyExposure;
  details: Record<string, unknown>;
  contributions: StoredContribution[];
  neighbours: StoredNeighbour[];
}

const BATCH = 500;

export async function insertChurnScores(db: Executor, runId: number, scores: readonly NewChurnScore[]): Promise<void> {
  for (let from = 0; from < scores.length; from += BATCH) {
    await db.insertInto('churn_scores').values(scores.slice(from, from + BATCH).map((s) => ({
      run_id: runId, company_id: s.companyId, direct_risk: s.directRisk, total_risk: s.totalRisk,
      cascade_risk: s.totalRisk - s.directRisk, revenue_12m: s.revenue12m.toFixed(2), profit_12m: s.profit12m.toFixed(2),
      revenue_at_risk: s.exposure.exposure.toFixed(2),
      transfer_value_12m: s.exposure.transferValue.toFixed(2), billed_at_risk: s.exposure.billedAtRisk.toFixed(2),
      direct_billed_at_risk: s.exposure.directBilledAtRisk.toFixed(2), signals: JSON.stringify(s.details),
      contributions: JSON.stringify(s.contributions), top_neighbours: JSON.stringify(s.neighbours),
    }))).execute();
  }
}

export async function findChurnRun(db: Executor, runId: number) {
  return db.selectFrom('churn_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

export interface ChurnListFilter {
  runId: number;
  /** null = every company; otherwise a subquery of visible ids */
  visible: ReturnType<typeof import('../auth/scope').visibleCompanyIds>;
  minRisk?: number;
  role?: 'shipper' | 'consignee';
  accountManagerId?: number;
  sort: 'risk' | 'cascade' | 'revenueAtRisk' | 'directRisk';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const SORT_COLUMN = {
  risk: 's.total_risk', cascade: 's.cascade_risk', revenueAtRisk: 's.revenue_at_risk', directRisk: 's.direct_risk',
} as const;

function filtered(db: Executor, f: ChurnListFilter) {
  return db.selectFrom('churn_scores as s')
    .innerJoin('companies as c', 'c.id', 's.company_id')
    .where('s.run_id', '=', f.runId)
    .$if(f.visible !== null, (q) => q.where('s.company_id', 'in', f.visible as any))
    .$if(f.minRisk !== undefined, (q) => q.where('s.total_risk', '>=', f.minRisk!))
    .$if(f.role === 'shipper', (q) => q.where('c.is_shipper', '=', true))
    .$if(f.role === 'consignee', (q) => q.where('c.is_consignee', '=', true))
    .$if(f.accountManagerId !== undefined, (q) => q.where('c.account_manager_id', '=', f.accountManagerId!));
}

/** One page of a run's scores with the company, and the totals of everything that matches the filter. */
export async function listChurnScores(db: Executor, f: ChurnListFilter) {
  const [rows, totals] = await Promise.all([
    filtered(db, f)
      .select([
        's.company_id', 's.direct_risk', 's.total_risk', 's.cascade_risk', 's.revenue_12m', 's.profit_12m', 's.revenue_at_risk', 's.transfer_value_12m',
        's.signals', 's.contributions', 's.top_neighbours', 'c.code', 'c.name', 'c.is_shipper', 'c.is_consignee', 'c.account_manager_id',
      ])
      .orderBy(sql.ref(SORT_COLUMN[f.sort]), f.order)
      .orderBy('s.company_id', 'asc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    filtered(db, f)
      .select([
        sql<number>`count(*)`.as('count'),
        sql<number>`coalesce(sum(s.revenue_12m), 0)`.as('revenue'),
        sql<number>`coalesce(sum(s.billed_at_risk), 0)`.as('at_risk'),
        sql<number>`coalesce(sum(s.direct_billed_at_risk), 0)`.as('direct_at_risk'),
        sql<number>`coalesce(sum(s.transfer_value_12m), 0)`.as('transfer_value'),
        sql<number>`coalesce(avg(s.total_risk), 0)`.as('mean_risk'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, totals };
}

export async function findChurnScore(db: Executor, runId: number, companyId: number) {
  return db.selectFrom('churn_scores').selectAll().where('run_id', '=', runId).where('company_id', '=', companyId).executeTakeFirst();
}

/** Direct and total risk of the given companies in a run. */
export async function churnRisks(db: Executor, runId: number, companyIds?: number[]) {
  if (companyIds && companyIds.length === 0) return [];
  return db.selectFrom('churn_scores')
    .select(['company_id', 'direct_risk', 'total_risk', 'revenue_12m'])
    .where('run_id', '=', runId)
    .$if(companyIds !== undefined, (q) => q.where('company_id', 'in', companyIds!))
    .execute();
}

/** The company's total and direct risk in each run, oldest first (the last `limit` runs). */
export async function churnHistory(db: Executor, companyId: number, limit = 60) {
  const rows = await db.selectFrom('churn_scores as s')
    .innerJoin('churn_runs as r', 'r.id', 's.run_id')
    .select(['r.id', 'r.computed_at', 's.direct_risk', 's.total_risk', 's.revenue_at_risk'])
    .where('s.company_id', '=', companyId)
    .orderBy('r.computed_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}
