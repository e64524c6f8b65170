import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * Several product processes on one database (DESIGN section 11): an import job's heartbeat and the process
 * that runs it, so another process can tell a job whose process died from one still running; and the
 * run-once record of shared periodic work (the rollup clock, the recomputes after an import).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table import_jobs add column heartbeat_at timestamptz',
    'alter table import_jobs add column runner text',
    `create index import_jobs_unfinished on import_jobs (heartbeat_at) where status in ('queued', 'running')`,
    `create table periodic_runs (
      name text primary key,
      runs bigint not null default 0,
      pending boolean not null default false,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_runner text
    )`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table periodic_runs',
    'drop index import_jobs_unfinished',
    'alter table import_jobs drop column runner',
    'alter table import_jobs drop column heartbeat_at',
  ]);
}
