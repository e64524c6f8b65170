import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * Deliveries are written by the import only, a batch at a time, with every reference resolved in the
 * batch's own transaction, which also takes a key-share lock on the companies, pairs and contracts it
 * names (what a foreign-key trigger does, once per batch instead of once per row and constraint: the four
 * triggers cost more than the rest of the insert). Deleting a contract checks for its deliveries under a
 * row lock. The pair index goes: a pair belongs to one shipper, so a pair filter reads the shipper's index.
 * Tracking numbers compare bytewise (collation "C"), which halves the cost of the primary key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table deliveries drop constraint deliveries_shipper_id_fkey',
    'alter table deliveries drop constraint deliveries_consignee_id_fkey',
    'alter table deliveries drop constraint deliveries_pair_id_fkey',
    'alter table deliveries drop constraint deliveries_contract_id_fkey',
    'drop index deliveries_pair_idx',
    'alter table deliveries alter column tracking_no type text collate "C"',
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table deliveries alter column tracking_no type text collate "default"',
    'create index deliveries_pair_idx on deliveries (pair_id)',
    'alter table deliveries add constraint deliveries_contract_id_fkey foreign key (contract_id) references contracts(id)',
    'alter table deliveries add constraint deliveries_pair_id_fkey foreign key (pair_id) references customer_pairs(id)',
    'alter table deliveries add constraint deliveries_consignee_id_fkey foreign key (consignee_id) references companies(id)',
    'alter table deliveries add constraint deliveries_shipper_id_fkey foreign key (shipper_id) references companies(id)',
  ]);
}
