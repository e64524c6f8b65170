/**
 * The 10 M deliveries / 100 k companies data set of `npm run bench:api` (DESIGN.md section 9), generated once
 * into a database that is kept for later runs (BENCH_DATABASE, default bench_10m; BIG_DELIVERIES scales it
 * down for a quick run, e.g. 200000, into a database of its own name).
 *
 * 10,000 shippers and 90,000 consignees; 20 consignees per shipper (200,000 pairs); one contract per shipper;
 * 50 account managers of 100 shippers each. Deliveries are skewed as real volume is (the first pairs carry the
 * most: a pair's rank is the square of a uniform draw), promised over the past 12 months and the next 2 weeks.
 * Loaded with COPY (companies and deliveries streamed from this process) into deliveries without their
 * secondary indexes, which are then built from their own definitions, as a restore would; then vacuum,
 * analyze and the rollups.
 */
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { rebuildAllRollups } from '../../api/queries/rollups';
import { nameSortKey } from '../../api/domain/name-sort-key';
import { hashPassword } from '../../api/auth/secrets';

export const BIG = {
  deliveries: Number(process.env.BIG_DELIVERIES ?? 10_000_000),
  shippers: 10_000,
  consignees: 90_000,
  consigneesPerShipper: 20,
  managers: 50,
  shippersPerManager: 100,
};
const TZ = 'Asia/Shanghai';
const log = (m: string) => console.log(`[big-data] ${m}`);

export const bigDatabaseName = () => process.env.BENCH_DATABASE
  ?? (BIG.deliveries === 10_000_000 ? 'bench_10m' : `bench_api_${BIG.deliveries}`);

async function streamed(client: pg.PoolClient, statement: string, count: number, line: (i: number) => string) {
  const stream = client.query(copyFrom(statement));
  const done = new Promise<void>((resolve, reject) => { stream.on('finish', resolve); stream.on('error', reject); });
  const chunk: string[] = [];
  for (let i = 0; i < count; i += 1) {
    chunk.push(line(i));
    if (chunk.length === 5000 || i === count - 1) {
      const ok = stream.write(chunk.join(''));
      chunk.length = 0;
      if (!ok) await new Promise((r) => stream.once('drain', r));
    }
  }
  stream.end();
  await done;
}

async function timed<T>(label: string, work: () => Promise<T>) {
  const started = performance.now();
  const result = await work();
  log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function generate(handle: DatabaseHandle) {
  const db = handle.db;
  const pool = handle.pool!;
  const password = await hashPassword('bench-password-123');
  const managerIds: number[] = [];
  for (let m = 0; m < BIG.managers; m += 1) {
    const row = await db.insertInto('users').values({ email: `bench-manager-${m}@bench.local`, name: `Bench manager ${m}`, role: 'manager', password_hash: password })
      .returning('id').executeTakeFirstOrThrow();
    managerIds.push(row.id);
  }
  for (const role of ['admin', 'operations'] as const) {
    await db.insertInto('users').values({ email: `bench-${role}@bench.local`, name: `Bench ${role}`, role, password_hash: password }).execute();
  }
  const client = await pool.connect();
  try {
    await timed(`companies (${(BIG.shippers + BIG.consignees).toLocaleString('en')}, COPY)`, () => streamed(client,
      'copy companies (code, name, name_sort_key, is_shipper, is_consignee, account_manager_id, region, industry, customer_since) from stdin',
      BIG.shippers + BIG.consignees, (i) => {
        const shipper = i < BIG.shippers;
        const n = shipper ? i : i - BIG.shippers;
        const name = shipper ? `Shipper ${String(n).padStart(5, '0')}` : `Consignee ${String(n).padStart(5, '0')}`;
        const manager = shipper && n < BIG.managers * BIG.shippersPerManager ? String(managerIds[Math.floor(n / BIG.shippersPerManager)]) : '\\N';
        return `${shipper ? 'S' : 'C'}${n}\t${name}\t${nameSortKey(name)}\t${shipper}\t${!shipper}\t${manager}\tREGION${n % 30}\t${shipper ? 'retail' : '\\N'}\t2024-01-01\n`;
      }));
    const ids = (await client.query<{ code: string; id: string }>('select code, id from companies')).rows;
    const shipperId = new Float64Array(BIG.shippers);
    const consigneeId = new Float64Array(BIG.consignees);
    for (const r of ids) (r.code[0] === 'S' ? shipperId : consigneeId)[Number(r.code.slice(1))] = Number(r.id);
    const pairs = BIG.shippers * BIG.consigneesPerShipper;
    const pairConsignee = (p: number) => ((p * 7) + Math.floor(p / BIG.consigneesPerShipper)) % BIG.consignees;
    await timed(`pairs (${pairs.toLocaleString('en')}) and contracts`, async () => {
      await streamed(client, 'copy customer_pairs (shipper_id, consignee_id, source) from stdin', pairs,
        (p) => `${shipperId[Math.floor(p / BIG.consigneesPerShipper)]}\t${consigneeId[pairConsignee(p)]}\timport\n`);
      await client.query(`insert into contracts (shipper_id, code, start_date, end_date, monthly_fee, on_time_target, in_full_target, otif_target,
          max_damage_rate, max_avg_transit_hours, grace_minutes, credit_tiers, credit_cap_percent)
        select id, 'K-' || code, '2025-06-01', '2027-12-31', 20000, 0.85, 0.95, 0.82, 0.01, 60, 30,
          '[{"shortfall":0,"percent":0.02},{"shortfall":0.05,"percent":0.05},{"shortfall":0.1,"percent":0.1}]', 0.15
        from companies where is_shipper`);
    });
    const pairRows = (await client.query<{ id: string; shipper_id: string; consignee_id: string }>('select id, shipper_id, consignee_id from customer_pairs')).rows;
    const pairIdOf = new Map<string, number>(pairRows.map((r) => [`${r.shipper_id}:${r.consignee_id}`, Number(r.id)]));
    const contractOf = new Map<number, number>((await client.query<{ id: string; shipper_id: string }>('select id, shipper_id from contracts')).rows
      .map((r) => [Number(r.shipper_id), Number(r.id)]));
    const pairId = new Float64Array(pairs);
    for (let p = 0; p < pairs; p += 1) pairId[p] = pairIdOf.get(`${shipperId[Math.floor(p / BIG.consigneesPerShipper)]}:${consigneeId[pairConsignee(p)]}`)!;

    const indexes = (await client.query<{ indexname: string; indexdef: string }>(`select indexname, indexdef from pg_indexes
      where tablename = 'deliveries' and indexname <> 'deliveries_pkey'`)).rows;
    for (const index of indexes) await client.query(`drop index ${index.indexname}`);
    await client.query('alter table deliveries disable trigger all');
    const now = Date.now();
    const start = now - 365 * 86_400_000;
    const span = 379 * 86_400_000;
    let seed = 12345;
    const random = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x80000000; };
    await timed(`deliveries (${BIG.deliveries.toLocaleString('en')}, COPY)`, () => streamed(client,
      `copy deliveries (shipper_id, tracking_no, consignee_id, pair_id, contract_id, origin, destination, picked_up_at, promised_at,
        delivered_at, status, pieces_expected, pieces_delivered, damaged_pieces, revenue, cost) from stdin`,
      BIG.deliveries, (g) => {
        const u = random();
        const p = Math.min(pairs - 1, Math.floor(u * u * pairs));
        const s = Math.floor(p / BIG.consigneesPerShipper);
        const promised = start + Math.floor(random() * span);
        const pieces = 1 + (g % 5);
        let status = 'delivered';
        if (g % 100 === 0) status = 'cancelled';
        else if (promised > now) status = 'in_transit';
        else if (g % 97 === 0) status = 'exception';
        else if (g % 89 === 0) status = 'returned';
        else if (g % 2003 === 0) status = 'lost';
        const delivered = status === 'delivered' ? new Date(promised + ((g % 113) - 90 + (s % 7) * 5) * 60_000).toISOString() : '\\N';
        const piecesDelivered = status !== 'delivered' ? 0 : g % 37 === 0 ? pieces - 1 : pieces;
        const damaged = piecesDelivered > 0 && g % 211 === 0 ? 1 : 0;
        return `${shipperId[s]}\tSF${String(g).padStart(10, '0')}\t${consigneeId[pairConsignee(p)]}\t${pairId[p]}\t${contractOf.get(shipperId[s])}\t`
          + `CITY${s % 20}\tCITY${p % 50}\t${new Date(promised - (12 + (g % 72)) * 3_600_000).toISOString()}\t${new Date(promised).toISOString()}\t`
          + `${delivered}\t${status}\t${pieces}\t${piecesDelivered}\t${damaged}\t${100 + (g % 50)}\t${60 + (g % 30)}\n`;
      }));
    await client.query('alter table deliveries enable trigger all');
    await timed('secondary indexes', async () => {
      await client.query(`set maintenance_work_mem = '512MB'`);
      for (const index of indexes) await client.query(index.indexdef);
    });
    await timed('vacuum analyze', async () => { await client.query('vacuum analyze'); });
  } finally {
    client.release();
  }
  await timed('rollups', () => db.transaction().execute((trx) => rebuildAllRollups(trx, TZ)));
  await sql`analyze`.execute(db);
  await sql`create table bench_data_ready (deliveries bigint, made_at timestamptz default now())`.execute(db);
  await sql`insert into bench_data_ready (deliveries) values (${BIG.deliveries})`.execute(db);
}

/** Opens the kept data set, generating it first when it is missing or was not finished. */
export async function openBigData(serverUrl: URL): Promise<{ handle: DatabaseHandle; url: string; name: string }> {
  const name = bigDatabaseName();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
  let ready = false;
  if (exists) {
    const probe = new pg.Client({ connectionString: url.toString() });
    await probe.connect();
    ready = (await probe.query(`select 1 from pg_tables where tablename = 'bench_data_ready'`)).rowCount! > 0;
    await probe.end();
  }
  if (!ready) {
    log(`generating ${name}: ${BIG.deliveries.toLocaleString('en')} deliveries, ${(BIG.shippers + BIG.consignees).toLocaleString('en')} companies (kept for later runs)`);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  }
  await admin.end();
  const handle = await openDatabase({ url: url.toString(), poolSize: 10 });
  await migrateToLatest(handle.db);
  if (!ready) await timed('data set', () => generate(handle));
  else log(`reusing ${name}`);
  return { handle, url: url.toString(), name };
}

