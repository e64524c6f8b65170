import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * Claims (OS&D, issue 17 item 4): a claim on one or more deliveries of one shipper, its status steps (each one
 * a history row with actor and time), its attachments (files under the data folder, checked by their bytes),
 * and the claim a task may be linked to (a filed claim gets a task due at its response target).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table claims (
      id bigint generated always as identity primary key,
      shipper_id bigint not null references companies(id),
      filed_company_id bigint not null references companies(id),
      contract_id bigint references contracts(id),
      kind text not null check (kind in ('over','short','damaged','lost')),
      status text not null default 'filed' check (status in ('filed','acknowledged','investigating','approved','rejected','paid')),
      amount_claimed numeric(14,2) not null check (amount_claimed >= 0),
      amount_settled numeric(14,2) check (amount_settled >= 0),
      settlement_note text,
      currency text not null default 'CNY',
      description text not null default '',
      response_target_hours numeric(10,2) not null,
      filed_at timestamptz not null default now(),
      acknowledged_at timestamptz,
      paid_at timestamptz,
      filed_by bigint references users(id),
      updated_at timestamptz not null default now()
    )`,
    `create index claims_shipper_idx on claims (shipper_id, filed_at desc)`,
    `create index claims_filed_company_idx on claims (filed_company_id, filed_at desc)`,
    `create index claims_status_idx on claims (status, filed_at)`,
    `create index claims_paid_idx on claims (shipper_id, paid_at) where status = 'paid'`,
    `create table claim_deliveries (
      claim_id bigint not null references claims(id) on delete cascade,
      shipper_id bigint not null,
      delivery_id bigint not null,
      tracking_no text not null,
      consignee_id bigint not null,
      primary key (claim_id, delivery_id)
    )`,
    `create index claim_deliveries_consignee_idx on claim_deliveries (consignee_id)`,
    `create table claim_history (
      id bigint generated always as identity primary key,
      claim_id bigint not null references claims(id) on delete cascade,
      from_status text,
      to_status text not null,
      actor_id bigint references users(id),
      at timestamptz not null default now(),
      note text
    )`,
    `create index claim_history_claim_idx on claim_history (claim_id, at)`,
    `create table claim_attachments (
      id bigint generated always as identity primary key,
      claim_id bigint not null references claims(id) on delete cascade,
      file_name text,
      content_type text not null,
      bytes bigint not null,
      sha256 text not null,
      storage_name text not null unique,
      uploaded_by bigint references users(id),
      uploaded_at timestamptz not null default now()
    )`,
    `create index claim_attachments_claim_idx on claim_attachments (claim_id)`,
    `alter table tasks add column claim_id bigint references claims(id)`,
    `create unique index tasks_claim_idx on tasks (claim_id) where claim_id is not null`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop index tasks_claim_idx',
    'alter table tasks drop column claim_id',
    'drop table claim_attachments',
    'drop table claim_history',
    'drop table claim_deliveries',
    'drop table claims',
  ]);
}
