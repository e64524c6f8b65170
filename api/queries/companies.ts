import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { CompaniesTable, LifecycleStage } from '../../db/tables/accounts';
import type { Actor } from '../context';
import { companyVisible } from '../auth/scope';
import { nameSortKey } from '../domain/name-sort-key';

const companyColumns = [
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

export interface CompanyFilter {
  q?: string;
  role?: 'shipper' | 'consignee';
  region?: string;
  industry?: string;
  accountManagerId?: number;
  lifecycleStage?: LifecycleStage;
  archived: 'false' | 'true' | 'all';
  sort: CompanySort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  /** the churn run whose risk and revenue the rows carry (null: never computed) */
  churnRunId: number | null;
}

export type CompanySort = 'name' | 'code' | 'createdAt' | 'customerSince' | 'estAnnualShipments' | 'churnRisk' | 'revenue12m' | 'accountManager';

/** The order of each sort; a name sorts by its pinyin key (name-sort-key.ts), ties by the name itself. */
const sortColumns: Record<CompanySort, string[]> = {
  name: ['companies.name_sort_key', 'companies.name'],
  code: ['companies.code'],
  createdAt: ['companies.created_at'],
  customerSince: ['companies.customer_since'],
  estAnnualShipments: ['companies.est_annual_shipments'],
  churnRisk: ['score.total_risk'],
  revenue12m: ['score.revenue_12m'],
  accountManager: ['manager.name', 'companies.name_sort_key'],
};

/** A LIKE pattern that matches `text` anywhere, with the wildcards in it taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Companies the actor may see, filtered, sorted and paged, with the total before paging. */
export async function listCompanies(db: Executor, actor: Actor, f: CompanyFilter) {
  const base = db.selectFrom('companies')
    .where(companyVisible(db, actor, 'companies.id'))
    .$if(!!f.q, (q) => q.where((eb) => eb.or([
      eb('companies.name', 'ilike', containsPattern(f.q!)),
      eb('companies.code', 'ilike', containsPattern(f.q!)),
    ])))
    .$if(f.role === 'shipper', (q) => q.where('companies.is_shipper', '=', true))
    .$if(f.role === 'consignee', (q) => q.where('companies.is_consignee', '=', true))
    .$if(!!f.region, (q) => q.where('companies.region', '=', f.region!))
    .$if(!!f.industry, (q) => q.where('companies.industry', '=', f.industry!))
    .$if(f.accountManagerId !== undefined, (q) => q.where('companies.account_manager_id', '=', f.accountManagerId!))
    .$if(!!f.lifecycleStage, (q) => q.where('companies.lifecycle_stage', '=', f.lifecycleStage!))
    .$if(f.archived === 'false', (q) => q.where('companies.archived_at', 'is', null))
    .$if(f.archived === 'true', (q) => q.where('companies.archived_at', 'is not', null));
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let rows = base
    .leftJoin('users as manager', 'manager.id', 'companies.account_manager_id')
    .leftJoin('churn_scores as score', (join) => join
      .onRef('score.company_id', '=', 'companies.id').on('score.run_id', '=', f.churnRunId ?? -1))
    .select([...companyColumns, 'manager.name as account_manager_name', 'score.total_risk as churn_risk', 'score.revenue_12m as revenue_12m']);
  for (const column of sortColumns[f.sort]) {
    rows = rows.orderBy(sql.ref(column), (ob) => (f.order === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  }
  const page = await rows.orderBy('companies.id').limit(f.limit).offset(f.offset).execute();
  return { rows: page, total: Number(total) };
}

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
