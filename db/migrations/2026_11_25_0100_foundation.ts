import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table companies (
      id bigint generated always as identity primary key,
      code text not null unique check (length(code) between 1 and 64),
      name text not null check (length(name) between 1 and 200),
      is_shipper boolean not null default false,
      is_consignee boolean not null default false,
      industry text,
      region text,
      address text,
      account_manager_id bigint,
      est_annual_shipments integer check (est_annual_shipments >= 0),
      service_lines text[] not null default '{}',
      notes text,
      customer_since date,
      lifecycle_stage text check (lifecycle_stage in ('prospect','development','growth','maturity','decline','terminated')),
      lifecycle_changed_at timestamptz,
      terminated_at timestamptz,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create table users (
      id bigint generated always as identity primary key,
      email text not null,
      name text not null,
      password_hash text not null,
      role text not null check (role in ('admin','manager','operations','client')),
      company_id bigint references companies(id),
      failed_logins integer not null default 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((role = 'client') = (company_id is not null))
    )`,
    `create unique index users_email_key on users (lower(email))`,
    `alter table companies add constraint companies_account_manager_fk foreign key (account_manager_id) references users(id)`,
    `create index companies_account_manager_idx on companies (account_manager_id)`,
    `create table sessions (
      id text primary key,
      user_id bigint not null references users(id),
      csrf_token text not null,
      ip text,
      user_agent text,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    )`,
    `create index sessions_user_idx on sessions (user_id)`,
    `create table api_tokens (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id),
      name text not null,
      token_hash text not null unique,
      token_prefix text not null,
      created_by bigint references users(id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    )`,
    `create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      user_id bigint references users(id),
      action text not null,
      entity text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      request_id text
    )`,
    `create index audit_log_entity_idx on audit_log (entity, entity_id)`,
    `create table settings (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by bigint references users(id)
    )`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table settings', 'drop table audit_log', 'drop table api_tokens', 'drop table sessions',
    'alter table companies drop constraint companies_account_manager_fk',
    'drop table users', 'drop table companies',
  ]);
}
