import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * A job keeps at most a set number of warnings and row errors (setting 'import.kept'), and counts all of
 * them exactly: a 5,000-column file or 200,000 bad rows no longer store every message.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table import_jobs add column warnings_total integer not null default 0',
    'alter table import_jobs add column row_errors_total integer not null default 0',
    'alter table import_jobs add column row_errors_kept integer not null default 0',
    'update import_jobs set warnings_total = jsonb_array_length(warnings)',
    `update import_jobs j set row_errors_total = e.n, row_errors_kept = e.n
       from (select job_id, count(*)::int as n from import_row_errors group by job_id) e where e.job_id = j.id`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table import_jobs drop column warnings_total',
    'alter table import_jobs drop column row_errors_total',
    'alter table import_jobs drop column row_errors_kept',
  ]);
}
