import type { DatabaseHandle } from '../../db/connection';
import { claimPeriod, markRunFinished, markRunPending, markRunStarted, runIsPending } from '../queries/periodic-runs';
import { RUNNER_ID } from './runner';

/**
 * Shared work that must not run in two processes at once (the recomputes after an import): one process
 * holds a PostgreSQL advisory lock while it runs; a process that finds the lock taken records that a run is
 * owed and returns, and the holder runs once more after its run (it may have read the data before the
 * other's change). Every request for a run is served, by exactly one process at a time.
 * Resolves true when this process ran the work, false when it left it to the holder.
 */
export async function runExclusive(handle: DatabaseHandle, name: string, work: () => Promise<void>): Promise<boolean> {
  // the embedded database serves one process; a one-connection pool could not hold the lock and work too
  if (!handle.pool || ((handle.pool as unknown as { options: { max?: number } }).options.max ?? 10) < 2) {
    await work();
    return true;
  }
  const lockClient = await handle.pool.connect();
  const tryLock = async () => (await lockClient.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [name])).rows[0]!.ok;
  let broken = false;
  try {
    for (;;) {
      if (!(await tryLock())) {
        await markRunPending(handle.db, name);
        if (!(await tryLock())) return false; // the holder sees the mark after its run
      }
      try {
        await markRunStarted(handle.db, name, RUNNER_ID);
        await work();
        await markRunFinished(handle.db, name);
      } finally {
        await lockClient.query('select pg_advisory_unlock(hashtext($1))', [name]).catch(() => { broken = true; });
      }
      if (!(await runIsPending(handle.db, name))) return true;
    }
  } catch (err) {
    broken = true;
    throw err;
  } finally {
    // a connection whose unlock may not have happened must not go back to the pool holding the lock
    lockClient.release(broken);
  }
}

/**
 * Periodic work shared by every process (the rollup clock): the first process to claim the period runs it,
 * under the same lock, the others skip it. Resolves true when this process ran it.
 */
export async function runOncePerPeriod(handle: DatabaseHandle, name: string, everySeconds: number, work: () => Promise<void>): Promise<boolean> {
  // a little slack: the processes' timers drift by milliseconds
  if (!(await claimPeriod(handle.db, name, everySeconds * 0.9, RUNNER_ID))) return false;
  return runExclusive(handle, name, work);
}
