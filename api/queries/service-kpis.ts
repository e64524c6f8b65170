import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/database';
import { emptyCounts, type ServiceCounts } from '../domain/service-kpis';
import type { visibleCompanyIds } from '../auth/scope';

/** Filters on the rollup tables (both carry the same key columns). Dates are inclusive business days. */
export interface RollupFilter {
  from: string;
  to: string;
  shipperId?: number;
  consigneeId?: number;
  contractId?: number;
  /** several contracts at once (the breach list) */
  contractIds?: readonly number[];
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

function where(f: RollupFilter) {
  const parts: RawBuilder<unknown>[] = [sql`t.day >= ${f.from}::date`, sql`t.day <= ${f.to}::date`];
  if (f.shipperId !== undefined) parts.push(sql`t.shipper_id = ${f.shipperId}`);
  if (f.consigneeId !== undefined) parts.push(sql`t.consignee_id = ${f.consigneeId}`);
  if (f.contractId !== undefined) parts.push(sql`t.contract_id = ${f.contractId}`);
  if (f.contractIds !== undefined) {
    parts.push(f.contractIds.length ? sql`t.contract_id in (${sql.join(f.contractIds)})` : sql`false`);
  }
  if (f.origin !== undefined) parts.push(sql`t.origin = ${f.origin}`);
  if (f.destination !== undefined) parts.push(sql`t.destination = ${f.destination}`);
  if (f.visible) parts.push(sql`(t.shipper_id in (${f.visible}) or t.consignee_id in (${f.visible}))`);
  return sql.join(parts, sql` and `);
}

interface CountsRow {
  key: string;
  shipments: number; due: number; delivered: number; on_time: number; in_full: number; otif: number; perfect: number;
  pieces_expected: number; pieces_delivered: number; damaged_pieces: number;
  transit_count: number; transit_hours_sum: number; revenue: number; cost: number;
}

/** Summed rollup counts per group key. */
export async function sumRollups(db: Executor, f: RollupFilter, groups: readonly RollupGrouping[]): Promise<Map<string, ServiceCounts>> {
  const { rows } = await sql<CountsRow>`
    select ${keyOf(groups)} as key,
      sum(shipments)::int8 as shipments, sum(due)::int8 as due, sum(delivered)::int8 as delivered,
      sum(on_time)::int8 as on_time, sum(in_full)::int8 as in_full, sum(otif)::int8 as otif, sum(perfect)::int8 as perfect,
      sum(pieces_expected)::int8 as pieces_expected, sum(pieces_delivered)::int8 as pieces_delivered,
      sum(damaged_pieces)::int8 as damaged_pieces, sum(transit_count)::int8 as transit_count,
      sum(transit_hours_sum)::float8 as transit_hours_sum, sum(revenue) as revenue, sum(cost) as cost
    from daily_service_rollups t
    where ${where(f)}
    group by 1`.execute(db);
  const out = new Map<string, ServiceCounts>();
  for (const r of rows) {
    out.set(r.key, {
      ...emptyCounts(),
      shipments: Number(r.shipments), due: Number(r.due), delivered: Number(r.delivered), onTime: Number(r.on_time),
      inFull: Number(r.in_full), otif: Number(r.otif), perfect: Number(r.perfect),
      piecesExpected: Number(r.pieces_expected), piecesDelivered: Number(r.pieces_delivered), damagedPieces: Number(r.damaged_pieces),
      transitCount: Number(r.transit_count), transitHoursSum: Number(r.transit_hours_sum),
      revenue: Number(r.revenue), cost: Number(r.cost),
    });
  }
  return out;
}

/** Merged transit histograms per group key. */
export async function sumHistograms(db: Executor, f: RollupFilter, groups: readonly RollupGrouping[]): Promise<Map<string, Map<number, number>>> {
  const { rows } = await sql<{ key: string; bucket: number; count: number }>`
    select ${keyOf(groups)} as key, t.bucket_hours as bucket, sum(t.count)::int8 as count
    from daily_transit_histogram t
    where ${where(f)}
    group by 1, 2`.execute(db);
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let histogram = out.get(r.key);
    if (!histogram) out.set(r.key, (histogram = new Map()));
    histogram.set(Number(r.bucket), Number(r.count));
  }
  return out;
}

export const LANE_SEPARATOR = '\t';
