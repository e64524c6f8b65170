import type { DatabaseHandle } from '../db/connection';
import { openConfiguredDatabase } from './configured-database';
import { migrateToLatest } from '../db/migrate';
import { fitOnStart } from './churn/fit';
import { recomputeChurn } from './churn/recompute';
import { isEmpty, seedDemo, type DemoLogin } from './demo';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { createApp } from './app';
import { SignInThrottle } from './auth/sign-in-throttle';
import { countUsers } from './queries/users';
import { failInterruptedImportJobs } from './queries/import-jobs';
import { runnerIsGone } from './processes/runner';
import { removeOrphanedUploads } from './import/upload';
import { createUser } from './services/users-service';
import type { AppDeps } from './context';
import { ReportCache } from './cache/report-cache';
import { NO_FEED } from './cache/change-feed';
import { ReadRoute } from './read-replica';
import { openDatabase } from '../db/connection';
import { fillMissingNameSortKeys } from './queries/companies';

/**
 * The demo data set into an empty database, then the churn coefficients fitted to its history when it holds
 * enough departures (the defaults otherwise; GET /analytics/churn/model says which) and the scores recomputed.
 */
export async function loadDemo(handle: DatabaseHandle, config: Config, log: (message: string) => void): Promise<DemoLogin[]> {
  const logins = await seedDemo({ handle, config, log });
  if (await fitOnStart(handle.db, config, log)) await recomputeChurn(handle.db, config, { trigger: 'manual' });
  return logins;
}

/** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD when the database has no user yet. */
export async function ensureFirstAdmin(handle: DatabaseHandle, config: Config, logger: Logger) {
  if (!config.adminEmail || !config.adminPassword) return;
  if ((await countUsers(handle.db)) > 0) return;
  await createUser(handle.db, null, { email: config.adminEmail, name: 'Administrator', password: config.adminPassword, role: 'admin' });
  logger.info('created the first admin', { email: config.adminEmail });
}

export function createDeps(handle: DatabaseHandle, config: Config, logger = createLogger(config.logLevel), replica: DatabaseHandle | null = null): AppDeps {
  return {
    handle, config, logger, signInThrottle: new SignInThrottle(config.signIn), reportCache: new ReportCache(NO_FEED),
    readRoute: new ReadRoute(handle, replica, config.readMaxLagSeconds, logger),
  };
}

export async function prepareProduct(config: Config) {
  const logger = createLogger(config.logLevel);
  const handle = await openConfiguredDatabase(config);
  await migrateToLatest(handle.db);
  await ensureFirstAdmin(handle, config, logger);
  const interrupted = await failInterruptedImportJobs(handle.db, config.imports.staleSeconds, runnerIsGone);
  if (interrupted.length) logger.warn('marked interrupted import jobs as failed', { jobs: interrupted.map((j) => j.id) });
  const orphans = await removeOrphanedUploads();
  if (orphans.length) logger.warn('removed the spooled uploads of imports that were cut off', { files: orphans });
  let demoLogins: DemoLogin[] = [];
  if (config.loadDemoData && (await isEmpty(handle))) {
    logger.info('empty database: loading the demo data set');
    demoLogins = await loadDemo(handle, config, (m) => logger.info(m));
  }
  // companies written without a name sort key (the seed, rows from before the key existed) sort by pinyin too
  const sorted = await fillMissingNameSortKeys(handle.db);
  if (sorted > 0) logger.info('filled the name sort key of companies', { companies: sorted });
  const replica = config.databaseReadUrl && handle.kind === 'postgres' ? await openDatabase({ url: config.databaseReadUrl }) : null;
  const deps = createDeps(handle, config, logger, replica);
  return { deps, app: createApp(deps), demoLogins };
}
