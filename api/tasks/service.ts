import type { DB, Executor } from '../../db/database';
import type { TaskPriority, TaskStatus } from '../../db/tables/workbench';
import type { Actor } from '../context';
import { assertCompanyVisible } from '../auth/scope';
import { forbidden, notFound, validationFailed } from '../errors';
import { iso, isoRequired } from '../format';
import { pageMeta } from '../openapi';
import { mayWriteCompany } from '../services/account-access';
import { recordAudit } from '../services/audit';
import { alertFor, taskDraft } from '../alerts/inbox-service';
import type { Language } from '../alerts/texts';
import { assertInPortfolio, assertWorkbenchUser, inPortfolio, portfolioCompanyIds } from '../workbench/portfolio';
import {
  findContractOf, findInteractionOf, findOwner, findPairOf, findTask, insertTask, listTasks, updateTask, type TaskRow,
} from './queries';
import { findVisibleClaim } from '../claims/queries';
import type { CreateTaskInput, TaskListInput, UpdateTaskInput } from './schemas';

export interface TaskWarning { path: string; code: string; message: string }

const OPEN: readonly TaskStatus[] = ['open', 'in_progress'];

export const isOverdue = (row: Pick<TaskRow, 'status' | 'due_at'>, now: Date) =>
  OPEN.includes(row.status) && row.due_at !== null && row.due_at.getTime() < now.getTime();

/** An admin changes any task; a manager the tasks they own or made, and those of companies they may change. */
export const mayWriteTask = (actor: Actor, row: Pick<TaskRow, 'owner_id' | 'created_by' | 'account_manager_id'>) =>
  actor.role === 'admin' || (actor.role === 'manager'
    && (row.owner_id === actor.userId || row.created_by === actor.userId || mayWriteCompany(actor, row.account_manager_id)));

export function toTask(row: TaskRow, actor: Actor, now: Date, warnings: TaskWarning[] = []) {
  return {
    id: Number(row.id),
    title: row.title,
    notes: row.notes,
    ownerId: Number(row.owner_id),
    ownerName: row.owner_name,
    dueAt: iso(row.due_at),
    status: row.status,
    priority: row.priority,
    companyId: Number(row.company_id),
    companyName: row.company_name,
    pairId: row.pair_id === null ? null : Number(row.pair_id),
    contractId: row.contract_id === null ? null : Number(row.contract_id),
    contractCode: row.contract_code,
    alertId: row.alert_id === null ? null : Number(row.alert_id),
    interactionId: row.interaction_id === null ? null : Number(row.interaction_id),
    claimId: row.claim_id === null ? null : Number(row.claim_id),
    forReview: row.for_review,
    overdue: isOverdue(row, now),
    dueInPastOnCreation: row.due_in_past_on_creation,
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: isoRequired(row.created_at),
    updatedAt: isoRequired(row.updated_at),
    completedAt: iso(row.completed_at),
    canWrite: mayWriteTask(actor, row),
    warnings,
  };
}

export type Task = ReturnType<typeof toTask>;

const mismatch = (path: string, message: string) => validationFailed(message, [{ path, code: 'mismatch', message }]);

interface Links { companyId: number; pairId: number | null; contractId: number | null; alertId: number | null; interactionId: number | null; claimId: number | null }

/**
 * The company a task belongs to, from whatever it links: an alert (its company), a contract (its shipper), an
 * interaction (its company), a pair (the side named by companyId, else the side in the caller's portfolio).
 * Unknown or invisible objects are a 404; links that name different companies are a 400.
 */
async function resolveLinks(db: Executor, actor: Actor, input: CreateTaskInput): Promise<Links> {
  const candidates: { path: string; companyId: number }[] = [];
  if (input.companyId !== undefined) {
    await assertCompanyVisible(db, actor, input.companyId);
    candidates.push({ path: 'companyId', companyId: input.companyId });
  }
  if (input.contractId !== undefined) {
    const contract = await findContractOf(db, input.contractId);
    if (!contract) throw notFound('Contract');
    await assertCompanyVisible(db, actor, Number(contract.shipper_id), 'Contract');
    candidates.push({ path: 'contractId', companyId: Number(contract.shipper_id) });
  }
  if (input.interactionId !== undefined) {
    const interaction = await findInteractionOf(db, input.interactionId);
    if (!interaction) throw notFound('Interaction');
    await assertCompanyVisible(db, actor, Number(interaction.company_id), 'Interaction');
    candidates.push({ path: 'interactionId', companyId: Number(interaction.company_id) });
  }
  if (input.claimId !== undefined) {
    const claim = await findVisibleClaim(db, actor, input.claimId);
    if (!claim) throw notFound('Claim');
    candidates.push({ path: 'claimId', companyId: Number(claim.shipper_id) });
  }
  let pairSides: number[] | null = null;
  if (input.pairId !== undefined) {
    const pair = await findPairOf(db, input.pairId);
    if (!pair) throw notFound('Pair');
    pairSides = [Number(pair.shipper_id), Number(pair.consignee_id)];
    const visible = [];
    for (const side of pairSides) if (await assertCompanyVisible(db, actor, side, 'Pair').then(() => true, () => false)) visible.push(side);
    if (visible.length === 0) throw notFound('Pair');
  }
  let companyId = candidates[0]?.companyId;
  for (const c of candidates) if (c.companyId !== companyId) throw mismatch(c.path, 'The links of a task must concern one company.');
  if (pairSides) {
    if (companyId !== undefined && !pairSides.includes(companyId)) throw mismatch('pairId', 'The pair does not have this company on either side.');
    if (companyId === undefined) {
      for (const side of pairSides) if (await inPortfolio(db, actor, side)) { companyId = side; break; }
      companyId ??= pairSides[0];
    }
  }
  if (companyId === undefined) {
    throw validationFailed('Link the task to a company, pair, contract, interaction, claim or alert.', [
      { path: 'companyId', code: 'required', message: 'Link the task to a company, pair, contract, interaction, claim or alert.' },
    ]);
  }
  return { companyId, pairId: input.pairId ?? null, contractId: input.contractId ?? null, alertId: null, interactionId: input.interactionId ?? null, claimId: input.claimId ?? null };
}

/** The owner is an active admin or account manager who may work on the company; anyone else is a 400. */
async function assertOwner(db: Executor, ownerId: number, companyId: number) {
  const owner = await findOwner(db, ownerId);
  if (!owner || owner.disabled_at || (owner.role !== 'admin' && owner.role !== 'manager')) {
    const message = 'The owner must be an active admin or account manager.';
    throw validationFailed(message, [{ path: 'ownerId', code: 'not_staff', message }]);
  }
  const as: Actor = { userId: Number(owner.id), email: owner.email, name: owner.name, role: owner.role, companyId: null, via: 'session' };
  if (!(await inPortfolio(db, as, companyId))) {
    const message = `${owner.name} cannot see the company this task is about.`;
    throw validationFailed(message, [{ path: 'ownerId', code: 'cannot_see', message }]);
  }
}

const pastWarning = (dueAt: Date | null, now: Date): TaskWarning[] =>
  dueAt && dueAt.getTime() < now.getTime() ? [{ path: 'dueAt', code: 'in_past', message: 'The due time has already passed: the task is overdue from the start.' }] : [];

export async function createTask(db: DB, actor: Actor, input: CreateTaskInput, now = new Date(), language: Language = 'en') {
  assertWorkbenchUser(actor);
  let links: Links;
  let defaults: { title?: string; dueAt?: string | null; priority?: TaskPriority } = {};
  if (input.alertId !== undefined) {
    const alert = await alertFor(db, actor, input.alertId);
    const draft = taskDraft(alert, now, language);
    const own = await resolveLinks(db, actor, { ...input, companyId: input.companyId ?? draft.companyId, alertId: undefined });
    if (own.companyId !== draft.companyId) throw mismatch('alertId', 'The alert concerns another company than the other links.');
    links = { ...own, pairId: own.pairId ?? draft.pairId, contractId: own.contractId ?? draft.contractId, alertId: draft.alertId };
    defaults = { title: draft.title, dueAt: draft.dueAt, priority: draft.priority };
  } else {
    links = await resolveLinks(db, actor, input);
  }
  await assertInPortfolio(db, actor, links.companyId);
  const title = input.title ?? defaults.title;
  if (!title) throw validationFailed('A task needs a title.', [{ path: 'title', code: 'required', message: 'Required.' }]);
  const ownerId = input.ownerId ?? actor.userId;
  await assertOwner(db, ownerId, links.companyId);
  const dueText = input.dueAt !== undefined ? input.dueAt : defaults.dueAt ?? null;
  const dueAt = dueText ? new Date(dueText) : null;
  const warnings = pastWarning(dueAt, now);
  const status = input.status ?? 'open';
  return db.transaction().execute(async (trx) => {
    const id = await insertTask(trx, {
      title, notes: input.notes ?? null, owner_id: ownerId, due_at: dueAt, status, priority: input.priority ?? defaults.priority ?? 'normal',
      company_id: links.companyId, pair_id: links.pairId, contract_id: links.contractId, alert_id: links.alertId,
      interaction_id: links.interactionId, claim_id: links.claimId, for_review: input.forReview ?? false, due_in_past_on_creation: warnings.length > 0,
      created_by: actor.userId, completed_at: status === 'done' ? now : null,
    });
    const task = toTask((await findTask(trx, id))!, actor, now, warnings);
    await recordAudit(trx, actor, 'create', 'task', id, { after: task });
    return task;
  });
}

/** A task the caller may see: of their portfolio, or their own. */
async function taskFor(db: Executor, actor: Actor, id: number) {
  assertWorkbenchUser(actor);
  const row = await findTask(db, id);
  if (!row) throw notFound('Task');
  if (row.owner_id !== actor.userId && !(await inPortfolio(db, actor, Number(row.company_id)))) throw notFound('Task');
  return row;
}

export async function getTask(db: DB, actor: Actor, id: number, now = new Date()) {
  return toTask(await taskFor(db, actor, id), actor, now);
}

export async function changeTask(db: DB, actor: Actor, id: number, input: UpdateTaskInput, now = new Date()) {
  const row = await taskFor(db, actor, id);
  if (!mayWriteTask(actor, row)) throw forbidden('Only its owner, its creator or the company\'s account manager changes this task.');
  if (input.ownerId !== undefined && input.ownerId !== row.owner_id) await assertOwner(db, input.ownerId, Number(row.company_id));
  const status = input.status ?? row.status;
  const completedAt = status === 'done' ? (row.status === 'done' ? row.completed_at : now) : null;
  const dueAt = input.dueAt !== undefined ? (input.dueAt ? new Date(input.dueAt) : null) : row.due_at;
  const warnings = input.dueAt !== undefined && OPEN.includes(status) ? pastWarning(dueAt, now) : [];
  const before = toTask(row, actor, now);
  return db.transaction().execute(async (trx) => {
    await updateTask(trx, id, {
      ...(input.title !== undefined && { title: input.title }),
      ...(input.notes !== undefined && { notes: input.notes }),
      ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
      ...(input.priority !== undefined && { priority: input.priority }),
      ...(input.forReview !== undefined && { for_review: input.forReview }),
      due_at: dueAt, status, completed_at: completedAt,
    });
    const after = toTask((await findTask(trx, id))!, actor, now, warnings);
    await recordAudit(trx, actor, status === 'done' && row.status !== 'done' ? 'complete' : 'update', 'task', id, { before, after });
    return after;
  });
}

export async function listTasksFor(db: DB, actor: Actor, q: TaskListInput, now = new Date()) {
  assertWorkbenchUser(actor);
  if (q.companyId !== undefined) await assertCompanyVisible(db, actor, q.companyId);
  const { rows, total } = await listTasks(db, {
    userId: actor.userId, portfolio: portfolioCompanyIds(db, actor), mine: q.mine, ownerId: q.ownerId, companyId: q.companyId,
    alertId: q.alertId, status: q.status, priority: q.priority, overdue: q.overdue, forReview: q.forReview, now, sort: q.sort, order: q.order,
  }, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: rows.map((r) => toTask(r, actor, now)), ...pageMeta(q.page, q.pageSize, total) };
}
