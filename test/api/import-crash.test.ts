import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { testBackend } from '../helpers/test-database';
import { BENCH_SHIPPERS, shipperCode, writeBenchFile } from '../bench/bench-file';

const ROWS = 12_000;
const BATCH = 1_000;

function runCli(file: string, url: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/cli/import.ts', file], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, DATABASE_URL: url, IMPORT_BATCH_SIZE: String(BATCH), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exit = new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
  return { child, exit };
}

// A child process killed with SIGKILL needs a database it can share with the test: the PostgreSQL run.
describe.skipIf(testBackend() !== 'postgres')('npm run import killed mid-file (kill -9) and run again', () => {
  const t = useTestApp();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crm-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const count = async () => Number((await sql<{ n: number }>`select count(*)::int as n from deliveries`.execute(t.db)).rows[0].n);

  it('keeps every committed batch whole, and a re-run completes the file with no duplicates', async () => {
    const url = (t.handle as { url?: string }).url!;
    await t.db.insertInto('companies').values(Array.from({ length: BENCH_SHIPPERS }, (_, i) => ({
      code: shipperCode(i + 1), name: `Shipper ${i + 1}`, is_shipper: true, is_consignee: false,
    }))).execute();
    const file = path.join(dir, 'crash.csv');
    await writeBenchFile(file, ROWS);

    const first = runCli(file, url);
    let progressed = 0;
    for (let waited = 0; waited < 120_000 && progressed < 2 * BATCH; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      const job = await t.db.selectFrom('import_jobs').select('rows_processed').orderBy('id', 'desc').executeTakeFirst();
      progressed = job?.rows_processed ?? 0;
    }
    first.child.kill('SIGKILL');
    const killed = await first.exit;
    expect(killed.signal).toBe('SIGKILL');

    const job = await t.db.selectFrom('import_jobs').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    const landed = await count();
    expect(job.status).toBe('running');
    expect(landed).toBe(job.rows_processed);
    expect(landed % BATCH).toBe(0);
    expect(landed).toBeGreaterThanOrEqual(2 * BATCH);
    expect(landed).toBeLessThan(ROWS);
    const rolled = await sql<{ n: number }>`select coalesce(sum(shipments), 0)::int as n from daily_service_rollups`.execute(t.db);
    expect(rolled.rows[0].n).toBe(landed);

    const second = await runCli(file, url).exit;
    expect(second.code, second.output).toBe(0);
    const rerun = await t.db.selectFrom('import_jobs').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(rerun).toMatchObject({ status: 'succeeded', rows_processed: ROWS, inserted: ROWS - landed, updated: 0, unchanged: landed, rejected: 0 });
    expect(await count()).toBe(ROWS);
    const distinct = await sql<{ n: number }>`select count(distinct tracking_no)::int as n from deliveries`.execute(t.db);
    expect(distinct.rows[0].n).toBe(ROWS);
    const rolledAfter = await sql<{ n: number }>`select coalesce(sum(shipments), 0)::int as n from daily_service_rollups`.execute(t.db);
    expect(rolledAfter.rows[0].n).toBe(ROWS);
  }, 300_000);
});
