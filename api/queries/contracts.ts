import type { ExpressionBuilder, Insertable, Updateable } from 'kysely';
import type { Database, Executor } from '../../db/database';
import type { ContractsTable } from '../../db/tables/accounts';
import type { Actor } from '../context';
import { reachCompanyIds } from '../auth/scope';
import { containsPattern } from './companies';

const contractSelect = (db: Executor) =>
  db.selectFrom('contracts')
    .innerJoin('companies as shipper', 'shipper.id', 'contracts.shipper_id')
    .selectAll('contracts')
    .select(['shipper.code as shipper_code', 'shipper.name as shipper_name', 'shipper.account_manager_id as shipper_manager_id']);

export type ContractRow = NonNullable<Awaited<ReturnType<typeof findContractById>>>;

export const findContractById = (db: Executor, id: number) =>
  contractSelect(db).where('contracts.id', '=', id).executeTakeFirst();

export const findContractByCode = (db: Executor, shipperId: number, code: string) =>
  contractSelect(db).where('contracts.shipper_id', '=', shipperId).where('contracts.code', '=', code).executeTakeFirst();

/** The consignees each contract is limited to (no entry: it covers all of its shipper's consignees). */
export async function contractConsignees(db: Executor, contractIds: readonly number[]): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>();
  if (contractIds.length === 0) return result;
  const rows = await db.selectFrom('contract_consignees').select(['contract_id', 'consignee_id'])
    .where('contract_id', 'in', contractIds).orderBy('consignee_id').execute();
  for (const r of rows) {
    const list = result.get(r.contract_id) ?? [];
    list.push(r.consignee_id);
    result.set(r.contract_id, list);
  }
  return result;
}

export async function insertContract(db: Executor, values: Insertable<ContractsTable>, consigneeIds: readonly number[]) {
  const { id } = await db.insertInto('contracts').values(values).returning('id').executeTakeFirstOrThrow();
  await replaceContractConsignees(db, id, consigneeIds);
  return id;
}

export const updateContract = (db: Executor, id: number, patch: Updateable<ContractsTable>) =>
  db.updateTable('contracts').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();

export async function replaceContractConsignees(db: Executor, contractId: number, consigneeIds: readonly number[]) {
  await db.deleteFrom('contract_consignees').where('contract_id', '=', contractId).execute();
  if (consigneeIds.length > 0) {
    await db.insertInto('contract_consignees').values(consigneeIds.map((consignee_id) => ({ contract_id: contractId, consignee_id }))).execute();
  }
}

/** Live contracts of a shipper whose period shares a day with [start, end], other than `exceptId`. */
export const overlappingContracts = (db: Executor, shipperId: number, start: string, end: string, exceptId: number | null) =>
  db.selectFrom('contracts').select(['id', 'code', 'start_date', 'end_date'])
    .where('shipper_id', '=', shipperId)
    .where('archived_at', 'is', null)
    .where('start_date', '<=', end)
    .where('end_date', '>=', start)
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
    .orderBy('start_date')
    .execute();

/** Which of these consignees have a live pair with the shipper. */
export const pairedConsignees = async (db: Executor, shipperId: number, consigneeIds: readonly number[]) =>
  consigneeIds.length === 0 ? [] : (await db.selectFrom('customer_pairs').select('consignee_id')
    .where('shipper_id', '=', shipperId).where('consignee_id', 'in', consigneeIds).where('archived_at', 'is', null)
    .execute()).map((r) => r.consignee_id);

/** How many deliveries or rollups refer to the contract (a contract with history is archived, not deleted). */
/**
 * Whether deliveries refer to the contract (read through its shipper's part of the deliveries key). With
 * `lock`, the contract row is locked for update first (deliveries carry no foreign key to it).
 */
export async function contractUsage(db: Executor, id: number, options: { lock?: boolean } = {}) {
  let q = db.selectFrom('contracts as k').select((eb) => [
    eb.exists(eb.selectFrom('deliveries as d').select('d.id')
      .whereRef('d.shipper_id', '=', 'k.shipper_id').whereRef('d.contract_id', '=', 'k.id')).as('has_deliveries'),
  ]).where('k.id', '=', id);
  if (options.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return { hasDeliveries: Boolean(row?.has_deliveries) };
}

export const deleteContract = (db: Executor, id: number) => db.deleteFrom('contracts').where('id', '=', id).execute();

/** The contract covers the consignee: named in its scope, or an all-consignee contract of a shipper paired with it. */
function coversConsignee(eb: ExpressionBuilder<Database, 'contracts'>, consigneeId: number | ReturnType<typeof reachCompanyIds>) {
  const scoped = (e: ExpressionBuilder<Database, 'contracts'>) =>
    e.selectFrom('contract_consignees').select('contract_consignees.contract_id').whereRef('contract_consignees.contract_id', '=', 'contracts.id');
  return eb.or([
    eb.exists(scoped(eb).where('contract_consignees.consignee_id', 'in', typeof consigneeId === 'number' ? [consigneeId] : consigneeId as any)),
    eb.and([
      eb.not(eb.exists(scoped(eb))),
      eb.exists(eb.selectFrom('customer_pairs').select('customer_pairs.id')
        .whereRef('customer_pairs.shipper_id', '=', 'contracts.shipper_id').where('customer_pairs.consignee_id', 'in', typeof consigneeId === 'number' ? [consigneeId] : consigneeId as any)),
    ]),
  ]);
}

/**
 * A where-clause for contracts the actor may see: staff by the shipper's visibility; a client the
 * contracts of its own company as shipper, and those covering it as a consignee (named in the scope,
 * or an all-consignee contract of a shipper it is paired with).
 */
export function contractVisible(db: Executor, actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'contracts'>) => {
    if (actor.role === 'client') {
      const me = actor.companyId ?? -1;
      return eb.or([eb('contracts.shipper_id', '=', me), coversConsignee(eb, me)]);
    }
    // a manager: the contracts of shippers they manage and those covering a consignee they manage
    const ids = reachCompanyIds(db, actor);
    return ids ? eb.or([eb('contracts.shipper_id', 'in', ids), coversConsignee(eb, ids)]) : eb.lit(true);
  };
}

export interface ContractFilter {
  shipperId?: number;
  consigneeId?: number;
  q?: string;
  activeOn?: string;
  endingBetween?: { from: string; to: string };
  autoRenew?: boolean;
  archived: 'false' | 'true' | 'all';
  limit: number;
  offset: number;
}

export async function listContracts(db: Executor, actor: Actor, f: ContractFilter) {
  const base = db.selectFrom('contracts')
    .where(contractVisible(db, actor))
    .$if(f.shipperId !== undefined, (q) => q.where('contracts.shipper_id', '=', f.shipperId!))
    .$if(f.consigneeId !== undefined, (q) => q.where((eb) => coversConsignee(eb, f.consigneeId!)))
    .$if(!!f.q, (q) => q.where((eb) => eb.or([
      eb('contracts.code', 'ilike', containsPattern(f.q!)), eb('contracts.name', 'ilike', containsPattern(f.q!)),
    ])))
    .$if(!!f.activeOn, (q) => q.where('contracts.start_date', '<=', f.activeOn!).where('contracts.end_date', '>=', f.activeOn!))
    .$if(!!f.endingBetween, (q) => q.where('contracts.end_date', '>=', f.endingBetween!.from).where('contracts.end_date', '<=', f.endingBetween!.to))
    .$if(f.autoRenew !== undefined, (q) => q.where('contracts.auto_renew', '=', f.autoRenew!))
    .$if(f.archived === 'false', (q) => q.where('contracts.archived_at', 'is', null))
    .$if(f.archived === 'true', (q) => q.where('contracts.archived_at', 'is not', null));
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await contractSelect(db).where('contracts.id', 'in', base.select('contracts.id'))
    .orderBy('contracts.end_date').orderBy('contracts.code').orderBy('contracts.id')
    .limit(f.limit).offset(f.offset).execute();
  return { rows, total: Number(total) };
}

/** Resolves to true when the actor may see the contract. */
export const contractIsVisible = async (db: Executor, actor: Actor, id: number) =>
  !!(await db.selectFrom('contracts').select('contracts.id').where('contracts.id', '=', id).where(contractVisible(db, actor)).executeTakeFirst());

/** Whether the contract covers the consignee (named in its scope, or an all-consignee contract of a shipper paired with it). */
export const contractCoversConsignee = async (db: Executor, contractId: number, consigneeId: number) =>
  !!(await db.selectFrom('contracts').select('contracts.id').where('contracts.id', '=', contractId)
    .where((eb) => coversConsignee(eb, consigneeId)).executeTakeFirst());
