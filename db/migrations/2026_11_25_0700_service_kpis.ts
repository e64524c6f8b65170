import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // Rollup rows still holding deliveries that were not yet due at refresh: the only ones time can change.
    `create index daily_service_rollups_pending_idx on daily_service_rollups (day) where due < shipments`,
    // Portfolio views (breaches, consignee side) read rollups by day across shippers.
    `create index daily_service_rollups_day_idx on daily_service_rollups (day)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop index daily_service_rollups_day_idx', 'drop index daily_service_rollups_pending_idx']);
}
