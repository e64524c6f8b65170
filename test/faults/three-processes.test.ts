import { readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { newShipper, newUser, TEST_PASSWORD, type TestUser } from '../helpers/factories';
import { ThrowawayCluster } from './pg-cluster';
import { getJson, startProduct, type RunningProduct } from './product';
import { writeDeliveryCsv } from './delivery-file';

/**
 * Three real product processes on one PostgreSQL database (DESIGN section 11): sessions, report caches,
 * sign-in counters, periodic work and import jobs behave as in one process; SIGTERM drains.
 */
const BIG = Number(process.env.FAULT_IMPORT_ROWS ?? 60_000);
const STALE_SECONDS = 3;
const CLOCK_SECONDS = 2;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('three product processes on one database', () => {
  const cluster = new ThrowawayCluster(23432 + (process.pid % 500));
  const database = 'crm_three';
  const files = { small: 's', more: 'm', big: 'b', drain: 'd', late: 'l' } as Record<string, string>;
  let products: RunningProduct[] = [];
  let admin: TestUser;
  let operator: TestUser;
  const url = () => cluster.urlOf(database);

  const query = async <T>(text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    cluster.init().start();
    const root = new pg.Client({ connectionString: cluster.url });
    await root.connect();
    await root.query(`create database ${database}`);
    await root.end();
    const handle = await openDatabase({ url: url(), poolSize: 2 });
    await migrateToLatest(handle.db);
    admin = await newUser(handle.db, 'admin');
    operator = await newUser(handle.db, 'operations');
    for (let s = 0; s < 5; s++) await newShipper(handle.db, { code: `FS${s}`, name: `Fault shipper ${s}` });
    await handle.close();
    const sizes: Record<string, number> = { small: 200, more: 100, big: BIG, drain: BIG, late: 500 };
    for (const [name, prefix] of Object.entries(files)) {
      files[name] = path.join(tmpdir(), `crm-three-${name}-${process.pid}.csv`);
      await writeDeliveryCsv(files[name]!, sizes[name]!, `T${prefix.toUpperCase()}`);
    }
    const env = {
      TRUST_PROXY: 'true', IMPORT_HEARTBEAT_SECONDS: '0.5', IMPORT_STALE_SECONDS: String(STALE_SECONDS),
      ROLLUP_CLOCK_SECONDS: String(CLOCK_SECONDS), SHUTDOWN_DRAIN_SECONDS: '120',
    };
    products = await Promise.all([0, 1, 2].map(() => startProduct(url(), env)));
  });

  afterAll(async () => {
    await Promise.all(products.map((p) => p.stop()));
    cluster.destroy();
    await Promise.all(Object.values(files).map((f) => rm(f, { force: true })));
  });

  const upload = async (product: RunningProduct, file: string) => {
    const res = await fetch(`${product.base}/api/v1/imports/deliveries?fileName=${path.basename(file)}`, {
      method: 'POST', headers: { ...operator.headers, 'content-type': 'text/csv' }, body: await readFile(file),
    });
    expect(res.status, await res.clone().text()).toBe(202);
    return (await res.json()).id as number;
  };
  const job = async (product: RunningProduct, id: number) => (await getJson(product.base, `/api/v1/imports/${id}`, operator.headers)).body;
  const finished = async (product: RunningProduct, id: number, forMs = 150_000) => {
    const deadline = Date.now() + forMs;
    for (;;) {
      const j = await job(product, id);
      if (j?.status === 'succeeded' || j?.status === 'failed' || Date.now() > deadline) return j;
      await pause(50);
    }
  };
  const underWay = async (product: RunningProduct, id: number) => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await pause(50)) {
      const j = await job(product, id);
      expect(j?.status, 'the import finished too soon: raise FAULT_IMPORT_ROWS').not.toBe('succeeded');
      if (j?.rowsProcessed > 0) return j;
    }
    throw new Error('the import did not get under way');
  };
  const deliveries = async () => (await query<{ n: number }>('select count(*)::int as n from deliveries'))[0]!.n;

  it('a session signed in on one process works on the others, and signing out on one ends it on all', async () => {
    const [a, b, c] = products as [RunningProduct, RunningProduct, RunningProduct];
    const res = await fetch(`${a.base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.5' },
      body: JSON.stringify({ email: admin.email, password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((s) => s.split(';')[0]).join('; ');
    const { user } = await res.json();
    for (const p of [b, c]) {
      const me = await getJson(p.base, '/api/v1/auth/me', { cookie });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: admin.id, via: 'session', csrfToken: user.csrfToken });
    }
    const out = await fetch(`${c.base}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': user.csrfToken } });
    expect(out.status).toBeLessThan(300);
    expect((await getJson(a.base, '/api/v1/auth/me', { cookie })).status).toBe(401);
    expect((await getJson(b.base, '/api/v1/auth/me', { cookie })).status).toBe(401);
  });

  it('counts sign-in failures sent to the three processes against one limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${products[i % 3]!.base}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.33' },
        body: JSON.stringify({ email: admin.email, password: `wrong-${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('a write through one process clears the report cache of the others within a second', async () => {
    const [a, b, c] = products as [RunningProduct, RunningProduct, RunningProduct];
    const report = async (p: RunningProduct) =>
      (await getJson(p.base, '/api/v1/analytics/service?from=2026-03-01&to=2026-03-31', admin.headers)).body.total.shipments as number;
    expect((await finished(a, await upload(a, files.small!)))?.status).toBe('succeeded');
    const before = await report(b);
    expect(before).toBe(200);
    expect(await report(c)).toBe(200);
    // a change the database does not announce (triggers off): B and C keep serving their cached answer
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    await client.query(`set session_replication_role = replica`);
    await client.query(`update daily_service_rollups set shipments = shipments + 1000, delivered = delivered + 1000 where ctid = (select ctid from daily_service_rollups limit 1)`);
    await client.end();
    expect(await report(b)).toBe(200);
    expect(await report(c)).toBe(200);
    // an import through A: its commit notifies every process
    const id = await upload(a, files.more!);
    expect((await finished(a, id))?.status).toBe('succeeded');
    const started = performance.now();
    const seen = await Promise.all([b, c].map(async (p) => {
      while (performance.now() - started < 5000) {
        if ((await report(p)) === 1300) return performance.now() - started;
        await pause(20);
      }
      return Infinity;
    }));
    console.log(`the other processes served the new figures ${seen.map((ms) => `${Math.round(ms)} ms`).join(' and ')} after A's import finished`);
    for (const ms of seen) expect(ms).toBeLessThan(1000);
  });

  it('runs the rollup clock once per period across the three processes', async () => {
    const runs = async () => (await query<{ runs: number }>(`select runs::int from periodic_runs where name = 'rollup-clock'`))[0]?.runs ?? 0;
    const first = await runs();
    await pause(CLOCK_SECONDS * 1000 * 4 + 500);
    const periods = (await runs()) - first;
    console.log(`rollup clock: ${periods} runs in ${CLOCK_SECONDS * 4 + 0.5} s with a ${CLOCK_SECONDS} s period and three processes`);
    expect(periods).toBeGreaterThanOrEqual(3);
    expect(periods).toBeLessThanOrEqual(5); // every process on its own would make about 12
    const afterImport = await query<{ runs: number; pending: boolean }>(`select runs::int, pending from periodic_runs where name = 'after-import'`);
    expect(afterImport[0]).toMatchObject({ pending: false });
  });

  it('marks the job of a process killed mid-import as interrupted from another process, and a re-run completes it', async () => {
    const c = products[2]!;
    const a = products[0]!;
    const id = await upload(c, files.big!);
    await underWay(c, id);
    c.child.kill('SIGKILL');
    await once(c.child, 'exit');
    const killedAt = performance.now();
    let seen: any;
    while (performance.now() - killedAt < (STALE_SECONDS + 5) * 1000) {
      seen = await job(a, id);
      if (seen?.status !== 'running' && seen?.status !== 'queued') break;
      await pause(50);
    }
    const took = (performance.now() - killedAt) / 1000;
    console.log(`the killed process's job was marked ${seen?.status} by another process ${took.toFixed(2)} s after the kill (${seen?.rowsProcessed} rows were in)`);
    expect(seen).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Interrupted/) });
    expect(took).toBeLessThan(STALE_SECONDS + 1);
    const partial = await deliveries();
    const rerun = await finished(a, await upload(a, files.big!));
    expect(rerun).toMatchObject({ status: 'succeeded', rejected: 0 });
    expect(rerun.inserted).toBe(300 + BIG - partial);
    expect(await deliveries()).toBe(300 + BIG);
  });

  it('SIGTERM answers the requests in flight and finishes the running import before the process exits', async () => {
    const b = products[1]!;
    const a = products[0]!;
    const before = await deliveries();
    const running = await upload(b, files.drain!);
    await underWay(b, running);
    // an upload in flight: half of its body sent when the signal arrives, the rest after
    const body = await readFile(files.late!);
    const late = http.request(`${b.base}/api/v1/imports/deliveries?fileName=late.csv`, {
      method: 'POST', agent: false, headers: { ...operator.headers, 'content-type': 'text/csv', 'content-length': body.length },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      late.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      late.on('error', reject);
    });
    late.write(body.subarray(0, body.length >> 1));
    await pause(300);
    b.child.kill('SIGTERM');
    const exit = once(b.child, 'exit');
    await pause(300);
    late.end(body.subarray(body.length >> 1));
    const lateAnswer = await answered;
    expect(lateAnswer.status, lateAnswer.body).toBe(202);
    const lateId = JSON.parse(lateAnswer.body).id as number;
    const [code] = await exit;
    expect(code).toBe(0);
    const jobs = [await job(a, running), await job(a, lateId)];
    console.log(`SIGTERM: the process exited ${code} once its imports finished: ${jobs.map((j) => `${j.status} (${j.inserted} rows)`).join(', ')}`);
    expect(jobs[0]).toMatchObject({ status: 'succeeded', inserted: BIG, rejected: 0 });
    expect(jobs[1]).toMatchObject({ status: 'succeeded', inserted: 500, rejected: 0 });
    expect(await deliveries()).toBe(before + BIG + 500);
  });
});
