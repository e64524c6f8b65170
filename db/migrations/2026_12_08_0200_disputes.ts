import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

const CAUSES = `'provider', 'shipper', 'consignee', 'force_majeure', 'unknown'`;

/**
 * Disputes (DESIGN.md §10, issue 17 item 5): a shipper client disputes a closed month of one of its contracts,
 * line by line (a delivery counted against the contract and the cause it says should excuse it); the manager
 * accepts or rejects each line. `before` keeps the month's contractual KPIs and credit at filing. A delivery has
 * at most one open or accepted line (the partial unique index), so a second dispute of it is a conflict.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table disputes (
      id bigint generated always as identity primary key,
      contract_id bigint not null references contracts(id),
      shipper_id bigint not null references companies(id),
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      status text not null default 'open' check (status in ('open','decided')),
      comment text,
      before jsonb not null,
      filed_by bigint references users(id),
      filed_at timestamptz not null default now(),
      decided_at timestamptz
    )`,
    `create index disputes_contract_idx on disputes (contract_id, month, id)`,
    `create index disputes_shipper_idx on disputes (shipper_id, filed_at desc)`,
    `create table dispute_lines (
      id bigint generated always as identity primary key,
      dispute_id bigint not null references disputes(id) on delete cascade,
      delivery_id bigint not null,
      cause text not null check (cause in (${CAUSES})),
      comment text,
      status text not null default 'open' check (status in ('open','accepted','rejected')),
      previous_cause text,
      decision_note text,
      decided_by bigint references users(id),
      decided_at timestamptz
    )`,
    `create index dispute_lines_dispute_idx on dispute_lines (dispute_id, id)`,
    `create unique index dispute_lines_live_delivery_idx on dispute_lines (delivery_id) where status in ('open','accepted')`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table dispute_lines', 'drop table disputes']);
}
