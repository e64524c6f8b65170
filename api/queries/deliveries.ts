import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { DeliveryStatus } from '../../db/tables/deliveries';
import type { Actor } from '../context';
import { pairInReach } from '../auth/scope';

export interface DeliveryFilter {
  shipperId?: number;
  consigneeId?: number;
  pairId?: number;
  contractId?: number;
  status?: DeliveryStatus;
  promisedFrom?: string;
  promisedTo?: string;
  trackingNo?: string;
}

function scoped(db: Executor, actor: Actor, filter: DeliveryFilter, timeZone: string) {
  return db.selectFrom('deliveries')
    .where(pairInReach(db, actor, 'deliveries.shipper_id', 'deliveries.consignee_id'))
    .$if(filter.shipperId !== undefined, (q) => q.where('deliveries.shipper_id', '=', filter.shipperId!))
    .$if(filter.consigneeId !== undefined, (q) => q.where('deliveries.consignee_id', '=', filter.consigneeId!))
    // a pair belongs to one shipper: naming it lets the shipper's index find the rows
    .$if(filter.pairId !== undefined, (q) => q.where('deliveries.pair_id', '=', filter.pairId!)
      .where('deliveries.shipper_id', '=', (eb) => eb.selectFrom('customer_pairs').select('shipper_id').where('id', '=', filter.pairId!)))
    .$if(filter.contractId !== undefined, (q) => q.where('deliveries.contract_id', '=', filter.contractId!)
      .where('deliveries.shipper_id', '=', (eb) => eb.selectFrom('contracts').select('shipper_id').where('id', '=', filter.contractId!)))
    .$if(filter.status !== undefined, (q) => q.where('deliveries.status', '=', filter.status!))
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
      'deliveries.revenue', 'deliveries.cost', 'deliveries.import_job_id', 'deliveries.updated_at',
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
  const rows = await withNames(scoped(db, actor, filter, timeZone))
    .$if(key !== undefined, (q) => q.where(sql<boolean>`(deliveries.promised_at, deliveries.id) ${sql.raw(before ? '>' : '<')} (${key!.promisedAt}::timestamptz, ${key!.id}::bigint)`))
    .orderBy('deliveries.promised_at', before ? 'asc' : 'desc').orderBy('deliveries.id', before ? 'asc' : 'desc')
    .limit(limit).execute();
  return before ? rows.reverse() : rows;
}

/** How many deliveries match, counting no further than `cap` (a list of millions says "more than"). */
export const countDeliveries = async (db: Executor, actor: Actor, filter: DeliveryFilter, timeZone: string, cap: number) =>
  Number((await db.selectFrom(scoped(db, actor, filter, timeZone).select(sql.lit(1).as('one')).limit(cap).as('t'))
    .select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export const findDelivery = (db: Executor, actor: Actor, id: number) =>
  withNames(scoped(db, actor, {}, 'UTC').where('deliveries.id', '=', id)).executeTakeFirst();

export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;
