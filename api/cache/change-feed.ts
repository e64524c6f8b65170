import pg from 'pg';
import type { DatabaseHandle } from '../../db/connection';
import type { Logger } from '../logger';

export const CHANGE_CHANNEL = 'crm_changes';

/**
 * The database's change notifications (migration 2026_12_01_0300): a generation number that moves on
 * every committed change that can alter a report. Only while `live` can a cache trust it: before the
 * listener is up, and after it lost its connection until it is back, nothing may be served from a cache.
 */
export interface ChangeFeed {
  readonly live: boolean;
  readonly generation: number;
  close(): Promise<void>;
}

/** A feed that never goes live: caches built on it always compute (tests, tools). */
export const NO_FEED: ChangeFeed = { live: false, generation: 0, close: async () => {} };

class Generation {
  live = false;
  generation = 0;
  bump() { this.generation++; }
}

export async function startChangeFeed(handle: DatabaseHandle, logger: Logger): Promise<ChangeFeed> {
  const state = new Generation();
  if (handle.pglite) {
    const unlisten = await handle.pglite.listen(CHANGE_CHANNEL, () => state.bump());
    state.live = true;
    return {
      get live() { return state.live; },
      get generation() { return state.generation; },
      close: async () => { state.live = false; await unlisten(); },
    };
  }
  if (!handle.pool) return NO_FEED;
  const options = (handle.pool as unknown as { options: pg.ClientConfig }).options;
  let client: pg.Client | null = null;
  let closed = false;
  let down = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const c = new pg.Client({ ...options, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    // a connection that died without a word would miss notifications: a query now and then finds out
    const heartbeat = setInterval(() => void c.query('select 1').catch(lost), 15_000);
    heartbeat.unref();
    const lost = (reason: unknown) => {
      clearInterval(heartbeat);
      if (client !== c) return;
      client = null;
      state.live = false;
      state.bump();
      c.removeAllListeners();
      c.on('error', () => {}); // a dying connection may report again while it ends
      void c.end().catch(() => {});
      if (!closed) {
        if (!down) logger.warn('change feed lost its connection; report caches are off until it is back', { error: String(reason) });
        down = true;
        retry = setTimeout(() => void connect(), 1000);
        retry.unref();
      }
    };
    try {
      c.on('notification', () => state.bump());
      c.on('error', lost);
      c.on('end', () => lost('connection ended'));
      await c.connect();
      await c.query(`listen ${CHANGE_CHANNEL}`);
      client = c;
      state.bump();
      state.live = true;
      if (down) logger.info('change feed is back; report caches are on again');
      down = false;
    } catch (error) {
      client = c;
      lost(error);
    }
  };
  await connect();
  return {
    get live() { return state.live; },
    get generation() { return state.generation; },
    close: async () => {
      closed = true;
      clearTimeout(retry);
      state.live = false;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
