import type { Executor } from '../../db/database';

/** The id of the newest churn run, or null when churn was never computed. */
export async function latestChurnRunId(db: Executor): Promise<number | null> {
  const row = await db.selectFrom('churn_runs').select('id').orderBy('computed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** The newest churn run's id and time, or null when churn was never computed. */
export async function latestChurnRun(db: Executor): Promise<{ id: number; computedAt: Date } | null> {
  const row = await db.selectFrom('churn_runs').select(['id', 'computed_at']).orderBy('computed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { id: Number(row.id), computedAt: row.computed_at } : null;
}

/** Company id → total churn probability p of the latest run; empty when churn was never computed. */
export async function latestChurnProbabilities(db: Executor): Promise<Map<number, number>> {
  const runId = await latestChurnRunId(db);
  const result = new Map<number, number>();
  if (runId === null) return result;
  const rows = await db.selectFrom('churn_scores').select(['company_id', 'total_risk']).where('run_id', '=', runId).execute();
  for (const row of rows) result.set(Number(row.company_id), Number(row.total_risk));
  return result;
}
