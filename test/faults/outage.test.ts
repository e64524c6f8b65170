import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { newConsignee, newPair, newShipper, newUser } from '../helpers/factories';
import { ThrowawayCluster } from './pg-cluster';
import { getJson, startProduct, type RunningProduct } from './product';
import { hit, loop, newTally, waitForJob, type Client } from './traffic';

/**
 * The database goes away 20 times under mixed traffic — reads (lists, a report served through the change
 * feed's cache), writes, a delivery import running, the change feed listening — by a fast stop, an
 * immediate stop (a crash: no goodbye to the clients) and a pg_terminate_backend storm (every backend of
 * the product killed again and again while the server stays up). The one product process survives all of
 * it, answers 503 in the error shape meanwhile (never a 500, never silence longer than the hang bound),
 * and serves again within 1 s of the database's return.
 */
const OUTAGES = Number(process.env.FAULT_OUTAGES ?? 20);
/** pg's connection timeout (3 s, db/connection.ts) bounds every wait for a connection; 2 s of slack for a busy machine */
const HANG_BOUND_MS = 5000;
const RECOVERY_BOUND_MS = 1000;
const IMPORT_ROWS = 20_000;
const KINDS = ['fast', 'immediate', 'terminate'] as const;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function deliveryCsv(prefix: string, shipper: string, consignee: string): string {
  const lines = ['tracking_no,shipper_code,consignee_code,promised_at,delivered_at,status,pieces_expected,pieces_delivered,revenue,cost'];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`${prefix}-${i},${shipper},${consignee},2026-03-${day} 18:00,2026-03-${day} 17:00,delivered,2,2,120.50,80.25`);
  }
  return `${lines.join('\n')}\n`;
}

describe('PostgreSQL outages under traffic', () => {
  const cluster = new ThrowawayCluster(20432 + (process.pid % 500));
  const database = 'crm_faults';
  let product: RunningProduct;
  let client: Client;
  let shipper: { id: number; code: string };
  let consignee: { id: number; code: string };

  beforeAll(async () => {
    cluster.init().start();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const handle = await openDatabase({ url: cluster.urlOf(database), poolSize: 2 });
    await migrateToLatest(handle.db);
    const operator = await newUser(handle.db, 'admin');
    shipper = await newShipper(handle.db, { code: 'OUT-S' });
    consignee = await newConsignee(handle.db, { code: 'OUT-C' });
    await newPair(handle.db, shipper.id, consignee.id);
    await handle.close();
    product = await startProduct(cluster.urlOf(database));
    client = { base: product.base, headers: operator.headers, tally: newTally(), hangBoundMs: HANG_BOUND_MS };
  });

  afterAll(async () => {
    await product?.stop();
    cluster.destroy();
  });

  /** resolves when a fresh connection to the database answers a query: the moment the database is back */
  async function databaseBack(): Promise<number> {
    for (;;) {
      const probe = new pg.Client({ connectionString: cluster.urlOf(database), connectionTimeoutMillis: 500 });
      probe.on('error', () => {});
      try {
        await probe.connect();
        await probe.query('select 1');
        return performance.now();
      } catch {
        await pause(20);
      } finally {
        await probe.end().catch(() => {});
      }
    }
  }

  /** ms from `since` until the product serves a read again (null when not within 10 s) */
  async function productBack(since: number): Promise<number | null> {
    while (performance.now() - since < 10_000) {
      const res = await hit(client, 'GET', '/api/v1/companies?pageSize=5');
      if (res.status === 200) return performance.now() - since;
      await pause(20);
    }
    return null;
  }

  /** kills every backend of the product's database, every 30 ms, for `ms` */
  async function terminateStorm(ms: number) {
    const killer = new pg.Client({ connectionString: cluster.url });
    await killer.connect();
    const until = performance.now() + ms;
    let killed = 0;
    while (performance.now() < until) {
      const r = await killer.query('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
      killed += r.rows[0].n;
      await pause(30);
    }
    await killer.end();
    return killed;
  }

  it('survives 20 outages, answers 503 meanwhile and serves again within 1 s of the database coming back', async () => {
    let running = true;
    const jobs: number[] = [];
    const reads = ['/api/v1/companies?pageSize=20', '/api/v1/deliveries?pageSize=20', '/api/v1/analytics/service?groupBy=month', `/api/v1/companies/${shipper.id}`];
    let r = 0;
    const readers = [0, 1].map(() => loop(() => running, () => hit(client, 'GET', reads[r++ % reads.length])));
    const writer = loop(() => running, () => hit(client, 'POST', `/api/v1/companies/${shipper.id}/interactions`,
      JSON.stringify({ kind: 'call', occurredAt: new Date().toISOString(), summary: 'checking in during an outage test' })), 50);
    let uploads = 0;
    const importer = loop(() => running, async () => {
      const res = await hit(client, 'POST', '/api/v1/imports/deliveries?fileName=outage.csv', deliveryCsv(`OUT${++uploads}`, shipper.code, consignee.code), 'text/csv');
      if (res.status === 202) {
        jobs.push(res.body.id);
        await waitForJob(client, res.body.id, () => running);
      }
    }, 100);

    const recoveries: number[] = [];
    let killed = 0;
    for (let i = 0; i < OUTAGES; i++) {
      await pause(700); // traffic while the database is up
      const kind = KINDS[i % KINDS.length];
      let back: number;
      if (kind === 'terminate') {
        killed += await terminateStorm(1000);
        back = performance.now();
      } else {
        await cluster.stopAsync(kind);
        await pause(600);
        if (i === 0) {
          const health = await getJson(product.base, '/api/v1/health');
          expect(health.status).toBe(503);
          expect(health.body).toMatchObject({ status: 'unavailable', database: { kind: 'postgres', reachable: false, latencyMs: null } });
          for (const path of ['/api/v1/companies', '/api/v1/auth/me', '/api/v1/deliveries']) {
            const res = await getJson(product.base, path, client.headers);
            expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(503);
            expect(res.body?.error).toMatchObject({ code: 'database_unavailable', message: expect.any(String), details: [] });
          }
        }
        const started = cluster.startAsync();
        back = await databaseBack();
        await started;
      }
      expect(product.alive(), `the product died in outage ${i + 1} (${kind}):\n${product.output().slice(-3000)}`).toBe(true);
      const recovery = await productBack(back);
      expect(recovery, `outage ${i + 1} (${kind}): the product did not serve again within 10 s`).not.toBeNull();
      recoveries.push(recovery!);
    }

    running = false;
    await Promise.all([...readers, writer, importer]);
    // every import cut off by an outage ends failed (marked once the database is back), none stays running
    const outcomes = await Promise.all(jobs.map((id) => waitForJob(client, id, () => true, 30_000)));
    // and importing works as before
    const last = await hit(client, 'POST', '/api/v1/imports/deliveries?fileName=after.csv', deliveryCsv('AFTER', shipper.code, consignee.code), 'text/csv');
    expect(last.status).toBe(202);
    const lastOutcome = await waitForJob(client, last.body.id, () => true);
    const health = await getJson(product.base, '/api/v1/health');

    const t = client.tally;
    const maxRecovery = Math.max(...recoveries) / 1000;
    console.log([
      `outages: ${OUTAGES} (${KINDS.map((k) => `${k} ${Math.ceil((OUTAGES - KINDS.indexOf(k)) / KINDS.length)}`).join(', ')}; ${killed} backends terminated)`,
      `requests: ${t.requests}, ok: ${t.ok}, 503s: ${t.unavailable}, other errors: ${t.other.length}`,
      `max seconds to recovery: ${maxRecovery.toFixed(3)} (mean ${(recoveries.reduce((a, b) => a + b, 0) / recoveries.length / 1000).toFixed(3)}), slowest answer: ${(t.slowestMs / 1000).toFixed(3)} s`,
      `imports: ${jobs.length} started under traffic, ${outcomes.filter((o) => o === 'succeeded').length} succeeded, ${outcomes.filter((o) => o === 'failed').length} failed; the one after: ${lastOutcome}`,
    ].join('\n'));

    expect(product.alive(), product.output().slice(-3000)).toBe(true);
    expect(t.other, 'answers that were neither a success nor a 503 in the error shape').toEqual([]);
    expect(t.unavailable).toBeGreaterThan(0);
    expect(t.slowestMs).toBeLessThan(HANG_BOUND_MS);
    expect(maxRecovery * 1000).toBeLessThan(RECOVERY_BOUND_MS);
    expect(jobs.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o === 'succeeded' || o === 'failed'), `job outcomes: ${outcomes.join(', ')}`).toBe(true);
    expect(lastOutcome).toBe('succeeded');
    expect(health.status).toBe(200);
  }, 900_000);
});
