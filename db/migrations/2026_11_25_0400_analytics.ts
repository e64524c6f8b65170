import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // One row per shipper, business day of promised_at, consignee, contract and lane. Key parts that may be
    // absent are stored as 0 / '' so they can sit in the primary key; shipper_id leads (Citus distribution).
    `create table daily_service_rollups (
      shipper_id bigint not null,
      day date not null,
      consignee_id bigint not null,
      contract_id bigint not null default 0,
      origin text not null default '',
      destination text not null default '',
      shipments integer not null default 0,
      due integer not null default 0,
      delivered integer not null default 0,
      on_time integer not null default 0,
      in_full integer not null default 0,
      otif integer not null default 0,
      perfect integer not null default 0,
      pieces_expected integer not null default 0,
      pieces_delivered integer not null default 0,
      damaged_pieces integer not null default 0,
      transit_count integer not null default 0,
      transit_hours_sum double precision not null default 0,
      revenue numeric(16,2) not null default 0,
      cost numeric(16,2) not null default 0,
      refreshed_at timestamptz not null default now(),
      primary key (shipper_id, day, consignee_id, contract_id, origin, destination)
    )`,
    `create index daily_service_rollups_consignee_idx on daily_service_rollups (consignee_id, day)`,
    `create index daily_service_rollups_contract_idx on daily_service_rollups (contract_id, day)`,
    // Transit time of delivered rows in whole-hour buckets, for p95 without scanning deliveries.
    `create table daily_transit_histogram (
      shipper_id bigint not null,
      day date not null,
      consignee_id bigint not null,
      contract_id bigint not null default 0,
      origin text not null default '',
      destination text not null default '',
      bucket_hours integer not null,
      count integer not null,
      primary key (shipper_id, day, consignee_id, contract_id, origin, destination, bucket_hours)
    )`,
    `create table survey_responses (
      id bigint generated always as identity primary key,
      company_id bigint not null references companies(id),
      department_id bigint not null references departments(id),
      pair_id bigint references customer_pairs(id),
      side text not null check (side in ('shipper','consignee')),
      channel text not null default 'portal' check (channel in ('portal','phone','email','visit')),
      respondent_user_id bigint references users(id),
      respondent_name text,
      submitted_at timestamptz not null default now(),
      timeliness smallint check (timeliness between 1 and 5),
      accuracy smallint check (accuracy between 1 and 5),
      condition smallint check (condition between 1 and 5),
      billing smallint check (billing between 1 and 5),
      proactiveness smallint check (proactiveness between 1 and 5),
      communication smallint check (communication between 1 and 5),
      value_added smallint check (value_added between 1 and 5),
      recommend smallint check (recommend between 0 and 10),
      comment text
    )`,
    `create index survey_responses_company_idx on survey_responses (company_id, submitted_at)`,
    `create table lifecycle_history (
      id bigint generated always as identity primary key,
      company_id bigint not null references companies(id),
      stage text not null check (stage in ('prospect','development','growth','maturity','decline','terminated')),
      previous_stage text,
      changed_at timestamptz not null default now()
    )`,
    `create index lifecycle_history_company_idx on lifecycle_history (company_id, changed_at)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table lifecycle_history', 'drop table survey_responses', 'drop table daily_transit_histogram', 'drop table daily_service_rollups',
  ]);
}
