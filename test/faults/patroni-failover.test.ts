import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { newShipper, newUser } from '../helpers/factories';
import { PatroniCluster } from './patroni-cluster';
import { freePort, getJson, startProduct, type RunningProduct } from './product';
import { writeDeliveryCsv } from './delivery-file';
import { hit, loop, newTally, type Client } from './traffic';

/**
 * The product on a highly available PostgreSQL (DESIGN section 11): etcd + three Patroni-managed
 * PostgreSQL 15 nodes with synchronous_mode, HAProxy's write port on the leader. Killing the leader under
 * mixed write traffic loses no acknowledged write, answers 503 in the error shape meanwhile, and the
 * product serves again by itself.
 */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => (ms / 1000).toFixed(1);

describe('a Patroni cluster under the product: the leader is killed', () => {
  const cluster = new PatroniCluster();
  const database = 'crm_ha';
  let product: RunningProduct;
  let client: Client;
  let shipperId: number;
  const csv = path.join(tmpdir(), `crm-ha-${process.pid}.csv`);

  beforeAll(async () => {
    const started = performance.now();
    await cluster.start();
    const root = new pg.Client({ connectionString: cluster.writeUrl });
    await root.connect();
    await root.query(`create database ${database}`);
    await root.end();
    const handle = await openDatabase({ url: cluster.writeUrlOf(database), poolSize: 2 });
    await migrateToLatest(handle.db);
    const admin = await newUser(handle.db, 'admin');
    shipperId = (await newShipper(handle.db, { code: 'HA1', name: 'HA shipper' })).id;
    await newShipper(handle.db, { code: 'FS0', name: 'Import shipper' });
    await handle.close();
    await writeDeliveryCsv(csv, 50, 'HAR', 1);
    product = await startProduct(cluster.writeUrlOf(database), { DATABASE_READ_URL: cluster.readUrlOf(database), READ_MAX_LAG_SECONDS: '1' });
    client = { base: product.base, headers: admin.headers, tally: newTally(), hangBoundMs: 20_000 };
    console.log(`cluster up with a leader and a synchronous standby in ${seconds(performance.now() - started)} s`);
  }, 240_000);

  afterAll(async () => {
    await product?.stop();
    await cluster.destroy();
    await rm(csv, { force: true });
  });

  const onNode = async <T>(port: number, text: string) => {
    const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/${database}` });
    await c.connect();
    try { return (await c.query(text)).rows as T[]; } finally { await c.end(); }
  };
  const replicas = async () => {
    const names = (await cluster.members()).filter((m) => m.role !== 'leader').map((m) => m.name);
    return cluster.nodes.filter((n) => names.includes(n.name));
  };
  const replicaInUse = async (base: string) => (await getJson(base, '/api/v1/health')).body?.readReplica?.inUse as boolean;
  const shipments = async (base: string, from = '2026-03-01') =>
    (await getJson(base, `/api/v1/analytics/service?from=${from}&to=2026-03-31`, client.headers)).body?.total?.shipments as number;

  it('runs on the cluster through the write port', async () => {
    const members = await cluster.members();
    expect(members.map((m) => m.role).sort()).toEqual(['leader', 'replica', 'sync_standby']);
    expect((await getJson(product.base, '/api/v1/health')).status).toBe(200);
    const res = await hit(client, 'POST', `/api/v1/companies/${shipperId}/interactions`,
      JSON.stringify({ kind: 'call', occurredAt: new Date().toISOString(), summary: 'first call on the cluster' }));
    expect(res.status).toBe(201);
  });

  it('sends the read-only reports to a replica, and to the primary when the replicas lag or none answers', async () => {
    await cluster.until(() => replicaInUse(product.base), 10_000, 'the product does not use the replica');
    const standbys = await replicas();
    for (let d = 1; d <= 28; d++) expect(await shipments(product.base, `2026-03-${String(d).padStart(2, '0')}`)).toBe(0);
    // the replicas' sessions whose last statement was a report's (statistics counters are flushed too lazily to count on)
    let reportSessions = 0;
    for (const n of standbys) {
      reportSessions += (await onNode<{ n: number }>(n.pgPort, `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query ~ '(daily|monthly)_service_rollups'`))[0]!.n;
    }
    console.log(`after 28 service reports (cache misses): ${reportSessions} sessions on the replicas last ran a report query`);
    expect(reportSessions).toBeGreaterThan(0);

    // the replicas stop replaying: an import's rows are on the primary only, and the report shows them at once
    await cluster.setMaintenance(true);
    for (const n of standbys) await onNode(n.pgPort, 'select pg_wal_replay_pause()');
    try {
      const up = await hit(client, 'POST', '/api/v1/imports/deliveries?fileName=ha.csv', await readFile(csv), 'text/csv');
      expect(up.status).toBe(202);
      await cluster.until(async () => (await getJson(product.base, `/api/v1/imports/${up.body.id}`, client.headers)).body.status === 'succeeded', 30_000, 'the import did not finish');
      expect(await shipments(product.base)).toBe(50);
      await cluster.until(async () => !(await replicaInUse(product.base)), 10_000, 'the lag was not noticed');
      expect(await shipments(product.base, '2026-03-02')).toBe(48);
    } finally {
      for (const n of standbys) await onNode(n.pgPort, 'select pg_wal_replay_resume()');
      await cluster.setMaintenance(false);
    }
    await cluster.until(() => replicaInUse(product.base), 10_000, 'the replica was not used again');

    // a read URL where nothing answers: every report from the primary
    const other = await startProduct(cluster.writeUrlOf(database), { DATABASE_READ_URL: `postgres://postgres@127.0.0.1:${await freePort()}/${database}` });
    try {
      expect((await getJson(other.base, '/api/v1/health')).body.readReplica).toMatchObject({ configured: true, inUse: false });
      expect(await shipments(other.base)).toBe(50);
    } finally {
      await other.stop();
    }
    expect(client.tally.other).toEqual([]);
  });

  it('loses no acknowledged write when the leader is killed under write traffic, and serves again within 30 s', async () => {
    const old = (await cluster.leader())!;
    const acknowledged: number[] = [];
    const writes: { at: number; ok: boolean }[] = [];
    let running = true;
    let n = 0;
    const write = async () => {
      const res = await hit(client, 'POST', `/api/v1/companies/${shipperId}/interactions`,
        JSON.stringify({ kind: 'call', occurredAt: new Date().toISOString(), summary: `failover write ${++n}` }));
      writes.push({ at: performance.now(), ok: res.status === 201 });
      if (res.status === 201) acknowledged.push(res.body.id);
    };
    const reads = ['/api/v1/companies?pageSize=20', `/api/v1/companies/${shipperId}/interactions`, '/api/v1/analytics/service?groupBy=month'];
    let r = 0;
    const traffic = [
      ...[0, 1, 2, 3].map(() => loop(() => running, write, 10)),
      loop(() => running, () => hit(client, 'GET', reads[r++ % reads.length]!), 20),
    ];
    await pause(3000);
    const before = acknowledged.length;
    const killedAt = performance.now();
    await cluster.killNode(old);
    // a new leader: the Patroni members' view
    let newLeader = null;
    while (performance.now() - killedAt < 60_000) {
      newLeader = await cluster.leader();
      if (newLeader && newLeader.name !== old.name) break;
      await pause(100);
    }
    const electedAt = performance.now();
    // the product: writes succeed again, for 3 s in a row
    let recoveredAt = 0;
    while (performance.now() - killedAt < 60_000) {
      const failures = writes.filter((w) => !w.ok && w.at > killedAt);
      const last = failures.length ? failures[failures.length - 1]!.at : killedAt;
      const okSince = writes.filter((w) => w.ok && w.at > last);
      if (okSince.length && performance.now() - okSince[0]!.at > 3000) {
        recoveredAt = okSince[0]!.at;
        break;
      }
      await pause(100);
    }
    running = false;
    await Promise.all(traffic);

    const check = new pg.Client({ connectionString: cluster.writeUrlOf(database) });
    await check.connect();
    const found = (await check.query('select id from interactions where id = any($1::bigint[])', [acknowledged])).rows.length;
    await check.end();
    const failedWrites = writes.filter((w) => !w.ok).length;
    console.log([
      `first leader elected ${cluster.timings.leaderSeconds.toFixed(1)} s after its Patroni started; both replicas streaming, one synchronous, after ${cluster.timings.replicasSeconds.toFixed(1)} s`,
      `leader ${old.name} killed; new leader ${newLeader?.name} after ${seconds(electedAt - killedAt)} s`,
      `writes: ${writes.length} sent, ${acknowledged.length} acknowledged (${before} before the kill), ${found} found afterwards, ${acknowledged.length - found} lost, ${failedWrites} answered 503`,
      `the product served writes again ${recoveredAt ? seconds(recoveredAt - killedAt) : 'never'} s after the kill, without a restart`,
      `all requests: ${client.tally.requests}, ${client.tally.ok} ok, ${client.tally.unavailable} 503 database_unavailable, ${client.tally.other.length} other; slowest ${Math.round(client.tally.slowestMs)} ms`,
    ].join('\n'));
    expect(newLeader?.name).not.toBe(old.name);
    expect(found).toBe(acknowledged.length);
    expect(client.tally.other, client.tally.other.slice(0, 5).join('\n')).toEqual([]);
    expect(recoveredAt).toBeGreaterThan(0);
    expect((recoveredAt - killedAt) / 1000).toBeLessThan(30);
    expect(product.alive()).toBe(true);
  });
});
