import { sql } from 'kysely';
import type { DB } from '../db/database';
import type { DatabaseHandle } from '../db/connection';
import { isConnectionError } from '../db/connection-errors';
import type { Logger } from './logger';

export interface ReplicaState {
  configured: boolean;
  /** the last probe found a standby that answers and lags no more than READ_MAX_LAG_SECONDS */
  inUse: boolean;
  lagSeconds: number | null;
}

/**
 * Where the read-only reports run (DESIGN section 11, docs/scaling.md): on the streaming replica at
 * DATABASE_READ_URL while it answers and lags less than READ_MAX_LAG_SECONDS, else on the primary. A probe
 * each second keeps the state. Before a report runs on the replica, the replica must have replayed the
 * primary's flushed WAL position — every commit acknowledged so far — (a wait of at most 200 ms): a report asked after a write sees that write,
 * and the report cache, cleared by that write, never keeps an answer from before it.
 */
export class ReadRoute {
  private state: ReplicaState;
  private timer?: NodeJS.Timeout;

  constructor(private primary: DatabaseHandle, private replica: DatabaseHandle | null, private maxLagSeconds: number, private logger: Logger) {
    this.state = { configured: replica !== null, inUse: false, lagSeconds: null };
  }

  get status(): ReplicaState { return { ...this.state }; }

  /** Starts the probe (the server; tests and tools read from the primary unless they start it). */
  async start(everyMs = 1000) {
    if (!this.replica) return;
    await this.probe();
    this.timer = setInterval(() => void this.probe(), everyMs);
    this.timer.unref();
  }

  async probe() {
    if (!this.replica) return;
    const was = this.state.inUse;
    try {
      const row = (await sql<{ standby: boolean; lag: number | null; caught_up: boolean | null }>`select pg_is_in_recovery() as standby,
          extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as lag,
          pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() as caught_up`.execute(this.replica.db)).rows[0]!;
      // an idle primary writes nothing to replay: a standby that replayed all it received does not lag
      const lag = !row.standby || row.caught_up ? 0 : row.lag ?? 0;
      this.state = { configured: true, inUse: lag <= this.maxLagSeconds, lagSeconds: Math.round(lag * 1000) / 1000 };
    } catch (error) {
      this.state = { configured: true, inUse: false, lagSeconds: null };
      if (was) this.logger.warn('the read replica does not answer; reports read from the primary', { error: String(error) });
      return;
    }
    if (was !== this.state.inUse) {
      this.logger.info(this.state.inUse ? 'reports read from the replica again' : 'the read replica lags too far; reports read from the primary', { lagSeconds: this.state.lagSeconds });
    }
  }

  /** Runs a read-only report on the replica when it is in use and caught up with the primary, else on the primary. */
  async read<T>(work: (db: DB) => Promise<T>): Promise<T> {
    const replica = this.replica;
    if (!replica || !this.state.inUse) return work(this.primary.db);
    let caughtUp = false;
    try {
      const target = (await sql<{ lsn: string }>`select pg_current_wal_flush_lsn()::text as lsn`.execute(this.primary.db)).rows[0]!.lsn;
      for (let attempt = 0; attempt < 20 && !caughtUp; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, 10));
        caughtUp = (await sql<{ ok: boolean | null }>`select coalesce(pg_last_wal_replay_lsn() >= ${target}::pg_lsn, true) as ok`.execute(replica.db)).rows[0]!.ok !== false;
      }
    } catch (error) {
      // the primary's errors are the request's; the replica's only send the report to the primary
      if (!isConnectionError(error)) throw error;
      caughtUp = false;
    }
    if (!caughtUp) return work(this.primary.db);
    try {
      return await work(replica.db);
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      this.state = { ...this.state, inUse: false };
      return work(this.primary.db);
    }
  }

  async close() {
    clearInterval(this.timer);
    await this.replica?.close();
  }
}
