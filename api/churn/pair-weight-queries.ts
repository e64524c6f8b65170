import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { pairWeightWindow, pairWeights, type PairShipments, type PairWeights } from './pair-weight';

/** Every directional row touching one of the companies over the weight window to asOf, from the daily rollups. */
export async function pairShipmentsAround(db: Executor, companyIds: readonly number[], asOf: string): Promise<PairShipments[]> {
  if (companyIds.length === 0) return [];
  const { from, to } = pairWeightWindow(asOf);
  const ids = sql.join([...new Set(companyIds)]);
  const { rows } = await sql<{ shipper_id: number; consignee_id: number; shipments: number }>`
    select shipper_id, consignee_id, sum(shipments) as shipments from daily_service_rollups
    where day >= ${from}::date and day <= ${to}::date and shipper_id <> consignee_id
      and (shipper_id in (${ids}) or consignee_id in (${ids}))
    group by shipper_id, consignee_id`.execute(db);
  return rows.map((r) => ({ shipperId: Number(r.shipper_id), consigneeId: Number(r.consignee_id), shipments: Number(r.shipments) }));
}

/** The pair weights of the given companies (complete for each of them) as of a business day. */
export async function pairWeightsAround(db: Executor, companyIds: readonly number[], asOf: string): Promise<PairWeights> {
  return pairWeights(await pairShipmentsAround(db, companyIds, asOf));
}
