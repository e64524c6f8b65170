import { sql } from 'kysely';
import type { DB } from '../../db/database';

/**
 * Claims this period's run of shared periodic work: true for the one process whose claim finds the last
 * start at least `everySeconds` ago (the row lock of the upsert makes the claim atomic across processes).
 */
export async function claimPeriod(db: DB, name: string, everySeconds: number, runner: string): Promise<boolean> {
  const row = await db.insertInto('periodic_runs').values({ name, last_runner: runner, last_started_at: sql`now()` })
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_runner: runner, last_started_at: sql`now()` }).where(
      sql<boolean>`periodic_runs.last_started_at is null or periodic_runs.last_started_at <= now() - make_interval(secs => ${everySeconds})`,
    ))
    .returning('name').executeTakeFirst();
  return !!row;
}

export const markRunPending = (db: DB, name: string) =>
  db.insertInto('periodic_runs').values({ name, pending: true })
    .onConflict((oc) => oc.column('name').doUpdateSet({ pending: true })).execute();

export const markRunStarted = (db: DB, name: string, runner: string) =>
  db.insertInto('periodic_runs').values({ name, runs: 1, pending: false, last_started_at: sql`now()`, last_runner: runner })
    .onConflict((oc) => oc.column('name').doUpdateSet({
      runs: sql`periodic_runs.runs + 1`, pending: false, last_started_at: sql`now()`, last_runner: runner,
    })).execute();

export const markRunFinished = (db: DB, name: string) =>
  db.updateTable('periodic_runs').set({ last_finished_at: sql`now()` }).where('name', '=', name).execute();

export const runIsPending = async (db: DB, name: string) =>
  !!(await db.selectFrom('periodic_runs').select('pending').where('name', '=', name).executeTakeFirst())?.pending;

export const periodicRuns = (db: DB) => db.selectFrom('periodic_runs').selectAll().orderBy('name').execute();
