import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newConsignee, newShipper, newUser, type TestUser } from '../helpers/factories';
import { runDeliveryImport } from '../../api/services/delivery-import-service';
import { putSetting } from '../../api/services/settings';

/** A job stores at most N warnings and N row errors (setting 'import.kept'), counts all of them, and says so. */
describe('what an import job keeps of its warnings and row errors', () => {
  const t = useTestApp();
  let ops: TestUser;

  beforeAll(async () => {
    ops = await newUser(t.db, 'operations');
    await newShipper(t.db, { code: 'CAP-S' });
    await newConsignee(t.db, { code: 'CAP-C' });
    await putSetting(t.db, null, 'import.kept', { warnings: 3, rowErrors: 5 });
  });

  it('keeps the first 3 of 10 warnings and the first 5 of 12 row errors over several batches, with exact counts', async () => {
    const extra = Array.from({ length: 10 }, (_, i) => `note${i + 1}`);
    const lines = [`tracking_no,shipper_code,consignee_code,promised_at,status,${extra.join(',')}`];
    for (let i = 1; i <= 20; i++) {
      const bad = i % 5 === 0 || i % 7 === 0 || i === 1 || i === 2 || i === 3 || i === 11 || i === 13 || i === 19; // 12 rows
      lines.push(`CAP${i},CAP-S,CAP-C,2026-06-0${1 + (i % 9)} 18:00,${bad ? 'teleported' : 'in_transit'}${',x'.repeat(10)}`);
    }
    const job = await runDeliveryImport(t.handle, t.deps.config, Readable.from([Buffer.from(`${lines.join('\n')}\n`)]), {
      fileName: 'wide.csv', bytesTotal: null, createdBy: ops.id, batchSize: 4,
    });
    expect(job).toMatchObject({
      status: 'succeeded', rowsProcessed: 20, inserted: 8, rejected: 12,
      warningsTotal: 10, rowErrorsTotal: 12, rowErrorsKept: 5, capped: true,
    });
    expect(job.warnings).toEqual([1, 2, 3].map((n) => `Column "note${n}" (position ${5 + n}) is not a delivery column and was ignored.`));

    const listed = await t.call('GET', `/api/v1/imports/${job.id}/errors`, { as: ops.headers });
    expect(listed.body.meta.total).toBe(5);
    expect(listed.body.items.map((e: { line: number }) => e.line)).toEqual([2, 3, 4, 6, 8]);
    const csv = await t.call('GET', `/api/v1/imports/${job.id}/errors.csv`, { as: ops.headers });
    expect(csv.text.replace(/^\uFEFF/, '').trim().split('\n')).toHaveLength(1 + 5);
    const api = await t.call('GET', `/api/v1/imports/${job.id}`, { as: ops.headers });
    expect(api.body).toMatchObject({ warningsTotal: 10, rowErrorsTotal: 12, rowErrorsKept: 5, capped: true });
    expect(await t.db.selectFrom('import_row_errors').select((eb) => eb.fn.countAll<number>().as('n')).where('job_id', '=', job.id).executeTakeFirstOrThrow()).toEqual({ n: 5 });
  });

  it('says nothing was capped when everything fitted', async () => {
    const file = 'tracking_no,shipper_code,consignee_code,promised_at,status,memo\nFIT1,CAP-S,CAP-C,2026-06-01 18:00,lost,x\nFIT2,CAP-S,CAP-C,2026-06-01 18:00,vanished,x\n';
    const job = await runDeliveryImport(t.handle, t.deps.config, Readable.from([Buffer.from(file)]), { fileName: 'fit.csv', bytesTotal: null, createdBy: ops.id });
    expect(job).toMatchObject({ warningsTotal: 1, rowErrorsTotal: 1, rowErrorsKept: 1, rejected: 1, capped: false });
  });
});
