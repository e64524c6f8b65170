import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * Delivery lists at 10 M rows read one page in index order, never a sort or an offset: every list order is
 * (promised_at desc, id desc), so each access path ends in (promised_at, id) — across all deliveries, within a
 * shipper, within a consignee, and within the rare statuses (a partial index: delivered rows are most of the
 * table and read the plain order). A tracking number finds its delivery across shippers through its own
 * index (the primary key starts with shipper_id, which a look-up by tracking number does not know).
 * Non-unique secondary indexes, so the keys stay `(shipper_id, …)` as Citus needs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'create index deliveries_promised_id_idx on deliveries (promised_at, id)',
    'drop index deliveries_shipper_promised_idx',
    'create index deliveries_shipper_promised_idx on deliveries (shipper_id, promised_at, id)',
    'drop index deliveries_consignee_promised_idx',
    'create index deliveries_consignee_promised_idx on deliveries (consignee_id, promised_at, id)',
    `create index deliveries_open_status_idx on deliveries (status, promised_at, id) where status <> 'delivered'`,
    'create index deliveries_tracking_idx on deliveries (tracking_no)',
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop index deliveries_tracking_idx',
    'drop index deliveries_open_status_idx',
    'drop index deliveries_consignee_promised_idx',
    'create index deliveries_consignee_promised_idx on deliveries (consignee_id, promised_at)',
    'drop index deliveries_shipper_promised_idx',
    'create index deliveries_shipper_promised_idx on deliveries (shipper_id, promised_at)',
    'drop index deliveries_promised_id_idx',
  ]);
}
