import { serve } from '@hono/node-server';
import { loadConfig } from './config';
import { prepareProduct } from './bootstrap';
import { DEMO_PASSWORD, DEMO_STAFF } from '../db/seed/users';
import { startRollupClock } from './services/rollup-clock';
import { startChangeFeed } from './cache/change-feed';
import { startWorkbenchClock } from './alerts/scheduler';

const config = loadConfig();
const { app, deps, demoLogins } = await prepareProduct(config);
const changes = await startChangeFeed(deps.handle, deps.logger);
deps.reportCache.attach(changes);
startRollupClock(deps);
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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void stopWorkbenchClock().then(() => changes.close()).then(() => deps.handle.close()).finally(() => process.exit(0));
  });
}
