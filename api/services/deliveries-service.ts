import type { DB, Executor } from '../../db/database';
import type { ExceptionCause } from '../domain/exception-causes';
import { assertOwnAccount, assertRole } from '../auth/scope';
import { businessDay } from '../domain/business-day';
import { refreshRollups } from '../queries/rollups';
import { updateDeliveryCause } from '../queries/deliveries';
import { recordAudit } from './audit';
import { applyPolicy, applyPolicyEach, viewOf } from '../auth/field-policy';
import type { Actor } from '../context';
import { notFound } from '../errors';
import { iso, isoRequired } from '../format';
import { decodeCursor, encodeCursor } from '../domain/delivery-cursor';
import { DELIVERY_COUNT_CAP } from '../schemas/deliveries';
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
    exceptionCause: d.exception_cause as ExceptionCause | null,
    importJobId: d.import_job_id,
    updatedAt: isoRequired(d.updated_at),
  };
};

/**
 * Deliveries the caller may see (a client: those where its company is shipper or consignee), filtered, one
 * page by cursor; the total counts up to `countCap` (totalCapped says there are more).
 */
export async function listDeliveriesFor(
  db: DB, actor: Actor, query: DeliveryFilter & { cursor?: string; pageSize: number }, timeZone: string, countCap = DELIVERY_COUNT_CAP,
) {
  const { cursor: token, pageSize, ...filter } = query;
  const cursor = token ? decodeCursor(token) : null;
  const [rows, counted] = await Promise.all([
    listDeliveries(db, actor, filter, timeZone, pageSize + 1, cursor ?? undefined),
    countDeliveries(db, actor, filter, timeZone, countCap + 1),
  ]);
  const backwards = cursor?.direction === 'before';
  const items = backwards ? rows.slice(Math.max(0, rows.length - pageSize)) : rows.slice(0, pageSize);
  const hasNext = backwards ? true : rows.length > pageSize;
  const hasPrev = backwards ? rows.length > pageSize : cursor !== null;
  const position = hasPrev ? Math.max(cursor?.position ?? 1, 2) : 1;
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items: applyPolicyEach(actor, 'delivery', items.map((d) => toDelivery(d)), (d) => d.shipper.id),
    meta: {
      pageSize,
      position,
      total: Math.min(counted, countCap),
      totalCapped: counted > countCap,
      nextCursor: hasNext && last ? encodeCursor({ direction: 'after', promisedAt: last.promised_at, id: last.id, position: position + items.length }) : null,
      prevCursor: hasPrev && first ? encodeCursor({ direction: 'before', promisedAt: first.promised_at, id: first.id, position: Math.max(1, position - pageSize) }) : null,
    },
  };
}

export async function getDelivery(db: DB, actor: Actor, id: number) {
  const row = await findDelivery(db, actor, id);
  if (!row) throw notFound('Delivery');
  return applyPolicy('delivery', viewOf(actor, row.shipper_id), toDelivery(row));
}

/**
 * The shipper's account manager, operations or an admin sets or corrects the cause of a delivery; the
 * rollups of its day are recomputed in the same transaction, so the contractual KPIs follow at once. Audited.
 */
export async function setDeliveryCause(db: DB, actor: Actor, id: number, cause: ExceptionCause | null, timeZone: string) {
  assertRole(actor, 'admin', 'manager', 'operations');
  const before = await findDelivery(db, actor, id);
  if (!before) throw notFound('Delivery');
  // the cause decides the shipper's contractual KPIs and credits: the shipper's own manager sets it, not the consignee's
  await assertOwnAccount(db, actor, Number(before.shipper_id), 'Delivery');
  if (before.exception_cause === cause) return applyPolicy('delivery', viewOf(actor, before.shipper_id), toDelivery(before));
  return db.transaction().execute((trx) => writeDeliveryCause(trx, actor, before, cause, timeZone));
}

/**
 * The write behind setDeliveryCause, inside the caller's transaction (a dispute's accepted line uses it too):
 * the cause, the rollups of its (shipper, day) and the audit. The caller has checked who may do it.
 */
export async function writeDeliveryCause(trx: Executor, actor: Actor, before: DeliveryRow, cause: ExceptionCause | null, timeZone: string) {
  const row = await updateDeliveryCause(trx, before.id, cause);
  await refreshRollups(trx, [{ shipperId: Number(row.shipper_id), day: businessDay(new Date(row.promised_at as unknown as string), timeZone) }], timeZone);
  await recordAudit(trx, actor, 'update', 'delivery', before.id, { before: { exceptionCause: before.exception_cause }, after: { exceptionCause: cause } });
  return applyPolicy('delivery', viewOf(actor, before.shipper_id), toDelivery((await findDelivery(trx, actor, before.id))!));
}
