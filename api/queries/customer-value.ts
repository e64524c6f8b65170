import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { ValueWindows } from '../domain/value-window';
import { claimsPaidByShipper } from '../churn/inputs-queries';

export interface ShipperProfitRow {
  companyId: number;
  code: string;
  name: string;
  revenue: number;
  cost: number;
  shipments: number;
  /** settled amounts of the shipper's claims paid in the window (DESIGN.md §6: profit = revenue − cost − claims paid) */
  claimsPaid: number;
}

/**
 * Every active shipper (not archived, marked shipper or shipping in the window) with its revenue, cost and
 * shipments as shipper over the 12-month window, read from the daily rollups.
 */
export async function shipperProfits(db: Executor, w: ValueWindows, timeZone = 'Asia/Shanghai'): Promise<ShipperProfitRow[]> {
  const totals = db.selectFrom('daily_service_rollups')
    .select((eb) => [
      'shipper_id',
      eb.fn.sum<string>('revenue').as('revenue'),
      eb.fn.sum<string>('cost').as('cost'),
      eb.fn.sum<string>('shipments').as('shipments'),
    ])
    .where('day', '>=', w.yearFrom)
    .where('day', '<=', w.asOf)
    .groupBy('shipper_id')
    .as('t');
  const rows = await db.selectFrom('companies')
    .leftJoin(totals, 't.shipper_id', 'companies.id')
    .select(['companies.id', 'companies.code', 'companies.name', 't.revenue', 't.cost', 't.shipments'])
    .where('companies.archived_at', 'is', null)
    .where((eb) => eb.or([eb('companies.is_shipper', '=', true), eb('t.shipper_id', 'is not', null)]))
    .orderBy('companies.id')
    .execute();
  const paid = await claimsPaidByShipper(db, w.yearFrom, w.asOf, timeZone);
  return rows.map((r) => ({
    companyId: Number(r.id), code: r.code, name: r.name,
    revenue: Number(r.revenue ?? 0), cost: Number(r.cost ?? 0), shipments: Number(r.shipments ?? 0),
    claimsPaid: paid.get(Number(r.id)) ?? 0,
  }));
}

export interface VolumeRow {
  companyId: number;
  firstDay: string | null;
  lastDay: string | null;
  recent90: number;
  previous90: number;
  shipments12m: number;
  /** 30.44-day months of the last 12 with a shipment */
  activeMonths: number;
}

/**
 * Volume of each company as shipper or consignee (shipments of rollup rows up to asOf): first and last day
 * with shipments, the last 90 days, the 90 before, the last 12 months and its active months.
 * With companyIds, only those companies.
 */
export async function companyVolumes(db: Executor, w: ValueWindows, companyIds?: number[]): Promise<Map<number, VolumeRow>> {
  if (companyIds && companyIds.length === 0) return new Map();
  const sides = db.selectFrom('daily_service_rollups')
    .select(['shipper_id as company_id', 'day', 'shipments'])
    .where('day', '<=', w.asOf).where('shipments', '>', 0)
    .$if(!!companyIds, (q) => q.where('shipper_id', 'in', companyIds!))
    .unionAll(
      db.selectFrom('daily_service_rollups')
        .select(['consignee_id as company_id', 'day', 'shipments'])
        .where('day', '<=', w.asOf).where('shipments', '>', 0)
        .$if(!!companyIds, (q) => q.where('consignee_id', 'in', companyIds!)),
    )
    .as('v');
  const asOf = sql`cast(${w.asOf} as date)`;
  const rows = await db.selectFrom(sides)
    .select([
      'v.company_id',
      sql<string>`to_char(min(v.day), 'YYYY-MM-DD')`.as('first_day'),
      sql<string>`to_char(max(v.day), 'YYYY-MM-DD')`.as('last_day'),
      sql<string>`coalesce(sum(v.shipments) filter (where v.day >= cast(${w.recentFrom} as date)), 0)`.as('recent90'),
      sql<string>`coalesce(sum(v.shipments) filter (where v.day >= cast(${w.previousFrom} as date) and v.day < cast(${w.recentFrom} as date)), 0)`.as('previous90'),
      sql<string>`coalesce(sum(v.shipments) filter (where v.day >= cast(${w.yearFrom} as date)), 0)`.as('shipments12m'),
      sql<string>`count(distinct floor((${asOf} - v.day) / 30.4375)) filter (where v.day >= cast(${w.yearFrom} as date))`.as('active_months'),
    ])
    .groupBy('v.company_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.company_id), {
    companyId: Number(r.company_id), firstDay: r.first_day, lastDay: r.last_day,
    recent90: Number(r.recent90), previous90: Number(r.previous90), shipments12m: Number(r.shipments12m),
    activeMonths: Math.min(12, Number(r.active_months)),
  }]));
}

/** What the value page needs of one company besides its volume. */
export const companyValueFacts = (db: Executor, companyId: number) =>
  db.selectFrom('companies')
    .select(['id', 'code', 'name', 'customer_since', 'est_annual_shipments', 'service_lines', 'lifecycle_stage', 'lifecycle_changed_at', 'terminated_at'])
    .where('id', '=', companyId)
    .executeTakeFirst();

/** The ids of the companies the caller may see, or null for all. */
export async function visibleIdSet(query: { execute: () => Promise<{ id: number }[]> } | null): Promise<Set<number> | null> {
  if (!query) return null;
  return new Set((await query.execute()).map((r) => Number(r.id)));
}
