import type { ExpressionBuilder } from 'kysely';
import type { Database, Executor } from '../../db/database';
import type { Actor } from '../context';
import { pairInReach } from '../auth/scope';

const pairSelect = (db: Executor) =>
  db.selectFrom('customer_pairs')
    .innerJoin('companies as shipper', 'shipper.id', 'customer_pairs.shipper_id')
    .innerJoin('companies as consignee', 'consignee.id', 'customer_pairs.consignee_id')
    .select([
      'customer_pairs.id', 'customer_pairs.shipper_id', 'customer_pairs.consignee_id', 'customer_pairs.source',
      'customer_pairs.notes', 'customer_pairs.archived_at', 'customer_pairs.created_at',
      'shipper.code as shipper_code', 'shipper.name as shipper_name', 'shipper.account_manager_id as shipper_manager_id',
      'consignee.code as consignee_code', 'consignee.name as consignee_name', 'consignee.account_manager_id as consignee_manager_id',
    ]);

/**
 * A where-clause for pairs the actor may see: a client those of its own company (either side);
 * a manager those with a side they manage (DESIGN.md §8 "A manager's reach"), so a consignee shared
 * with another manager's shipper does not reveal that shipper; admin and operations all.
 */
export function pairVisible(db: Executor, actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'customer_pairs'>) =>
    pairInReach<Database, 'customer_pairs'>(db, actor, 'customer_pairs.shipper_id', 'customer_pairs.consignee_id')(eb);
}

export type PairRow = NonNullable<Awaited<ReturnType<typeof findPairById>>>;

export const findPairById = (db: Executor, id: number) =>
  pairSelect(db).where('customer_pairs.id', '=', id).executeTakeFirst();

export const findPairByCompanies = (db: Executor, shipperId: number, consigneeId: number) =>
  pairSelect(db).where('customer_pairs.shipper_id', '=', shipperId).where('customer_pairs.consignee_id', '=', consigneeId).executeTakeFirst();

export const insertPair = async (db: Executor, values: { shipper_id: number; consignee_id: number; source: 'manual' | 'import'; notes: string | null }) => {
  const { id } = await db.insertInto('customer_pairs').values(values).returning('id').executeTakeFirstOrThrow();
  return (await findPairById(db, id))!;
};

export const updatePair = async (db: Executor, id: number, patch: { notes?: string | null; archived_at?: Date | null }) => {
  await db.updateTable('customer_pairs').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();
  return (await findPairById(db, id))!;
};

export interface PairFilter {
  shipperId?: number;
  consigneeId?: number;
  companyId?: number;
  archived: 'false' | 'true' | 'all';
  limit: number;
  offset: number;
}

/** Pairs the actor may see (either side visible), filtered and paged, with the total. */
export async function listPairs(db: Executor, actor: Actor, f: PairFilter) {
  const base = db.selectFrom('customer_pairs')
    .where(pairVisible(db, actor))
    .$if(f.shipperId !== undefined, (q) => q.where('customer_pairs.shipper_id', '=', f.shipperId!))
    .$if(f.consigneeId !== undefined, (q) => q.where('customer_pairs.consignee_id', '=', f.consigneeId!))
    .$if(f.companyId !== undefined, (q) => q.where((eb) => eb.or([
      eb('customer_pairs.shipper_id', '=', f.companyId!), eb('customer_pairs.consignee_id', '=', f.companyId!),
    ])))
    .$if(f.archived === 'false', (q) => q.where('customer_pairs.archived_at', 'is', null))
    .$if(f.archived === 'true', (q) => q.where('customer_pairs.archived_at', 'is not', null));
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const ids = base.select('customer_pairs.id');
  const rows = await pairSelect(db).where('customer_pairs.id', 'in', ids)
    .orderBy('shipper.name').orderBy('consignee.name').orderBy('customer_pairs.id')
    .limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(total) };
}

/** Every pair of a company the actor may see, on both sides, archived ones last. */
export const listCompanyPairs = (db: Executor, actor: Actor, companyId: number) =>
  pairSelect(db)
    .where((eb) => eb.or([eb('customer_pairs.shipper_id', '=', companyId), eb('customer_pairs.consignee_id', '=', companyId)]))
    .where('customer_pairs.id', 'in', db.selectFrom('customer_pairs').select('customer_pairs.id').where(pairVisible(db, actor))
      .where((eb) => eb.or([eb('customer_pairs.shipper_id', '=', companyId), eb('customer_pairs.consignee_id', '=', companyId)])))
    .orderBy('customer_pairs.archived_at', 'desc')
    .orderBy('customer_pairs.id')
    .execute();
