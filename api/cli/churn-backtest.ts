import { loadConfig } from '../config';
import { openConfiguredDatabase } from '../configured-database';
import { migrateToLatest } from '../../db/migrate';
import { businessDay } from '../domain/business-day';
import { churnBacktest, type BacktestReport } from '../churn/backtest';

/**
 * `npm run churn:backtest [-- --as-of=YYYY-MM-DD]`: scores every company as of a past day (default 365 days ago)
 * with only what was known then and prints AUC, top-decile lift, Brier and calibration against who left in the
 * following 12 months, for the direct model and with the cascade.
 */
export function printBacktest(report: BacktestReport, log: (line: string) => void = console.log) {
  const f = (x: number | null, digits = 3) => (x === null ? 'n/a' : x.toFixed(digits));
  log(`backtest as of ${report.asOf}; outcome window to ${report.horizonEnd}${report.outcomeComplete ? '' : ' (not over yet)'}`);
  log(report.horizon);
  log(report.leftDefinition);
  log(report.knownThen);
  log(`coefficients: ${report.coefficients.source}${report.coefficients.fittedAt ? ` (fitted ${report.coefficients.fittedAt})` : ''}, α ${report.coefficients.alpha}`);
  log(`companies scored ${report.companies}, departures ${report.departures}, pairs ${report.pairs}`);
  log('                   direct     cascade');
  for (const [label, pick] of [
    ['AUC', (m: BacktestReport['direct']) => f(m.auc)], ['top-decile lift', (m: BacktestReport['direct']) => f(m.topDecile.lift, 2)],
    ['Brier', (m: BacktestReport['direct']) => f(m.brier, 4)], ['mean predicted', (m: BacktestReport['direct']) => f(m.meanPredicted, 4)],
  ] as const) log(`  ${label.padEnd(16)} ${pick(report.direct).padStart(8)}    ${pick(report.cascade).padStart(8)}`);
  log('calibration by deciles (highest risk first): count, mean predicted direct / cascade → observed');
  report.direct.calibration.forEach((bin, i) => {
    const c = report.cascade.calibration[i]!;
    log(`  ${String(bin.decile).padStart(2)}: ${String(bin.count).padStart(5)}  ${f(bin.meanPredicted, 4)} → ${f(bin.observed, 4)}   |  ${String(c.count).padStart(5)}  ${f(c.meanPredicted, 4)} → ${f(c.observed, 4)}`);
  });
  for (const note of report.notes) log(`note: ${note}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = process.argv.slice(2).find((a) => a.startsWith('--as-of='));
  const asOf = arg?.slice('--as-of='.length);
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    console.error('--as-of must be a day YYYY-MM-DD');
    process.exit(2);
  }
  const config = loadConfig();
  const handle = await openConfiguredDatabase(config);
  try {
    await migrateToLatest(handle.db);
    printBacktest(await churnBacktest(handle.db, null, { asOf }, businessDay(new Date(), config.businessTimeZone)));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await handle.close();
  }
}
