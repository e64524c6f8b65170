import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * The companies list at 100,000 companies: names sort by pinyin through a key computed in the app
 * (api/domain/name-sort-key.ts; compared byte-wise, hence collate "C"), filled for existing rows at start-up;
 * churn risk and 12-month revenue sort through the latest run's scores, indexed by run like the risk already is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table companies add column name_sort_key text collate "C"`,
    `create index companies_name_sort_idx on companies (name_sort_key, id)`,
    `create index companies_unsorted_idx on companies (id) where name_sort_key is null`,
    `create index churn_scores_run_revenue_idx on churn_scores (run_id, revenue_12m desc)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop index churn_scores_run_revenue_idx',
    'alter table companies drop column name_sort_key',
  ]);
}
