import { sql } from 'kysely';
import type { Executor } from '../../db/database';

export const ROLLUP_DELTA_STAGE = 'rollup_delta_stage';

/** The columns of the delta staging table, in the order of its binary COPY rows. */
export const ROLLUP_DELTA_COLUMNS = [
  'shipper_id', 'day', 'consignee_id', 'contract_id', 'origin', 'destination', 'shipments', 'due', 'delivered',
  'on_time', 'in_full', 'otif', 'perfect', 'pieces_expected', 'pieces_delivered', 'damaged_pieces',
  'excused_due', 'excused_delivered', 'excused_on_time', 'excused_in_full', 'excused_otif', 'excused_perfect', 'excused_pieces_expected', 'excused_pieces_delivered', 'excused_damaged_pieces', 'transit_count',
  'transit_hours_sum', 'transit_buckets', 'transit_counts', 'revenue', 'cost',
] as const;

export const ROLLUP_DELTA_COPY_TARGET = `${ROLLUP_DELTA_STAGE} (${ROLLUP_DELTA_COLUMNS.join(', ')})`;

/** A temporary table private to the import's connection for a batch's rollup additions; emptied at each commit. */
export async function createRollupDeltaStage(db: Executor): Promise<void> {
  await sql.raw(`create temp table if not exists ${ROLLUP_DELTA_STAGE} (
    shipper_id bigint not null, day date not null, consignee_id bigint not null, contract_id bigint not null,
    origin text collate "C" not null, destination text collate "C" not null,
    shipments integer not null, due integer not null, delivered integer not null, on_time integer not null,
    in_full integer not null, otif integer not null, perfect integer not null, pieces_expected integer not null,
    pieces_delivered integer not null, damaged_pieces integer not null,
    excused_due integer not null, excused_delivered integer not null, excused_on_time integer not null, excused_in_full integer not null, excused_otif integer not null, excused_perfect integer not null, excused_pieces_expected integer not null, excused_pieces_delivered integer not null, excused_damaged_pieces integer not null, transit_count integer not null,
    transit_hours_sum double precision not null, transit_buckets smallint[] not null, transit_counts integer[] not null,
    revenue numeric(16,2) not null, cost numeric(16,2) not null
  ) on commit delete rows`).execute(db);
}

export async function dropRollupDeltaStage(db: Executor): Promise<void> {
  await sql.raw(`drop table if exists ${ROLLUP_DELTA_STAGE}`).execute(db);
}

/**
 * Adds the staged additions to the daily rows of their keys (created when new), histograms merged bucket by
 * bucket. Only for deliveries the batch inserted: a row that changed needs its keys recomputed instead.
 */
export async function addStagedRollupDeltas(db: Executor): Promise<void> {
  const columns = sql.raw(ROLLUP_DELTA_COLUMNS.join(', '));
  await sql`
    insert into daily_service_rollups as r (${columns}, refreshed_at)
    select ${columns}, now() from ${sql.table(ROLLUP_DELTA_STAGE)}
    order by shipper_id, day, consignee_id, contract_id, origin, destination
    on conflict (shipper_id, day, consignee_id, contract_id, origin, destination) do update set
      shipments = r.shipments + excluded.shipments, due = r.due + excluded.due, delivered = r.delivered + excluded.delivered,
      on_time = r.on_time + excluded.on_time, in_full = r.in_full + excluded.in_full, otif = r.otif + excluded.otif,
      perfect = r.perfect + excluded.perfect, pieces_expected = r.pieces_expected + excluded.pieces_expected,
      pieces_delivered = r.pieces_delivered + excluded.pieces_delivered, damaged_pieces = r.damaged_pieces + excluded.damaged_pieces,
      excused_due = r.excused_due + excluded.excused_due, excused_delivered = r.excused_delivered + excluded.excused_delivered, excused_on_time = r.excused_on_time + excluded.excused_on_time, excused_in_full = r.excused_in_full + excluded.excused_in_full, excused_otif = r.excused_otif + excluded.excused_otif, excused_perfect = r.excused_perfect + excluded.excused_perfect, excused_pieces_expected = r.excused_pieces_expected + excluded.excused_pieces_expected, excused_pieces_delivered = r.excused_pieces_delivered + excluded.excused_pieces_delivered, excused_damaged_pieces = r.excused_damaged_pieces + excluded.excused_damaged_pieces,
      transit_count = r.transit_count + excluded.transit_count, transit_hours_sum = r.transit_hours_sum + excluded.transit_hours_sum,
      revenue = r.revenue + excluded.revenue, cost = r.cost + excluded.cost, refreshed_at = now(),
      (transit_buckets, transit_counts) = (
        select coalesce(array_agg(bucket order by bucket), '{}'), coalesce(array_agg(n order by bucket), '{}')
        from (
          select bucket, sum(n)::int as n
          from (select * from unnest(r.transit_buckets, r.transit_counts)
                union all select * from unnest(excluded.transit_buckets, excluded.transit_counts)) as u(bucket, n)
          group by bucket
        ) merged
      )`.execute(db);
}
