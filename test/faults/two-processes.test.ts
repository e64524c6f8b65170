import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { newUser, TEST_PASSWORD, type TestUser } from '../helpers/factories';
import { ThrowawayCluster } from './pg-cluster';
import { startProduct, type RunningProduct } from './product';

/**
 * Two real server processes on one PostgreSQL database: the sign-in limits hold across them (the counters
 * live in the database), also for attempts fired at both at once.
 */
describe('sign-in protection across two product processes', () => {
  const cluster = new ThrowawayCluster(22432 + (process.pid % 500));
  const database = 'crm_two';
  const products: RunningProduct[] = [];
  let user: TestUser;

  beforeAll(async () => {
    cluster.init().start();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const handle = await openDatabase({ url: cluster.urlOf(database), poolSize: 2 });
    await migrateToLatest(handle.db);
    user = await newUser(handle.db, 'admin');
    await handle.close();
    const env = { TRUST_PROXY: 'true' };
    products.push(...await Promise.all([startProduct(cluster.urlOf(database), env), startProduct(cluster.urlOf(database), env)]));
  });

  afterAll(async () => {
    await Promise.all(products.map((p) => p.stop()));
    cluster.destroy();
  });

  const signIn = async (product: RunningProduct, password: string, address: string) => (await fetch(`${product.base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ email: user.email, password }),
  })).status;

  it('counts failures sent to either process against one limit', async () => {
    const [a, b] = products;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push(await signIn(i % 2 ? b : a, `guess-${i}`, '192.0.2.10'));
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(await signIn(a, TEST_PASSWORD, '192.0.2.10')).toBe(429);
    expect(await signIn(b, TEST_PASSWORD, '192.0.2.10')).toBe(429);
    // the owner, from another address, on either process
    expect(await signIn(a, TEST_PASSWORD, '198.51.100.20')).toBe(200);
    expect(await signIn(b, TEST_PASSWORD, '198.51.100.21')).toBe(200);
  });

  it('lets exactly 5 of 12 simultaneous failures through, whichever process gets them', async () => {
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(products[i % 2], `burst-${i}`, '192.0.2.77')));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });
});
