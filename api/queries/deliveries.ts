import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Executor } from '../../db/database';
import type { DeliveryStatus } from '../../db/tables/deliveries';
import type { Actor } from '../context';
import { pairInReach } from '../auth/scope';
import { kpiCondition, type KpiSelection } from './delivery-flags';

export interface DeliveryFilter {
  shipperId?: number;
  consigneeId?: number;
  pairId?: number;
  contractId?: number;
  status?: DeliveryStatus;
  promisedFrom?: string;
  promisedTo?: string;
  trackingNo?: string;
  exceptionCause?: string;
  origin?: string;
  destination?: string;
  /** only the deliveries a KPI figure counts (delivery-flags.ts) */
  kpi?: KpiSelection;
}

/** A client's deliveries as one of its two sides: the rows where it ships, or where it receives from another. */
type ClientSide = 'shipper' | 'consignee';

/**
 * The client's case of pairInReach (its company is shipper or consignee) written as equalities, so that the
 * shipper's and the consignee's indexes serve it; a side picks one of the two (disjoint) halves.
 */
function visibility(db: Executor, actor: Actor, side?: ClientSide) {
  if (actor.role !== 'client') return pairInReach(db, actor, 'deliveries.shipper_id', 'deliveries.consignee_id');
  const own = actor.companyId ?? -1;
  return (eb: ExpressionBuilder<Database, 'deliveries'>) => {
    if (side === 'shipper') return eb('deliveries.shipper_id', '=', own);
    if (side === 'consignee') return eb.and([eb('deliveries.consignee_id', '=', own), eb('deliveries.shipper_id', '<>', own)]);
    return eb.or([eb('deliveries.shipper_id', '=', own), eb('deliveries.consignee_id', '=', own)]);
  };
}

function scoped(db: Executor, actor: Actor, filter: DeliveryFilter, timeZone: string, side?: ClientSide) {
  return db.selectFrom('deliveries')
    .where(visibility(db, actor, side))
    .$if(filter.shipperId !== undefined, (q) => q.where('deliveries.shipper_id', '=', filter.shipperId!))
    .$if(filter.consigneeId !== undefined, (q) => q.where('deliveries.consignee_id', '=', filter.consigneeId!))
    // a pair belongs to one shipper: naming it lets the shipper's index find the rows
    .$if(filter.pairId !== undefined, (q) => q.where('deliveries.pair_id', '=', filter.pairId!)
      .where('deliveries.shipper_id', '=', (eb) => eb.selectFrom('customer_pairs').select('shipper_id').where('id', '=', filter.pairId!)))
    .$if(filter.contractId !== undefined, (q) => q.where('deliveries.contract_id', '=', filter.contractId!)
      .where('deliveries.shipper_id', '=', (eb) => eb.selectFrom('contracts').select('shipper_id').where('id', '=', filter.contractId!)))
    .$if(filter.status !== undefined, (q) => q.where('deliveries.status', '=', filter.status!))
    .$if(filter.exceptionCause !== undefined, (q) => q.where('deliveries.exception_cause', '=', filter.exceptionCause!))
    // as the rollup keys them: an empty place is ''
    .$if(filter.origin !== undefined, (q) => q.where(sql<boolean>`coalesce(deliveries.origin, '') = ${filter.origin}`))
    .$if(filter.destination !== undefined, (q) => q.where(sql<boolean>`coalesce(deliveries.destination, '') = ${filter.destination}`))
    .$if(filter.kpi !== undefined, (q) => q.where(kpiCondition('deliveries', filter.kpi!)))
    .$if(filter.trackingNo !== undefined, (q) => q.where('deliveries.tracking_no', '=', filter.trackingNo!))
    .$if(filter.promisedFrom !== undefined, (q) => q.where(
      'deliveries.promised_at', '>=', sql<Date>`(${filter.promisedFrom}::date::timestamp at time zone ${timeZone}::text)`,
    ))
    .$if(filter.promisedTo !== undefined, (q) => q.where(
      'deliveries.promised_at', '<', sql<Date>`((${filter.promisedTo}::date + 1)::timestamp at time zone ${timeZone}::text)`,
    ));
}

function withNames<Q extends ReturnType<typeof scoped>>(q: Q) {
  return q
    .innerJoin('companies as sh', 'sh.id', 'deliveries.shipper_id')
    .innerJoin('companies as co', 'co.id', 'deliveries.consignee_id')
    .leftJoin('contracts as k', 'k.id', 'deliveries.contract_id')
    .select([
      'deliveries.id', 'deliveries.tracking_no', 'deliveries.shipper_id', 'sh.code as shipper_code', 'sh.name as shipper_name',
      'deliveries.consignee_id', 'co.code as consignee_code', 'co.name as consignee_name', 'deliveries.pair_id',
      'deliveries.contract_id', 'k.code as contract_code', 'deliveries.origin', 'deliveries.destination',
      'deliveries.picked_up_at', 'deliveries.promised_at', 'deliveries.delivered_at', 'deliveries.status',
      'deliveries.pieces_expected', 'deliveries.pieces_delivered', 'deliveries.damaged_pieces',
      'deliveries.revenue', 'deliveries.cost', 'deliveries.exception_cause', 'deliveries.import_job_id', 'deliveries.updated_at',
    ]);
}

/** A place in the list order (promised_at desc, id desc): the page after it, or the page before it. */
export interface DeliveryKey { promisedAt: Date; id: number; direction: 'after' | 'before' }

/**
 * One page in list order, read from the index that ends in (promised_at, id): `limit` rows after the key (or
 * before it, for the previous page; returned in list order), never an offset.
 */
export async function listDeliveries(db: Executor, actor: Actor, filter: DeliveryFilter, timeZone: string, limit: number, key?: DeliveryKey) {
  const before = key?.direction === 'before';
  const page = (side?: ClientSide) => withNames(scoped(db, actor, filter, timeZone, side))
    .$if(key !== undefined, (q) => q.where(sql<boolean>`(deliveries.promised_at, deliveries.id) ${sql.raw(before ? '>' : '<')} (${key!.promisedAt}::timestamptz, ${key!.id}::bigint)`))
    .orderBy('deliveries.promised_at', before ? 'asc' : 'desc').orderBy('deliveries.id', before ? 'asc' : 'desc')
    .limit(limit);
  // a client's two sides are read apart, each in its own index order, and merged: an OR would sort all its rows
  const rows = actor.role !== 'client' ? await page().execute() : await db.selectFrom(
    sql<Awaited<ReturnType<ReturnType<typeof page>['execute']>>[number]>`((${page('shipper')}) union all (${page('consignee')}))`.as('u'),
  ).selectAll().orderBy('u.promised_at', before ? 'asc' : 'desc').orderBy('u.id', before ? 'asc' : 'desc').limit(limit).execute();
  return before ? rows.reverse() : rows;
}

/** How many deliveries match, counting no further than `cap` (a list of millions says "more than"). */
export async function countDeliveries(db: Executor, actor: Actor, filter: DeliveryFilter, timeZone: string, cap: number) {
  const upTo = (side?: ClientSide) => scoped(db, actor, filter, timeZone, side).select(sql.lit(1).as('one')).limit(cap);
  // a client's sides counted apart, each from its own index (an OR reads every row of both into a bitmap first)
  const rows = actor.role !== 'client' ? sql<{ one: number }>`(${upTo()})` : sql<{ one: number }>`((${upTo('shipper')}) union all (${upTo('consignee')}))`;
  const counted = await db.selectFrom(rows.as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(counted.n);
}

export const findDelivery = (db: Executor, actor: Actor, id: number) =>
  withNames(scoped(db, actor, {}, 'UTC').where('deliveries.id', '=', id)).executeTakeFirst();

export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

/** Sets a delivery's cause; returns its shipper and promised instant (the rollup key to recompute). */
export async function updateDeliveryCause(db: Executor, id: number, cause: string | null) {
  return db.updateTable('deliveries').set({ exception_cause: cause, updated_at: new Date() })
    .where('id', '=', id).returning(['shipper_id', 'promised_at']).executeTakeFirstOrThrow();
}
