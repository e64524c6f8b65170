/**
 * Load benchmark (`npm run bench:load`, DESIGN.md section 9): the real server as a child process on
 * loopback against a dedicated database (crm_bench_load on BENCH_DATABASE_URL's server, created,
 * migrated, filled with a generated set, dropped afterwards), driven by autocannon with a bounded
 * number of requests:
 *   1. the KPI endpoint GET /api/v1/analytics/service?shipperId=…&groupBy=month at 64 connections
 *      (target ≥ 2,000 req/s, p99 < 100 ms): a dashboard asks the same question again and again, so most
 *      answers come from the report cache (dropped on every committed change);
 *   2. the same endpoint with a different date range in every request, so every answer is computed;
 *   3. a mixed profile: company and delivery reads plus POST interactions.
 * Zero errors required (exit code 1 otherwise). Prints `BENCH {json}` lines for `npm run bench`.
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { rebuildAllRollups } from '../../api/queries/rollups';
import { newUser } from '../helpers/factories';
import { startProduct } from '../faults/product';

const SERVER = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const DATABASE = 'crm_bench_load';
const KPI_REQUESTS = Number(process.env.LOAD_KPI_REQUESTS ?? 40_000);
const MIXED_REQUESTS = Number(process.env.LOAD_MIXED_REQUESTS ?? 10_000);
const UNCACHED_REQUESTS = Number(process.env.LOAD_UNCACHED_REQUESTS ?? 10_000);
const DELIVERIES = Number(process.env.LOAD_DELIVERIES ?? 200_000);
const SHIPPERS = 20;
const CONSIGNEES = 400;

const urlOf = (db: string) => { const u = new URL(SERVER); u.pathname = `/${db}`; return u.toString(); };

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: urlOf('postgres') });
  await client.connect();
  try { await client.query(statement); } finally { await client.end(); }
}

function bench(name: string, value: number, unit: string, target?: string) {
  console.log(`BENCH ${JSON.stringify({ name, value: Math.round(value * 10) / 10, unit, ...(target ? { target } : {}) })}`);
}

async function prepare() {
  await admin(`drop database if exists ${DATABASE} with (force)`);
  await admin(`create database ${DATABASE}`);
  const handle = await openDatabase({ url: urlOf(DATABASE), poolSize: 2 });
  await migrateToLatest(handle.db);
  const started = Date.now();
  await sql`insert into companies (code, name, is_shipper, is_consignee)
    select 'LS' || i, 'Load shipper ' || i, true, false from generate_series(1, ${SHIPPERS}) i`.execute(handle.db);
  await sql`insert into companies (code, name, is_shipper, is_consignee)
    select 'LC' || i, 'Load consignee ' || i, false, true from generate_series(1, ${CONSIGNEES}) i`.execute(handle.db);
  await sql`insert into customer_pairs (shipper_id, consignee_id, source)
    select s.id, c.id, 'import' from companies s join companies c on c.is_consignee and (c.id % ${SHIPPERS}) = (s.id % ${SHIPPERS})
    where s.is_shipper`.execute(handle.db);
  // deliveries spread over 2026: 1 in 10 late, 1 in 50 short, 1 in 100 damaged
  await sql`insert into deliveries (shipper_id, tracking_no, consignee_id, pair_id, promised_at, picked_up_at, delivered_at, status,
      pieces_expected, pieces_delivered, damaged_pieces, revenue, cost)
    select p.shipper_id, 'LT' || g, p.consignee_id, p.id, ts, ts - interval '30 hours',
      ts + case when g % 10 = 0 then interval '5 hours' else interval '-2 hours' end, 'delivered',
      2, case when g % 50 = 0 then 1 else 2 end, case when g % 100 = 0 then 1 else 0 end, 100 + g % 50, 60 + g % 30
    from generate_series(1, ${DELIVERIES}) g
    cross join lateral (select timestamptz '2026-01-01 08:00+08' + (g % 320) * interval '1 day' + (g % 7) * interval '1 hour' as ts) t
    join lateral (select * from customer_pairs order by id offset (g % (select count(*) from customer_pairs)) limit 1) p on true`.execute(handle.db);
  await rebuildAllRollups(handle.db, 'Asia/Shanghai');
  const user = await newUser(handle.db, 'admin');
  const shipper = await handle.db.selectFrom('companies').select('id').where('code', '=', 'LS1').executeTakeFirstOrThrow();
  const pair = await handle.db.selectFrom('customer_pairs').select(['id', 'consignee_id']).where('shipper_id', '=', shipper.id).executeTakeFirstOrThrow();
  console.log(`data: ${SHIPPERS} shippers, ${CONSIGNEES} consignees, ${DELIVERIES} deliveries, rollups built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await handle.close();
  return { token: user.token, shipperId: shipper.id, pairId: pair.id };
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function report(label: string, r: autocannon.Result) {
  const errors = r.errors + r.timeouts + r.non2xx;
  console.log(`${label}: ${r.requests.total} requests in ${(r.duration).toFixed(1)} s, ${r.requests.average.toFixed(0)} req/s, `
    + `latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms; errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}`);
  return errors;
}

const ctx = await prepare();
const product = await startProduct(urlOf(DATABASE), { LOG_LEVEL: 'error' });
let failures = 0;
try {
  const headers = { authorization: `Bearer ${ctx.token}` };
  const kpiPath = `/api/v1/analytics/service?shipperId=${ctx.shipperId}&groupBy=month&from=2026-01-01&to=2026-11-25`;
  const probe = await fetch(`${product.base}${kpiPath}`, { headers });
  if (probe.status !== 200) throw new Error(`KPI probe answered ${probe.status}: ${await probe.text()}`);
  await run({ url: `${product.base}${kpiPath}`, headers, connections: 16, amount: 2000 }); // warm-up

  const kpi = await run({ url: `${product.base}${kpiPath}`, headers, connections: 64, amount: KPI_REQUESTS, timeout: 10 });
  const kpiErrors = report('KPI endpoint, 64 connections', kpi);
  bench('load.kpi.throughput', kpi.requests.average, 'req/s', '>= 2000');
  bench('load.kpi.p99', kpi.latency.p99, 'ms', '< 100');
  bench('load.kpi.errors', kpiErrors, 'count', '= 0');

  // every request a query of its own (a different date range), so no answer comes from the report cache
  let k = 0;
  const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  const uncached = await run({
    url: product.base, headers, connections: 64, amount: UNCACHED_REQUESTS, timeout: 10,
    requests: [{
      method: 'GET',
      setupRequest: (req) => {
        k += 1;
        return { ...req, path: `/api/v1/analytics/service?shipperId=${ctx.shipperId}&groupBy=month&from=${day(k % 150)}&to=${day(150 + Math.floor(k / 150))}` };
      },
    }],
  });
  const uncachedErrors = report('KPI endpoint, 64 connections, every query different (computed from the rollups)', uncached);
  bench('load.kpi.uncached.throughput', uncached.requests.average, 'req/s');
  bench('load.kpi.uncached.p99', uncached.latency.p99, 'ms');

  let n = 0;
  const mixed = await run({
    url: product.base, connections: 16, amount: MIXED_REQUESTS, timeout: 10,
    requests: [
      { method: 'GET', path: '/api/v1/companies?pageSize=50', headers },
      { method: 'GET', path: `/api/v1/deliveries?shipperId=${ctx.shipperId}&pageSize=50`, headers },
      { method: 'GET', path: `/api/v1/companies/${ctx.shipperId}`, headers },
      {
        method: 'POST', path: `/api/v1/companies/${ctx.shipperId}/interactions`,
        headers: { ...headers, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ kind: 'call', occurredAt: new Date().toISOString(), summary: `load call ${++n}`, pairId: ctx.pairId }) }),
      },
    ],
  });
  const mixedErrors = report('mixed read/write, 16 connections (3 reads : 1 write)', mixed);
  bench('load.mixed.throughput', mixed.requests.average, 'req/s');
  bench('load.mixed.p99', mixed.latency.p99, 'ms', '< 100');
  bench('load.mixed.errors', mixedErrors, 'count', '= 0');

  // the writes landed: one interaction per fourth request
  const check = new pg.Client({ connectionString: urlOf(DATABASE) });
  await check.connect();
  const written = (await check.query(`select count(*)::int as n from interactions where summary like 'load call %'`)).rows[0].n;
  await check.end();
  console.log(`interactions written: ${written}`);
  failures = kpiErrors + uncachedErrors + mixedErrors + (written > 0 ? 0 : 1);
  console.log(`targets: KPI ${kpi.requests.average >= 2000 ? 'meets' : 'misses'} ≥ 2,000 req/s; p99 ${kpi.latency.p99 < 100 ? 'meets' : 'misses'} < 100 ms; errors ${failures === 0 ? 'none' : failures}`);
} finally {
  await product.stop();
  await admin(`drop database if exists ${DATABASE} with (force)`);
}
process.exit(failures === 0 ? 0 : 1);
