/**
 * npm run bench:alerts — the alert rules over the demo data set (embedded PGlite in a temporary folder):
 * the time of a full evaluation (every rule, as nightly), of the clock's rules, and of a second full run that
 * finds the same causes and raises nothing (idempotence). Prints the figures; asserts nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../api/config';
import { prepareProduct } from '../../api/bootstrap';
import { evaluateAlerts } from '../../api/alerts/engine';

const dir = await mkdtemp(path.join(tmpdir(), 'crm-alerts-bench-'));
const config = { ...loadConfig({ DATA_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'warn', DEMO_SCALE: process.env.DEMO_SCALE ?? 'full' }), databaseUrl: undefined };
try {
  const started = performance.now();
  const { deps } = await prepareProduct(config);
  console.log(`demo data (${config.demoScale}) loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const db = deps.handle.db;
  const time = async (label: string, run: () => Promise<{ found: number; raised: number }>) => {
    const t0 = performance.now();
    const r = await run();
    console.log(`${label.padEnd(34)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms   causes ${r.found}, raised ${r.raised}`);
  };
  await time('full evaluation (nightly)', () => evaluateAlerts(db, config, 'nightly'));
  await time('full evaluation again (idempotent)', () => evaluateAlerts(db, config, 'nightly'));
  await time('clock rules', () => evaluateAlerts(db, config, 'clock'));
  await time('after-import rules', () => evaluateAlerts(db, config, 'import'));
  const counts = await db.selectFrom('alerts').select(['rule', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('rule').orderBy('rule').execute();
  console.log('alerts by rule:', counts.map((c) => `${c.rule} ${c.n}`).join(', '));
  await deps.handle.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
