import type { Executor } from '../../db/database';
import type { LifecycleStage } from '../../db/tables/accounts';

/** The lifecycle stage each company had at the end of a business day (from lifecycle_history; null when none yet). */
export async function stagesAsOf(db: Executor, ids: number[], asOf: string): Promise<Map<number, LifecycleStage | null>> {
  const result = new Map<number, LifecycleStage | null>(ids.map((id) => [id, null]));
  if (ids.length === 0) return result;
  const rows = await db.selectFrom('lifecycle_history')
    .select(['company_id', 'stage'])
    .distinctOn('company_id')
    .where('company_id', 'in', ids)
    .where('changed_at', '<=', new Date(`${asOf}T23:59:59.999Z`))
    .orderBy('company_id')
    .orderBy('changed_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const row of rows) result.set(Number(row.company_id), row.stage);
  return result;
}
