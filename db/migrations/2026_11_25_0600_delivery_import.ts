import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * The file line a delivery was last written from, so a tracking number repeated in a later batch of the
 * same import can name the earlier line it replaced.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table deliveries add column import_line integer',
    'create index import_jobs_created_idx on import_jobs (created_at desc, id desc)',
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop index import_jobs_created_idx', 'alter table deliveries drop column import_line']);
}
