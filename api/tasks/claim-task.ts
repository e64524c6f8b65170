import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { recordAudit } from '../services/audit';
import type { ClaimRow } from '../claims/queries';
import { firstAdmin } from '../claims/queries';
import { responseDueAt } from '../claims/rules';
import { findTask, insertTask, updateTask } from './queries';
import { toTask } from './service';

const KIND_TITLE = { over: 'overage', short: 'shortage', damaged: 'damage', lost: 'loss' } as const;

/**
 * A filed claim gets a task to answer it, due when its response target runs out (the contract's claim-response
 * time, kept on the claim). Owned by the shipper's account manager, else the first active admin; runs in the
 * transaction that files the claim; one task per claim.
 */
export async function createClaimTask(trx: Executor, actor: Actor, claim: ClaimRow, now = new Date()) {
  const ownerId = claim.shipper_manager_id ?? (await firstAdmin(trx))?.id ?? null;
  if (ownerId === null) return null;
  const dueAt = responseDueAt(claim.filed_at, Number(claim.response_target_hours));
  const id = await insertTask(trx, {
    title: `Answer the ${KIND_TITLE[claim.kind]} claim #${claim.id} of ${claim.filed_company_name}`.slice(0, 200),
    owner_id: Number(ownerId), due_at: dueAt, priority: 'high', company_id: Number(claim.shipper_id), contract_id: claim.contract_id,
    claim_id: Number(claim.id), due_in_past_on_creation: dueAt.getTime() < now.getTime(), created_by: actor.userId,
  });
  const task = toTask((await findTask(trx, id))!, actor, now);
  await recordAudit(trx, actor, 'create', 'task', id, { after: task });
  return task;
}

/** The claim was answered (acknowledged): its open task is done. */
export async function closeClaimTask(trx: Executor, actor: Actor, claimId: number, now = new Date()) {
  const task = await trx.selectFrom('tasks').select(['id', 'status']).where('claim_id', '=', claimId).executeTakeFirst();
  if (!task || (task.status !== 'open' && task.status !== 'in_progress')) return;
  const before = toTask((await findTask(trx, Number(task.id)))!, actor, now);
  await updateTask(trx, Number(task.id), { status: 'done', completed_at: now });
  await recordAudit(trx, actor, 'complete', 'task', Number(task.id), { before, after: toTask((await findTask(trx, Number(task.id)))!, actor, now) });
}
