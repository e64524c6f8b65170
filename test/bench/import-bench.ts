/**
 * npm run bench:import — the product's delivery import against `psql \copy` of the same file (DESIGN §9:
 * rows/s ≥ 0.5 × psql's, memory flat). Generates a deterministic file (1,000,000 rows unless BENCH_ROWS),
 * creates a dedicated database crm_bench_import on the server (BENCH_DATABASE_URL, default the local
 * server), copies the file into a plain table of the file's shape with psql, then runs the import CLI on it
 * as a child process, sampling its peak RSS; the second reference is the same \copy into a table carrying
 * deliveries' own primary key and secondary indexes (DESIGN.md section 9: target ≥ 0.5 of that one). Then the same CLI on PGlite for the first BENCH_PGLITE_ROWS
 * rows (default 100,000). Everything it creates is removed at the end.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { BENCH_SHIPPERS, shipperCode, writeBenchFile } from './bench-file';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? 100_000);
const SERVER = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const DB_NAME = 'crm_bench_import';
const dbUrl = (name: string) => Object.assign(new URL(SERVER.toString()), { pathname: `/${name}` }).toString();
const workDir = path.join(os.tmpdir(), 'crm-bench-import');
const root = path.resolve(import.meta.dirname, '../..');

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: dbUrl('postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function addShippers(url: string | undefined, dataDir?: string) {
  const handle = await openDatabase(url ? { url } : { dataDir });
  await migrateToLatest(handle.db);
  await handle.db.insertInto('companies').values(Array.from({ length: BENCH_SHIPPERS }, (_, i) => ({
    code: shipperCode(i + 1), name: `Bench shipper ${i + 1}`, is_shipper: true, is_consignee: false,
  }))).execute();
  if (url) {
    // the indexed reference: the file's columns, carrying deliveries' own primary key and secondary indexes
    // (read from the migrated schema, shipper_id and consignee_id standing for the file's codes)
    const indexes = (await handle.pool!.query<{ indexdef: string }>(`select indexdef from pg_indexes where tablename = 'deliveries'`)).rows;
    await handle.pool!.query(`create table bench_copy_indexed (
      tracking_no text collate "C", shipper_code text, consignee_code text, consignee_name text, contract_code text, origin text, destination text,
      picked_up_at timestamptz, promised_at timestamptz, delivered_at timestamptz, status text,
      pieces_expected integer, pieces_delivered integer, damaged_pieces integer, revenue numeric(14,2), cost numeric(14,2),
      id bigint generated always as identity)`);
    for (const { indexdef } of indexes) {
      await handle.pool!.query(indexdef.replace(/INDEX (\w+) ON public\.deliveries /, 'INDEX bench_$1 ON public.bench_copy_indexed ')
        .replace(/\bshipper_id\b/g, 'shipper_code').replace(/\bconsignee_id\b/g, 'consignee_code'));
    }
    console.log(`indexed reference: bench_copy_indexed with ${indexes.length} indexes as deliveries has (${indexes.map((i) => /\(([^)]*)\)/.exec(i.indexdef)?.[1]).join('; ')})`);
    await handle.pool!.query(`create table bench_copy_reference (
      tracking_no text, shipper_code text, consignee_code text, consignee_name text, contract_code text, origin text, destination text,
      picked_up_at timestamptz, promised_at timestamptz, delivered_at timestamptz, status text,
      pieces_expected integer, pieces_delivered integer, damaged_pieces integer, revenue numeric(14,2), cost numeric(14,2))`);
  }
  await handle.close();
}

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const started = performance.now();
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  let peakKb = 0;
  const sampler = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peakKb = Math.max(peakKb, hwm);
    } catch { /* exited */ }
  }, 50);
  return new Promise<{ code: number | null; seconds: number; peakMb: number; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code) => {
      clearInterval(sampler);
      resolve({ code, seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024, stdout, stderr });
    });
  });
}

async function slice(from: string, to: string, rows: number) {
  const out = createWriteStream(to);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(from) })) {
    if (n++ > rows) break;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const bench = (name: string, value: number, unit: string, target?: string) =>
  console.log(`BENCH ${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...(target ? { target } : {}) })}`);
const jobSeconds = (stdout: string) => Number(/ in ([\d.]+) s:/.exec(stdout)?.[1] ?? NaN);
const fmt = (n: number) => Math.round(n).toLocaleString('en');

mkdirSync(workDir, { recursive: true });
const file = path.join(workDir, 'deliveries.csv');
try {
  console.log(`bench:import on ${os.cpus().length} CPU(s), ${os.cpus()[0]?.model ?? ''}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  let t = performance.now();
  const bytes = await writeBenchFile(file, ROWS);
  console.log(`file: ${fmt(ROWS)} rows, ${(bytes / 1024 ** 2).toFixed(1)} MB, generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  await admin(`drop database if exists ${DB_NAME} with (force)`);
  await admin(`create database ${DB_NAME}`);
  const url = dbUrl(DB_NAME);
  await addShippers(url);

  const ref = await run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy bench_copy_reference from '${file}' with (format csv, header true)`]);
  if (ref.code !== 0) throw new Error(`psql failed: ${ref.stderr}`);
  const refRate = ROWS / ref.seconds;
  console.log(`psql \\copy into a plain table: ${ref.seconds.toFixed(1)} s, ${fmt(refRate)} rows/s`);

  const columns = 'tracking_no, shipper_code, consignee_code, consignee_name, contract_code, origin, destination, picked_up_at, promised_at, delivered_at, status, pieces_expected, pieces_delivered, damaged_pieces, revenue, cost';
  const indexed = await run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy bench_copy_indexed (${columns}) from '${file}' with (format csv, header true)`]);
  if (indexed.code !== 0) throw new Error(`psql failed: ${indexed.stderr}`);
  const indexedRate = ROWS / indexed.seconds;
  console.log(`psql \\copy into a table with deliveries' keys and indexes: ${indexed.seconds.toFixed(1)} s, ${fmt(indexedRate)} rows/s`);

  const imp = await run(process.execPath, ['--import', 'tsx', 'api/cli/import.ts', file], { DATABASE_URL: url, LOG_LEVEL: 'silent' });
  if (imp.code !== 0) throw new Error(`import failed: ${imp.stdout}\n${imp.stderr}`);
  const impJob = jobSeconds(imp.stdout);
  console.log(`product import (PostgreSQL): ${imp.stdout.split('\n')[0]}`);
  console.log(`  job ${impJob.toFixed(1)} s → ${fmt(ROWS / impJob)} rows/s; process wall ${imp.seconds.toFixed(1)} s (incl. start-up and after-import analytics) → ${fmt(ROWS / imp.seconds)} rows/s`);
  console.log(`  ratio to psql \\copy: ${(ROWS / impJob / refRate).toFixed(2)} (job time), ${(ROWS / imp.seconds / refRate).toFixed(2)} (process wall time) against the plain table`);
  console.log(`  ratio to psql \\copy into the indexed table: ${(ROWS / impJob / indexedRate).toFixed(2)} (job time), ${(ROWS / imp.seconds / indexedRate).toFixed(2)} (process wall time); target ≥ 0.5`);
  bench('import.ratio.indexed', ROWS / impJob / indexedRate, '×', '>= 0.5');
  bench('import.ratio.plain', ROWS / impJob / refRate, '×');
  bench('import.rows_per_s', ROWS / impJob, 'rows/s');
  bench('import.peak_rss', imp.peakMb, 'MB', '< 300');
  console.log(`  peak RSS of the import process: ${imp.peakMb.toFixed(0)} MB (target < 300 MB)`);
  await admin(`drop database if exists ${DB_NAME} with (force)`);

  const sliceRows = Math.min(PGLITE_ROWS, ROWS);
  const sliceFile = sliceRows === ROWS ? file : path.join(workDir, 'slice.csv');
  if (sliceFile !== file) await slice(file, sliceFile, sliceRows);
  const dataDir = path.join(workDir, 'pglite');
  rmSync(dataDir, { recursive: true, force: true });
  await addShippers(undefined, dataDir);
  const lite = await run(process.execPath, ['--import', 'tsx', 'api/cli/import.ts', sliceFile], { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' });
  if (lite.code !== 0) throw new Error(`PGlite import failed: ${lite.stdout}\n${lite.stderr}`);
  const liteJob = jobSeconds(lite.stdout);
  bench('import.pglite.rows_per_s', sliceRows / liteJob, 'rows/s', '>= 30000');
  console.log(`product import (PGlite, ${sliceRows === ROWS ? 'the same file' : `first ${fmt(sliceRows)} rows of the same file — a million is too slow for embedded WASM Postgres`}, ${(statSync(sliceFile).size / 1024 ** 2).toFixed(1)} MB): job ${liteJob.toFixed(1)} s → ${fmt(sliceRows / liteJob)} rows/s; peak RSS ${lite.peakMb.toFixed(0)} MB`);
} finally {
  await admin(`drop database if exists ${DB_NAME} with (force)`).catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
}
