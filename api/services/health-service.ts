import type { AppDeps } from '../context';
import { ping } from '../queries/health';

/** Is the service and its database up (a ping with a 2 s limit), and is the read replica in use. */
export async function healthReport({ handle, readRoute }: Pick<AppDeps, 'handle' | 'readRoute'>) {
  const started = performance.now();
  let reachable = true;
  try {
    await Promise.race([
      ping(handle.db),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
    ]);
  } catch {
    reachable = false;
  }
  return {
    status: reachable ? ('ok' as const) : ('unavailable' as const),
    database: { kind: handle.kind, reachable, latencyMs: reachable ? Math.round((performance.now() - started) * 10) / 10 : null },
    readReplica: readRoute.status,
  };
}
