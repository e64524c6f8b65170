import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { InteractionKind, InteractionsTable } from '../../db/tables/accounts';

const interactionSelect = (db: Executor) =>
  db.selectFrom('interactions')
    .leftJoin('departments', 'departments.id', 'interactions.department_id')
    .leftJoin('users as owner', 'owner.id', 'interactions.owner_id')
    .selectAll('interactions')
    .select(['departments.name as department_name', 'owner.name as owner_name']);

export type InteractionRow = NonNullable<Awaited<ReturnType<typeof findInteraction>>>;

export const findInteraction = (db: Executor, companyId: number, id: number) =>
  interactionSelect(db).where('interactions.company_id', '=', companyId).where('interactions.id', '=', id).executeTakeFirst();

export const insertInteraction = async (db: Executor, values: Insertable<InteractionsTable>) =>
  (await db.insertInto('interactions').values(values).returning('id').executeTakeFirstOrThrow()).id;

export const updateInteraction = (db: Executor, id: number, patch: Updateable<InteractionsTable>) =>
  db.updateTable('interactions').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();

export interface InteractionFilter {
  kind?: InteractionKind;
  open?: boolean;
  departmentId?: number;
  pairId?: number;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** A company's interactions, newest first, with the total before paging. */
export async function listInteractions(db: Executor, companyId: number, f: InteractionFilter) {
  const base = db.selectFrom('interactions').where('interactions.company_id', '=', companyId)
    .$if(!!f.kind, (q) => q.where('interactions.kind', '=', f.kind!))
    .$if(f.open === true, (q) => q.where('interactions.kind', 'in', ['complaint', 'claim']).where('interactions.resolved_at', 'is', null))
    .$if(f.open === false, (q) => q.where((eb) => eb.or([
      eb('interactions.kind', 'not in', ['complaint', 'claim']), eb('interactions.resolved_at', 'is not', null),
    ])))
    .$if(f.departmentId !== undefined, (q) => q.where('interactions.department_id', '=', f.departmentId!))
    .$if(f.pairId !== undefined, (q) => q.where('interactions.pair_id', '=', f.pairId!))
    .$if(!!f.from, (q) => q.where('interactions.occurred_at', '>=', f.from!))
    .$if(!!f.to, (q) => q.where('interactions.occurred_at', '<', f.to!));
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await interactionSelect(db).where('interactions.id', 'in', base.select('interactions.id'))
    .orderBy('interactions.occurred_at', 'desc').orderBy('interactions.id', 'desc')
    .limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(total) };
}

/** The pair exists and the company is one of its sides. */
export const pairOfCompany = (db: Executor, companyId: number, pairId: number) =>
  db.selectFrom('customer_pairs').select('id').where('id', '=', pairId)
    .where((eb) => eb.or([eb('shipper_id', '=', companyId), eb('consignee_id', '=', companyId)]))
    .executeTakeFirst();
