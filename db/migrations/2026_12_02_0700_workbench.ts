import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * The account manager's workbench (issue 18): alerts raised by rules (one per cause: `cause_key` is unique,
 * so a re-import, a second evaluation or a restart never repeats one), each user's state of an alert (routed
 * to them, read, snoozed, dismissed, e-mailed), the daily e-mail digests, tasks and saved list views.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table alerts (
      id bigint generated always as identity primary key,
      rule text not null,
      cause_key text not null unique,
      company_id bigint not null references companies(id),
      pair_id bigint references customer_pairs(id),
      contract_id bigint references contracts(id),
      severity text not null check (severity in ('info','warning','critical')),
      period text,
      params jsonb not null default '{}',
      evidence jsonb not null default '{}',
      raised_at timestamptz not null default now()
    )`,
    `create index alerts_company_idx on alerts (company_id, raised_at desc)`,
    `create index alerts_raised_idx on alerts (raised_at desc, id desc)`,
    `create table alert_states (
      alert_id bigint not null references alerts(id) on delete cascade,
      user_id bigint not null references users(id),
      routed boolean not null default false,
      read_at timestamptz,
      snoozed_until timestamptz,
      dismissed_at timestamptz,
      dismiss_reason text,
      emailed_at timestamptz,
      primary key (user_id, alert_id)
    )`,
    `create index alert_states_alert_idx on alert_states (alert_id)`,
    `create table alert_digests (
      user_id bigint not null references users(id),
      day date not null,
      alerts integer not null default 0,
      attempts integer not null default 0,
      sent_at timestamptz,
      next_attempt_at timestamptz,
      last_error text,
      primary key (user_id, day)
    )`,
    `create table workbench_runs (
      name text primary key,
      last_day date not null,
      last_at timestamptz not null default now()
    )`,
    `create table tasks (
      id bigint generated always as identity primary key,
      title text not null check (length(title) between 1 and 200),
      notes text,
      owner_id bigint not null references users(id),
      due_at timestamptz,
      status text not null default 'open' check (status in ('open','in_progress','done','cancelled')),
      priority text not null default 'normal' check (priority in ('low','normal','high','urgent')),
      company_id bigint not null references companies(id),
      pair_id bigint references customer_pairs(id),
      contract_id bigint references contracts(id),
      alert_id bigint references alerts(id),
      interaction_id bigint references interactions(id),
      for_review boolean not null default false,
      due_in_past_on_creation boolean not null default false,
      created_by bigint references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      completed_at timestamptz
    )`,
    `create index tasks_company_idx on tasks (company_id, status, due_at)`,
    `create index tasks_owner_idx on tasks (owner_id, status, due_at)`,
    `create index tasks_alert_idx on tasks (alert_id)`,
    `create unique index tasks_interaction_idx on tasks (interaction_id) where interaction_id is not null`,
    `create table saved_views (
      id bigint generated always as identity primary key,
      user_id bigint not null references users(id),
      list text not null check (list in ('companies','churn','contracts','deliveries')),
      name text not null check (length(name) between 1 and 80),
      search text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (user_id, list, name)
    )`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table saved_views',
    'drop table tasks',
    'drop table workbench_runs',
    'drop table alert_digests',
    'drop table alert_states',
    'drop table alerts',
  ]);
}
