import { createWriteStream } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { newShipper, newUser } from '../helpers/factories';
import { ThrowawayCluster } from './pg-cluster';
import { getJson, startProduct, type RunningProduct } from './product';
import { SPOOL_DIR } from '../../api/import/upload';

/**
 * kill -9 of the product in the middle of an import, then a restart and a re-run of the same file:
 * every row exactly once (count = distinct tracking numbers = rows of the file).
 */
const ROWS = Number(process.env.FAULT_IMPORT_ROWS ?? 60_000);
const SHIPPERS = 5;

async function writeCsv(file: string) {
  const out = createWriteStream(file);
  out.write('tracking_no,shipper_code,consignee_code,consignee_name,promised_at,delivered_at,status,pieces_expected,pieces_delivered,revenue,cost\n');
  for (let i = 0; i < ROWS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const line = `FT${String(i).padStart(8, '0')},FS${i % SHIPPERS},FC${i % 400},Consignee ${i % 400},2026-03-${day} 18:00,2026-03-${day} 17:00,delivered,2,2,120.50,80.25\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('kill -9 during an import', () => {
  const cluster = new ThrowawayCluster(21432 + (process.pid % 500));
  const file = path.join(tmpdir(), `crm-fault-import-${process.pid}.csv`);
  let product: RunningProduct | undefined;
  let headers: Record<string, string>;
  const url = () => cluster.urlOf('crm_faults_import');

  beforeAll(async () => {
    cluster.init().start();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database crm_faults_import');
    await admin.end();
    const handle = await openDatabase({ url: url(), poolSize: 2 });
    await migrateToLatest(handle.db);
    headers = (await newUser(handle.db, 'operations')).headers;
    for (let s = 0; s < SHIPPERS; s++) await newShipper(handle.db, { code: `FS${s}`, name: `Fault shipper ${s}` });
    await handle.close();
    await writeCsv(file);
  });

  afterAll(async () => {
    await product?.stop();
    cluster.destroy();
    await rm(file, { force: true });
  });

  const upload = async (base: string) => {
    const res = await fetch(`${base}/api/v1/imports/deliveries?fileName=faults.csv`, {
      method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: await readFile(file),
    });
    expect(res.status, await res.clone().text()).toBe(202);
    return (await res.json()).id as number;
  };

  const counts = async () => {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    try {
      const r = await client.query(`select count(*)::int as total, count(distinct tracking_no)::int as distinct_tracking,
        count(distinct (shipper_id, tracking_no))::int as distinct_keys from deliveries`);
      return r.rows[0] as { total: number; distinct_tracking: number; distinct_keys: number };
    } finally {
      await client.end();
    }
  };

  it('re-running the same file after the crash lands every row exactly once', async () => {
    product = await startProduct(url());
    const first = await upload(product.base);
    // wait until the import is visibly under way, then kill the process without warning
    let progress = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const job = await getJson(product.base, `/api/v1/imports/${first}`, headers);
      progress = job.body?.rowsProcessed ?? 0;
      expect(job.body?.status, 'the import finished before the kill: raise FAULT_IMPORT_ROWS').not.toBe('succeeded');
      if (progress > 0 || job.body?.bytesRead > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const killedPid = product.child.pid!;
    const spooled = () => readdir(SPOOL_DIR).then((names) => names.filter((n) => n.startsWith(`${killedPid}-`)), () => []);
    expect(await spooled(), 'the upload waits in the spool folder while it is imported').toHaveLength(1);
    product.child.kill('SIGKILL');
    await once(product.child, 'exit');
    const partial = await counts();
    console.log(`killed at ${progress} rows processed; ${partial.total} rows were in the table`);
    expect(partial.total).toBeLessThan(ROWS);

    product = await startProduct(url());
    expect(await spooled(), 'the restart removed the upload the killed process left behind').toEqual([]);
    const stale = await getJson(product.base, `/api/v1/imports/${first}`, headers);
    console.log(`the interrupted job after the restart: status ${stale.body?.status}, ${stale.body?.error ?? ''}`);
    const second = await upload(product.base);
    let job: any;
    const started = Date.now();
    while (Date.now() - started < 150_000) {
      job = (await getJson(product.base, `/api/v1/imports/${second}`, headers)).body;
      if (job?.status === 'succeeded' || job?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`re-run: ${JSON.stringify(job)}`);
    expect(job?.status, JSON.stringify(job)).toBe('succeeded');
    expect(job.rejected).toBe(0);
    expect(job.inserted + job.updated + job.unchanged).toBe(ROWS);
    const after = await counts();
    expect(after).toEqual({ total: ROWS, distinct_tracking: ROWS, distinct_keys: ROWS });
    expect(job.inserted).toBe(ROWS - partial.total);
    expect(product.alive()).toBe(true);
  });
});
