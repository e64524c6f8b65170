/**
 * `npm run bench:companies` — the companies list at 100,000 companies on a real PostgreSQL: every sort of the
 * list (name by pinyin, churn risk, 12-month revenue, account manager, code) for an admin (all companies) and
 * an account manager (a portfolio of 1,000 and the companies paired with it), first page and a deep page.
 *
 * Creates a dedicated database (BENCH_DATABASE, default crm_bench_companies) on the server of TEST_DATABASE_URL,
 * loads companies with Chinese names and their pinyin sort keys, pairs and a churn run scoring every company,
 * then measures through the app (app.request). BENCH_COMPANIES and BENCH_RUNS override the sizes; BENCH_KEEP=true
 * keeps the database. Target: every answer the portal asks for, p95 < 100 ms (DESIGN.md §9).
 */
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { createApp } from '../../api/app';
import { createDeps } from '../../api/bootstrap';
import { testConfig } from '../../api/config';
import { nameSortKey } from '../../api/domain/name-sort-key';
import { newUser } from '../helpers/factories';

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const PORTFOLIO = 1000;
const dbName = process.env.BENCH_DATABASE ?? 'crm_bench_companies';
const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const benchUrl = new URL(serverUrl);
benchUrl.pathname = `/${dbName}`;
const log = (message: string) => console.log(`[bench:companies] ${message}`);

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: serverUrl.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const CITIES = ['上海', '北京', '重庆', '广州', '深圳', '成都', '武汉', '西安', '南京', '杭州', '沈阳', '长沙', '厦门', '苏州', '天津'];
const WORDS = ['佳美', '宏图', '博远', '和信', '长青', '立新', '盛世', '远航', '正大', '汇丰', '金桥', '新锐', '永安', '恒通', '联合'];
const KINDS = ['物流', '电子', '医药', '超市', '前置仓', '装配厂', '百货', '集团', '商贸'];

async function main() {
  await admin(`drop database if exists ${dbName}`);
  await admin(`create database ${dbName}`);
  const handle = await openDatabase({ url: benchUrl.toString() });
  try {
    await migrateToLatest(handle.db);
    const db = handle.db;
    const adminUser = await newUser(db, 'admin');
    const manager = await newUser(db, 'manager');
    const others = await Promise.all([1, 2, 3].map(() => newUser(db, 'manager')));
    const started = performance.now();
    const names = Array.from({ length: COMPANIES }, (_, i) =>
      `${CITIES[i % CITIES.length]}${WORDS[(i * 7) % WORDS.length]}${KINDS[(i * 13) % KINDS.length]} ${i}`);
    const managerOf = (i: number) => (i < PORTFOLIO ? manager.id : others[i % 3].id);
    for (let from = 0; from < COMPANIES; from += 10_000) {
      const slice = names.slice(from, from + 10_000);
      await sql`insert into companies (code, name, name_sort_key, is_shipper, is_consignee, account_manager_id)
        select 'C' || lpad(n::text, 6, '0'), name, key, n % 10 = 0, n % 10 <> 0, manager
        from unnest(${slice.map((_, j) => from + j)}::int[], ${slice}::text[], ${slice.map(nameSortKey)}::text[],
          ${slice.map((_, j) => managerOf(from + j))}::bigint[]) as v(n, name, key, manager)`.execute(db);
    }
    // each shipper of the portfolio ships to 5 consignees elsewhere
    await sql`insert into customer_pairs (shipper_id, consignee_id, source)
      select s.id, c.id, 'manual' from companies s
      join lateral (select id from companies c where not c.is_shipper and c.id > s.id + 5000 order by c.id limit 5) c on true
      where s.is_shipper and s.account_manager_id = ${manager.id}`.execute(db);
    const run = await db.insertInto('churn_runs').values({ alpha: 0.5, tolerance: 1e-6, iterations: 5, converged: true, companies: COMPANIES, pairs: 0 })
      .returning('id').executeTakeFirstOrThrow();
    await sql`insert into churn_scores (run_id, company_id, direct_risk, total_risk, cascade_risk, revenue_12m)
      select ${run.id}, id, (id * 7919 % 1000) / 1000.0, (id * 7919 % 1000) / 1000.0, 0, (id * 104729 % 5000000) / 10.0
      from companies`.execute(db);
    await sql`analyze`.execute(db);
    log(`loaded ${COMPANIES.toLocaleString('en')} companies, pairs and a churn run in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const app = createApp(createDeps(handle, testConfig({})), { webRoot: '/nonexistent' });
    const cases: [string, string][] = [];
    for (const sort of ['name', 'churnRisk', 'revenue12m', 'accountManager', 'code']) {
      const order = sort === 'name' || sort === 'code' || sort === 'accountManager' ? 'asc' : 'desc';
      cases.push([`sort=${sort}&order=${order}`, `sort ${sort}, page 1`]);
      cases.push([`sort=${sort}&order=${order}&page=200`, `sort ${sort}, page 200`]);
    }
    cases.push([`q=${encodeURIComponent('重庆博远')}&sort=name`, 'search 重庆博远, sort name']);
    for (const [who, user] of [['admin', adminUser], ['manager', manager]] as const) {
      for (const [query, label] of cases) {
        const times: number[] = [];
        for (let i = 0; i < RUNS + 3; i += 1) {
          const t0 = performance.now();
          const res = await app.request(`/api/v1/companies?pageSize=25&${query}`, { headers: user.headers });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${label}: ${res.status}`);
          if (i >= 3) times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        const p95 = times[Math.ceil(0.95 * times.length) - 1];
        log(`${who}, ${label}: p50 ${times[Math.floor(times.length / 2)].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
        console.log(`BENCH ${JSON.stringify({ name: `companies list p95 (${who}, ${label})`, value: Math.round(p95 * 10) / 10, unit: 'ms', target: '< 100' })}`);
      }
    }
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP !== 'true') await admin(`drop database if exists ${dbName}`);
  }
}

await main();
