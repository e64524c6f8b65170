import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, Executor } from '../../db/database';
import type { LifecycleStage } from '../../db/tables/accounts';
import type { Actor } from '../context';
import { companyVisible } from '../auth/scope';
import { companyColumns, containsPattern } from './companies';

export type CompanySort = 'name' | 'code' | 'createdAt' | 'customerSince' | 'estAnnualShipments' | 'churnRisk' | 'revenue12m' | 'accountManager';

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

type Filtered = SelectQueryBuilder<Database, 'companies', object>;
type Dir = 'asc' | 'desc';

/** Companies the actor may see, filtered. */
function filtered(db: Executor, actor: Actor, f: CompanyFilter): Filtered {
  return db.selectFrom('companies')
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
    .$if(f.archived === 'true', (q) => q.where('companies.archived_at', 'is not', null)) as Filtered;
}

/** The row of the list: the company, its manager's name, and its score in the run (or nulls). */
function withColumns(q: Filtered, runId: number | null) {
  return q
    .leftJoin('users as manager', 'manager.id', 'companies.account_manager_id')
    .leftJoin('churn_scores as score', (join) => join.onRef('score.company_id', '=', 'companies.id').on('score.run_id', '=', runId ?? -1))
    .select([...companyColumns, 'manager.name as account_manager_name', 'score.total_risk as churn_risk', 'score.revenue_12m as revenue_12m']);
}

export type CompanyListRow = Awaited<ReturnType<ReturnType<typeof withColumns>['execute']>>[number];

const count = async (q: Filtered) => Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const COLUMN_SORTS = {
  // the pinyin key (name-sort-key.ts; its second half breaks ties by case and accents), then the id: the key's index
  name: ['companies.name_sort_key'],
  code: ['companies.code'],
  createdAt: ['companies.created_at'],
  customerSince: ['companies.customer_since'],
  estAnnualShipments: ['companies.est_annual_shipments'],
} as const;

/**
 * One query ordered by columns of companies. Empty values come last, except for the name key, which follows
 * the index's own order (a key is empty only until start-up fills it).
 */
function byColumns(q: Filtered, columns: readonly string[], dir: Dir, runId: number | null, limit: number, offset: number) {
  let rows = withColumns(q, runId);
  for (const column of columns) {
    rows = column === 'companies.name_sort_key'
      ? rows.orderBy(sql.ref(column), dir)
      : rows.orderBy(sql.ref(column), (ob) => (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  }
  return rows.orderBy('companies.id', dir).limit(limit).offset(offset).execute();
}

/**
 * Whose score the actor may sort by: a manager only their own accounts' and unmanaged ones' (another manager's
 * counterpart shows no score, so its place in the order must not tell it either); other staff everyone's.
 */
function sortableScore(actor: Actor, runId: number) {
  return (eb: any) => {
    const inRun = eb.exists(eb.selectFrom('churn_scores as s').select('s.company_id')
      .whereRef('s.company_id', '=', 'companies.id').where('s.run_id', '=', runId));
    if (actor.role !== 'manager') return inRun;
    return eb.and([inRun, eb.or([eb('companies.account_manager_id', 'is', null), eb('companies.account_manager_id', '=', actor.userId)])]);
  };
}

/**
 * By a score of the run (churn risk, 12-month revenue): the scored companies read in the order of the score's
 * index (run, score, company), then by name those the run did not score (created since) or whose score the
 * actor may not see. Ordering the left-joined score instead would sort every visible company on each page.
 */
async function byScore(actor: Actor, q: Filtered, column: 'total_risk' | 'revenue_12m', f: CompanyFilter) {
  const runId = f.churnRunId ?? -1;
  const sortable = sortableScore(actor, runId);
  const rows: CompanyListRow[] = await withColumns(q.where(sortable) as Filtered, f.churnRunId).where('score.run_id', '=', runId)
    .orderBy(`score.${column}`, f.order).orderBy('score.company_id', f.order)
    .limit(f.limit).offset(f.offset).execute();
  if (rows.length < f.limit) {
    // past the sortable scores: how many there are says where the rest start
    const scoredTotal = rows.length > 0 ? f.offset + rows.length : await count(q.where(sortable) as Filtered);
    const rest = q.where((eb) => eb.not(sortable(eb))) as Filtered;
    rows.push(...await byColumns(rest, COLUMN_SORTS.name, 'asc', f.churnRunId, f.limit - rows.length, Math.max(0, f.offset - scoredTotal)));
  }
  return rows;
}

/**
 * By account manager name, then company name: the managers (few) are ordered in the app from one grouped
 * count, and the page is read from the segment(s) of the managers it falls into, each in the order of the
 * index (manager, name key). Companies without a manager come last.
 */
async function byManager(db: Executor, q: Filtered, f: CompanyFilter) {
  const groups = await q.select((eb) => ['companies.account_manager_id as id', eb.fn.countAll<number>().as('n')])
    .groupBy('companies.account_manager_id').execute();
  const ids = groups.map((g) => g.id).filter((id): id is number => id !== null).map(Number);
  const names = new Map((ids.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute() : [])
    .map((u) => [Number(u.id), u.name]));
  const collator = new Intl.Collator('zh');
  const segments = groups.map((g) => ({ id: g.id === null ? null : Number(g.id), n: Number(g.n) }))
    .sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : collator.compare(names.get(a.id) ?? '', names.get(b.id) ?? '') || a.id - b.id));
  const ordered = f.order === 'asc' ? segments : [...segments.filter((s) => s.id !== null).reverse(), ...segments.filter((s) => s.id === null)];
  const rows: CompanyListRow[] = [];
  let skip = f.offset;
  for (const segment of ordered) {
    if (rows.length >= f.limit) break;
    if (skip >= segment.n) {
      skip -= segment.n;
      continue;
    }
    const mine = (segment.id === null ? q.where('companies.account_manager_id', 'is', null) : q.where('companies.account_manager_id', '=', segment.id)) as Filtered;
    rows.push(...await byColumns(mine, COLUMN_SORTS.name, segment.id === null ? 'asc' : f.order, f.churnRunId, f.limit - rows.length, skip));
    skip = 0;
  }
  return { rows, total: segments.reduce((sum, s) => sum + s.n, 0) };
}

/** Companies the actor may see, filtered, sorted and paged, with the total before paging. */
export async function listCompanies(db: Executor, actor: Actor, f: CompanyFilter) {
  const q = filtered(db, actor, f);
  // the manager sort counts per manager anyway: its total is the sum
  if (f.sort === 'accountManager') return byManager(db, q, f);
  const total = await count(q);
  let rows: CompanyListRow[];
  if (f.sort === 'churnRisk') rows = await byScore(actor, q, 'total_risk', f);
  else if (f.sort === 'revenue12m') rows = await byScore(actor, q, 'revenue_12m', f);
  else rows = await byColumns(q, COLUMN_SORTS[f.sort], f.order, f.churnRunId, f.limit, f.offset);
  return { rows, total };
}
