import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table import_jobs (
      id bigint generated always as identity primary key,
      kind text not null default 'deliveries',
      status text not null check (status in ('queued','running','succeeded','failed')),
      file_name text,
      bytes_total bigint,
      bytes_read bigint not null default 0,
      rows_processed bigint not null default 0,
      inserted bigint not null default 0,
      updated bigint not null default 0,
      unchanged bigint not null default 0,
      rejected bigint not null default 0,
      warnings jsonb not null default '[]',
      error_message text,
      created_by bigint references users(id),
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    )`,
    // Fact tables: keyed by shipper_id first, no foreign keys to other fact tables (Citus distribution column).
    `create table deliveries (
      shipper_id bigint not null references companies(id),
      tracking_no text not null,
      id bigint generated always as identity,
      consignee_id bigint not null references companies(id),
      pair_id bigint not null references customer_pairs(id),
      contract_id bigint references contracts(id),
      origin text,
      destination text,
      picked_up_at timestamptz,
      promised_at timestamptz not null,
      delivered_at timestamptz,
      status text not null check (status in ('delivered','in_transit','exception','returned','lost','cancelled')),
      pieces_expected integer not null default 1 check (pieces_expected >= 1),
      pieces_delivered integer not null default 0 check (pieces_delivered between 0 and pieces_expected),
      damaged_pieces integer not null default 0 check (damaged_pieces between 0 and pieces_delivered),
      revenue numeric(14,2) not null default 0 check (revenue >= 0),
      cost numeric(14,2) not null default 0 check (cost >= 0),
      import_job_id bigint,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (shipper_id, tracking_no)
    )`,
    `create index deliveries_id_idx on deliveries (id)`,
    `create index deliveries_shipper_promised_idx on deliveries (shipper_id, promised_at)`,
    `create index deliveries_consignee_promised_idx on deliveries (consignee_id, promised_at)`,
    `create index deliveries_pair_idx on deliveries (pair_id)`,
    `create table import_row_errors (
      shipper_id bigint not null default 0,
      job_id bigint not null,
      line integer not null,
      column_name text,
      value text,
      message text not null
    )`,
    `create index import_row_errors_job_idx on import_row_errors (job_id, line)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table import_row_errors', 'drop table deliveries', 'drop table import_jobs']);
}
