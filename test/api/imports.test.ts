import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newContract, newShipper, newUser, type TestUser } from '../helpers/factories';
import { settleImports } from '../../api/services/imports-service';
import { runDeliveryImport } from '../../api/services/delivery-import-service';

const DIRTY = readFileSync(new URL('../fixtures/deliveries-dirty.csv', import.meta.url));
const HEADER = 'tracking_no,shipper_code,consignee_code,consignee_name,contract_code,origin,destination,picked_up_at,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost';

describe('delivery import', () => {
  const t = useTestApp();
  let ops: TestUser;
  let admin: TestUser;
  let shipperA: { id: number };
  let shipperB: { id: number };
  let contractId: number;

  beforeAll(async () => {
    ops = await newUser(t.db, 'operations');
    admin = await newUser(t.db, 'admin');
    shipperA = await newShipper(t.db, { code: 'SHA', name: 'Shipper A' });
    shipperB = await newShipper(t.db, { code: 'SHB', name: 'Shipper B' });
    await newConsignee(t.db, { code: 'CN1', name: 'Consignee One' });
    contractId = (await newContract(t.db, shipperA.id, { code: 'K-SHA-2026', start_date: '2026-01-01', end_date: '2026-12-31' })).id;
  });

  async function upload(body: string | Uint8Array, as: TestUser = ops, fileName = 'deliveries.csv') {
    const res = await t.call('POST', `/api/v1/imports/deliveries?fileName=${encodeURIComponent(fileName)}`, {
      as: as.headers, raw: body, headers: { 'content-type': 'text/csv' },
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', fileName });
    await settleImports();
    const job = await t.call('GET', `/api/v1/imports/${res.body.id}`, { as: ops.headers });
    expect(job.status).toBe(200);
    return job.body;
  }

  const delivery = (shipperId: number, trackingNo: string) =>
    t.db.selectFrom('deliveries').selectAll().where('shipper_id', '=', shipperId).where('tracking_no', '=', trackingNo).executeTakeFirst();

  describe('POST /api/v1/imports/deliveries with a dirty file', () => {
    let job: any;
    beforeAll(async () => {
      job = await upload(DIRTY, ops, 'dirty.csv');
    });

    it('lands every valid row and reports every invalid one, with exact counts', () => {
      expect(job).toMatchObject({
        status: 'succeeded', rowsProcessed: 15, inserted: 5, updated: 0, unchanged: 0, rejected: 10,
        bytesRead: DIRTY.length, bytesTotal: DIRTY.length, error: null,
      });
      // a finished job's duration is the span from its start to its end, both of which it reports
      expect(job.startedAt).not.toBeNull();
      expect(job.finishedAt).not.toBeNull();
      expect(job.durationMs).toBe(Date.parse(job.finishedAt) - Date.parse(job.startedAt));
      expect(Date.parse(job.startedAt)).toBeGreaterThanOrEqual(Date.parse(job.createdAt));
      expect(job.warnings).toEqual(['Column "remarks" (position 17) is not a delivery column and was ignored.']);
    });

    it('lists each rejected row with its line, column, value and a message a person can act on', async () => {
      const res = await t.call('GET', `/api/v1/imports/${job.id}/errors?pageSize=50`, { as: ops.headers });
      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({ page: 1, pageSize: 50, total: 10, pages: 1 });
      expect(res.body.items).toEqual([
        { line: 5, column: 'promised_at', value: '2026-02-30 10:00', message: 'promised_at "2026-02-30 10:00" has day 30, but 2026-02 has 28 days.' },
        { line: 6, column: 'pieces_expected', value: '-3', message: 'pieces_expected must be a whole number from 1 to 1000000, not "-3".' },
        { line: 7, column: 'damaged_pieces', value: '3', message: 'damaged_pieces (3) exceeds pieces_delivered (2).' },
        { line: 8, column: 'shipper_code', value: 'SHX', message: 'Unknown shipper "SHX": no company with this code is marked as a shipper. Create the shipper first or correct the code.' },
        { line: 9, column: 'tracking_no', value: null, message: 'tracking_no is required but empty.' },
        { line: 10, column: 'tracking_no', value: 'D008', message: 'Tracking number "D008" appears again on line 12 for the same shipper; the later row was kept and this one replaced.' },
        { line: 13, column: 'delivered_at', value: '2026-03-03 09:00', message: 'delivered_at must be empty unless status is delivered (status is in_transit).' },
        { line: 14, column: 'status', value: 'shipped', message: 'status "shipped" is not known; use one of delivered, in_transit, exception, returned, lost, cancelled.' },
        { line: 16, column: null, value: null, message: 'The row has 6 fields but the header has 17; check for a stray delimiter or an unclosed quote.' },
        { line: 17, column: 'contract_code', value: 'K-NOPE', message: 'Unknown contract "K-NOPE" for shipper "SHA"; leave contract_code empty to use the contract in force at promised_at.' },
      ]);
      const page2 = await t.call('GET', `/api/v1/imports/${job.id}/errors?page=2&pageSize=4`, { as: ops.headers });
      expect(page2.body.meta).toEqual({ page: 2, pageSize: 4, total: 10, pages: 3 });
      expect(page2.body.items.map((e: { line: number }) => e.line)).toEqual([9, 10, 13, 14]);
    });

    it('offers the errors as a CSV download', async () => {
      const res = await t.call('GET', `/api/v1/imports/${job.id}/errors.csv`, { as: admin.headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="import-${job.id}-errors.csv"`);
      const lines = res.text.replace(/^\uFEFF/, '').trim().split('\n');
      expect(lines).toHaveLength(11);
      expect(lines[0]).toBe('line,column,value,message');
      expect(lines[2]).toBe(`6,pieces_expected,'-3,"pieces_expected must be a whole number from 1 to 1000000, not ""-3""."`);
    });

    it('stores times read in the business time zone, quoted commas and embedded line breaks intact', async () => {
      const d1 = await delivery(shipperA.id, 'D001');
      expect(d1).toMatchObject({
        origin: 'Shanghai, Pudong', destination: 'Beijing', status: 'delivered', contract_id: contractId,
        pieces_expected: 10, pieces_delivered: 10, damaged_pieces: 0, revenue: 1200.5, cost: 800, import_line: 2,
      });
      expect(d1!.promised_at.toISOString()).toBe('2026-03-02T10:00:00.000Z');
      expect(d1!.delivered_at!.toISOString()).toBe('2026-03-02T09:30:00.000Z');
      expect(d1!.picked_up_at!.toISOString()).toBe('2026-03-01T00:00:00.000Z');
      const d2 = await delivery(shipperA.id, 'D002');
      expect(d2).toMatchObject({ destination: 'Line one\r\nline two', status: 'in_transit', pieces_expected: 2, pieces_delivered: 0, delivered_at: null, contract_id: contractId });
      expect(d2!.promised_at.toISOString()).toBe('2026-03-05T02:00:00.000Z');
      const d12 = await delivery(shipperB.id, 'D012');
      expect(d12).toMatchObject({ contract_id: null, pieces_expected: 5, pieces_delivered: 4, revenue: 88.8 });
      expect(d12!.promised_at.toISOString()).toBe('2026-03-07T06:05:00.000Z');
      expect(d12!.picked_up_at!.toISOString()).toBe('2026-03-06T01:00:00.000Z');
    });

    it('keeps the last of two rows with the same tracking number', async () => {
      const d8 = await delivery(shipperA.id, 'D008');
      expect(d8).toMatchObject({ status: 'delivered', import_line: 12, pieces_delivered: 1 });
      expect(d8!.promised_at.toISOString()).toBe('2026-03-03T03:00:00.000Z');
    });

    it('creates an unknown consignee from consignee_name and pairs it with the shipper as an import pair', async () => {
      const created = await t.db.selectFrom('companies').selectAll().where('code', '=', 'CN-NEW').executeTakeFirstOrThrow();
      expect(created).toMatchObject({ name: 'New Co, Ltd', is_consignee: true, is_shipper: false });
      const pair = await t.db.selectFrom('customer_pairs').selectAll()
        .where('shipper_id', '=', shipperA.id).where('consignee_id', '=', created.id).executeTakeFirstOrThrow();
      expect(pair.source).toBe('import');
      expect((await delivery(shipperA.id, 'D002'))!.pair_id).toBe(pair.id);
      expect(await t.db.selectFrom('companies').select('code').where('code', '=', 'SHX').executeTakeFirst()).toBeUndefined();
    });

    it('brings the daily rollups of every touched (shipper, day) up to date', async () => {
      const rows = await t.db.selectFrom('daily_service_rollups').select(['shipper_id', sql<string>`day::text`.as('day'), 'shipments'])
        .orderBy('shipper_id').orderBy('day').execute();
      expect(rows).toEqual([
        { shipper_id: shipperA.id, day: '2026-03-02', shipments: 1 },
        { shipper_id: shipperA.id, day: '2026-03-03', shipments: 1 },
        { shipper_id: shipperA.id, day: '2026-03-04', shipments: 1 },
        { shipper_id: shipperA.id, day: '2026-03-05', shipments: 1 },
        { shipper_id: shipperB.id, day: '2026-03-07', shipments: 1 },
      ]);
    });

    it('audits the job creation with the uploader', async () => {
      const audit = await t.db.selectFrom('audit_log').selectAll()
        .where('entity', '=', 'import_job').where('entity_id', '=', String(job.id)).orderBy('id').execute();
      expect(audit.map((a) => [a.action, a.user_id])).toEqual([['create', ops.id], ['complete', ops.id]]);
    });

    it('changes nothing when the same file is imported again', async () => {
      const again = await upload(DIRTY);
      expect(again).toMatchObject({ status: 'succeeded', rowsProcessed: 15, inserted: 0, updated: 0, unchanged: 5, rejected: 10 });
      const count = await t.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(5);
    });

    it('updates a changed row and moves its rollup from the old promised day to the new one', async () => {
      const changed = await upload(`${HEADER}\nD008,SHA,CN1,,,,,,2026-03-09 11:00,2026-03-09 10:30,delivered,1,1,0,10,5\nD001,SHA,CN1,,,"Shanghai, Pudong",Beijing,2026-03-01 08:00,2026-03-02 18:00,2026-03-02 17:30,delivered,10,10,0,1200.50,800\n`);
      expect(changed).toMatchObject({ status: 'succeeded', rowsProcessed: 2, inserted: 0, updated: 1, unchanged: 1, rejected: 0 });
      const days = await t.db.selectFrom('daily_service_rollups').select(sql<string>`day::text`.as('day'))
        .where('shipper_id', '=', shipperA.id).orderBy('day').execute();
      expect(days.map((d) => d.day)).toEqual(['2026-03-02', '2026-03-04', '2026-03-05', '2026-03-09']);
    });
  });

  describe('file formats', () => {
    it('reads Chinese headers from a GB18030 file (as Excel saves it in China)', async () => {
      const text = '运单号,发货方编码,收货方编码,收货方名称,承诺送达时间,签收时间,状态,应到件数,实到件数,破损件数,收入,成本,始发地,目的地\r\n'
        + 'G001,SHA,CN-GB,上海收货有限公司,2026-04-01 09:00,2026-04-01 08:00,delivered,2,2,0,50,20,上海,北京\r\n';
      const job = await upload(iconv.encode(text, 'gb18030'));
      expect(job).toMatchObject({ status: 'succeeded', inserted: 1, rejected: 0, warnings: [] });
      expect(await t.db.selectFrom('companies').select('name').where('code', '=', 'CN-GB').executeTakeFirst()).toEqual({ name: '上海收货有限公司' });
      expect(await delivery(shipperA.id, 'G001')).toMatchObject({ origin: '上海', destination: '北京' });
    });

    it('reads a tab-delimited UTF-8 file with a BOM and mixed-case headers', async () => {
      const text = '\uFEFFTracking_No\tSHIPPER_CODE\tConsignee_Code\tPromised_At\tStatus\tPieces_Expected\n'
        + 'TAB1\tSHB\tCN1\t2026-04-02 10:00\tin_transit\t3\n'
        + 'TAB2\tSHB\tCN1\t2026-04-02T10:00:00-05:00\tlost\t1\n';
      const job = await upload(text);
      expect(job).toMatchObject({ status: 'succeeded', rowsProcessed: 2, inserted: 2, rejected: 0 });
      expect((await delivery(shipperB.id, 'TAB2'))!.promised_at.toISOString()).toBe('2026-04-02T15:00:00.000Z');
      expect(await delivery(shipperB.id, 'TAB1')).toMatchObject({ pieces_expected: 3, pieces_delivered: 0, status: 'in_transit' });
    });

    it('fails the job at once when required columns are missing, naming them', async () => {
      const job = await upload('tracking_no,consignee_code,status\nX1,CN1,delivered\n');
      expect(job).toMatchObject({
        status: 'failed', rowsProcessed: 0, inserted: 0,
        error: 'Required columns missing from the header: shipper_code (发货方编码), promised_at (承诺送达时间).',
      });
    });

    it('fails the job when a column is named twice', async () => {
      const job = await upload('tracking_no,运单号,shipper_code,consignee_code,promised_at,status\n');
      expect(job.status).toBe('failed');
      expect(job.error).toBe('The header names a column twice: "运单号" (tracking_no). Remove the extra column and upload again.');
    });

    it('accepts a multipart upload in the field "file"', async () => {
      const form = new FormData();
      form.append('note', 'ignored');
      form.append('file', new Blob([`${HEADER}\nMP1,SHA,CN1,,,,,,2026-04-03 10:00,,exception,1,0,0,0,0\n`], { type: 'text/csv' }), 'multi.csv');
      const res = await t.app.request('/api/v1/imports/deliveries', { method: 'POST', headers: ops.headers, body: form });
      expect(res.status).toBe(202);
      const body = await res.json();
      expect(body.fileName).toBe('multi.csv');
      await settleImports();
      const job = await t.call('GET', `/api/v1/imports/${body.id}`, { as: ops.headers });
      expect(job.body).toMatchObject({ status: 'succeeded', inserted: 1 });
    });
  });

  describe('bad requests', () => {
    it('answers 415 for a body that is neither CSV nor multipart', async () => {
      const res = await t.call('POST', '/api/v1/imports/deliveries', { as: ops.headers, body: { rows: [] } });
      expect(res.status).toBe(415);
      expect(expectErrorShape(res).code).toBe('unsupported_media_type');
    });

    it('answers 400 for an empty file', async () => {
      const res = await t.call('POST', '/api/v1/imports/deliveries', { as: ops.headers, raw: '', headers: { 'content-type': 'text/csv' } });
      expect(res.status).toBe(400);
      expect(expectErrorShape(res)).toMatchObject({ message: 'The uploaded file is empty.', details: [{ path: 'file', code: 'imports.empty_file', message: 'The file is empty.' }] });
      // in Chinese both the summary and the field's message
      const zh = await t.call('POST', '/api/v1/imports/deliveries?lang=zh', { as: ops.headers, raw: '', headers: { 'content-type': 'text/csv' } });
      expect(zh.status).toBe(400);
      expect(expectErrorShape(zh)).toMatchObject({ message: '上传的文件是空的。', details: [{ path: 'file', message: '文件是空的。' }] });
    });

    it('answers 400 for a multipart body without the field "file"', async () => {
      const form = new FormData();
      form.append('other', 'x');
      const res = await t.app.request('/api/v1/imports/deliveries', { method: 'POST', headers: ops.headers, body: form });
      expect(res.status).toBe(400);
      expect((await res.json()).error.details).toEqual([{ path: 'file', message: 'Required.' }]);
    });

    it('answers 413 for a file over the upload limit', async () => {
      const res = await t.call('POST', '/api/v1/imports/deliveries', {
        as: ops.headers, raw: 'x'.repeat(100), headers: { 'content-type': 'text/csv', 'content-length': String(10 * 1024 ** 4) },
      });
      expect(res.status).toBe(413);
      expectErrorShape(res);
    });

    it('answers 400 for malformed ids and paging, 404 for an unknown job', async () => {
      expect((await t.call('GET', '/api/v1/imports/abc', { as: ops.headers })).status).toBe(400);
      expect((await t.call('GET', '/api/v1/imports/1/errors?pageSize=0', { as: ops.headers })).status).toBe(400);
      const missing = await t.call('GET', '/api/v1/imports/999999', { as: ops.headers });
      expect(missing.status).toBe(404);
      expectErrorShape(missing);
      expect((await t.call('GET', '/api/v1/imports/999999/errors.csv', { as: ops.headers })).status).toBe(404);
    });
  });

  describe('roles', () => {
    it('lets only operations and admin upload, list and read jobs (403 for manager and client, 401 signed out)', async () => {
      const manager = await newUser(t.db, 'manager');
      const client = await newUser(t.db, 'client', { companyId: shipperA.id });
      const anyJob = (await t.call('GET', '/api/v1/imports', { as: ops.headers })).body.items[0].id;
      for (const who of [manager, client]) {
        const post = await t.call('POST', '/api/v1/imports/deliveries', { as: who.headers, raw: DIRTY, headers: { 'content-type': 'text/csv' } });
        expect(post.status).toBe(403);
        expectErrorShape(post);
        for (const path of ['/api/v1/imports', `/api/v1/imports/${anyJob}`, `/api/v1/imports/${anyJob}/errors`, `/api/v1/imports/${anyJob}/errors.csv`]) {
          expect((await t.call('GET', path, { as: who.headers })).status, path).toBe(403);
        }
      }
      expect((await t.call('GET', '/api/v1/imports', {})).status).toBe(401);
    });

    it('lists jobs newest first with paging', async () => {
      const res = await t.call('GET', '/api/v1/imports?pageSize=2', { as: admin.headers });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.items[0].id).toBeGreaterThan(res.body.items[1].id);
      expect(res.body.meta.total).toBeGreaterThanOrEqual(8);
      expect(res.body.meta).toEqual({ page: 1, pageSize: 2, total: res.body.meta.total, pages: Math.ceil(res.body.meta.total / 2) });
    });
  });

  describe('a batch that fails midway', () => {
    it('leaves earlier batches complete and the failed one absent; a re-run completes it with no duplicates', async () => {
      const rows = Array.from({ length: 10 }, (_, i) => `R${String(i + 1).padStart(2, '0')},SHB,CN1,,,,,,2026-05-0${1 + (i % 5)} 10:00,,in_transit,1,0,0,${i},0`);
      const file = `${HEADER}\n${rows.join('\n')}\n`;
      // R05 passes the file's rules but breaks a database constraint added for this test, failing batch 2 of 4
      await sql`alter table deliveries add constraint test_no_r05 check (tracking_no <> 'R05')`.execute(t.db);
      const failed = await runDeliveryImport(t.handle, t.deps.config, Readable.from([Buffer.from(file)]), {
        fileName: 'crash.csv', bytesTotal: file.length, createdBy: null, batchSize: 3,
      });
      expect(failed).toMatchObject({ status: 'failed', rowsProcessed: 3, inserted: 3 });
      expect(failed.error).toContain('test_no_r05');
      const landed = await t.db.selectFrom('deliveries').select('tracking_no').where('tracking_no', 'like', 'R%').orderBy('tracking_no').execute();
      expect(landed.map((r) => r.tracking_no)).toEqual(['R01', 'R02', 'R03']);

      await sql`alter table deliveries drop constraint test_no_r05`.execute(t.db);
      const rerun = await runDeliveryImport(t.handle, t.deps.config, Readable.from([Buffer.from(file)]), {
        fileName: 'crash.csv', bytesTotal: file.length, createdBy: null, batchSize: 3,
      });
      expect(rerun).toMatchObject({ status: 'succeeded', rowsProcessed: 10, inserted: 7, updated: 0, unchanged: 3, rejected: 0 });
      const count = await t.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('tracking_no', 'like', 'R%').executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(10);
    });

    it('reports a tracking number repeated across batches, keeping the later row', async () => {
      const file = `${HEADER}\nX1,SHB,CN1,,,,,,2026-06-01 10:00,,in_transit,1,0,0,1,0\nX2,SHB,CN1,,,,,,2026-06-01 10:00,,in_transit,1,0,0,1,0\nX1,SHB,CN1,,,,,,2026-06-02 10:00,,in_transit,1,0,0,2,0\n`;
      const job = await runDeliveryImport(t.handle, t.deps.config, Readable.from([Buffer.from(file)]), {
        fileName: 'dup.csv', bytesTotal: file.length, createdBy: null, batchSize: 2,
      });
      expect(job).toMatchObject({ status: 'succeeded', rowsProcessed: 3, inserted: 2, updated: 1, rejected: 1 });
      expect(await delivery(shipperB.id, 'X1')).toMatchObject({ revenue: 2, import_line: 4 });
      const errors = await t.call('GET', `/api/v1/imports/${job.id}/errors`, { as: ops.headers });
      expect(errors.body.items).toEqual([{
        line: 2, column: 'tracking_no', value: 'X1',
        message: 'Tracking number "X1" appears again on line 4 for the same shipper; the later row was kept and this one replaced.',
      }]);
    });

    it('changes nothing when a file repeating a tracking number across batches is imported again', async () => {
      const file = `${HEADER}\nY1,SHB,CN1,,,,,,2026-06-05 10:00,,in_transit,1,0,0,1,0\nY2,SHB,CN1,,,,,,2026-06-05 10:00,,in_transit,1,0,0,1,0\nY1,SHB,CN1,,,,,,2026-06-06 10:00,,in_transit,1,0,0,2,0\n`;
      const fileSha256 = createHash('sha256').update(file).digest('hex');
      const run = () => runDeliveryImport(t.handle, t.deps.config, Readable.from([Buffer.from(file)]), {
        fileName: 'dup2.csv', bytesTotal: file.length, createdBy: null, batchSize: 2, fileSha256,
      });
      expect(await run()).toMatchObject({ status: 'succeeded', inserted: 2, updated: 1, unchanged: 0, rejected: 1 });
      const stored = await delivery(shipperB.id, 'Y1');
      const again = await run();
      expect(again).toMatchObject({ status: 'succeeded', rowsProcessed: 3, inserted: 0, updated: 0, unchanged: 2, rejected: 1 });
      expect(await delivery(shipperB.id, 'Y1')).toEqual(stored);
      const errors = await t.call('GET', `/api/v1/imports/${again.id}/errors`, { as: ops.headers });
      expect(errors.body.items).toEqual([{
        line: 2, column: 'tracking_no', value: 'Y1',
        message: 'Tracking number "Y1" appears again on line 4 for the same shipper; the later row was kept and this one replaced.',
      }]);
    });

    it('records the SHA-256 of an uploaded file with its job', async () => {
      const body = `${HEADER}\nH1,SHB,CN1,,,,,,2026-06-07 10:00,,in_transit,1,0,0,1,0\n`;
      const job = await upload(body);
      const row = await t.db.selectFrom('import_jobs').select('file_sha256').where('id', '=', job.id).executeTakeFirstOrThrow();
      expect(row.file_sha256).toBe(createHash('sha256').update(body).digest('hex'));
    });
  });
});

describe('POST /api/v1/imports/deliveries over a small upload limit', () => {
  const t = useTestApp({ maxUploadBytes: 300 });
  const big = `${HEADER}\n${'L1,SHA,CN1,,,,,,2026-06-07 10:00,,in_transit,1,0,0,1,0\n'.repeat(20)}`;

  it('answers 413 for a streamed body past the limit, whether raw CSV or multipart', async () => {
    const ops = await newUser(t.db, 'operations');
    const raw = await t.call('POST', '/api/v1/imports/deliveries', { as: ops.headers, raw: new Blob([big]).stream(), headers: { 'content-type': 'text/csv' } });
    expect(raw.status).toBe(413);
    expectErrorShape(raw);
    const form = new FormData();
    form.append('file', new Blob([big], { type: 'text/csv' }), 'big.csv');
    const multipart = new Response(form);
    const res = await t.call('POST', '/api/v1/imports/deliveries', {
      as: ops.headers, raw: multipart.body!, headers: { 'content-type': multipart.headers.get('content-type')! },
    });
    expect(res.status).toBe(413);
    expectErrorShape(res);
  });
});
