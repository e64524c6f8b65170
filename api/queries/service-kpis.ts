import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/database';
import { emptyCounts, type ServiceCounts } from '../domain/service-kpis';
import { splitByRollupLevel } from '../domain/periods';
import type { visibleCompanyIds } from '../auth/scope';

/** Filters on the rollups. Dates are inclusive business days. */
export interface RollupFilter {
  from: string;
  to: string;
  shipperId?: number;
  consigneeId?: number;
  contractId?: number;
  /** several contracts at once (the breach list), with their shippers so the shipper-led keys are used */
  contracts?: readonly { id: number; shipperId: number }[];
  origin?: string;
  destination?: string;
  /** the caller's visible companies (a select of ids), or null for all: a row is visible when either side is */
  visible: ReturnType<typeof visibleCompanyIds>;
}

export type RollupGrouping = 'none' | 'day' | 'week' | 'month' | 'shipper' | 'consignee' | 'contract' | 'lane';

const KEY: Record<RollupGrouping, string> = {
  none: `''`,
  day: `t.day::text`,
  week: `(date_trunc('week', t.day)::date)::text`,
  month: `to_char(t.day, 'YYYY-MM')`,
  shipper: `t.shipper_id::text`,
  consignee: `t.consignee_id::text`,
  contract: `t.contract_id::text`,
  lane: `t.origin || chr(9) || t.destination`,
};

/** The group key of a row: the parts joined by a '|' (e.g. contract and month for the breach list). */
const keyOf = (groups: readonly RollupGrouping[]) =>
  sql.raw(groups.length === 0 ? `''` : groups.map((g) => KEY[g]).join(` || '|' || `));

/** Conditions on the key columns shared by both levels (alias t). */
function keyConditions(f: RollupFilter): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  if (f.shipperId !== undefined) parts.push(sql`t.shipper_id = ${f.shipperId}`);
  if (f.consigneeId !== undefined) parts.push(sql`t.consignee_id = ${f.consigneeId}`);
  if (f.contractId !== undefined) parts.push(sql`t.contract_id = ${f.contractId}`);
  if (f.contracts !== undefined) {
    if (f.contracts.length === 0) parts.push(sql`false`);
    else {
      parts.push(sql`t.shipper_id in (${sql.join([...new Set(f.contracts.map((c) => c.shipperId))])})`);
      parts.push(sql`t.contract_id in (${sql.join(f.contracts.map((c) => c.id))})`);
    }
  }
  if (f.origin !== undefined) parts.push(sql`t.origin = ${f.origin}`);
  if (f.destination !== undefined) parts.push(sql`t.destination = ${f.destination}`);
  if (f.visible) parts.push(sql`(t.shipper_id in (${f.visible}) or t.consignee_id in (${f.visible}))`);
  return parts;
}

const ROW_COLUMNS = sql.raw(`t.shipper_id, t.consignee_id, t.contract_id, t.origin, t.destination,
  t.shipments, t.due, t.delivered, t.on_time, t.in_full, t.otif, t.perfect, t.pieces_expected, t.pieces_delivered,
  t.damaged_pieces, t.excused_due, t.excused_delivered, t.excused_on_time, t.excused_in_full, t.excused_otif, t.excused_perfect, t.excused_pieces_expected, t.excused_pieces_delivered, t.excused_damaged_pieces, t.transit_count, t.transit_hours_sum, t.transit_buckets, t.transit_counts, t.revenue, t.cost`);

/**
 * The rollup rows of the filter's range: whole calendar months from the monthly level (their `day` is the
 * month's first day), the days at the range's edges from the daily level. Day and week groupings read
 * the daily level only.
 */
function rowsInRange(f: RollupFilter, groups: readonly RollupGrouping[]) {
  const dailyOnly = groups.includes('day') || groups.includes('week');
  const levels = dailyOnly ? { months: null, days: [{ from: f.from, to: f.to }] } : splitByRollupLevel(f.from, f.to);
  const conditions = keyConditions(f);
  const selects: RawBuilder<unknown>[] = [];
  if (levels.months) {
    const where = sql.join([sql`t.month >= ${levels.months.from}::date`, sql`t.month <= ${levels.months.to}::date`, ...conditions], sql` and `);
    selects.push(sql`select t.month as day, ${ROW_COLUMNS} from monthly_service_rollups t where ${where}`);
  }
  for (const span of levels.days) {
    const where = sql.join([sql`t.day >= ${span.from}::date`, sql`t.day <= ${span.to}::date`, ...conditions], sql` and `);
    selects.push(sql`select t.day, ${ROW_COLUMNS} from daily_service_rollups t where ${where}`);
  }
  if (selects.length === 0) selects.push(sql`select t.day, ${ROW_COLUMNS} from daily_service_rollups t where false`);
  return sql.join(selects, sql` union all `);
}

interface TotalsRow {
  key: string;
  shipments: number; due: number; delivered: number; on_time: number; in_full: number; otif: number; perfect: number;
  pieces_expected: number; pieces_delivered: number; damaged_pieces: number;
  transit_count: number; transit_hours_sum: number; revenue: number; cost: number;
  excused_due: number; excused_delivered: number; excused_on_time: number; excused_in_full: number; excused_otif: number; excused_perfect: number; excused_pieces_expected: number; excused_pieces_delivered: number; excused_damaged_pieces: number;
  buckets: number[] | null; bucket_counts: number[] | null;
}

export interface RollupTotals {
  counts: ServiceCounts;
  /** deliveries per whole transit hour */
  histogram: Map<number, number>;
}

/**
 * Summed rollup counts per group key, and (unless `histograms` is false) the merged transit histogram of
 * each key, in one statement.
 */
export async function sumRollups(
  db: Executor, f: RollupFilter, groups: readonly RollupGrouping[], options: { histograms?: boolean } = {},
): Promise<Map<string, RollupTotals>> {
  const withHistograms = options.histograms ?? true;
  const histogramSelect = withHistograms
    ? sql`select key, array_agg(bucket order by bucket) as buckets, array_agg(n order by bucket) as bucket_counts
        from (
          select r.key, u.bucket, sum(u.n)::int8 as n
          from r cross join unnest(r.transit_buckets, r.transit_counts) as u(bucket, n)
          group by 1, 2
        ) b group by key`
    : sql`select null::text as key, null::int[] as buckets, null::int8[] as bucket_counts where false`;
  const { rows } = await sql<TotalsRow>`
    with r as materialized (
      select ${keyOf(groups)} as key, t.* from (${rowsInRange(f, groups)}) t
    ),
    totals as (
      select key,
        sum(shipments)::int8 as shipments, sum(due)::int8 as due, sum(delivered)::int8 as delivered,
        sum(on_time)::int8 as on_time, sum(in_full)::int8 as in_full, sum(otif)::int8 as otif, sum(perfect)::int8 as perfect,
        sum(pieces_expected)::int8 as pieces_expected, sum(pieces_delivered)::int8 as pieces_delivered,
        sum(damaged_pieces)::int8 as damaged_pieces, sum(transit_count)::int8 as transit_count,
        sum(transit_hours_sum)::float8 as transit_hours_sum, sum(revenue) as revenue, sum(cost) as cost,
        sum(excused_due)::int8 as excused_due, sum(excused_delivered)::int8 as excused_delivered, sum(excused_on_time)::int8 as excused_on_time, sum(excused_in_full)::int8 as excused_in_full, sum(excused_otif)::int8 as excused_otif, sum(excused_perfect)::int8 as excused_perfect, sum(excused_pieces_expected)::int8 as excused_pieces_expected, sum(excused_pieces_delivered)::int8 as excused_pieces_delivered, sum(excused_damaged_pieces)::int8 as excused_damaged_pieces
      from r group by key
    ),
    histograms as (${histogramSelect})
    select t.*, h.buckets, h.bucket_counts from totals t left join histograms h using (key)`.execute(db);
  const out = new Map<string, RollupTotals>();
  for (const r of rows) {
    const histogram = new Map<number, number>();
    const buckets = r.buckets ?? [];
    const counts = r.bucket_counts ?? [];
    for (let i = 0; i < buckets.length; i++) histogram.set(Number(buckets[i]), Number(counts[i]));
    out.set(r.key, {
      counts: {
        ...emptyCounts(),
        shipments: Number(r.shipments), due: Number(r.due), delivered: Number(r.delivered), onTime: Number(r.on_time),
        inFull: Number(r.in_full), otif: Number(r.otif), perfect: Number(r.perfect),
        piecesExpected: Number(r.pieces_expected), piecesDelivered: Number(r.pieces_delivered), damagedPieces: Number(r.damaged_pieces),
        transitCount: Number(r.transit_count), transitHoursSum: Number(r.transit_hours_sum),
        revenue: Number(r.revenue), cost: Number(r.cost),
        excusedDue: Number(r.excused_due), excusedDelivered: Number(r.excused_delivered),
        excusedOnTime: Number(r.excused_on_time), excusedInFull: Number(r.excused_in_full), excusedOtif: Number(r.excused_otif),
        excusedPerfect: Number(r.excused_perfect), excusedPiecesExpected: Number(r.excused_pieces_expected),
        excusedPiecesDelivered: Number(r.excused_pieces_delivered), excusedDamagedPieces: Number(r.excused_damaged_pieces),
      },
      histogram,
    });
  }
  return out;
}

export const LANE_SEPARATOR = '\t';
