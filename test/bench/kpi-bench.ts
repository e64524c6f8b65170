/**
 * `npm run bench:kpi` — service KPI and breach-list latency over 10 M generated deliveries on a real PostgreSQL.
 *
 * Creates a dedicated database (BENCH_DATABASE, default crm_bench_kpi) on the server of TEST_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres), loads companies, pairs, contracts and deliveries
 * set-based (insert … select from generate_series), builds the rollups, then measures through the app
 * (app.request): the service endpoint for one shipper over 12 months grouped by month, and the portfolio
 * breach list; and, as the reference, the same answers computed by scanning deliveries. Drops the database.
 * BENCH_ROWS overrides the delivery count; BENCH_RUNS the number of timed requests; BENCH_KEEP=true keeps the
 * database and BENCH_REUSE=true measures a kept one again without loading.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { createApp } from '../../api/app';
import { createDeps } from '../../api/bootstrap';
import { testConfig } from '../../api/config';
import { rebuildAllRollups, refreshPendingRollups } from '../../api/queries/rollups';
import { businessDay } from '../../api/domain/business-day';
import { monthStart } from '../../api/domain/periods';
import { newUser } from '../helpers/factories';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const SHIPPERS = 200;
const CONSIGNEES_PER_SHIPPER = 10;
const CONSIGNEES = 2000;
const PORTFOLIO = 20;
const TZ = 'Asia/Shanghai';
const CHUNK = 1_000_000;
const dbName = process.env.BENCH_DATABASE ?? 'crm_bench_kpi';
const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const benchUrl = new URL(serverUrl);
benchUrl.pathname = `/${dbName}`;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: serverUrl.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const log = (message: string) => console.log(`[bench:kpi] ${message}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${label}: ${seconds(performance.now() - started)}`);
  return result;
}

function percentile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

async function latency(label: string, runs: number, request: (i: number) => Response | Promise<Response>) {
  for (let i = 0; i < 5; i += 1) await (await request(i)).arrayBuffer(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const res = await request(i);
    await res.arrayBuffer();
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${label}: status ${res.status}`);
  }
  times.sort((a, b) => a - b);
  log(`${label}: ${runs} runs, p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
}

async function load(handle: DatabaseHandle) {
  const db = handle.db;
  const manager = await newUser(db, 'manager');
  const adminUser = await newUser(db, 'admin');
  await timed('companies, pairs, contracts', async () => {
    await sql`insert into companies (code, name, is_shipper, is_consignee, account_manager_id)
      select 'S' || i, 'Shipper ' || i, true, false, case when i < ${PORTFOLIO} then ${manager.id}::bigint end
      from generate_series(0, ${SHIPPERS - 1}) i`.execute(db);
    await sql`insert into companies (code, name, is_shipper, is_consignee)
      select 'C' || i, 'Consignee ' || i, false, true from generate_series(0, ${CONSIGNEES - 1}) i`.execute(db);
    await sql`create table bench_pairs (n int primary key, shipper_id bigint, consignee_id bigint, pair_id bigint, contract_id bigint, s int, c int)`.execute(db);
    await sql`insert into bench_pairs (n, s, c)
      select n, n / ${CONSIGNEES_PER_SHIPPER}, (n * 7) % ${CONSIGNEES} from generate_series(0, ${SHIPPERS * CONSIGNEES_PER_SHIPPER - 1}) n`.execute(db);
    await sql`update bench_pairs b set shipper_id = s.id, consignee_id = c.id
      from companies s, companies c where s.code = 'S' || b.s and c.code = 'C' || b.c`.execute(db);
    await sql`insert into customer_pairs (shipper_id, consignee_id, source) select shipper_id, consignee_id, 'import' from bench_pairs`.execute(db);
    await sql`update bench_pairs b set pair_id = p.id from customer_pairs p where p.shipper_id = b.shipper_id and p.consignee_id = b.consignee_id`.execute(db);
    await sql`insert into contracts (shipper_id, code, start_date, end_date, monthly_fee, on_time_target, in_full_target, otif_target,
        max_damage_rate, max_avg_transit_hours, grace_minutes, credit_tiers, credit_cap_percent)
      select id, 'K-' || code, '2025-06-01', '2027-12-31', 20000, 0.85, 0.95, 0.82, 0.01, 60, 30,
        '[{"shortfall":0,"percent":0.02},{"shortfall":0.05,"percent":0.05},{"shortfall":0.1,"percent":0.1}]', 0.15
      from companies where is_shipper`.execute(db);
    await sql`update bench_pairs b set contract_id = k.id from contracts k where k.shipper_id = b.shipper_id`.execute(db);
  });
  const pairs = SHIPPERS * CONSIGNEES_PER_SHIPPER;
  // Bulk load: foreign-key triggers off (the generated rows reference rows made above) and secondary
  // indexes built once afterwards from their own definitions, as a restore would.
  const indexes = await sql<{ indexdef: string; indexname: string }>`select indexname, indexdef from pg_indexes
    where tablename = 'deliveries' and indexname <> 'deliveries_pkey'`.execute(db);
  for (const index of indexes.rows) await sql.raw(`drop index ${index.indexname}`).execute(db);
  await sql`alter table deliveries disable trigger all`.execute(db);
  for (let start = 1; start <= ROWS; start += CHUNK) {
    const end = Math.min(ROWS, start + CHUNK - 1);
    await timed(`deliveries ${start.toLocaleString('en')}–${end.toLocaleString('en')}`, () => sql`
      insert into deliveries (shipper_id, tracking_no, consignee_id, pair_id, contract_id, origin, destination,
        picked_up_at, promised_at, delivered_at, status, pieces_expected, pieces_delivered, damaged_pieces, revenue, cost)
      select b.shipper_id, 'B' || g, b.consignee_id, b.pair_id, b.contract_id, 'CITY' || (b.s % 20), 'CITY' || (b.c % 50),
        x.promised - make_interval(hours => (g % 72)::int + 12), x.promised,
        case when x.status = 'delivered' then x.promised + make_interval(mins => (g % 113)::int - 60 - (b.s % 7) * 5) end,
        x.status, x.pieces, x.pieces_delivered, case when g % 211 = 0 and x.pieces_delivered > 0 then 1 else 0 end,
        100 + g % 50, 60 + g % 30
      from generate_series(${start}::bigint, ${end}::bigint) g
      join bench_pairs b on b.n = (g % ${pairs})::int
      cross join lateral (select
        timestamptz '2025-11-26 00:00+08' + make_interval(mins => ((g * 7919) % 525600)::int) as promised,
        case when g % 100 = 0 then 'cancelled' when g % 97 = 0 then 'in_transit' else 'delivered' end as status,
        1 + (g % 5)::int as pieces,
        case when g % 97 = 0 or g % 100 = 0 then 0 when g % 37 = 0 then (g % 5)::int else 1 + (g % 5)::int end as pieces_delivered
      ) x`.execute(db));
  }
  await sql`alter table deliveries enable trigger all`.execute(db);
  await timed('secondary indexes', async () => {
    for (const index of indexes.rows) await sql.raw(index.indexdef).execute(db);
  });
  await timed('analyze', () => sql`analyze`.execute(db));
  await timed('rebuild rollups (npm run rollups:rebuild equivalent)', () => db.transaction().execute((trx) => rebuildAllRollups(trx, TZ)));
  await sql`analyze daily_service_rollups`.execute(db);
  await sql`analyze monthly_service_rollups`.execute(db);
  const counts = await sql<{ daily: number; monthly: number }>`select (select count(*) from daily_service_rollups)::int as daily,
    (select count(*) from monthly_service_rollups)::int as monthly`.execute(db);
  log(`rollup rows: daily ${counts.rows[0].daily.toLocaleString('en')}, monthly ${counts.rows[0].monthly.toLocaleString('en')}`);
  const portfolio = await sql<{ id: number }>`select id from companies where account_manager_id = ${manager.id} order by id`.execute(db);
  return { manager, adminUser, shipperIds: portfolio.rows.map((r) => r.id) };
}

/** BENCH_REUSE=true: measure a database kept by an earlier run (BENCH_KEEP=true) with fresh users. */
async function reuseLoaded(handle: DatabaseHandle) {
  const db = handle.db;
  const stamp = Date.now();
  const manager = await newUser(db, 'manager', { email: `bench-manager-${stamp}@test.local` });
  const adminUser = await newUser(db, 'admin', { email: `bench-admin-${stamp}@test.local` });
  await sql`update companies set account_manager_id = ${manager.id} where account_manager_id is not null`.execute(db);
  const portfolio = await sql<{ id: number }>`select id from companies where account_manager_id = ${manager.id} order by id`.execute(db);
  return { manager, adminUser, shipperIds: portfolio.rows.map((r) => r.id) };
}

/** The same answer as the service endpoint, computed from deliveries (the reference the rollups avoid). */
const scanServiceByMonth = (shipperId: number, from: string, to: string) => sql<{ month: string; due: number; on_time: number; otif: number }>`
  select to_char((d.promised_at at time zone ${TZ})::date, 'YYYY-MM') as month,
    count(*) filter (where d.promised_at <= now())::int as due,
    count(*) filter (where d.promised_at <= now() and d.status = 'delivered' and d.delivered_at <= d.promised_at + make_interval(mins => coalesce(c.grace_minutes, 0)))::int as on_time,
    count(*) filter (where d.promised_at <= now() and d.status = 'delivered' and d.pieces_delivered = d.pieces_expected
      and d.delivered_at <= d.promised_at + make_interval(mins => coalesce(c.grace_minutes, 0)))::int as otif,
    percentile_disc(0.95) within group (order by extract(epoch from d.delivered_at - d.picked_up_at) / 3600)
      filter (where d.promised_at <= now() and d.status = 'delivered' and d.picked_up_at is not null) as p95
  from deliveries d left join contracts c on c.id = d.contract_id
  where d.shipper_id = ${shipperId} and d.status <> 'cancelled'
    and d.promised_at >= (${from}::date::timestamp at time zone ${TZ}) and d.promised_at < ((${to}::date + 1)::timestamp at time zone ${TZ})
  group by 1 order by 1`;

const scanContractsByMonth = (from: string, to: string) => sql<{ n: number }>`
  select count(*)::int as n from (
    select d.contract_id, to_char((d.promised_at at time zone ${TZ})::date, 'YYYY-MM'),
      count(*) filter (where d.promised_at <= now()),
      count(*) filter (where d.promised_at <= now() and d.status = 'delivered' and d.delivered_at <= d.promised_at + make_interval(mins => c.grace_minutes)),
      sum(d.damaged_pieces), sum(d.pieces_delivered)
    from deliveries d join contracts c on c.id = d.contract_id
    where d.status <> 'cancelled'
      and d.promised_at >= (${from}::date::timestamp at time zone ${TZ}) and d.promised_at < ((${to}::date + 1)::timestamp at time zone ${TZ})
    group by 1, 2) t`;

async function main() {
  log(`database ${dbName} on ${serverUrl.host}, ${ROWS.toLocaleString('en')} deliveries`);
  const reuse = process.env.BENCH_REUSE === 'true';
  if (!reuse) {
    await admin(`drop database if exists ${dbName}`);
    await admin(`create database ${dbName}`);
  }
  const handle = await openDatabase({ url: benchUrl.toString(), poolSize: 10 });
  try {
    await migrateToLatest(handle.db);
    const { manager, adminUser, shipperIds } = reuse ? await reuseLoaded(handle) : await load(handle);
    const app = createApp(createDeps(handle, testConfig({ databaseUrl: benchUrl.toString() })), { webRoot: '/nonexistent' });
    const today = businessDay(new Date(), TZ);
    const from = monthStart(today, -11);
    const servicePath = (i: number) => `/api/v1/analytics/service?shipperId=${shipperIds[i % shipperIds.length]}&from=${from}&to=${today}&groupBy=month`;

    // what the server's rollup clock does every five minutes: deliveries promised since the build are now due
    const pending = await handle.db.transaction().execute((trx) => refreshPendingRollups(trx, TZ));
    log(`refreshed ${pending} rollup keys holding deliveries not yet due at the build`);
    const check = await app.request(servicePath(0), { headers: manager.headers });
    const body = await check.json() as { rows: { key: string; due: number; onTime: number; otif: number; p95TransitHours: number | null }[] };
    const reference = await scanServiceByMonth(shipperIds[0], from, today).execute(handle.db);
    const same = reference.rows.every((r) => {
      const row = body.rows.find((x) => x.key === r.month);
      return row && row.due === r.due && row.onTime === r.on_time && row.otif === r.otif;
    });
    log(`rollup answer equals the scan of deliveries (due, on-time, OTIF per month): ${same ? 'yes' : 'NO'}`);

    await latency('GET /analytics/service one shipper, 12 months by month (rollups)', RUNS, (i) => app.request(servicePath(i), { headers: manager.headers }));
    await latency(`GET /analytics/breaches, manager portfolio (${shipperIds.length} shippers)`, RUNS, () => app.request('/api/v1/analytics/breaches', { headers: manager.headers }));
    await latency(`GET /analytics/breaches, admin (all ${SHIPPERS} contracts)`, RUNS, () => app.request('/api/v1/analytics/breaches', { headers: adminUser.headers }));

    const scanRuns = 5;
    const scanTimes: number[] = [];
    for (let i = 0; i < scanRuns; i += 1) {
      const started = performance.now();
      await scanServiceByMonth(shipperIds[i % shipperIds.length], from, today).execute(handle.db);
      scanTimes.push(performance.now() - started);
    }
    scanTimes.sort((a, b) => a - b);
    log(`reference: same service answer scanning deliveries (index range on shipper, promised_at): ${scanRuns} runs, p50 ${percentile(scanTimes, 0.5).toFixed(0)} ms, max ${scanTimes[scanTimes.length - 1].toFixed(0)} ms`);
    const started = performance.now();
    await scanContractsByMonth(monthStart(today, -1), today).execute(handle.db);
    log(`reference: breach counts for all contracts, 2 months, scanning deliveries: ${(performance.now() - started).toFixed(0)} ms`);
    const full = performance.now();
    await scanContractsByMonth(from, today).execute(handle.db);
    log(`reference: full scan of deliveries, all contracts, 12 months by month: ${(performance.now() - full).toFixed(0)} ms`);
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP === 'true' || reuse) log(`kept ${dbName} (BENCH_KEEP or BENCH_REUSE)`);
    else {
      await admin(`drop database if exists ${dbName}`);
      log(`dropped ${dbName}`);
    }
  }
}

await main();
