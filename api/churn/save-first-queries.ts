import { sql } from 'kysely';
import type { Executor } from '../../db/database';

export interface SaveFirstScoreRow {
  companyId: number;
  directRisk: number;
  totalRisk: number;
  exposure: number;
  /** the run's retention budget p × CLV (0 when it stored none) */
  retentionBudget: number;
  accountManagerId: number | null;
}

/** Every score of a run with what save first needs, in company id order. */
export async function saveFirstScores(db: Executor, runId: number): Promise<SaveFirstScoreRow[]> {
  const rows = await db.selectFrom('churn_scores as s')
    .innerJoin('companies as c', 'c.id', 's.company_id')
    .select(['s.company_id', 's.direct_risk', 's.total_risk', 's.revenue_at_risk', 'c.account_manager_id',
      sql<number | null>`(s.signals->>'retentionBudget')::float8`.as('retention_budget')])
    .where('s.run_id', '=', runId)
    .orderBy('s.company_id')
    .execute();
  return rows.map((r) => ({
    companyId: Number(r.company_id), directRisk: Number(r.direct_risk), totalRisk: Number(r.total_risk),
    exposure: Number(r.revenue_at_risk), retentionBudget: Number(r.retention_budget ?? 0),
    accountManagerId: r.account_manager_id === null ? null : Number(r.account_manager_id),
  }));
}
