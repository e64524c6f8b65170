import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { statsWindows } from '../domain/trailing-windows';
import { pairWeightWindow } from '../churn/pair-weight';
import { pairWeightsAround } from '../churn/pair-weight-queries';

export interface PairKey {
  shipperId: number;
  consigneeId: number;
}

/** A pair's shipments and revenue over the last 90 days and 12 months. */
export interface PairVolume {
  shipments90d: number;
  revenue90d: number;
  shipments12m: number;
  revenue12m: number;
}

export type PairStats = PairVolume & { shipperWeight: number; consigneeWeight: number };

export const pairKey = (p: PairKey) => `${p.shipperId}:${p.consigneeId}`;

const empty: PairVolume = { shipments90d: 0, revenue90d: 0, shipments12m: 0, revenue12m: 0 };

/**
 * Volume and revenue of each pair (this direction) over the last 90 days and the pair-weight window to
 * `today`, read from the daily service rollups, with the two weights of the pair as the cascade reads them
 * (churn/pair-weight.ts: both directions, each side's deliveries as shipper or consignee). Keyed by pairKey().
 */
export async function pairStats(db: Executor, pairs: readonly PairKey[], today: string): Promise<Map<string, PairStats>> {
  const result = new Map<string, PairStats>();
  if (pairs.length === 0) return result;
  const { from90 } = statsWindows(today);
  const { from, to } = pairWeightWindow(today);
  const shippers = [...new Set(pairs.map((p) => p.shipperId))];
  const consignees = [...new Set(pairs.map((p) => p.consigneeId))];

  const [volumes, weights] = await Promise.all([
    db.selectFrom('daily_service_rollups')
      .where('day', '>=', from).where('day', '<=', to)
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
      .execute(),
    pairWeightsAround(db, [...shippers, ...consignees], today),
  ]);

  const byPair = new Map(volumes.map((v) => [pairKey({ shipperId: Number(v.shipper_id), consigneeId: Number(v.consignee_id) }), v]));
  for (const p of pairs) {
    const v = byPair.get(pairKey(p));
    const volume: PairVolume = v
      ? { shipments90d: Number(v.shipments90d), revenue90d: Number(v.revenue90d), shipments12m: Number(v.shipments12m), revenue12m: Number(v.revenue12m) }
      : empty;
    result.set(pairKey(p), {
      ...volume,
      shipperWeight: weights.weight(p.shipperId, p.consigneeId),
      consigneeWeight: weights.weight(p.consigneeId, p.shipperId),
    });
  }
  return result;
}
