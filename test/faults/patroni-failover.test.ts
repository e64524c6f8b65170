import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { newShipper, newUser } from '../helpers/factories';
import { PatroniCluster } from './patroni-cluster';
import { getJson, startProduct, type RunningProduct } from './product';
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
  let electionSeconds = 0;

  beforeAll(async () => {
    const started = performance.now();
    await cluster.start();
    electionSeconds = (performance.now() - started) / 1000;
    const root = new pg.Client({ connectionString: cluster.writeUrl });
    await root.connect();
    await root.query(`create database ${database}`);
    await root.end();
    const handle = await openDatabase({ url: cluster.writeUrlOf(database), poolSize: 2 });
    await migrateToLatest(handle.db);
    const admin = await newUser(handle.db, 'admin');
    shipperId = (await newShipper(handle.db, { code: 'HA1', name: 'HA shipper' })).id;
    await handle.close();
    product = await startProduct(cluster.writeUrlOf(database));
    client = { base: product.base, headers: admin.headers, tally: newTally(), hangBoundMs: 20_000 };
    console.log(`cluster up with a leader and a synchronous standby in ${seconds(performance.now() - started)} s`);
  }, 240_000);

  afterAll(async () => {
    await product?.stop();
    cluster.destroy();
  });

  it('runs on the cluster through the write port', async () => {
    const members = await cluster.members();
    expect(members.map((m) => m.role).sort()).toEqual(['leader', 'replica', 'sync_standby']);
    expect((await getJson(product.base, '/api/v1/health')).status).toBe(200);
    const res = await hit(client, 'POST', `/api/v1/companies/${shipperId}/interactions`,
      JSON.stringify({ kind: 'call', occurredAt: new Date().toISOString(), summary: 'first call on the cluster' }));
    expect(res.status).toBe(201);
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
      `cluster built and leader elected in ${electionSeconds.toFixed(1)} s`,
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
