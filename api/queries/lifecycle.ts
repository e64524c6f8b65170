import type { Executor } from '../../db/database';
import type { LifecycleStage } from '../../db/tables/accounts';

export const lifecycleCandidates = (db: Executor) =>
  db.selectFrom('companies')
    .select(['id', 'customer_since', 'terminated_at', 'lifecycle_stage'])
    .where('archived_at', 'is', null)
    .orderBy('id')
    .execute();

/** Stores a new stage and records the change with its date. */
export async function changeLifecycleStage(db: Executor, companyId: number, stage: LifecycleStage, previous: LifecycleStage | null, at: Date) {
  await db.updateTable('companies').set({ lifecycle_stage: stage, lifecycle_changed_at: at, updated_at: at }).where('id', '=', companyId).execute();
  await db.insertInto('lifecycle_history').values({ company_id: companyId, stage, previous_stage: previous, changed_at: at }).execute();
}

export const lifecycleHistory = (db: Executor, companyId: number) =>
  db.selectFrom('lifecycle_history').select(['stage', 'previous_stage', 'changed_at'])
    .where('company_id', '=', companyId).orderBy('changed_at', 'desc').orderBy('id', 'desc').execute();
