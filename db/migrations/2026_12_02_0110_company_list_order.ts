import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * The companies list at 100,000 companies: names sort by pinyin through a key computed in the app
 * (api/domain/name-sort-key.ts; compared byte-wise, hence collate "C"), filled for existing rows at start-up;
 * churn risk and 12-month revenue read the latest run's scores in index order (run, score, company), and the
 * account-manager sort reads each manager's companies in name order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table companies add column name_sort_key text collate "C"`,
    `create index companies_name_sort_idx on companies (name_sort_key, id)`,
    `create index companies_unsorted_idx on companies (id) where name_sort_key is null`,
    `create index companies_manager_name_idx on companies (account_manager_id, name_sort_key, id)`,
    `create index churn_scores_run_risk_company_idx on churn_scores (run_id, total_risk, company_id)`,
    `create index churn_scores_run_revenue_company_idx on churn_scores (run_id, revenue_12m, company_id)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop index churn_scores_run_revenue_company_idx',
    'drop index churn_scores_run_risk_company_idx',
    'alter table companies drop column name_sort_key',
  ]);
}
