import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { newCompany, newUser } from '../helpers/factories';
import { ThrowawayCluster } from './pg-cluster';
import { getJson, startProduct, type RunningProduct } from './product';

/**
 * The database goes away under traffic and comes back: the product answers 503 in the error shape
 * (health in its own shape), does not crash, and recovers by itself within seconds.
 */
describe('PostgreSQL outage under traffic', () => {
  const cluster = new ThrowawayCluster(20432 + (process.pid % 500));
  let product: RunningProduct;
  let headers: Record<string, string>;

  beforeAll(async () => {
    cluster.init().start();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database crm_faults');
    await admin.end();
    const handle = await openDatabase({ url: cluster.urlOf('crm_faults'), poolSize: 2 });
    await migrateToLatest(handle.db);
    headers = (await newUser(handle.db, 'admin')).headers;
    for (let i = 0; i < 5; i++) await newCompany(handle.db);
    await handle.close();
    product = await startProduct(cluster.urlOf('crm_faults'));
  });

  afterAll(async () => {
    await product?.stop();
    cluster.destroy();
  });

  it('answers 503, keeps running while the database is down, and recovers without a restart', async () => {
    // traffic before, during and after the outage
    const statuses: number[] = [];
    let traffic = true;
    const loop = (async () => {
      while (traffic) {
        try {
          statuses.push((await fetch(`${product.base}/api/v1/companies`, { headers })).status);
        } catch {
          statuses.push(-1); // connection refused: the process would be gone
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    expect((await getJson(product.base, '/api/v1/companies', headers)).status).toBe(200);

    cluster.stop('fast');
    await new Promise((r) => setTimeout(r, 500));

    const health = await getJson(product.base, '/api/v1/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: { kind: 'postgres', reachable: false, latencyMs: null } });

    for (const path of ['/api/v1/companies', '/api/v1/auth/me', '/api/v1/deliveries']) {
      const res = await getJson(product.base, path, headers);
      expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(503);
      expect(res.body?.error).toMatchObject({ code: 'database_unavailable', message: expect.any(String), details: [] });
    }
    expect(product.alive(), product.output()).toBe(true);

    const restarted = Date.now();
    cluster.start();
    let recoveredAfter = -1;
    while (Date.now() - restarted < 15_000) {
      const res = await getJson(product.base, '/api/v1/companies', headers).catch(() => ({ status: -1 }));
      if (res.status === 200) { recoveredAfter = Date.now() - restarted; break; }
      await new Promise((r) => setTimeout(r, 100));
    }
    traffic = false;
    await loop;
    console.log(`recovered ${recoveredAfter} ms after the database came back; traffic statuses: ${JSON.stringify(countBy(statuses))}`);
    expect(recoveredAfter, 'recovery within 10 s').toBeGreaterThanOrEqual(0);
    expect(recoveredAfter).toBeLessThan(10_000);
    expect((await getJson(product.base, '/api/v1/health')).status).toBe(200);
    expect(product.alive(), product.output()).toBe(true);
    // during the whole run: only 200 and 503, never a refused connection or a 500
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(statuses).toContain(503);
  });
});

function countBy(values: number[]) {
  return values.reduce<Record<number, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
}
