import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/** A counter and the length of its window (a fixed window that starts with the first failure in it). */
export interface CounterKey {
  key: string;
  windowMs: number;
}

export interface CounterState {
  key: string;
  failures: number;
  blocked: boolean;
  /** seconds until the window ends, or the block when that is later */
  retryAfterSeconds: number;
}

/**
 * Counts one attempt under each key, starting a new window where the old one has ended, and returns the
 * counts after it. One statement, so concurrent attempts (from any process) each see their own count.
 * Times are the database's, so processes with different clocks agree.
 */
export async function countAttempt(db: Executor, keys: readonly CounterKey[]): Promise<CounterState[]> {
  const sorted = [...keys].sort((a, b) => a.key.localeCompare(b.key)); // one lock order for every caller
  const rows = await db.insertInto('sign_in_failures')
    .values(sorted.map((k) => ({ key: k.key, failures: 1, window_ends: sql<Date>`now() + ${k.windowMs} * interval '1 millisecond'` })))
    .onConflict((oc) => oc.column('key').doUpdateSet({
      failures: sql`case when sign_in_failures.window_ends <= now() then 1 else sign_in_failures.failures + 1 end`,
      window_ends: sql`case when sign_in_failures.window_ends <= now() then excluded.window_ends else sign_in_failures.window_ends end`,
      blocked_until: sql`case when sign_in_failures.blocked_until <= now() then null else sign_in_failures.blocked_until end`,
    }))
    .returning([
      'key', 'failures',
      sql<boolean>`coalesce(blocked_until > now(), false)`.as('blocked'),
      sql<number>`ceil(extract(epoch from (greatest(window_ends, coalesce(blocked_until, window_ends)) - now())))::int`.as('retry_after_seconds'),
    ])
    .execute();
  return rows.map((r) => ({ key: r.key, failures: r.failures, blocked: r.blocked, retryAfterSeconds: Math.max(1, r.retry_after_seconds) }));
}

/** Takes back an attempt counted under these keys (it was refused, or it succeeded). */
export const uncountAttempt = (db: Executor, keys: readonly string[]) =>
  db.updateTable('sign_in_failures').set((eb) => ({ failures: sql`greatest(${eb.ref('failures')} - 1, 0)` }))
    .where('key', 'in', [...keys].sort()).execute();

export const clearCounter = (db: Executor, key: string) =>
  db.deleteFrom('sign_in_failures').where('key', '=', key).execute();

/** Refuses every attempt under the key for `ms` (whatever its count). */
export const blockCounter = (db: Executor, key: string, ms: number) =>
  db.updateTable('sign_in_failures').set({ blocked_until: sql<Date>`now() + ${ms} * interval '1 millisecond'` })
    .where('key', '=', key).execute();

/** Counters whose window and block have both ended hold nothing any more. */
export const deleteSpentCounters = (db: Executor) =>
  db.deleteFrom('sign_in_failures')
    .where('window_ends', '<', sql<Date>`now()`)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', sql<Date>`now()`)]))
    .execute();
