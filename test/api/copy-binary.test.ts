import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { CopyBinaryWriter } from '../../api/import/copy-binary';
import { openImportSession } from '../../api/import/session';

describe('binary COPY rows written by the import', () => {
  const t = useTestApp();

  it('arrive in PostgreSQL as the values they were written from', async () => {
    const session = await openImportSession(t.handle);
    try {
      const out = new CopyBinaryWriter(16);
      const rows = [
        { id: 9_007_199_254_740_991, text: 'héllo 收货方', at: Date.UTC(2026, 2, 1, 2, 0, 0, 123), cents: 160481, day: '2026-03-01', f: 12.75, b: [3, 70], n: [1, 2] },
        { id: 1, text: '', at: Date.UTC(1999, 11, 31, 23, 59, 59), cents: 0, day: '1999-12-31', f: 0, b: [], n: [] },
        { id: 42, text: 'x', at: Date.UTC(2026, 0, 1), cents: 100_000_000_050, day: '2200-02-28', f: -1.5, b: [32767], n: [100000] },
        { id: 7, text: 'y', at: Date.UTC(2026, 0, 1), cents: 5, day: '2026-01-01', f: 1, b: [0], n: [1] },
      ];
      for (const r of rows) {
        out.row(8).int8(r.id).text(r.text).timestamptz(r.at).numericCents(r.cents).date(r.day).float8(r.f).int2Array(r.b).int4Array(r.n);
      }
      out.row(8).int8OrNull(null).textOrNull(null).timestamptz(null).null().null().null().null().null();
      await session.db.transaction().execute(async (trx) => {
        await sql`create temp table copy_probe (id bigint, t text, at timestamptz, amount numeric(16,2), day date, f float8, b smallint[], n integer[])`.execute(trx);
        await session.copyBinary('copy_probe', out.finish());
        const back = await sql<any>`select id::text, t, at, amount::text as amount, day::text as day, f, b, n from copy_probe`.execute(trx);
        expect(back.rows.map((r) => ({ ...r, at: r.at?.getTime() ?? null, b: r.b?.map(Number) ?? null, n: r.n?.map(Number) ?? null }))).toEqual([
          { id: '9007199254740991', t: 'héllo 收货方', at: rows[0].at, amount: '1604.81', day: '2026-03-01', f: 12.75, b: [3, 70], n: [1, 2] },
          { id: '1', t: '', at: rows[1].at, amount: '0.00', day: '1999-12-31', f: 0, b: [], n: [] },
          { id: '42', t: 'x', at: rows[2].at, amount: '1000000000.50', day: '2200-02-28', f: -1.5, b: [32767], n: [100000] },
          { id: '7', t: 'y', at: rows[3].at, amount: '0.05', day: '2026-01-01', f: 1, b: [0], n: [1] },
          { id: null, t: null, at: null, amount: null, day: null, f: null, b: null, n: null },
        ]);
        await sql`drop table copy_probe`.execute(trx);
      });
    } finally {
      await session.release();
    }
  });
});
