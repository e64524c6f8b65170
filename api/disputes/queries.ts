import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { kpiCondition, type KpiSelection } from '../queries/delivery-flags';
import type { DisputeLineStatus, DisputeSnapshot, DisputeStatus } from '../../db/tables/disputes';

/** All SQL of disputes (api/disputes): plain functions over an executor (the root db or a transaction). */

export const insertDispute = (db: Executor, values: {
  contractId: number; shipperId: number; month: string; comment: string | null; before: DisputeSnapshot; filedBy: number;
}) => db.insertInto('disputes').values({
  contract_id: values.contractId, shipper_id: values.shipperId, month: values.month, comment: values.comment,
  before: JSON.stringify(values.before), filed_by: values.filedBy,
}).returning('id').executeTakeFirstOrThrow();

export const insertDisputeLines = (db: Executor, disputeId: number, lines: readonly { deliveryId: number; cause: string; comment: string | null }[]) =>
  db.insertInto('dispute_lines')
    .values(lines.map((l) => ({ dispute_id: disputeId, delivery_id: l.deliveryId, cause: l.cause, comment: l.comment })))
    .returning('id').execute();

const disputeColumns = [
  'disputes.id', 'disputes.contract_id', 'k.code as contract_code', 'disputes.shipper_id', 'sh.name as shipper_name',
  'disputes.month', 'disputes.status', 'disputes.comment', 'disputes.before', 'disputes.filed_by', 'u.name as filed_by_name',
  'disputes.filed_at', 'disputes.decided_at',
] as const;

const disputes = (db: Executor) => db.selectFrom('disputes')
  .innerJoin('contracts as k', 'k.id', 'disputes.contract_id')
  .innerJoin('companies as sh', 'sh.id', 'disputes.shipper_id')
  .leftJoin('users as u', 'u.id', 'disputes.filed_by')
  .select(disputeColumns);

export const findDispute = (db: Executor, id: number) => disputes(db).where('disputes.id', '=', id).executeTakeFirst();

export type DisputeRow = NonNullable<Awaited<ReturnType<typeof findDispute>>>;

export async function listContractDisputes(db: Executor, contractId: number, month: string | undefined, status: DisputeStatus | undefined, page: number, pageSize: number) {
  const base = db.selectFrom('disputes').where('disputes.contract_id', '=', contractId)
    .$if(month !== undefined, (q) => q.where('disputes.month', '=', month!))
    .$if(status !== undefined, (q) => q.where('disputes.status', '=', status!));
  const [rows, total] = await Promise.all([
    disputes(db).where('disputes.contract_id', '=', contractId)
      .$if(month !== undefined, (q) => q.where('disputes.month', '=', month!))
      .$if(status !== undefined, (q) => q.where('disputes.status', '=', status!))
      .orderBy('disputes.filed_at', 'desc').orderBy('disputes.id', 'desc')
      .limit(pageSize).offset((page - 1) * pageSize).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The lines of some disputes with what the portal shows of their deliveries, in filing order. */
export const disputeLines = (db: Executor, disputeIds: readonly number[]) => disputeIds.length === 0
  ? Promise.resolve([])
  : db.selectFrom('dispute_lines as l')
    .leftJoin('deliveries as d', 'd.id', 'l.delivery_id')
    .leftJoin('companies as co', 'co.id', 'd.consignee_id')
    .leftJoin('users as u', 'u.id', 'l.decided_by')
    .select([
      'l.id', 'l.dispute_id', 'l.delivery_id', 'l.cause', 'l.comment', 'l.status', 'l.previous_cause', 'l.decision_note',
      'l.decided_by', 'u.name as decided_by_name', 'l.decided_at',
      'd.tracking_no', 'd.consignee_id', 'co.name as consignee_name', 'd.promised_at', 'd.delivered_at', 'd.status as delivery_status',
      'd.pieces_expected', 'd.pieces_delivered', 'd.damaged_pieces', 'd.exception_cause',
    ])
    .where('l.dispute_id', 'in', disputeIds)
    .orderBy('l.dispute_id').orderBy('l.id')
    .execute();

export type DisputeLineRow = Awaited<ReturnType<typeof disputeLines>>[number];

/** Of these deliveries, those that already have an open or accepted dispute line. */
export async function liveDisputedDeliveries(db: Executor, deliveryIds: readonly number[]): Promise<Set<number>> {
  if (deliveryIds.length === 0) return new Set();
  const rows = await db.selectFrom('dispute_lines').select('delivery_id')
    .where('delivery_id', 'in', deliveryIds).where('status', 'in', ['open', 'accepted']).execute();
  return new Set(rows.map((r) => Number(r.delivery_id)));
}

/** A line of a dispute, locked for its decision. */
export const lockDisputeLine = (trx: Executor, disputeId: number, lineId: number) =>
  trx.selectFrom('dispute_lines').selectAll().where('id', '=', lineId).where('dispute_id', '=', disputeId).forUpdate().executeTakeFirst();

export const decideDisputeLine = (trx: Executor, lineId: number, values: {
  status: DisputeLineStatus; note: string | null; decidedBy: number; previousCause: string | null;
}) => trx.updateTable('dispute_lines').set({
  status: values.status, decision_note: values.note, decided_by: values.decidedBy, decided_at: new Date(), previous_cause: values.previousCause,
}).where('id', '=', lineId).execute();

export const lineStatuses = (trx: Executor, disputeId: number) =>
  trx.selectFrom('dispute_lines').select('status').where('dispute_id', '=', disputeId).execute();

export const setDisputeStatus = (trx: Executor, id: number, status: DisputeStatus) =>
  trx.updateTable('disputes').set({ status, decided_at: status === 'decided' ? new Date() : null }).where('id', '=', id).execute();

/** Per dispute of a contract's month: its lines by status (the statement's summary). */
export const monthDisputeCounts = (db: Executor, contractId: number, month: string) =>
  db.selectFrom('disputes').innerJoin('dispute_lines as l', 'l.dispute_id', 'disputes.id')
    .select(['disputes.id', 'disputes.status', 'disputes.filed_at', 'l.status as line_status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('disputes.contract_id', '=', contractId).where('disputes.month', '=', month)
    .groupBy(['disputes.id', 'disputes.status', 'disputes.filed_at', 'l.status'])
    .orderBy('disputes.id').execute();

/** The causes a contract excuses. */
export const contractExcusedCauses = async (db: Executor, contractId: number) =>
  (await db.selectFrom('contracts').select('excused_causes').where('id', '=', contractId).executeTakeFirstOrThrow()).excused_causes;

/** Whether the company is the caller's own business: admin all, a manager the companies they manage, a client its own. */
export async function shipperInReach(db: Executor, actor: Actor, shipperId: number): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.role === 'client') return actor.companyId === shipperId;
  if (actor.role !== 'manager') return false;
  const row = await db.selectFrom('companies').select('id').where('id', '=', shipperId).where('account_manager_id', '=', actor.userId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Of these deliveries, those counted against the contract in [from, to] (business days): due, not excused, and
 * late, not in full or damaged — the contractual "perfect: failed" figure of delivery-flags.ts.
 */
export async function countedAgainst(db: Executor, contractId: number, shipperId: number, ids: readonly number[], from: string, to: string, timeZone: string) {
  if (ids.length === 0) return new Set<number>();
  const rows = await db.selectFrom('deliveries').select('deliveries.id')
    .where('deliveries.id', 'in', ids)
    .where('deliveries.shipper_id', '=', shipperId)
    .where('deliveries.contract_id', '=', contractId)
    .where('deliveries.promised_at', '>=', sql<Date>`(${from}::date::timestamp at time zone ${timeZone}::text)`)
    .where('deliveries.promised_at', '<', sql<Date>`((${to}::date + 1)::timestamp at time zone ${timeZone}::text)`)
    .where(kpiCondition('deliveries', COUNTED_AGAINST))
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}

export const COUNTED_AGAINST: KpiSelection = { measure: 'perfect', outcome: 'failed', basis: 'contractual' };
export const EXCUSED: KpiSelection = { measure: 'due', outcome: 'excused', basis: 'contractual' };
