import type { DB } from '../../db/database';
import type { ExceptionCause } from '../domain/exception-causes';
import { assertRole } from '../auth/scope';
import { businessDay } from '../domain/business-day';
import { refreshRollups } from '../queries/rollups';
import { updateDeliveryCause } from '../queries/deliveries';
import { recordAudit } from './audit';
import type { Actor } from '../context';
import { notFound } from '../errors';
import { iso, isoRequired } from '../format';
import { pageMeta } from '../openapi';
import { countDeliveries, findDelivery, listDeliveries, type DeliveryFilter, type DeliveryRow } from '../queries/deliveries';

const toDelivery = (d: DeliveryRow, actor: Actor) => {
  const money = actor.role !== 'client';
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
    revenue: money ? Number(d.revenue) : null,
    cost: money ? Number(d.cost) : null,
    exceptionCause: d.exception_cause as ExceptionCause | null,
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
  return { items: rows.map((d) => toDelivery(d, actor)), ...pageMeta(page, pageSize, total) };
}

export async function getDelivery(db: DB, actor: Actor, id: number) {
  const row = await findDelivery(db, actor, id);
  if (!row) throw notFound('Delivery');
  return toDelivery(row, actor);
}

/**
 * A manager (within their companies), operations or an admin sets or corrects the cause of a delivery; the
 * rollups of its day are recomputed in the same transaction, so the contractual KPIs follow at once. Audited.
 */
export async function setDeliveryCause(db: DB, actor: Actor, id: number, cause: ExceptionCause | null, timeZone: string) {
  assertRole(actor, 'admin', 'manager', 'operations');
  const before = await findDelivery(db, actor, id);
  if (!before) throw notFound('Delivery');
  if (before.exception_cause === cause) return toDelivery(before, actor);
  return db.transaction().execute(async (trx) => {
    const row = await updateDeliveryCause(trx, id, cause);
    await refreshRollups(trx, [{ shipperId: Number(row.shipper_id), day: businessDay(new Date(row.promised_at as unknown as string), timeZone) }], timeZone);
    await recordAudit(trx, actor, 'update', 'delivery', id, { before: { exceptionCause: before.exception_cause }, after: { exceptionCause: cause } });
    return toDelivery((await findDelivery(trx, actor, id))!, actor);
  });
}
