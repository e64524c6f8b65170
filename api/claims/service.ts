import type { DB, Executor } from '../../db/database';
import type { ClaimStatus } from '../../db/tables/claims';
import type { Actor } from '../context';
import { applyPolicy, applyPolicyEach, viewOf } from '../auth/field-policy';
import { assertCompanyVisible, assertRole } from '../auth/scope';
import { AppError, forbidden, notFound } from '../errors';
import { iso, isoRequired } from '../format';
import { pageMeta } from '../openapi';
import { recordAudit } from '../services/audit';
import { getSetting } from '../services/settings';
import { businessDay } from '../domain/business-day';
import { DEFAULT_CLAIM_RESPONSE_HOURS } from '../churn/facts';
import { responseTargetHours } from '../tasks/queries';
import { createClaimTask, closeClaimTask } from '../tasks/claim-task';
import {
  attachmentsOf, claimableDeliveries, contractTarget, deliveriesOfClaims, findClaim, findVisibleClaim, historyOf,
  insertClaim, insertClaimDeliveries, insertHistory, listClaims, updateClaim, type ClaimRow,
} from './queries';
import {
  CLAIM_TRANSITIONS, DEFAULT_MAX_AMOUNT_MULTIPLE, mayMove, maxClaimAmount, respondedLate, responseDueAt, responseHours, SETTLEMENT_STATUSES,
} from './rules';
import type { ClaimListInput, FileClaimInput } from './schemas';

type DeliveryRow = Awaited<ReturnType<typeof deliveriesOfClaims>>[number];

/** Admin and operations work every claim they see; a manager those whose shipper they manage (or nobody does). */
export const mayWorkClaim = (actor: Actor, row: Pick<ClaimRow, 'shipper_manager_id'>) =>
  actor.role === 'admin' || actor.role === 'operations'
  || (actor.role === 'manager' && (row.shipper_manager_id === null || row.shipper_manager_id === actor.userId));

export function toClaim(row: ClaimRow, deliveries: DeliveryRow[], actor: Actor, now: Date) {
  const target = Number(row.response_target_hours);
  const hours = responseHours(row.filed_at, row.acknowledged_at);
  return {
    id: Number(row.id),
    kind: row.kind,
    status: row.status,
    shipperId: Number(row.shipper_id),
    shipperName: row.shipper_name,
    filedCompanyId: Number(row.filed_company_id),
    filedCompanyName: row.filed_company_name,
    contractId: row.contract_id === null ? null : Number(row.contract_id),
    contractCode: row.contract_code,
    amountClaimed: Number(row.amount_claimed),
    amountSettled: row.amount_settled === null ? null : Number(row.amount_settled),
    settlementNote: row.settlement_note,
    currency: row.currency,
    description: row.description,
    filedAt: isoRequired(row.filed_at),
    acknowledgedAt: iso(row.acknowledged_at),
    paidAt: iso(row.paid_at),
    responseTargetHours: target,
    responseDueAt: isoRequired(responseDueAt(row.filed_at, target)),
    responseHours: hours === null ? null : Math.round(hours * 100) / 100,
    respondedLate: respondedLate(row.filed_at, row.acknowledged_at, target, now),
    deliveries: deliveries.filter((d) => Number(d.claim_id) === Number(row.id)).map((d) => ({
      deliveryId: Number(d.delivery_id), trackingNo: d.tracking_no, consigneeId: Number(d.consignee_id), consigneeName: d.consignee_name,
    })),
    canWork: mayWorkClaim(actor, row),
    nextStatuses: mayWorkClaim(actor, row) ? [...CLAIM_TRANSITIONS[row.status]] : [],
    settleable: mayWorkClaim(actor, row) && SETTLEMENT_STATUSES.includes(row.status),
  };
}

export type Claim = ReturnType<typeof toClaim>;

async function claimFor(db: Executor, actor: Actor, id: number) {
  const row = await findVisibleClaim(db, actor, id);
  if (!row) throw notFound('Claim');
  return row;
}

async function detail(db: Executor, actor: Actor, row: ClaimRow, now: Date) {
  const id = Number(row.id);
  const [deliveries, history, attachments] = await Promise.all([deliveriesOfClaims(db, [id]), historyOf(db, id), attachmentsOf(db, id)]);
  const claim = {
    ...toClaim(row, deliveries, actor, now),
    history: history.map((h) => ({ fromStatus: h.from_status, toStatus: h.to_status, actorName: h.actor_name, at: isoRequired(h.at), note: h.note })),
    attachments: attachments.map((a) => ({
      id: Number(a.id), fileName: a.file_name, contentType: a.content_type, bytes: Number(a.bytes), uploadedAt: isoRequired(a.uploaded_at),
    })),
  };
  return applyPolicy('claim', viewOf(actor, claim.shipperId), claim);
}

export async function getClaim(db: DB, actor: Actor, id: number, now = new Date()) {
  return detail(db, actor, await claimFor(db, actor, id), now);
}

export async function listClaimsFor(db: DB, actor: Actor, q: ClaimListInput, now = new Date()) {
  if (q.companyId !== undefined) await assertCompanyVisible(db, actor, q.companyId);
  const { rows, total } = await listClaims(db, actor, { status: q.status, kind: q.kind, companyId: q.companyId },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const deliveries = await deliveriesOfClaims(db, rows.map((r) => Number(r.id)));
  const items = applyPolicyEach(actor, 'claim', rows.map((r) => toClaim(r, deliveries, actor, now)), (c) => c.shipperId);
  return { items, meta: pageMeta(q.page, q.pageSize, total) };
}

const fieldError = (status: 400, path: string, code: string, message: string, key: string, params: Record<string, unknown> = {}) =>
  new AppError(status, 'validation_failed', message, [{ path, code, message, params }], { key, params });

/**
 * Files a claim on deliveries the caller may see (a client on its own as shipper or consignee). All of one
 * shipper; the amount at most the setting 'claims.maxAmountMultiple' (default 3) × their revenue. Records the
 * first history step, audits it and gives the claim a task due at the contract's response target.
 */
export async function fileClaim(db: DB, actor: Actor, input: FileClaimInput, timeZone: string, now = new Date()) {
  const trackingNos = [...new Set(input.trackingNos)];
  let found = await claimableDeliveries(db, actor, trackingNos, input.shipperId);
  if (actor.role === 'client') found = found.filter((d) => d.shipper_id === actor.companyId || d.consignee_id === actor.companyId);
  for (const [i, no] of trackingNos.entries()) {
    const matches = found.filter((d) => d.tracking_no === no);
    if (matches.length === 0) {
      // the number is not echoed: a 404 says no more than that the caller may not see such a delivery
      throw new AppError(404, 'not_found', 'Delivery not found.', [{ path: `trackingNos.${i}`, code: 'not_found', message: 'No delivery of yours has this tracking number.' }]);
    }
    if (matches.length > 1) {
      throw fieldError(400, `trackingNos.${i}`, 'claims.ambiguous', 'This tracking number is used by more than one shipper: name the shipper.', 'claims.ambiguous');
    }
  }
  const shippers = new Set(found.map((d) => Number(d.shipper_id)));
  if (shippers.size > 1) {
    throw fieldError(400, 'trackingNos', 'claims.one_shipper', 'The deliveries of a claim must all be of one shipper.', 'claims.one_shipper');
  }
  const shipperId = Number(found[0].shipper_id);
  const revenue = found.reduce((sum, d) => sum + Number(d.revenue), 0);
  const multiple = await getSetting<number>(db, 'claims.maxAmountMultiple', DEFAULT_MAX_AMOUNT_MULTIPLE);
  const max = maxClaimAmount(revenue, multiple);
  if (input.amountClaimed > max) {
    throw fieldError(400, 'amountClaimed', 'claims.over_multiple',
      `The amount claimed may be at most ${multiple} × the deliveries' revenue (${max} CNY).`, 'claims.over_multiple', { multiple, maximum: max });
  }
  const contractId = found.map((d) => d.contract_id).find((c) => c !== null) ?? null;
  const contract = contractId === null ? undefined : await contractTarget(db, Number(contractId));
  const targetHours = (contract?.claim_response_hours == null ? null : Number(contract.claim_response_hours))
    ?? await responseTargetHours(db, shipperId, businessDay(now, timeZone), null)
    ?? await getSetting<number>(db, 'churn.claimResponseHours', DEFAULT_CLAIM_RESPONSE_HOURS);
  const filedCompanyId = actor.role === 'client' ? actor.companyId! : shipperId;
  return db.transaction().execute(async (trx) => {
    const id = await insertClaim(trx, {
      shipper_id: shipperId, filed_company_id: filedCompanyId, contract_id: contractId === null ? null : Number(contractId),
      kind: input.kind, amount_claimed: input.amountClaimed, description: input.description ?? '',
      response_target_hours: targetHours, filed_at: now, filed_by: actor.userId,
    });
    await insertClaimDeliveries(trx, found.map((d) => ({
      claim_id: id, shipper_id: Number(d.shipper_id), delivery_id: Number(d.id), tracking_no: d.tracking_no, consignee_id: Number(d.consignee_id),
    })));
    await insertHistory(trx, { claim_id: id, from_status: null, to_status: 'filed', actor_id: actor.userId, at: now, note: null });
    const row = (await findClaim(trx, id))!;
    const claim = toClaim(row, await deliveriesOfClaims(trx, [id]), actor, now);
    await recordAudit(trx, actor, 'create', 'claim', id, { after: claim });
    await createClaimTask(trx, actor, row, now);
    return detail(trx, actor, row, now);
  });
}

async function workable(db: Executor, actor: Actor, id: number) {
  assertRole(actor, 'admin', 'manager', 'operations');
  const row = await claimFor(db, actor, id);
  if (!mayWorkClaim(actor, row)) throw forbidden('This claim belongs to another account manager\'s shipper.');
  return row;
}

const conflictWith = (message: string, key: string, params: Record<string, unknown>) =>
  new AppError(409, 'conflict', message, [{ path: 'status', code: key, message, params }], { key, params });

/** Moves a claim one step (409 for a step the lifecycle does not have); each step is a history row and an audit row. */
export async function moveClaim(db: DB, actor: Actor, id: number, to: ClaimStatus, note: string | null, now = new Date()) {
  const row = await workable(db, actor, id);
  if (!mayMove(row.status, to)) {
    throw conflictWith(`A claim cannot move from ${row.status} to ${to}.`, 'claims.illegal_transition', { from: row.status, to });
  }
  if (to === 'paid' && row.amount_settled === null) {
    throw conflictWith('Set the settled amount before marking the claim paid.', 'claims.settle_first', {});
  }
  return db.transaction().execute(async (trx) => {
    const before = toClaim(row, [], actor, now);
    await updateClaim(trx, id, {
      status: to,
      ...(to === 'acknowledged' && { acknowledged_at: now }),
      ...(to === 'paid' && { paid_at: now }),
    });
    await insertHistory(trx, { claim_id: id, from_status: row.status, to_status: to, actor_id: actor.userId, at: now, note: note ?? null });
    const after = (await findClaim(trx, id))!;
    await recordAudit(trx, actor, `claim.${to}`, 'claim', id, { before, after: toClaim(after, [], actor, now) });
    if (to === 'acknowledged') await closeClaimTask(trx, actor, id, now);
    return detail(trx, actor, after, now);
  });
}

/** Sets the settled amount with a note, while the claim is worked; at most the claimed amount. */
export async function settleClaim(db: DB, actor: Actor, id: number, amount: number, note: string, now = new Date()) {
  const row = await workable(db, actor, id);
  if (!SETTLEMENT_STATUSES.includes(row.status)) {
    throw conflictWith(`The settled amount cannot change while the claim is ${row.status}.`, 'claims.settlement_closed', { status: row.status });
  }
  if (amount > Number(row.amount_claimed)) {
    throw fieldError(400, 'amountSettled', 'claims.over_claimed', `At most the amount claimed (${Number(row.amount_claimed)} CNY).`,
      'claims.over_claimed', { maximum: Number(row.amount_claimed) });
  }
  return db.transaction().execute(async (trx) => {
    const before = toClaim(row, [], actor, now);
    await updateClaim(trx, id, { amount_settled: amount, settlement_note: note });
    const after = (await findClaim(trx, id))!;
    await recordAudit(trx, actor, 'claim.settle', 'claim', id, { before, after: toClaim(after, [], actor, now) });
    return detail(trx, actor, after, now);
  });
}

/** The claim for an attachment upload: its filing client, or staff who work it. */
export async function claimForUpload(db: DB, actor: Actor, id: number) {
  const row = await claimFor(db, actor, id);
  if (actor.role === 'client' ? row.filed_company_id !== actor.companyId : !mayWorkClaim(actor, row)) {
    throw forbidden('Only the company that filed the claim, or staff who work it, add attachments.');
  }
  return row;
}

export { claimFor as visibleClaim };
export const claimDetail = detail;
