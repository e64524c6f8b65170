import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { visibleCompanyIds } from '../auth/scope';
import { addDays } from '../domain/business-day';

export async function companyNames(db: Executor, ids: number[]) {
  if (ids.length === 0) return new Map<number, { code: string; name: string; is_shipper: boolean; is_consignee: boolean; account_manager_id: number | null }>();
  const rows = await db.selectFrom('companies')
    .select(['id', 'code', 'name', 'is_shipper', 'is_consignee', 'account_manager_id'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [Number(r.id), r]));
}

/** The ids among `ids` the caller may see; null when the caller sees every company. */
export async function visibleAmong(db: Executor, actor: Actor, ids: number[]): Promise<Set<number> | null> {
  const visible = visibleCompanyIds(db, actor);
  if (visible === null) return null;
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('companies').select('id').where('id', 'in', ids).where('id', 'in', visible as any).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * For each neighbour of the centre, the 12 months to asOf: shipments between them (both directions), the
 * centre's weight (share of the centre's deliveries, as shipper or consignee) and the neighbour's weight.
 */
export async function egoVolumes(db: Executor, centre: number, neighbours: number[], asOf: string) {
  const result = new Map<number, { shipments: number; weight: number; neighbourWeight: number }>();
  if (neighbours.length === 0) return result;
  const from = addDays(asOf, -364);
  const everyone = [centre, ...neighbours];
  const [totals, between] = await Promise.all([
    sql<{ company_id: number; shipments: number }>`
      select company_id, sum(shipments) as shipments from (
        select shipper_id as company_id, shipments from daily_service_rollups
        where day >= ${from} and day <= ${asOf} and shipper_id <> consignee_id and shipper_id in (${sql.join(everyone)})
        union all
        select consignee_id, shipments from daily_service_rollups
        where day >= ${from} and day <= ${asOf} and shipper_id <> consignee_id and consignee_id in (${sql.join(everyone)})
      ) t group by company_id`.execute(db),
    sql<{ other: number; shipments: number }>`
      select case when shipper_id = ${centre} then consignee_id else shipper_id end as other, sum(shipments) as shipments
      from daily_service_rollups
      where day >= ${from} and day <= ${asOf}
        and ((shipper_id = ${centre} and consignee_id in (${sql.join(neighbours)})) or (consignee_id = ${centre} and shipper_id in (${sql.join(neighbours)})))
      group by 1`.execute(db),
  ]);
  const total = new Map(totals.rows.map((r) => [Number(r.company_id), Number(r.shipments)]));
  const centreTotal = total.get(centre) ?? 0;
  for (const row of between.rows) {
    const other = Number(row.other);
    const shipments = Number(row.shipments);
    const otherTotal = total.get(other) ?? 0;
    result.set(other, {
      shipments,
      weight: centreTotal > 0 ? shipments / centreTotal : 0,
      neighbourWeight: otherTotal > 0 ? shipments / otherTotal : 0,
    });
  }
  return result;
}

/** Every company id the caller may see; null when the caller sees every company. */
export async function visibleSet(db: Executor, actor: Actor): Promise<Set<number> | null> {
  const visible = visibleCompanyIds(db, actor);
  if (visible === null) return null;
  const rows = await db.selectFrom('companies').select('id').where('id', 'in', visible as any).execute();
  return new Set(rows.map((r) => Number(r.id)));
}
