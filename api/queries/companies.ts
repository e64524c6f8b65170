import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { CompaniesTable } from '../../db/tables/accounts';
import { nameSortKey } from '../domain/name-sort-key';

export const companyColumns = [
  'companies.id', 'companies.code', 'companies.name', 'companies.is_shipper', 'companies.is_consignee',
  'companies.industry', 'companies.region', 'companies.address', 'companies.account_manager_id',
  'companies.est_annual_shipments', 'companies.service_lines', 'companies.notes', 'companies.customer_since',
  'companies.lifecycle_stage', 'companies.archived_at', 'companies.created_at', 'companies.updated_at',
] as const;

const withManager = (db: Executor) =>
  db.selectFrom('companies')
    .leftJoin('users as manager', 'manager.id', 'companies.account_manager_id')
    .select([...companyColumns, 'manager.name as account_manager_name']);

export type CompanyRow = NonNullable<Awaited<ReturnType<typeof findCompanyById>>>;

export const findCompanyById = (db: Executor, id: number) =>
  withManager(db).where('companies.id', '=', id).executeTakeFirst();

/** The company with this business key (exact match), archived or not. */
export const findCompanyByCode = (db: Executor, code: string) =>
  withManager(db).where('companies.code', '=', code).executeTakeFirst();

export const insertCompany = async (db: Executor, values: Insertable<CompaniesTable>) => {
  const { id } = await db.insertInto('companies').values({ ...values, name_sort_key: nameSortKey(values.name) })
    .returning('id').executeTakeFirstOrThrow();
  return (await findCompanyById(db, id))!;
};

export const updateCompany = async (db: Executor, id: number, patch: Updateable<CompaniesTable>) => {
  const sortKey = typeof patch.name === 'string' ? { name_sort_key: nameSortKey(patch.name) } : {};
  await db.updateTable('companies').set({ ...patch, ...sortKey, updated_at: new Date() }).where('id', '=', id).execute();
  return (await findCompanyById(db, id))!;
};

/**
 * Fills the name sort key of companies written without one (the demo seed, rows from before the key existed),
 * in batches; returns how many it filled.
 */
export async function fillMissingNameSortKeys(db: Executor, batch = 2000): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await db.selectFrom('companies').select(['id', 'name']).where('name_sort_key', 'is', null).orderBy('id').limit(batch).execute();
    if (rows.length === 0) return filled;
    await sql`update companies c set name_sort_key = v.key
      from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => nameSortKey(r.name))}::text[]) as v(id, key)
      where c.id = v.id`.execute(db);
    filled += rows.length;
  }
}

/** A LIKE pattern that matches `text` anywhere, with the wildcards in it taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** How many live pairs and contracts hang on each side of a company (to refuse dropping a role in use). */
export async function companyRoleUsage(db: Executor, id: number) {
  const row = await db.selectNoFrom((eb) => [
    eb.selectFrom('customer_pairs').select((e) => e.fn.countAll<number>().as('n'))
      .where('shipper_id', '=', id).where('archived_at', 'is', null).as('pairs_as_shipper'),
    eb.selectFrom('customer_pairs').select((e) => e.fn.countAll<number>().as('n'))
      .where('consignee_id', '=', id).where('archived_at', 'is', null).as('pairs_as_consignee'),
    eb.selectFrom('contracts').select((e) => e.fn.countAll<number>().as('n'))
      .where('shipper_id', '=', id).where('archived_at', 'is', null).as('contracts'),
  ]).executeTakeFirstOrThrow();
  return { pairsAsShipper: Number(row.pairs_as_shipper), pairsAsConsignee: Number(row.pairs_as_consignee), contracts: Number(row.contracts) };
}

export const findStaffUser = (db: Executor, id: number) =>
  db.selectFrom('users').select(['id', 'name', 'role', 'disabled_at']).where('id', '=', id).executeTakeFirst();
