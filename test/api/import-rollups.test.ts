import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newConsignee, newContract, newShipper } from '../helpers/factories';
import { runDeliveryImport } from '../../api/services/delivery-import-service';
import { rebuildAllRollups } from '../../api/queries/rollups';
import { addDays, businessDay } from '../../api/domain/business-day';

const TZ = 'Asia/Shanghai';
const HEADER = 'tracking_no,shipper_code,consignee_code,contract_code,origin,destination,picked_up_at,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost';

describe('rollups kept by the import', () => {
  const t = useTestApp();

  const snapshot = async () => {
    const round = <R extends { refreshed_at: unknown; transit_hours_sum: number }>({ refreshed_at: _, ...rest }: R) =>
      ({ ...rest, transit_hours_sum: Math.round(rest.transit_hours_sum * 1e9) / 1e9 });
    return {
      daily: (await sql<any>`select * from daily_service_rollups order by shipper_id, day, consignee_id, contract_id, origin, destination`.execute(t.db)).rows.map(round),
      monthly: (await sql<any>`select * from monthly_service_rollups order by shipper_id, month, consignee_id, contract_id, origin, destination`.execute(t.db)).rows.map(round),
      queued: Number((await sql<{ n: number }>`select count(*)::int as n from monthly_rollup_queue`.execute(t.db)).rows[0].n),
    };
  };

  const run = (file: string, batchSize: number) =>
    runDeliveryImport(t.handle, t.deps.config, Readable.from([Buffer.from(file)]), { fileName: 'r.csv', bytesTotal: file.length, createdBy: null, batchSize });

  it('are what a rebuild from all deliveries gives, over batches, contracts, lanes, months and an update', async () => {
    const s = await newShipper(t.db, { code: 'RS1' });
    await newShipper(t.db, { code: 'RS2' });
    await newConsignee(t.db, { code: 'RC1' });
    await newContract(t.db, s.id, { code: 'K-GRACE', start_date: '2026-01-01', end_date: '2026-06-30', grace_minutes: 30 });
    await newContract(t.db, s.id, { code: 'K-WINDOW', start_date: '2026-07-01', end_date: '2026-12-31', grace_minutes: 0, early_tolerance_minutes: 60 });
    const tomorrow = addDays(businessDay(new Date(), TZ), 1);
    const rows = [
      // RS1 in January under K-GRACE (defaulted): on time within grace, late, damaged, short, in transit past due, no pickup
      'A1,RS1,RC1,,Shanghai,Beijing,2026-01-10 08:00,2026-01-11 10:00,2026-01-11 10:20,delivered,3,3,0,100.50,60',
      'A2,RS1,RC1,,Shanghai,Beijing,2026-01-10 09:00,2026-01-11 10:00,2026-01-11 10:45,delivered,3,3,0,80,50',
      'A3,RS1,RC1,,Shanghai,Beijing,2026-01-10 09:30,2026-01-11 12:00,2026-01-11 11:00,delivered,4,4,1,80,50.25',
      'A4,RS1,RC2,,Shanghai,Hangzhou,2026-01-10 10:00,2026-01-11 12:00,2026-01-11 11:59,delivered,5,3,0,10,5',
      'A5,RS1,RC2,,Shanghai,Hangzhou,,2026-01-11 12:00,,in_transit,1,0,0,0,0',
      'A6,RS1,RC2,,,,,2026-01-11 13:00,2026-01-11 12:00,delivered,1,1,0,1,1',
      'A7,RS1,RC1,,Shanghai,Beijing,2026-01-30 10:00,2026-01-31 23:30,2026-02-01 00:10,delivered,1,1,0,5,1',
      'A8,RS1,RC1,,Shanghai,Beijing,,2026-02-01 00:30,,cancelled,1,0,0,9,9',
      // July under K-WINDOW: 2 h early misses the window, 30 min early is on time
      'B1,RS1,RC1,,Shanghai,Beijing,2026-07-01 08:00,2026-07-02 10:00,2026-07-02 08:00,delivered,1,1,0,10,5',
      'B2,RS1,RC1,,Shanghai,Beijing,2026-07-01 08:00,2026-07-02 10:00,2026-07-02 09:30,delivered,1,1,0,10,5',
      'B3,RS1,RC1,K-GRACE,Shanghai,Beijing,2026-07-01 08:00,2026-07-02 10:00,2026-07-02 10:10,delivered,1,1,0,10,5',
      // another shipper, and deliveries promised in the future (not due yet)
      'C1,RS2,RC1,,Wuhan,Beijing,2026-01-11 06:00,2026-01-11 10:00,2026-01-11 09:00,delivered,2,2,0,20,10',
      `C2,RS2,RC1,,Wuhan,Beijing,,${tomorrow} 10:00,,in_transit,2,0,0,20,10`,
      `C3,RS2,RC3,,Wuhan,Xian,,${tomorrow} 11:00,,in_transit,1,0,0,20,10`,
    ];
    const first = await run(`${HEADER}\n${rows.join('\n')}\n`, 4);
    expect(first).toMatchObject({ status: 'succeeded', inserted: rows.length, rejected: 0 });
    const imported = await snapshot();
    expect(imported.daily.length).toBeGreaterThan(8);
    expect(imported.daily.some((r) => r.transit_buckets.length > 1)).toBe(true);
    expect(imported.monthly.map((m) => m.month)).toEqual(expect.arrayContaining(['2026-01-01', '2026-07-01']));
    expect(imported.queued).toBe(0);
    await t.db.transaction().execute((trx) => rebuildAllRollups(trx, TZ));
    expect(await snapshot()).toEqual(imported);

    // an update moves A2 to another day and lane, and B1 inside its window: recomputed keys, same as a rebuild
    const second = await run(`${HEADER}\nA2,RS1,RC1,,Shanghai,Nanjing,2026-01-10 09:00,2026-01-12 10:00,2026-01-12 09:00,delivered,3,3,0,80,50\nB1,RS1,RC1,,Shanghai,Beijing,2026-07-01 08:00,2026-07-02 10:00,2026-07-02 09:45,delivered,1,1,0,10,5\nD1,RS1,RC1,,Shanghai,Beijing,2026-03-01 08:00,2026-03-02 10:00,2026-03-02 09:45,delivered,1,1,0,10,5\n`, 2);
    expect(second).toMatchObject({ status: 'succeeded', inserted: 1, updated: 2, unchanged: 0 });
    const updated = await snapshot();
    expect(updated.queued).toBe(0);
    await t.db.transaction().execute((trx) => rebuildAllRollups(trx, TZ));
    expect(await snapshot()).toEqual(updated);
  });

  it('carry the excused counts of causes the contract excuses, over inserts and updates, as a rebuild does', async () => {
    const s = await newShipper(t.db, { code: 'XS1' });
    await newConsignee(t.db, { code: 'XC1' });
    await newContract(t.db, s.id, { code: 'X-DEFAULT', start_date: '2026-01-01', end_date: '2026-01-31' });
    const narrow = await newContract(t.db, s.id, { code: 'X-NARROW', start_date: '2026-02-01', end_date: '2026-02-28' });
    await sql`update contracts set excused_causes = '{force_majeure}' where id = ${narrow.id}`.execute(t.db);
    const H = `${HEADER},异常原因`;
    const rows = [
      // January, default excused causes: late by the consignee, short by the shipper (Chinese label), late by the provider
      'E1,XS1,XC1,,SH,BJ,2026-01-10 08:00,2026-01-11 10:00,2026-01-11 12:00,delivered,2,2,0,10,5,consignee',
      'E2,XS1,XC1,,SH,BJ,2026-01-10 08:00,2026-01-11 10:00,2026-01-11 09:00,delivered,3,2,1,10,5,发货方原因',
      'E3,XS1,XC1,,SH,BJ,2026-01-10 08:00,2026-01-11 10:00,2026-01-11 12:00,delivered,1,1,0,10,5,provider',
      'E4,XS1,XC1,,SH,BJ,2026-01-10 08:00,2026-01-11 10:00,2026-01-11 09:00,delivered,1,1,0,10,5,',
      // February under X-NARROW: only force majeure is excused
      'E5,XS1,XC1,,SH,BJ,,2026-02-11 10:00,,in_transit,1,0,0,10,5,Force_Majeure',
      'E6,XS1,XC1,,SH,BJ,2026-02-10 08:00,2026-02-11 10:00,2026-02-11 12:00,delivered,1,1,0,10,5,consignee',
      'E7,XS1,XC1,,SH,BJ,2026-02-10 08:00,2026-02-11 10:00,2026-02-11 12:00,delivered,1,1,0,10,5,weather',
    ];
    const first = await run(`${H}\n${rows.join('\n')}\n`, 10);
    expect(first).toMatchObject({ status: 'succeeded', inserted: 6, rejected: 1 });
    const errors = (await sql<{ column_name: string; value: string; message: string }>`select column_name, value, message from import_row_errors`.execute(t.db)).rows;
    expect(errors).toEqual([expect.objectContaining({ column_name: 'exception_cause', value: 'weather' })]);
    expect(errors[0].message).toContain('provider (承运方原因), shipper (发货方原因), consignee (收货方原因), force_majeure (不可抗力), unknown (原因不明)');
    const month = async (m: string) => (await sql<any>`select due, excused_due, excused_delivered, excused_on_time, excused_in_full, excused_otif,
        excused_perfect, excused_pieces_expected, excused_pieces_delivered, excused_damaged_pieces
      from monthly_service_rollups where shipper_id = ${s.id} and month = ${m}::date`.execute(t.db)).rows[0];
    expect(await month('2026-01-01')).toEqual({ due: 4, excused_due: 2, excused_delivered: 2, excused_on_time: 1, excused_in_full: 1,
      excused_otif: 0, excused_perfect: 0, excused_pieces_expected: 5, excused_pieces_delivered: 4, excused_damaged_pieces: 1 });
    expect(await month('2026-02-01')).toMatchObject({ due: 2, excused_due: 1, excused_delivered: 0, excused_pieces_expected: 1 });
    const imported = await snapshot();
    await t.db.transaction().execute((trx) => rebuildAllRollups(trx, TZ));
    expect(await snapshot()).toEqual(imported);

    // a re-import: E3's cause corrected to force majeure (now excused), E1 without a cause keeps its stored one
    const second = await run(`${H}\nE3,XS1,XC1,,SH,BJ,2026-01-10 08:00,2026-01-11 10:00,2026-01-11 12:00,delivered,1,1,0,10,5,不可抗力\nE1,XS1,XC1,,SH,BJ,2026-01-10 08:00,2026-01-11 10:00,2026-01-11 12:00,delivered,2,2,0,10,5,\n`, 10);
    expect(second).toMatchObject({ status: 'succeeded', inserted: 0, updated: 1, unchanged: 1 });
    expect(await month('2026-01-01')).toMatchObject({ due: 4, excused_due: 3, excused_delivered: 3 });
    const updated = await snapshot();
    await t.db.transaction().execute((trx) => rebuildAllRollups(trx, TZ));
    expect(await snapshot()).toEqual(updated);
  });
});
