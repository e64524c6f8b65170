import type { DB } from '../../db/database';
import { applyPolicy, applyPolicyEach, viewOf } from '../auth/field-policy';
import type { Actor } from '../context';
import { notFound } from '../errors';
import { iso, isoRequired } from '../format';
import { pageMeta } from '../openapi';
import { countDeliveries, findDelivery, listDeliveries, type DeliveryFilter, type DeliveryRow } from '../queries/deliveries';

// money fields go through the field policy (api/auth/field-policy.ts): a client never gets the cost
const toDelivery = (d: DeliveryRow) => {
  return {
    id: d.id,
    trackingNo: d.tracking_no,
    shipper: { id: d.shipper_id, code: d.shipper_code, name: d.shipper_name },
    consignee: { id: d.consignee_id, code: d.consignee_code, name: d.consignee_name },
    pairId: d.pair_id,
    contract: d.contract_id !== null && d.contract_code !== null ? { id: d.contract_id, code: d.contract_code } : null,
    origin: d.origin,
    destination: d.destination,
    pickedUpAt: iso(d.picked_up_at),
    promisedAt: isoRequired(d.promised_at),
    deliveredAt: iso(d.delivered_at),
    status: d.status,
    piecesExpected: d.pieces_expected,
    piecesDelivered: d.pieces_delivered,
    damagedPieces: d.damaged_pieces,
    revenue: Number(d.revenue),
    cost: Number(d.cost),
    importJobId: d.import_job_id,
    updatedAt: isoRequired(d.updated_at),
  };
};

/** Deliveries the caller may see (a client: those where its company is shipper or consignee), filtered and paged. */
export async function listDeliveriesFor(
  db: DB, actor: Actor, query: DeliveryFilter & { page: number; pageSize: number }, timeZone: string,
) {
  const { page, pageSize, ...filter } = query;
  const [rows, total] = await Promise.all([
    listDeliveries(db, actor, filter, timeZone, { limit: pageSize, offset: (page - 1) * pageSize }),
    countDeliveries(db, actor, filter, timeZone),
  ]);
  return { items: applyPolicyEach(actor, 'delivery', rows.map((d) => toDelivery(d)), (d) => d.shipper.id), ...pageMeta(page, pageSize, total) };
}

export async function getDelivery(db: DB, actor: Actor, id: number) {
  const row = await findDelivery(db, actor, id);
  if (!row) throw notFound('Delivery');
  return applyPolicy('delivery', viewOf(actor, row.shipper_id), toDelivery(row));
}
