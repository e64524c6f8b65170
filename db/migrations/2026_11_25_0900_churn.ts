import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // One row per recompute of the churn cascade; kept so trends over runs can be shown.
    `create table churn_runs (
      id bigint generated always as identity primary key,
      computed_at timestamptz not null default now(),
      trigger text not null default 'manual' check (trigger in ('manual','import','cli')),
      alpha double precision not null,
      tolerance double precision not null,
      iterations integer not null,
      converged boolean not null,
      companies integer not null,
      pairs integer not null,
      revenue_12m numeric(18,2) not null default 0,
      revenue_at_risk numeric(18,2) not null default 0,
      direct_revenue_at_risk numeric(18,2) not null default 0,
      cascade_revenue_at_risk numeric(18,2) not null default 0,
      coefficients jsonb not null default '{}',
      duration_ms integer not null default 0
    )`,
    `create index churn_runs_computed_idx on churn_runs (computed_at desc)`,
    // One row per company and run: direct risk r, total p (after the cascade), money at stake and why.
    `create table churn_scores (
      run_id bigint not null references churn_runs(id) on delete cascade,
      company_id bigint not null references companies(id),
      direct_risk double precision not null check (direct_risk between 0 and 1),
      total_risk double precision not null check (total_risk between 0 and 1),
      cascade_risk double precision not null,
      revenue_12m numeric(18,2) not null default 0,
      profit_12m numeric(18,2) not null default 0,
      revenue_at_risk numeric(18,2) not null default 0,
      signals jsonb not null default '{}',
      contributions jsonb not null default '[]',
      top_neighbours jsonb not null default '[]',
      primary key (run_id, company_id)
    )`,
    `create index churn_scores_company_idx on churn_scores (company_id, run_id desc)`,
    `create index churn_scores_run_risk_idx on churn_scores (run_id, total_risk desc)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table churn_scores', 'drop table churn_runs']);
}
