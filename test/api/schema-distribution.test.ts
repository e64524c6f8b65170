import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';

/**
 * The fact tables are ready for Citus with shipper_id as the distribution column (docs/scaling.md):
 * Citus can only enforce a primary or unique key that contains the distribution column, so every
 * such key of these tables must include shipper_id, and shipper_id must be a non-null column.
 */
const FACT_TABLES = ['deliveries', 'daily_service_rollups', 'monthly_service_rollups', 'monthly_rollup_queue', 'import_row_errors'] as const;
/** Fact tables that must have a primary key (the import upserts on it). */
const KEYED = new Set(['deliveries', 'daily_service_rollups', 'monthly_service_rollups', 'monthly_rollup_queue']);

interface KeyRow { table_name: string; index_name: string; is_primary: boolean; columns: string[] | string; expression: string | null }

describe('schema is ready for distribution by shipper_id', () => {
  const t = useTestApp();

  const keysOf = async (table: string) => {
    const result = await sql<KeyRow>`
      select c.relname as table_name, i.relname as index_name, x.indisprimary as is_primary,
             array(select a.attname::text from unnest(x.indkey) as k(attnum)
                   join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum) as columns,
             pg_get_expr(x.indexprs, x.indrelid) as expression
      from pg_index x
      join pg_class c on c.oid = x.indrelid
      join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relname = ${table} and x.indisunique`.execute(t.db);
    // pg returns text[] as an array, PGlite may too; normalise either way
    return result.rows.map((r) => ({ ...r, columns: Array.isArray(r.columns) ? r.columns : String(r.columns).replace(/[{}]/g, '').split(',') }));
  };

  it.each(FACT_TABLES)('%s has a non-null shipper_id column', async (table) => {
    const result = await sql<{ is_nullable: string; data_type: string }>`
      select is_nullable, data_type from information_schema.columns
      where table_schema = 'public' and table_name = ${table} and column_name = 'shipper_id'`.execute(t.db);
    expect(result.rows, `${table}.shipper_id`).toEqual([{ is_nullable: 'NO', data_type: 'bigint' }]);
  });

  it.each(FACT_TABLES)('every primary and unique key of %s includes shipper_id', async (table) => {
    const keys = await keysOf(table);
    if (KEYED.has(table)) expect(keys.some((k) => k.is_primary), `${table} has a primary key`).toBe(true);
    const offending = keys.filter((k) => !k.columns.includes('shipper_id'));
    expect(offending.map((k) => `${k.index_name} (${k.columns.join(', ')}${k.expression ? `, ${k.expression}` : ''})`),
      `unique keys of ${table} without shipper_id: Citus could not enforce them — add shipper_id (see docs/scaling.md)`).toEqual([]);
  });

  it('deliveries are keyed by (shipper_id, tracking_no)', async () => {
    const primary = (await keysOf('deliveries')).find((k) => k.is_primary);
    expect(primary?.columns).toEqual(['shipper_id', 'tracking_no']);
  });

  it('the check itself catches a unique key without shipper_id', async () => {
    await t.db.transaction().execute(async (trx) => {
      await sql`create unique index probe_bad_key on monthly_service_rollups (month, origin, destination, consignee_id, contract_id)`.execute(trx);
      const rows = await sql<{ n: number }>`
        select count(*)::int as n from pg_index x join pg_class c on c.oid = x.indrelid
        where c.relname = 'monthly_service_rollups' and x.indisunique
          and not exists (select 1 from unnest(x.indkey) k(attnum) join pg_attribute a
                          on a.attrelid = x.indrelid and a.attnum = k.attnum where a.attname = 'shipper_id')`.execute(trx);
      expect(rows.rows[0].n).toBe(1);
      await sql`drop index probe_bad_key`.execute(trx);
    });
  });
});
