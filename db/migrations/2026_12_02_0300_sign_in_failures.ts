import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * Sign-in protection (DESIGN section 8) in the database, so every process of the product shares it: failure
 * counters per (account, address), per address and per account, each over its own fixed window, and a block
 * an (account, address) earns by failing while its account is over the daily limit. The per-user lock
 * (users.failed_logins, users.locked_until) goes: it locked the right password out from anywhere.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table sign_in_failures (
      key text primary key,
      failures integer not null check (failures >= 0),
      window_ends timestamptz not null,
      blocked_until timestamptz
    )`,
    'create index sign_in_failures_expiry on sign_in_failures (window_ends)',
    'alter table users drop column failed_logins',
    'alter table users drop column locked_until',
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table sign_in_failures',
    'alter table users add column failed_logins integer not null default 0',
    'alter table users add column locked_until timestamptz',
  ]);
}
