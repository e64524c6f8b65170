import type { DB, Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { applyPolicy, viewOf } from '../auth/field-policy';
import { AppError, badRequest, notFound, validationFailed, type ErrorDetail } from '../errors';
import { iso, isoRequired } from '../format';
import { pageMeta } from '../openapi';
import { businessDay } from '../domain/business-day';
import { monthStatus } from '../domain/closed-months';
import { EXCEPTION_CAUSES, type ExceptionCause } from '../domain/exception-causes';
import { contractIsVisible } from '../queries/contracts';
import { findDelivery, listDeliveries } from '../queries/deliveries';
import { findContract, type ContractTermsRow } from '../queries/service-lookups';
import { recordAudit } from '../services/audit';
import { contractCompliance } from '../services/compliance-service';
import { writeDeliveryCause } from '../services/deliveries-service';
import {
  contractExcusedCauses, COUNTED_AGAINST, countedAgainst, decideDisputeLine, disputeLines, findDispute, insertDispute,
  insertDisputeLines, lineStatuses, listContractDisputes, liveDisputedDeliveries, lockDisputeLine, setDisputeStatus,
  shipperInReach, type DisputeLineRow, type DisputeRow,
} from './queries';
import { disputeStatusOf, figuresOf, monthDays, monthInContract, repeatedDeliveries } from './rules';
import type { CreateDisputeInput, DecideLineInput, DisputeListInput } from './schemas';

/**
 * Disputes (DESIGN.md §10): the shipper client disputes deliveries of a closed month of its contract, each with
 * a cause the contract excuses; the shipper's account manager (or an admin) accepts or rejects each line. An
 * accepted line sets the delivery's cause through writeDeliveryCause (rollups refreshed, audited), so the
 * month's contractual KPIs and credit follow. Who: the shipper's own business only — a client of the shipper,
 * its account manager, an admin; a consignee client or a counterpart's manager sees the contract but not its
 * disputes (403 on the contract's routes, 404 on a dispute).
 */

const DISPUTABLE_CAP = 500;
const asCause = (value: string | null) => (value === null ? null : (value as ExceptionCause));

async function visibleContract(db: Executor, actor: Actor, contractId: number) {
  const contract = await findContract(db, contractId);
  if (!contract || !(await contractIsVisible(db, actor, contractId))) throw notFound('Contract');
  return contract;
}

/** The contract's disputes are the shipper's business: a consignee client or a counterpart's manager gets a 403. */
async function assertShipperSide(db: Executor, actor: Actor, contract: ContractTermsRow) {
  if (!(await shipperInReach(db, actor, contract.shipper_id))) {
    throw new AppError(403, 'forbidden', "Disputes are the contract shipper's business.", [], { key: 'disputes.shipper_only' });
  }
}

function assertMonthInContract(month: string, contract: ContractTermsRow) {
  if (!monthInContract(month, contract.start_date, contract.end_date)) {
    throw badRequest(`The contract does not run in ${month}.`, [{ path: 'month', code: 'disputes.outside_contract', message: 'The contract does not run in this month.' }], { key: 'disputes.outside_contract', params: { month } });
  }
}

/** The month's compliance answer for the whole contract (the one definition: contractCompliance / judgeMonth). */
export async function judgedMonth(db: Executor, actor: Actor, contractId: number, month: string, timeZone: string, now: Date) {
  const report = await contractCompliance(db, actor, contractId, monthDays(month), timeZone, now);
  return { report, month: report.months[0] };
}

const toLine = (l: DisputeLineRow) => ({
  id: l.id, deliveryId: Number(l.delivery_id), trackingNo: l.tracking_no, consigneeId: l.consignee_id === null ? null : Number(l.consignee_id),
  consigneeName: l.consignee_name, promisedAt: iso(l.promised_at), deliveredAt: iso(l.delivered_at), deliveryStatus: l.delivery_status,
  piecesExpected: l.pieces_expected, piecesDelivered: l.pieces_delivered, damagedPieces: l.damaged_pieces,
  currentCause: asCause(l.exception_cause), cause: l.cause as ExceptionCause, comment: l.comment, status: l.status,
  previousCause: asCause(l.previous_cause), decisionNote: l.decision_note, decidedBy: l.decided_by_name, decidedAt: iso(l.decided_at),
});

const disputeHead = (d: DisputeRow) => ({
  id: d.id, contractId: Number(d.contract_id), contractCode: d.contract_code, shipperId: Number(d.shipper_id), shipperName: d.shipper_name,
  month: d.month, status: d.status, comment: d.comment, filedBy: d.filed_by_name, filedAt: isoRequired(d.filed_at), decidedAt: iso(d.decided_at),
});

const mayDecide = (actor: Actor) => actor.role === 'admin' || actor.role === 'manager';

/** A dispute the caller may read (the shipper's business), else 404. */
async function readableDispute(db: Executor, actor: Actor, id: number) {
  assertRole(actor, 'admin', 'manager', 'client');
  const row = await findDispute(db, id);
  if (!row || !(await contractIsVisible(db, actor, Number(row.contract_id))) || !(await shipperInReach(db, actor, Number(row.shipper_id)))) {
    throw notFound('Dispute');
  }
  return row;
}

export async function getDispute(db: Executor, actor: Actor, id: number, timeZone: string, now = new Date()) {
  const row = await readableDispute(db, actor, id);
  const [lines, judged, contract] = await Promise.all([
    disputeLines(db, [row.id]),
    judgedMonth(db, actor, Number(row.contract_id), row.month, timeZone, now),
    findContract(db, Number(row.contract_id)),
  ]);
  const value = {
    ...disputeHead(row),
    lines: lines.map(toLine),
    before: row.before,
    now: figuresOf(judged.month),
    currency: contract!.currency,
    canDecide: mayDecide(actor) && row.status === 'open',
  };
  return applyPolicy('dispute', viewOf(actor, Number(row.shipper_id)), value);
}

export async function listDisputes(db: Executor, actor: Actor, contractId: number, q: DisputeListInput) {
  assertRole(actor, 'admin', 'manager', 'client');
  const contract = await visibleContract(db, actor, contractId);
  await assertShipperSide(db, actor, contract);
  const { rows, total } = await listContractDisputes(db, contractId, q.month, q.status, q.page, q.pageSize);
  const lines = await disputeLines(db, rows.map((r) => r.id));
  const count = (id: number, status?: string) => lines.filter((l) => Number(l.dispute_id) === id && (status === undefined || l.status === status)).length;
  const items = rows.map((r) => ({
    ...disputeHead(r), currency: contract.currency, canDecide: mayDecide(actor) && r.status === 'open',
    lines: count(r.id), open: count(r.id, 'open'), accepted: count(r.id, 'accepted'), rejected: count(r.id, 'rejected'),
  }));
  return { items, meta: pageMeta(q.page, q.pageSize, total) };
}

/** The deliveries a shipper may dispute in a month: counted against the contract, not already in an open or accepted line. */
export async function disputable(db: Executor, actor: Actor, contractId: number, month: string, timeZone: string, now = new Date()) {
  assertRole(actor, 'admin', 'manager', 'client');
  const contract = await visibleContract(db, actor, contractId);
  await assertShipperSide(db, actor, contract);
  assertMonthInContract(month, contract);
  const status = monthStatus(month, businessDay(now, timeZone), contract.settling_days, contract.end_date);
  const { from, to } = monthDays(month);
  const rows = await listDeliveries(db, actor, {
    contractId, shipperId: contract.shipper_id, promisedFrom: from, promisedTo: to, kpi: COUNTED_AGAINST,
  }, timeZone, DISPUTABLE_CAP + 1);
  const live = await liveDisputedDeliveries(db, rows.map((r) => Number(r.id)));
  const items = rows.slice(0, DISPUTABLE_CAP).filter((r) => !live.has(Number(r.id))).map((r) => ({
    id: Number(r.id), trackingNo: r.tracking_no, consigneeName: r.consignee_name, promisedAt: isoRequired(r.promised_at),
    deliveredAt: iso(r.delivered_at), status: r.status, piecesExpected: r.pieces_expected, piecesDelivered: r.pieces_delivered,
    damagedPieces: r.damaged_pieces, exceptionCause: asCause(r.exception_cause),
  }));
  const excusedCauses = (await contractExcusedCauses(db, contractId)).filter((c): c is ExceptionCause => (EXCEPTION_CAUSES as readonly string[]).includes(c));
  return { contractId, month, state: status.state, closesOn: status.closesOn, excusedCauses, items, capped: rows.length > DISPUTABLE_CAP };
}

/** The shipper client files a dispute of a closed month (409 for a month not closed, or a delivery already disputed). */
export async function fileDispute(db: DB, actor: Actor, contractId: number, input: CreateDisputeInput, timeZone: string, now = new Date()) {
  const contract = await visibleContract(db, actor, contractId);
  assertRole(actor, 'client');
  await assertShipperSide(db, actor, contract);
  assertMonthInContract(input.month, contract);
  const status = monthStatus(input.month, businessDay(now, timeZone), contract.settling_days, contract.end_date);
  if (status.state !== 'closed') {
    throw new AppError(409, 'conflict', `${input.month} is not closed yet (it closes on ${status.closesOn}); only a closed month can be disputed.`,
      [{ path: 'month', code: 'disputes.month_not_closed', message: 'Not closed yet.', params: { month: input.month, closesOn: status.closesOn } }],
      { key: 'disputes.month_not_closed', params: { month: input.month, closesOn: status.closesOn } });
  }
  const excused = await contractExcusedCauses(db, contractId);
  const details: ErrorDetail[] = [];
  for (const i of repeatedDeliveries(input.lines)) {
    details.push({ path: `lines.${i}.deliveryId`, code: 'disputes.repeated', message: 'This delivery is named twice.' });
  }
  input.lines.forEach((l, i) => {
    if (!excused.includes(l.cause)) {
      details.push({ path: `lines.${i}.cause`, code: 'disputes.cause_not_excused', message: 'The contract does not excuse this cause.', params: { causes: excused } });
    }
  });
  if (details.length) throw validationFailed('Some lines are not valid.', details);
  const ids = input.lines.map((l) => l.deliveryId);
  const live = await liveDisputedDeliveries(db, ids);
  if (live.size) {
    throw new AppError(409, 'conflict', 'A delivery already has an open or accepted dispute line.',
      input.lines.flatMap((l, i) => (live.has(l.deliveryId) ? [{ path: `lines.${i}.deliveryId`, code: 'disputes.already_disputed', message: 'Already disputed.' }] : [])),
      { key: 'disputes.already_disputed' });
  }
  const { from, to } = monthDays(input.month);
  const counted = await countedAgainst(db, contractId, contract.shipper_id, ids, from, to, timeZone);
  const notCounted = input.lines.flatMap((l, i) => (counted.has(l.deliveryId) ? [] : [{
    path: `lines.${i}.deliveryId`, code: 'disputes.not_counted', message: 'Not a delivery counted against the contract in this month.',
  }]));
  if (notCounted.length) throw validationFailed('Some lines are not valid.', notCounted);

  const id = await db.transaction().execute(async (trx) => {
    const { month } = await judgedMonth(trx, actor, contractId, input.month, timeZone, now);
    const before = figuresOf(month);
    const dispute = await insertDispute(trx, {
      contractId, shipperId: contract.shipper_id, month: input.month, comment: input.comment ?? null, before, filedBy: actor.userId,
    });
    const lines = input.lines.map((l) => ({ deliveryId: l.deliveryId, cause: l.cause, comment: l.comment }));
    await insertDisputeLines(trx, dispute.id, lines);
    await recordAudit(trx, actor, 'create', 'dispute', dispute.id, { after: { contractId, month: input.month, comment: input.comment ?? null, lines, before } });
    return dispute.id;
  });
  return getDispute(db, actor, id, timeZone, now);
}

/** The shipper's account manager or an admin accepts or rejects one open line (a rejection needs a note). */
export async function decideLine(db: DB, actor: Actor, id: number, lineId: number, input: DecideLineInput, timeZone: string, now = new Date()) {
  const dispute = await readableDispute(db, actor, id);
  assertRole(actor, 'admin', 'manager');
  const note = input.note?.trim() || null;
  if (input.decision === 'rejected' && note === null) {
    throw validationFailed('Give a note when rejecting.', [{ path: 'note', code: 'disputes.note_required', message: 'Give a note when rejecting.' }]);
  }
  await db.transaction().execute(async (trx) => {
    const line = await lockDisputeLine(trx, dispute.id, lineId);
    if (!line) throw notFound('Dispute line');
    if (line.status !== 'open') {
      throw new AppError(409, 'conflict', `This line is already ${line.status}.`, [], { key: 'disputes.line_decided', params: { status: line.status } });
    }
    let previousCause: string | null = null;
    if (input.decision === 'accepted') {
      const delivery = await findDelivery(trx, actor, Number(line.delivery_id));
      if (!delivery) throw notFound('Delivery');
      previousCause = delivery.exception_cause;
      if (delivery.exception_cause !== line.cause) await writeDeliveryCause(trx, actor, delivery, line.cause as ExceptionCause, timeZone);
    }
    await decideDisputeLine(trx, lineId, { status: input.decision, note, decidedBy: actor.userId, previousCause });
    await recordAudit(trx, actor, 'update', 'dispute_line', lineId, {
      before: { status: 'open' }, after: { status: input.decision, note, cause: line.cause, deliveryId: Number(line.delivery_id), previousCause },
    });
    const status = disputeStatusOf(await lineStatuses(trx, dispute.id));
    if (status !== dispute.status) {
      await setDisputeStatus(trx, dispute.id, status);
      await recordAudit(trx, actor, 'update', 'dispute', dispute.id, { before: { status: dispute.status }, after: { status } });
    }
  });
  return getDispute(db, actor, id, timeZone, now);
}
