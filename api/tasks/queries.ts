import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { TaskPriority, TasksTable, TaskStatus } from '../../db/tables/workbench';
import type { portfolioCompanyIds } from '../workbench/portfolio';

const taskSelect = (db: Executor) => db.selectFrom('tasks as t')
  .innerJoin('companies as c', 'c.id', 't.company_id')
  .innerJoin('users as o', 'o.id', 't.owner_id')
  .leftJoin('contracts as k', 'k.id', 't.contract_id')
  .selectAll('t')
  .select(['c.name as company_name', 'c.account_manager_id', 'o.name as owner_name', 'k.code as contract_code']);

export type TaskRow = NonNullable<Awaited<ReturnType<typeof findTask>>>;

export const findTask = (db: Executor, id: number) => taskSelect(db).where('t.id', '=', id).executeTakeFirst();

export const insertTask = async (db: Executor, values: Insertable<TasksTable>) =>
  Number((await db.insertInto('tasks').values(values).returning('id').executeTakeFirstOrThrow()).id);

export const updateTask = (db: Executor, id: number, patch: Updateable<TasksTable>) =>
  db.updateTable('tasks').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();

export type TaskStatusFilter = 'open' | 'done' | 'cancelled' | 'all' | TaskStatus;

export interface TaskFilter {
  userId: number;
  portfolio: ReturnType<typeof portfolioCompanyIds>;
  mine?: boolean;
  ownerId?: number;
  companyId?: number;
  alertId?: number;
  status: TaskStatusFilter;
  priority?: TaskPriority;
  overdue?: boolean;
  forReview?: boolean;
  /** tasks due, done or created in [from, to) (the review pack's quarter) */
  activeFrom?: Date;
  activeTo?: Date;
  now: Date;
  sort: 'due' | 'priority' | 'created';
  order: 'asc' | 'desc';
}

const OPEN: TaskStatus[] = ['open', 'in_progress'];

function filtered(db: Executor, f: TaskFilter) {
  return taskSelect(db)
    .where((eb) => (f.portfolio === null ? sql<boolean>`true` : eb.or([eb('t.company_id', 'in', f.portfolio as any), eb('t.owner_id', '=', f.userId)])))
    .$if(f.mine === true, (q) => q.where('t.owner_id', '=', f.userId))
    .$if(f.ownerId !== undefined, (q) => q.where('t.owner_id', '=', f.ownerId!))
    .$if(f.companyId !== undefined, (q) => q.where('t.company_id', '=', f.companyId!))
    .$if(f.alertId !== undefined, (q) => q.where('t.alert_id', '=', f.alertId!))
    .$if(f.status === 'open', (q) => q.where('t.status', 'in', OPEN))
    .$if(f.status !== 'open' && f.status !== 'all', (q) => q.where('t.status', '=', f.status as TaskStatus))
    .$if(f.priority !== undefined, (q) => q.where('t.priority', '=', f.priority!))
    .$if(f.overdue === true, (q) => q.where('t.status', 'in', OPEN).where('t.due_at', '<', f.now))
    .$if(f.forReview !== undefined, (q) => q.where('t.for_review', '=', f.forReview!))
    .$if(f.activeFrom !== undefined, (q) => q.where((eb) => eb.or([
      eb.and([eb('t.due_at', '>=', f.activeFrom!), eb('t.due_at', '<', f.activeTo!)]),
      eb.and([eb('t.completed_at', '>=', f.activeFrom!), eb('t.completed_at', '<', f.activeTo!)]),
      eb.and([eb('t.created_at', '>=', f.activeFrom!), eb('t.created_at', '<', f.activeTo!)]),
      eb.and([eb('t.status', 'in', OPEN), eb('t.created_at', '<', f.activeTo!)]),
    ])));
}

const PRIORITY_RANK = sql`case t.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

export async function listTasks(db: Executor, f: TaskFilter, page: { limit: number; offset: number }) {
  const ordered = filtered(db, f).orderBy(
    f.sort === 'due' ? sql`t.due_at` : f.sort === 'priority' ? PRIORITY_RANK : sql`t.created_at`,
    (ob) => (f.order === 'asc' ? ob.asc() : ob.desc()).nullsLast(),
  );
  const [rows, count] = await Promise.all([
    (f.sort === 'priority' ? ordered.orderBy('t.due_at', (ob) => ob.asc().nullsLast()) : ordered)
      .orderBy('t.id', f.order).limit(page.limit).offset(page.offset).execute(),
    db.selectFrom(filtered(db, f).as('x')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The staff user who would own a task, with what their reach depends on. */
export const findOwner = (db: Executor, id: number) =>
  db.selectFrom('users').select(['id', 'name', 'email', 'role', 'company_id', 'disabled_at']).where('id', '=', id).executeTakeFirst();

/** A pair with its two sides. */
export const findPairOf = (db: Executor, id: number) =>
  db.selectFrom('customer_pairs').select(['id', 'shipper_id', 'consignee_id']).where('id', '=', id).executeTakeFirst();

export const findContractOf = (db: Executor, id: number) =>
  db.selectFrom('contracts').select(['id', 'shipper_id', 'code', 'claim_response_hours', 'start_date', 'end_date']).where('id', '=', id).executeTakeFirst();

export const findInteractionOf = (db: Executor, id: number) =>
  db.selectFrom('interactions').select(['id', 'company_id', 'kind', 'summary', 'pair_id', 'owner_id', 'opened_at', 'occurred_at']).where('id', '=', id).executeTakeFirst();

/**
 * The shortest claim-response target (hours) among the contracts that cover a company on a day: its own
 * contracts as shipper, and for a consignee the contracts of the pair's shipper; null when none sets one.
 */
export async function responseTargetHours(db: Executor, companyId: number, day: string, pairShipperId: number | null): Promise<number | null> {
  const row = await db.selectFrom('contracts')
    .select((eb) => eb.fn.min<number>('claim_response_hours').as('hours'))
    .where('archived_at', 'is', null)
    .where('start_date', '<=', day).where('end_date', '>=', day)
    .where('claim_response_hours', 'is not', null)
    .where((eb) => eb.or([eb('shipper_id', '=', companyId), ...(pairShipperId === null ? [] : [eb('shipper_id', '=', pairShipperId)])]))
    .executeTakeFirst();
  return row?.hours == null ? null : Number(row.hours);
}
