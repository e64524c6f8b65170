import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/database';

/**
 * Daily service rollups (DESIGN.md §5), kept per (shipper, business day of promised_at, consignee,
 * contract or 0, origin or '', destination or ''). Every KPI count is over *due* deliveries: not cancelled
 * and promised_at <= now() at refresh time. `shipments`, revenue and cost cover every non-cancelled
 * delivery promised that day, due or not.
 *
 * - delivered: status 'delivered' with a delivered_at
 * - on_time: delivered and delivered_at <= promised_at + grace (contract grace_minutes, 0 without a
 *   contract); with the contract's early_tolerance_minutes set, also delivered_at >= promised_at − tolerance
 * - in_full: delivered and pieces_delivered = pieces_expected; otif: both; perfect: otif and no damaged piece
 * - transit: delivered rows with a pickup no later than delivery; hours summed, and counted per whole hour
 *   (floor) in daily_transit_histogram for the p95
 * Rows are inserted in key order, so one shipper's days sit on neighbouring pages (a KPI query reads a
 * few hundred pages, not one page per row).
 */
export interface RollupKey {
  shipperId: number;
  day: string;
}

const ROLLUP_COLUMNS = sql.raw(`shipper_id, day, consignee_id, contract_id, origin, destination,
  shipments, due, delivered, on_time, in_full, otif, perfect, pieces_expected, pieces_delivered, damaged_pieces,
  transit_count, transit_hours_sum, revenue, cost, refreshed_at`);

/** One row per non-cancelled delivery with its key and flags; `source` yields `d` (deliveries) and `day`. */
function flagged(source: RawBuilder<unknown>) {
  return sql`
    select s.shipper_id, s.day, s.consignee_id, s.contract_id, s.origin, s.destination, s.is_due,
      s.is_due and s.is_delivered as delivered,
      s.is_due and s.is_delivered and s.in_window as on_time,
      s.is_due and s.is_delivered and s.full as in_full,
      s.damaged_pieces, s.pieces_expected, s.pieces_delivered, s.revenue, s.cost,
      case when s.is_due and s.is_delivered and s.picked_up_at is not null and s.delivered_at >= s.picked_up_at
        then extract(epoch from (s.delivered_at - s.picked_up_at)) / 3600.0 end as transit_hours
    from (
      select d.shipper_id, src.day, d.consignee_id, coalesce(d.contract_id, 0) as contract_id,
        coalesce(d.origin, '') as origin, coalesce(d.destination, '') as destination,
        d.promised_at <= now() as is_due,
        d.status = 'delivered' and d.delivered_at is not null as is_delivered,
        d.delivered_at <= d.promised_at + make_interval(mins => coalesce(c.grace_minutes, 0))
          and (c.early_tolerance_minutes is null
            or d.delivered_at >= d.promised_at - make_interval(mins => c.early_tolerance_minutes)) as in_window,
        d.pieces_delivered = d.pieces_expected as full,
        d.damaged_pieces, d.pieces_expected, d.pieces_delivered, d.revenue, d.cost, d.picked_up_at, d.delivered_at
      from ${source}
      left join contracts c on c.id = d.contract_id
      where d.status <> 'cancelled'
    ) s`;
}

function insertRollups(db: Executor, source: RawBuilder<unknown>) {
  return sql`
    insert into daily_service_rollups (${ROLLUP_COLUMNS})
    select shipper_id, day, consignee_id, contract_id, origin, destination,
      count(*),
      count(*) filter (where is_due),
      count(*) filter (where delivered),
      count(*) filter (where on_time),
      count(*) filter (where in_full),
      count(*) filter (where on_time and in_full),
      count(*) filter (where on_time and in_full and damaged_pieces = 0),
      coalesce(sum(pieces_expected) filter (where is_due), 0),
      coalesce(sum(pieces_delivered) filter (where delivered), 0),
      coalesce(sum(damaged_pieces) filter (where delivered), 0),
      count(transit_hours),
      coalesce(sum(transit_hours), 0),
      coalesce(sum(revenue), 0),
      coalesce(sum(cost), 0),
      now()
    from (${flagged(source)}) f
    group by shipper_id, day, consignee_id, contract_id, origin, destination
    order by shipper_id, day, consignee_id, contract_id, origin, destination`.execute(db);
}

function insertHistogram(db: Executor, source: RawBuilder<unknown>) {
  return sql`
    insert into daily_transit_histogram (shipper_id, day, consignee_id, contract_id, origin, destination, bucket_hours, count)
    select shipper_id, day, consignee_id, contract_id, origin, destination, floor(transit_hours)::int, count(*)
    from (${flagged(source)}) f
    where transit_hours is not null
    group by shipper_id, day, consignee_id, contract_id, origin, destination, floor(transit_hours)::int
    order by shipper_id, day, consignee_id, contract_id, origin, destination, floor(transit_hours)::int`.execute(db);
}

const keysTable = (keys: RollupKey[]) =>
  sql`(select distinct shipper_id, day from jsonb_to_recordset(${JSON.stringify(
    keys.map((k) => ({ shipper_id: k.shipperId, day: k.day })),
  )}::jsonb) as r(shipper_id bigint, day date))`;

/**
 * Recomputes the rollup and histogram rows of exactly these (shipper, business day) keys from deliveries.
 * Run it inside the transaction that changed the deliveries (the import batch) so both commit together.
 */
export async function refreshRollups(trx: Executor, keys: RollupKey[], timeZone: string): Promise<void> {
  if (keys.length === 0) return;
  const k = keysTable(keys);
  await sql`delete from daily_service_rollups r using ${k} k where r.shipper_id = k.shipper_id and r.day = k.day`.execute(trx);
  await sql`delete from daily_transit_histogram h using ${k} k where h.shipper_id = k.shipper_id and h.day = k.day`.execute(trx);
  const source = sql`${k} k
    cross join lateral (select k.day) src
    join deliveries d on d.shipper_id = k.shipper_id
      and d.promised_at >= (k.day::timestamp at time zone ${timeZone})
      and d.promised_at < ((k.day + 1)::timestamp at time zone ${timeZone})`;
  await insertRollups(trx, source);
  await insertHistogram(trx, source);
}

/**
 * Drops and recomputes every rollup and histogram row from all deliveries. Run it in a transaction: the
 * grouping memory is then raised for that transaction only, so millions of rows aggregate without spilling.
 */
export async function rebuildAllRollups(db: Executor, timeZone: string): Promise<void> {
  if (db.isTransaction) await sql`set local work_mem = '256MB'`.execute(db);
  await sql`delete from daily_service_rollups`.execute(db);
  await sql`delete from daily_transit_histogram`.execute(db);
  const source = sql`deliveries d cross join lateral (select (d.promised_at at time zone ${timeZone})::date as day) src`;
  await insertRollups(db, source);
  await insertHistogram(db, source);
}

/**
 * Re-derives the rollups of every (shipper, day) holding deliveries of this contract. Call it in the
 * transaction that changes the contract's grace_minutes or early_tolerance_minutes.
 */
export async function refreshContractRollups(trx: Executor, contractId: number, timeZone: string): Promise<void> {
  const rows = await trx.selectFrom('daily_service_rollups')
    .select(['shipper_id', sql<string>`day::text`.as('day')]).distinct()
    .where('contract_id', '=', contractId)
    .execute();
  await refreshRollups(trx, rows.map((r) => ({ shipperId: r.shipper_id, day: r.day })), timeZone);
}

/**
 * Keeps 'due' current as time passes: refreshes every key that still holds deliveries not yet due on a
 * business day up to tomorrow (those whose promise may have passed since the last refresh).
 */
export async function refreshPendingRollups(db: Executor, timeZone: string): Promise<number> {
  const rows = await db.selectFrom('daily_service_rollups')
    .select(['shipper_id', sql<string>`day::text`.as('day')]).distinct()
    .whereRef('due', '<', 'shipments')
    .where(sql<boolean>`day <= (now() at time zone ${timeZone})::date + 1`)
    .execute();
  await refreshRollups(db, rows.map((r) => ({ shipperId: r.shipper_id, day: r.day })), timeZone);
  return rows.length;
}
