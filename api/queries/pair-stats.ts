import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { pairWeights, statsWindows, type PairVolume } from '../domain/pair-weights';

export interface PairKey {
  shipperId: number;
  consigneeId: number;
}

export type PairStats = PairVolume & { shipperWeight: number; consigneeWeight: number };

export const pairKey = (p: PairKey) => `${p.shipperId}:${p.consigneeId}`;

const empty: PairVolume = { shipments90d: 0, revenue90d: 0, shipments12m: 0, revenue12m: 0 };

/**
 * Volume and revenue of each pair over the last 90 days and 12 months (ending on `today`, a business
 * day), with its two weights, read from the daily service rollups. Keyed by pairKey().
 */
export async function pairStats(db: Executor, pairs: readonly PairKey[], today: string): Promise<Map<string, PairStats>> {
  const result = new Map<string, PairStats>();
  if (pairs.length === 0) return result;
  const { from90, from12m, to } = statsWindows(today);
  const shippers = [...new Set(pairs.map((p) => p.shipperId))];
  const consignees = [...new Set(pairs.map((p) => p.consigneeId))];
  const inWindow = (q: any) => q.where('day', '>=', from12m).where('day', '<=', to);

  const [volumes, shipperTotals, consigneeTotals] = await Promise.all([
    inWindow(db.selectFrom('daily_service_rollups'))
      .where('shipper_id', 'in', shippers)
      .where('consignee_id', 'in', consignees)
      .select([
        'shipper_id', 'consignee_id',
        sql<number>`coalesce(sum(shipments) filter (where day >= ${from90}), 0)`.as('shipments90d'),
        sql<number>`coalesce(sum(revenue) filter (where day >= ${from90}), 0)`.as('revenue90d'),
        sql<number>`coalesce(sum(shipments), 0)`.as('shipments12m'),
        sql<number>`coalesce(sum(revenue), 0)`.as('revenue12m'),
      ])
      .groupBy(['shipper_id', 'consignee_id'])
      .execute() as Promise<{ shipper_id: number; consignee_id: number; shipments90d: number; revenue90d: number; shipments12m: number; revenue12m: number }[]>,
    inWindow(db.selectFrom('daily_service_rollups'))
      .where('shipper_id', 'in', shippers)
      .select(['shipper_id', sql<number>`coalesce(sum(shipments), 0)`.as('total')])
      .groupBy('shipper_id')
      .execute() as Promise<{ shipper_id: number; total: number }[]>,
    inWindow(db.selectFrom('daily_service_rollups'))
      .where('consignee_id', 'in', consignees)
      .select(['consignee_id', sql<number>`coalesce(sum(shipments), 0)`.as('total')])
      .groupBy('consignee_id')
      .execute() as Promise<{ consignee_id: number; total: number }[]>,
  ]);

  const byPair = new Map(volumes.map((v) => [pairKey({ shipperId: Number(v.shipper_id), consigneeId: Number(v.consignee_id) }), v]));
  const shipperTotal = new Map(shipperTotals.map((r) => [Number(r.shipper_id), Number(r.total)]));
  const consigneeTotal = new Map(consigneeTotals.map((r) => [Number(r.consignee_id), Number(r.total)]));
  for (const p of pairs) {
    const v = byPair.get(pairKey(p));
    const volume: PairVolume = v
      ? { shipments90d: Number(v.shipments90d), revenue90d: Number(v.revenue90d), shipments12m: Number(v.shipments12m), revenue12m: Number(v.revenue12m) }
      : empty;
    const weights = pairWeights(volume.shipments12m, shipperTotal.get(p.shipperId) ?? 0, consigneeTotal.get(p.consigneeId) ?? 0);
    result.set(pairKey(p), { ...volume, ...weights });
  }
  return result;
}
