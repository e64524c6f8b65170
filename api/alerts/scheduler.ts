import type { AppDeps } from '../context';
import { businessDay } from '../domain/business-day';
import { businessHour, claimDailyRun } from '../workbench/clock';
import { runDigestRound } from './digest';
import { evaluateAlertsSafely } from './engine';
import { createMailer } from './mailer';

/** The nightly evaluation runs on the first tick of a business day at or after this hour. */
export const NIGHTLY_HOUR = 2;

/**
 * The workbench's clock: once a business day (from NIGHTLY_HOUR, or at start when the day's run is still to
 * do) every alert rule runs; each tick, when SMTP_URL is set, a round of the daily digest. One process wins
 * the day's nightly run (claimDailyRun); the digest is once per user and day in the database.
 */
export function startWorkbenchClock(deps: AppDeps, options: { everyMs?: number; now?: () => Date } = {}): () => Promise<void> {
  const now = options.now ?? (() => new Date());
  const mailer = createMailer(deps.config);
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const at = now();
    const tz = deps.config.businessTimeZone;
    try {
      if (businessHour(at, tz) >= NIGHTLY_HOUR && await claimDailyRun(deps.handle.db, 'alerts.nightly', businessDay(at, tz))) {
        await evaluateAlertsSafely(deps.handle.db, deps.config, deps.logger, 'nightly');
      }
      if (mailer) await runDigestRound(deps.handle.db, deps.config, mailer, deps.logger, at);
    } catch (error) {
      deps.logger.warn('the workbench clock tick failed', { error: String(error) });
    }
  };
  const schedule = () => {
    running = running.then(tick);
  };
  schedule();
  const timer = setInterval(schedule, options.everyMs ?? 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    mailer?.close();
  };
}
