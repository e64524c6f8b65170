import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newConsignee, newShipper, newUser, type TestUser } from '../helpers/factories';
import { settleImports } from '../../api/services/imports-service';
import { runDeliveryImport } from '../../api/services/delivery-import-service';

/**
 * DESIGN section 4: a row that cannot be read (a NUL byte, an invalid encoding sequence, a broken quote)
 * is a rejected row like any other; it never stops the job. A file in an encoding we do not read (UTF-16)
 * fails the job with a message that says so.
 */
const HEADER = 'tracking_no,shipper_code,consignee_code,promised_at,delivered_at,status';
const row = (n: string, extra = '') => `${n},UR-S,UR-C,2026-05-0${1 + (Number(n.replace(/\D/g, '')) % 9)} 18:00,2026-05-01 17:00,delivered${extra}`;

describe('unreadable rows of a delivery file', () => {
  const t = useTestApp();
  let ops: TestUser;
  let shipperId: number;

  beforeAll(async () => {
    ops = await newUser(t.db, 'operations');
    shipperId = (await newShipper(t.db, { code: 'UR-S' })).id;
    await newConsignee(t.db, { code: 'UR-C' });
  });

  async function upload(body: string | Uint8Array) {
    const res = await t.call('POST', '/api/v1/imports/deliveries?fileName=unreadable.csv', { as: ops.headers, raw: body, headers: { 'content-type': 'text/csv' } });
    expect(res.status, res.text).toBe(202);
    await settleImports();
    const job = await t.call('GET', `/api/v1/imports/${res.body.id}`, { as: ops.headers });
    const errors = await t.call('GET', `/api/v1/imports/${res.body.id}/errors`, { as: ops.headers });
    return { job: job.body, errors: errors.body.items as { line: number; column: string | null; value: string | null; message: string }[] };
  }

  const stored = async (prefix: string) => (await t.db.selectFrom('deliveries').select('tracking_no')
    .where('shipper_id', '=', shipperId).where('tracking_no', 'like', `${prefix}%`).orderBy('tracking_no').execute()).map((d) => d.tracking_no);

  it('rejects the row with a NUL byte, the row with a broken byte and the line with a broken quote, and lands the rest', async () => {
    const file = Buffer.concat([
      Buffer.from(`${HEADER}\n${row('N1')}\n`),
      Buffer.from(`N2,UR-S,UR-C\u0000,2026-05-02 18:00,2026-05-02 17:00,delivered\n`),
      Buffer.from(`${row('N3')}\n`),
      Buffer.from('N4,UR-S,'), Buffer.from([0xff, 0xfe]), Buffer.from(',2026-05-02 18:00,2026-05-02 17:00,delivered\n'),
      Buffer.from(`N5,UR-S,UR-C,"2026-05-02 18:00" late,2026-05-02 17:00,delivered\n`),
      Buffer.from(`${row('N6')}\n`),
      Buffer.from(`N7,UR-S,"UR-C,2026-05-02 18:00,2026-05-02 17:00,delivered\n`),
      Buffer.from(`${row('N8')}\n`),
    ]);
    const { job, errors } = await upload(file);
    expect(job).toMatchObject({ status: 'succeeded', rowsProcessed: 8, inserted: 4, rejected: 4, error: null });
    expect(await stored('N')).toEqual(['N1', 'N3', 'N6', 'N8']);
    expect(errors.map((e) => [e.line, e.column])).toEqual([[3, 'consignee_code'], [5, 'consignee_code'], [6, null], [8, null]]);
    expect(errors[0]).toMatchObject({ value: 'UR-C\\0', message: expect.stringMatching(/^consignee_code contains a NUL byte/) });
    expect(errors[1]).toMatchObject({ value: '\uFFFD\uFFFD', message: expect.stringMatching(/not valid text in the file's encoding/) });
    expect(errors[2]).toMatchObject({ value: 'N5,UR-S,UR-C,"2026-05-02 18:00" late,2026-05-02 17:00,delivered', message: expect.stringMatching(/^A quoted value is followed by more text/) });
    expect(errors[3]).toMatchObject({ message: 'A quoted value is never closed; close the quote or remove it.' });
  });

  it('finishes a job whose NUL byte sits in a later batch, and a re-run of the same file changes nothing', async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 9; i++) lines.push(i === 7 ? `B${i},UR-S,UR-C,2026-05-03 18:00,2026-05-03 17:00,deliv\u0000ered` : row(`B${i}`));
    const file = `${lines.join('\n')}\n`;
    const run = () => runDeliveryImport(t.handle, t.deps.config, Readable.from([Buffer.from(file)]), { fileName: 'batches.csv', bytesTotal: null, createdBy: ops.id, batchSize: 2 });
    const first = await run();
    expect(first).toMatchObject({ status: 'succeeded', rowsProcessed: 9, inserted: 8, rejected: 1 });
    const again = await run();
    expect(again).toMatchObject({ status: 'succeeded', rowsProcessed: 9, inserted: 0, updated: 0, unchanged: 8, rejected: 1 });
    expect(await stored('B')).toEqual(['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B8', 'B9']);
  });

  it('fails a UTF-16 file with "this encoding is not supported" instead of "required columns missing"', async () => {
    for (const bytes of [Buffer.from(`\uFEFF${HEADER}\n${row('U1')}\n`, 'utf16le'), Buffer.from(`${HEADER}\n${row('U1')}\n`, 'utf16le')]) {
      const { job } = await upload(bytes);
      expect(job).toMatchObject({ status: 'failed', rowsProcessed: 0, inserted: 0 });
      expect(job.error).toMatch(/^This encoding is not supported .*save it as "CSV UTF-8" or as GB18030/);
    }
  });
});
