import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table contacts (
      id bigint generated always as identity primary key,
      company_id bigint not null references companies(id),
      department_id bigint,
      name text not null,
      title text,
      email text,
      phone text,
      preferred_channel text,
      notes text,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index contacts_company_idx on contacts (company_id)`,
    `create table departments (
      id bigint generated always as identity primary key,
      company_id bigint not null references companies(id),
      kind text not null check (kind in ('procurement','warehouse','finance','logistics','sales','customer_service','other')),
      name text not null,
      weight numeric(6,4) check (weight > 0 and weight <= 1),
      key_contact_id bigint references contacts(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (company_id, name)
    )`,
    `alter table contacts add constraint contacts_department_fk foreign key (department_id) references departments(id)`,
    `create table customer_pairs (
      id bigint generated always as identity primary key,
      shipper_id bigint not null references companies(id),
      consignee_id bigint not null references companies(id),
      source text not null default 'manual' check (source in ('manual','import')),
      notes text,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (shipper_id, consignee_id),
      check (shipper_id <> consignee_id)
    )`,
    `create index customer_pairs_consignee_idx on customer_pairs (consignee_id)`,
    `create table contracts (
      id bigint generated always as identity primary key,
      shipper_id bigint not null references companies(id),
      code text not null,
      name text,
      start_date date not null,
      end_date date not null,
      auto_renew boolean not null default false,
      monthly_fee numeric(14,2) not null default 0 check (monthly_fee >= 0),
      currency text not null default 'CNY',
      on_time_target numeric(6,4) check (on_time_target between 0 and 1),
      in_full_target numeric(6,4) check (in_full_target between 0 and 1),
      otif_target numeric(6,4) check (otif_target between 0 and 1),
      max_damage_rate numeric(6,4) check (max_damage_rate between 0 and 1),
      max_avg_transit_hours numeric(8,2) check (max_avg_transit_hours > 0),
      grace_minutes integer not null default 0 check (grace_minutes >= 0),
      early_tolerance_minutes integer check (early_tolerance_minutes >= 0),
      claim_response_hours numeric(8,2) check (claim_response_hours > 0),
      credit_tiers jsonb not null default '[]',
      credit_cap_percent numeric(6,4) check (credit_cap_percent between 0 and 1),
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (shipper_id, code),
      check (end_date > start_date)
    )`,
    `create table contract_consignees (
      contract_id bigint not null references contracts(id) on delete cascade,
      consignee_id bigint not null references companies(id),
      primary key (contract_id, consignee_id)
    )`,
    `create table interactions (
      id bigint generated always as identity primary key,
      company_id bigint not null references companies(id),
      kind text not null check (kind in ('call','visit','email','meeting','complaint','claim')),
      occurred_at timestamptz not null,
      department_id bigint references departments(id),
      pair_id bigint references customer_pairs(id),
      summary text not null,
      owner_id bigint references users(id),
      opened_at timestamptz,
      resolved_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (resolved_at is null or opened_at is null or resolved_at >= opened_at)
    )`,
    `create index interactions_company_idx on interactions (company_id, occurred_at desc)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table interactions', 'drop table contract_consignees', 'drop table contracts',
    'drop table customer_pairs', 'alter table contacts drop constraint contacts_department_fk',
    'drop table departments', 'drop table contacts',
  ]);
}
