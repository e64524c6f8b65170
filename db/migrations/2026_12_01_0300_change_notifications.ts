import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * Every committed change that can alter a report notifies channel crm_changes: the audit log (every write
 * through the API or an import's new companies and pairs is audited) and the rollup tables. Servers keep
 * report caches and drop them on a notification (api/cache). Statement-level triggers: one notification
 * per statement at most, and PostgreSQL folds repeats within a transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create function crm_notify_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('crm_changes', tg_table_name);
      return null;
    end $$`,
    `create trigger audit_log_notify after insert on audit_log for each statement execute function crm_notify_change()`,
    `create trigger daily_service_rollups_notify after insert or update or delete or truncate on daily_service_rollups
      for each statement execute function crm_notify_change()`,
    `create trigger monthly_service_rollups_notify after insert or update or delete or truncate on monthly_service_rollups
      for each statement execute function crm_notify_change()`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop trigger monthly_service_rollups_notify on monthly_service_rollups',
    'drop trigger daily_service_rollups_notify on daily_service_rollups',
    'drop trigger audit_log_notify on audit_log',
    'drop function crm_notify_change()',
  ]);
}
