import { serve } from '@hono/node-server';
import { loadConfigOrExit } from './config';
import { prepareProduct } from './bootstrap';
import { DEMO_PASSWORD, DEMO_STAFF } from './demo/users';
import { startRollupClock } from './services/rollup-clock';
import { startChangeFeed } from './cache/change-feed';
import { startWorkbenchClock } from './alerts/scheduler';
import { startImportWatch } from './processes/import-watch';
import { settleImports } from './services/imports-service';

const config = loadConfigOrExit();
const { app, deps, demoLogins } = await prepareProduct(config);
const changes = await startChangeFeed(deps.handle, deps.logger);
deps.reportCache.attach(changes);
await deps.readRoute.start();
const stopRollupClock = startRollupClock(deps);
const stopImportWatch = startImportWatch(deps);
const stopWorkbenchClock = startWorkbenchClock(deps);

const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  const url = `http://localhost:${info.port}`;
  const database = deps.handle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`\nLogistics CRM is running at ${url}  (database: ${database})`);
  console.log(`  API reference: ${url}/api/docs`);
  if (config.loadDemoData) {
    console.log(`  Demo logins, all with the password "${DEMO_PASSWORD}":`);
    const logins = demoLogins.length ? demoLogins : DEMO_STAFF.map((s) => ({ ...s, note: undefined as string | undefined }));
    for (const login of logins) console.log(`    ${login.email.padEnd(34)} ${login.role}${login.note ? `  ${login.note}` : ''}`);
    console.log('');
  }
});

/**
 * SIGTERM / SIGINT drain: no new connections; the requests in flight are answered and the imports running
 * here finish (at most SHUTDOWN_DRAIN_SECONDS, after which another process marks what is left interrupted),
 * then the clocks stop and the database closes.
 */
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  deps.logger.info('stopping: answering the requests and finishing the imports in flight', { signal });
  const drained = (async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await settleImports();
  })();
  const gaveUp = await Promise.race([
    drained.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(resolve, config.shutdownDrainSeconds * 1000, true).unref()),
  ]);
  if (gaveUp) deps.logger.warn('stopping before everything finished', { afterSeconds: config.shutdownDrainSeconds });
  stopRollupClock();
  stopImportWatch();
  await stopWorkbenchClock().catch(() => {});
  await changes.close().catch(() => {});
  await deps.readRoute.close().catch(() => {});
  await deps.handle.close().catch(() => {});
  process.exit(0);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
