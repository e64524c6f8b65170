/**
 * Errors that mean "the database cannot be reached right now" rather than "this statement is wrong":
 * socket errors, the server shutting down or starting up, our own connection timeout, a client that
 * lost its connection. Requests answer them with 503; background work retries them.
 */
const CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  // admin_shutdown, crash_shutdown, cannot_connect_now (starting up / shutting down), too_many_connections
  '57P01', '57P02', '57P03', '53300',
  // connection_exception, connection_does_not_exist, connection_failure, sqlclient_unable_to_establish_sqlconnection
  '08000', '08003', '08006', '08001', '08004',
]);

const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|connect ECONNREFUSED|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)/i;

export function isConnectionError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && CODES.has(code)) return true;
  return typeof message === 'string' && MESSAGES.test(message);
}

/**
 * Runs `work`, and again every `everyMs` while it fails because the database is unreachable, for up to
 * `forMs`; other errors, and the last one, are thrown. For background bookkeeping that must land once the
 * database is back (a job's final state), not for requests, which answer 503 at once.
 */
export async function retryWhileUnreachable<T>(work: () => Promise<T>, { forMs = 120_000, everyMs = 500 } = {}): Promise<T> {
  const deadline = Date.now() + forMs;
  for (;;) {
    try {
      return await work();
    } catch (err) {
      if (!isConnectionError(err) || Date.now() + everyMs > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
