import type { DB, Executor } from '../../db/database';
import type { InteractionKind } from '../../db/tables/accounts';
import type { Actor } from '../context';
import { assertOwnAccount, assertRole } from '../auth/scope';
import { badRequest, notFound, validationFailed } from '../errors';
import { iso, isoRequired } from '../format';
import { pageMeta } from '../openapi';
import { interactionTimeProblems, isCase, resolutionHours } from '../domain/interaction-rules';
import type { CreateInteractionInput, InteractionListInput, UpdateInteractionInput } from '../schemas/accounts-people';
import { findInteraction, insertInteraction, listInteractions, pairOfCompany, updateInteraction, type InteractionRow } from '../queries/interactions';
import { findDepartment } from '../queries/departments';
import { findStaffUser } from '../queries/companies';
import { assertCompanyWritable } from './account-access';
import { recordAudit } from './audit';
import { createResponseTask } from '../tasks/complaint-task';

const toInteraction = (i: InteractionRow) => ({
  id: i.id,
  companyId: i.company_id,
  kind: i.kind,
  occurredAt: isoRequired(i.occurred_at),
  departmentId: i.department_id,
  departmentName: i.department_name,
  pairId: i.pair_id,
  summary: i.summary,
  ownerId: i.owner_id,
  ownerName: i.owner_name,
  openedAt: iso(i.opened_at),
  resolvedAt: iso(i.resolved_at),
  open: isCase(i.kind) && i.resolved_at === null,
  resolutionHours: resolutionHours(i.opened_at, i.resolved_at),
  createdAt: isoRequired(i.created_at),
});

/** Interactions are the provider's own notes: staff read them, clients do not. */
const assertStaff = (actor: Actor) => assertRole(actor, 'admin', 'manager', 'operations');

async function assertReferences(db: Executor, companyId: number, input: { departmentId?: number | null; pairId?: number | null; ownerId?: number | null }) {
  if (input.departmentId != null && !(await findDepartment(db, companyId, input.departmentId))) {
    throw badRequest('The department must belong to the company.', [{ path: 'departmentId', message: 'Not a department of this company.' }]);
  }
  if (input.pairId != null && !(await pairOfCompany(db, companyId, input.pairId))) {
    throw badRequest('The pair must have the company on one side.', [{ path: 'pairId', message: 'Not a pair of this company.' }]);
  }
  if (input.ownerId != null) {
    const owner = await findStaffUser(db, input.ownerId);
    if (!owner || owner.role === 'client' || owner.disabled_at) {
      throw badRequest('The owner must be an active staff user.', [{ path: 'ownerId', message: 'Not an active staff user.' }]);
    }
  }
}

interface Times { kind: InteractionKind; occurredAt: Date; openedAt: Date | null; resolvedAt: Date | null }

/** Cases open at occurredAt unless told otherwise; other kinds carry no case times. */
function settleTimes(t: Times, given: { openedAt?: string | null; resolvedAt?: string | null }): Times {
  const openedAt = isCase(t.kind) ? t.openedAt ?? t.occurredAt : given.openedAt ? t.openedAt : null;
  const resolvedAt = isCase(t.kind) || given.resolvedAt ? t.resolvedAt : null;
  const settled = { ...t, openedAt, resolvedAt };
  const problems = interactionTimeProblems(settled);
  if (problems.length > 0) throw validationFailed(`Invalid interaction: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  return settled;
}

const toDate = (value: string | null | undefined) => (value ? new Date(value) : null);

export async function listInteractionsOf(db: DB, actor: Actor, companyId: number, q: InteractionListInput) {
  assertStaff(actor);
  await assertOwnAccount(db, actor, companyId);
  const { rows, total } = await listInteractions(db, companyId, {
    kind: q.kind, open: q.open === undefined ? undefined : q.open === 'true', departmentId: q.departmentId, pairId: q.pairId,
    from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
    limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  return { items: rows.map(toInteraction), meta: pageMeta(q.page, q.pageSize, total) };
}

export async function getInteraction(db: DB, actor: Actor, companyId: number, id: number) {
  assertStaff(actor);
  await assertOwnAccount(db, actor, companyId);
  const row = await findInteraction(db, companyId, id);
  if (!row) throw notFound('Interaction');
  return toInteraction(row);
}

export async function createInteraction(db: DB, actor: Actor, companyId: number, input: CreateInteractionInput, timeZone: string) {
  await assertCompanyWritable(db, actor, companyId);
  const ownerId = input.ownerId !== undefined ? input.ownerId : actor.userId;
  await assertReferences(db, companyId, { ...input, ownerId });
  const times = settleTimes(
    { kind: input.kind, occurredAt: new Date(input.occurredAt), openedAt: toDate(input.openedAt), resolvedAt: toDate(input.resolvedAt) },
    input,
  );
  return db.transaction().execute(async (trx) => {
    const id = await insertInteraction(trx, {
      company_id: companyId, kind: times.kind, occurred_at: times.occurredAt, department_id: input.departmentId ?? null,
      pair_id: input.pairId ?? null, summary: input.summary, owner_id: ownerId, opened_at: times.openedAt, resolved_at: times.resolvedAt,
    });
    const after = toInteraction((await findInteraction(trx, companyId, id))!);
    await recordAudit(trx, actor, 'create', 'interaction', id, { after });
    if (times.kind === 'complaint') await createResponseTask(trx, actor, id, timeZone);
    return after;
  });
}

export async function changeInteraction(db: DB, actor: Actor, companyId: number, id: number, input: UpdateInteractionInput) {
  await assertCompanyWritable(db, actor, companyId);
  const row = await findInteraction(db, companyId, id);
  if (!row) throw notFound('Interaction');
  await assertReferences(db, companyId, input);
  const times = settleTimes({
    kind: input.kind ?? row.kind,
    occurredAt: input.occurredAt !== undefined ? new Date(input.occurredAt) : row.occurred_at,
    openedAt: input.openedAt !== undefined ? toDate(input.openedAt) : row.opened_at,
    resolvedAt: input.resolvedAt !== undefined ? toDate(input.resolvedAt) : row.resolved_at,
  }, input);
  const before = toInteraction(row);
  const action = !before.open || !isCase(times.kind) ? 'update' : times.resolvedAt ? 'resolve' : 'update';
  return db.transaction().execute(async (trx) => {
    await updateInteraction(trx, id, {
      kind: times.kind, occurred_at: times.occurredAt, opened_at: times.openedAt, resolved_at: times.resolvedAt,
      ...(input.departmentId !== undefined && { department_id: input.departmentId }),
      ...(input.pairId !== undefined && { pair_id: input.pairId }),
      ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
      ...(input.summary !== undefined && { summary: input.summary }),
    });
    const after = toInteraction((await findInteraction(trx, companyId, id))!);
    await recordAudit(trx, actor, action, 'interaction', id, { before, after });
    return after;
  });
}
