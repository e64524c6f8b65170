import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/database';
import { monthStart } from '../domain/periods';
import { deliveryFlags, joinedTerms } from './delivery-flags';

/**
 * Service rollups (DESIGN.md §5) in two levels with the same key: daily rows per (shipper, business day of
 * promised_at, consignee, contract or 0, origin or '', destination or ''), and monthly rows summing a calendar
 * month of them. Every KPI count is over *due* deliveries: not cancelled and promised_at <= now() at refresh
 * time. `shipments`, revenue and cost cover every non-cancelled delivery promised that day, due or not.
 *
 * - delivered: status 'delivered' with a delivered_at
 * - on_time: delivered and delivered_at <= promised_at + grace (contract grace_minutes, 0 without a
 *   contract); with the contract's early_tolerance_minutes set, also delivered_at >= promised_at − tolerance
 * - in_full: delivered and pieces_delivered = pieces_expected; otif: both; perfect: otif and no damaged piece
 * - transit: delivered rows with a pickup no later than delivery; hours summed, and counted per whole hour
 *   (floor) in transit_buckets / transit_counts for the p95
 *
 * An import batch that only inserts adds its rows' counts to the daily rows (rollup-deltas.ts) and queues
 * the months; everything else recomputes whole (shipper, day) keys from deliveries here. Recomputations must
 * not overlap (each deletes and inserts rows), so each holds the rollup lock for its transaction; a batch
 * holds it shared while it adds (row locks alone would order the two correctly, but could deadlock).
 */
export interface RollupKey {
  shipperId: number;
  day: string;
}

const ROLLUP_LOCK = 7_283_001;

async function holdRollupLock(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ROLLUP_LOCK})`.execute(trx);
}

/**
 * Taken by a batch before it adds to rollup rows: it then waits for a running recomputation instead of
 * holding rows that the recomputation needs while waiting for rows it holds (a deadlock).
 */
export async function holdRollupLockShared(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(${ROLLUP_LOCK})`.execute(trx);
}

const KEY_COLUMNS = sql.raw('shipper_id, day, consignee_id, contract_id, origin, destination');
const MEASURE_COLUMNS = sql.raw(`shipments, due, delivered, on_time, in_full, otif, perfect, pieces_expected, pieces_delivered,
  damaged_pieces, excused_due, excused_delivered, excused_on_time, excused_in_full, excused_otif, excused_perfect, excused_pieces_expected, excused_pieces_delivered, excused_damaged_pieces,
  transit_count, transit_hours_sum, transit_buckets, transit_counts, revenue, cost, refreshed_at`);

/** One row per non-cancelled delivery with its key and flags; `source` yields `d` (deliveries) and `day`. */
function flagged(source: RawBuilder<unknown>) {
  const f = deliveryFlags('d', joinedTerms('c'));
  return sql`
    select s.shipper_id, s.day, s.consignee_id, s.contract_id, s.origin, s.destination, s.is_due,
      s.is_due and s.is_delivered as delivered,
      s.is_due and s.is_delivered and s.in_window as on_time,
      s.is_due and s.is_delivered and s.full as in_full,
      s.is_due and s.excused as excused,
      s.damaged_pieces, s.pieces_expected, s.pieces_delivered, s.revenue, s.cost,
      case when s.is_due and s.is_delivered and s.picked_up_at is not null and s.delivered_at >= s.picked_up_at
        then date_part('epoch', s.delivered_at - s.picked_up_at) / 3600 end as transit_hours
    from (
      select d.shipper_id, src.day, d.consignee_id, coalesce(d.contract_id, 0) as contract_id,
        coalesce(d.origin, '') collate "C" as origin, coalesce(d.destination, '') collate "C" as destination,
        ${f.isDue} as is_due,
        ${f.isDelivered} as is_delivered,
        ${f.inWindow} as in_window,
        ${f.full} as full,
        ${f.excused} as excused,
        d.damaged_pieces, d.pieces_expected, d.pieces_delivered, d.revenue, d.cost, d.picked_up_at, d.delivered_at
      from ${source}
      left join contracts c on c.id = d.contract_id
      where d.status <> 'cancelled'
    ) s`;
}

/**
 * Daily rows from deliveries in one pass: partial sums per (key, whole transit hour) first, then per key,
 * where the hours with their counts become the histogram arrays. Inserted in key order, so one shipper's
 * days sit on neighbouring pages.
 */
function insertDaily(db: Executor, source: RawBuilder<unknown>) {
  return sql`
    insert into daily_service_rollups (${KEY_COLUMNS}, ${MEASURE_COLUMNS})
    select ${KEY_COLUMNS},
      sum(shipments), sum(due), sum(delivered), sum(on_time), sum(in_full), sum(otif), sum(perfect),
      sum(pieces_expected), sum(pieces_delivered), sum(damaged_pieces),
      sum(excused_due), sum(excused_delivered), sum(excused_on_time), sum(excused_in_full), sum(excused_otif), sum(excused_perfect), sum(excused_pieces_expected), sum(excused_pieces_delivered), sum(excused_damaged_pieces),
      sum(transit_count), sum(transit_hours_sum),
      coalesce(array_agg(bucket order by bucket) filter (where bucket is not null), '{}'),
      coalesce(array_agg(transit_count order by bucket) filter (where bucket is not null), '{}'),
      sum(revenue), sum(cost), now()
    from (
      select ${KEY_COLUMNS}, (case when transit_hours is not null then least(floor(transit_hours), 32767) end)::smallint as bucket,
        count(*) as shipments,
        count(*) filter (where is_due) as due,
        count(*) filter (where delivered) as delivered,
        count(*) filter (where on_time) as on_time,
        count(*) filter (where in_full) as in_full,
        count(*) filter (where on_time and in_full) as otif,
        count(*) filter (where on_time and in_full and damaged_pieces = 0) as perfect,
        coalesce(sum(pieces_expected) filter (where is_due), 0) as pieces_expected,
        coalesce(sum(pieces_delivered) filter (where delivered), 0) as pieces_delivered,
        coalesce(sum(damaged_pieces) filter (where delivered), 0) as damaged_pieces,
        count(*) filter (where excused) as excused_due,
        count(*) filter (where excused and delivered) as excused_delivered,
        count(*) filter (where excused and on_time) as excused_on_time,
        count(*) filter (where excused and in_full) as excused_in_full,
        count(*) filter (where excused and on_time and in_full) as excused_otif,
        count(*) filter (where excused and on_time and in_full and damaged_pieces = 0) as excused_perfect,
        coalesce(sum(pieces_expected) filter (where excused), 0) as excused_pieces_expected,
        coalesce(sum(pieces_delivered) filter (where excused and delivered), 0) as excused_pieces_delivered,
        coalesce(sum(damaged_pieces) filter (where excused and delivered), 0) as excused_damaged_pieces,
        count(transit_hours)::int as transit_count,
        coalesce(sum(transit_hours), 0) as transit_hours_sum,
        coalesce(sum(revenue), 0) as revenue,
        coalesce(sum(cost), 0) as cost
      from (${flagged(source)}) f
      group by ${KEY_COLUMNS}, (case when transit_hours is not null then least(floor(transit_hours), 32767) end)::smallint
    ) p
    group by ${KEY_COLUMNS}
    order by ${KEY_COLUMNS}`.execute(db);
}

/** Monthly rows from the daily rows that `daily` selects (aliased d), histograms merged bucket by bucket. */
function insertMonthly(db: Executor, daily: RawBuilder<unknown>) {
  const monthKey = sql.raw(`shipper_id, month, consignee_id, contract_id, origin, destination`);
  return sql`
    with d as (
      select r.*, date_trunc('month', r.day)::date as month from ${daily}
    ),
    totals as (
      select ${monthKey},
        sum(shipments) as shipments, sum(due) as due, sum(delivered) as delivered, sum(on_time) as on_time,
        sum(in_full) as in_full, sum(otif) as otif, sum(perfect) as perfect, sum(pieces_expected) as pieces_expected,
        sum(pieces_delivered) as pieces_delivered, sum(damaged_pieces) as damaged_pieces,
        sum(excused_due) as excused_due, sum(excused_delivered) as excused_delivered, sum(excused_on_time) as excused_on_time, sum(excused_in_full) as excused_in_full, sum(excused_otif) as excused_otif, sum(excused_perfect) as excused_perfect, sum(excused_pieces_expected) as excused_pieces_expected, sum(excused_pieces_delivered) as excused_pieces_delivered, sum(excused_damaged_pieces) as excused_damaged_pieces,
        sum(transit_count) as transit_count, sum(transit_hours_sum) as transit_hours_sum,
        sum(revenue) as revenue, sum(cost) as cost
      from d group by ${monthKey}
    ),
    buckets as (
      select ${monthKey}, u.bucket, sum(u.n)::int as n
      from d cross join unnest(d.transit_buckets, d.transit_counts) as u(bucket, n)
      group by ${monthKey}, u.bucket
    ),
    histograms as (
      select ${monthKey}, array_agg(bucket order by bucket) as transit_buckets, array_agg(n order by bucket) as transit_counts
      from buckets group by ${monthKey}
    )
    insert into monthly_service_rollups (${monthKey}, ${MEASURE_COLUMNS})
    select ${monthKey}, t.shipments, t.due, t.delivered, t.on_time, t.in_full, t.otif, t.perfect, t.pieces_expected,
      t.pieces_delivered, t.damaged_pieces, t.excused_due, t.excused_delivered, t.excused_on_time, t.excused_in_full, t.excused_otif, t.excused_perfect, t.excused_pieces_expected, t.excused_pieces_delivered, t.excused_damaged_pieces,
      t.transit_count, t.transit_hours_sum,
      coalesce(h.transit_buckets, '{}'), coalesce(h.transit_counts, '{}'), t.revenue, t.cost, now()
    from totals t left join histograms h using (${monthKey})
    order by ${monthKey}`.execute(db);
}

const keysTable = (keys: readonly RollupKey[]) =>
  sql`(select distinct shipper_id, day from jsonb_to_recordset(${JSON.stringify(
    keys.map((k) => ({ shipper_id: k.shipperId, day: k.day })),
  )}::jsonb) as r(shipper_id bigint, day date))`;

export interface RollupMonth {
  shipperId: number;
  /** the month's first day */
  month: string;
}

export function distinctMonths(keys: readonly RollupKey[]): RollupMonth[] {
  const seen = new Map<string, RollupMonth>();
  for (const key of keys) {
    const m = { shipperId: key.shipperId, month: monthStart(key.day) };
    seen.set(`${m.shipperId}|${m.month}`, m);
  }
  return [...seen.values()];
}

const monthsTable = (months: readonly RollupMonth[]) =>
  sql`(select distinct shipper_id, month from jsonb_to_recordset(${JSON.stringify(
    months.map((m) => ({ shipper_id: m.shipperId, month: m.month })),
  )}::jsonb) as r(shipper_id bigint, month date))`;

/**
 * Recomputes the daily rows of exactly these (shipper, business day) keys from deliveries, then the monthly
 * rows of their months from the daily ones — or, with `months: 'queue'` (an import batch), queues those
 * months for refreshQueuedMonths. Runs inside the caller's transaction.
 */
export async function refreshRollups(
  trx: Executor, keys: readonly RollupKey[], timeZone: string, options: { months?: 'now' | 'queue' } = {},
): Promise<void> {
  if (keys.length === 0) return;
  await holdRollupLock(trx);
  const k = keysTable(keys);
  const shipperIds = [...new Set(keys.map((key) => key.shipperId))];
  const days = [...new Set(keys.map((key) => key.day))];
  // The array conditions let the primary key find the rows, and the lateral subquery (fenced by offset 0)
  // is one index range scan per key: as plain joins to the keys, the planner scans whole tables.
  await sql`delete from daily_service_rollups r
    where r.shipper_id = any(${shipperIds}::bigint[]) and r.day = any(${days}::date[])
      and exists (select 1 from ${k} k where k.shipper_id = r.shipper_id and k.day = r.day)`.execute(trx);
  await insertDaily(trx, sql`${k} k
    cross join lateral (select k.day) src
    cross join lateral (
      select * from deliveries d where d.shipper_id = k.shipper_id
        and d.promised_at >= (k.day::timestamp at time zone ${timeZone})
        and d.promised_at < ((k.day + 1)::timestamp at time zone ${timeZone})
      offset 0
    ) d`);
  if (options.months === 'queue') await queueMonths(trx, distinctMonths(keys));
  else await refreshMonths(trx, distinctMonths(keys));
}

/** Recomputes the monthly rows of these (shipper, month) from the daily rows. */
async function refreshMonths(trx: Executor, months: readonly RollupMonth[]): Promise<void> {
  if (months.length === 0) return;
  const shipperIds = [...new Set(months.map((m) => m.shipperId))];
  const starts = [...new Set(months.map((m) => m.month))];
  const m = monthsTable(months);
  await sql`delete from monthly_service_rollups r
    where r.shipper_id = any(${shipperIds}::bigint[]) and r.month = any(${starts}::date[])
      and exists (select 1 from ${m} m where m.shipper_id = r.shipper_id and m.month = r.month)`.execute(trx);
  await insertMonthly(trx, sql`${m} m
    cross join lateral (
      select * from daily_service_rollups r where r.shipper_id = m.shipper_id
        and r.day >= m.month and r.day < (m.month + interval '1 month')::date
      offset 0
    ) r`);
}

/**
 * Marks months whose daily rows changed, in the transaction that changed them. Updating an already queued
 * month (rather than leaving it) takes its row lock, so a refresh that is taking it off the queue waits for
 * this transaction, and then reads its daily rows.
 */
export async function queueMonths(trx: Executor, months: readonly RollupMonth[]): Promise<void> {
  if (months.length === 0) return;
  await sql`insert into monthly_rollup_queue (shipper_id, month)
    select shipper_id, month from ${monthsTable(months)} q order by 1, 2
    on conflict (shipper_id, month) do update set queued_at = now()`.execute(trx);
}

/**
 * Recomputes the queued months (all, or all but `except`: months a running import is still adding to) in
 * one transaction, and takes them off the queue. Returns how many months it recomputed.
 */
export async function refreshQueuedMonths(db: Executor, except: readonly RollupMonth[] = []): Promise<number> {
  const run = async (trx: Executor) => {
    await holdRollupLock(trx);
    await sql`set local work_mem = '64MB'`.execute(trx);
    const { rows } = await sql<{ shipper_id: number; month: string }>`
      delete from monthly_rollup_queue q
      where not exists (select 1 from ${monthsTable(except)} x where x.shipper_id = q.shipper_id and x.month = q.month)
      returning q.shipper_id, q.month::text as month`.execute(trx);
    await refreshMonths(trx, rows.map((r) => ({ shipperId: Number(r.shipper_id), month: r.month })));
    return rows.length;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/**
 * Drops and recomputes every rollup row from all deliveries. Run it in a transaction: the grouping memory is
 * then raised for that transaction only, so millions of rows aggregate without spilling.
 */
export async function rebuildAllRollups(db: Executor, timeZone: string): Promise<void> {
  if (db.isTransaction) {
    await holdRollupLock(db);
    await sql`set local work_mem = '256MB'`.execute(db);
  }
  await sql`delete from daily_service_rollups`.execute(db);
  await sql`delete from monthly_service_rollups`.execute(db);
  await sql`delete from monthly_rollup_queue`.execute(db);
  await insertDaily(db, sql`deliveries d cross join lateral (select (d.promised_at at time zone ${timeZone})::date as day) src`);
  await insertMonthly(db, sql`daily_service_rollups r`);
}

/**
 * Re-derives the rollups of every (shipper, day) holding deliveries of this contract. Call it in the
 * transaction that changes the contract's grace_minutes, early_tolerance_minutes or excused_causes.
 */
export async function refreshContractRollups(trx: Executor, contractId: number, timeZone: string): Promise<void> {
  const { rows } = await sql<{ shipper_id: number; day: string }>`
    select distinct r.shipper_id, r.day::text as day
    from contracts k join daily_service_rollups r on r.shipper_id = k.shipper_id and r.contract_id = k.id
    where k.id = ${contractId}`.execute(trx);
  await refreshRollups(trx, rows.map((r) => ({ shipperId: Number(r.shipper_id), day: r.day })), timeZone);
}

/**
 * Keeps 'due' current as time passes: refreshes every key that still holds deliveries not yet due on a
 * business day up to tomorrow (those whose promise may have passed since the last refresh), and the months
 * left on the queue (by an import that stopped before it recomputed them).
 */
export async function refreshPendingRollups(db: Executor, timeZone: string): Promise<number> {
  const rows = await db.selectFrom('daily_service_rollups')
    .select(['shipper_id', sql<string>`day::text`.as('day')]).distinct()
    .whereRef('due', '<', 'shipments')
    .where(sql<boolean>`day <= (now() at time zone ${timeZone})::date + 1`)
    .execute();
  await refreshRollups(db, rows.map((r) => ({ shipperId: r.shipper_id, day: r.day })), timeZone);
  return rows.length + await refreshQueuedMonths(db);
}
