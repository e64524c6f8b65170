import type { AppDeps } from '../context';
import { refreshPendingRollups } from '../queries/rollups';
import { evaluateAlertsSafely } from '../alerts/engine';
import { runOncePerPeriod } from '../processes/run-once';

/**
 * 'due' depends on the clock: a delivery promised for 15:00 becomes due at 15:00 without any import.
 * Refreshes the rollups still holding not-yet-due deliveries now and then every `everyMs`; then the alert
 * rules that depend on the clock run (a running month heading for a breach, a month that closed).
 * Every process runs the clock; one of them does each period's work (runOncePerPeriod).
 */
export function startRollupClock(deps: AppDeps, everySeconds = deps.config.rollupClockSeconds): () => void {
  const work = async () => {
    try {
      const keys = await deps.handle.db.transaction()
        .execute((trx) => refreshPendingRollups(trx, deps.config.businessTimeZone));
      if (keys > 0) deps.logger.log('debug', 'refreshed pending service rollups', { keys });
    } catch (error) {
      deps.logger.warn('could not refresh pending service rollups', { error: String(error) });
    }
    await evaluateAlertsSafely(deps.handle.db, deps.config, deps.logger, 'clock');
  };
  const tick = () => runOncePerPeriod(deps.handle, 'rollup-clock', everySeconds, work)
    .catch((error) => deps.logger.warn('could not run the rollup clock', { error: String(error) }));
  void tick();
  const timer = setInterval(() => void tick(), everySeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
