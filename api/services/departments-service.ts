import type { DB, Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible } from '../auth/scope';
import { badRequest, conflict, notFound } from '../errors';
import { isoRequired } from '../format';
import { effectiveWeights } from '../domain/department-weights';
import type { CreateDepartmentInput, UpdateDepartmentInput } from '../schemas/accounts-people';
import {
  deleteDepartment, departmentHistory, findDepartment, findDepartmentByName, insertDepartment, listDepartments, updateDepartment,
  type DepartmentRow,
} from '../queries/departments';
import { findContact } from '../queries/contacts';
import { assertCompanyWritable } from './account-access';
import { recordAudit } from './audit';

const toDepartment = (d: DepartmentRow, effectiveWeight: number) => ({
  id: d.id,
  companyId: d.company_id,
  kind: d.kind,
  name: d.name,
  weight: d.weight,
  effectiveWeight,
  keyContactId: d.key_contact_id,
  keyContactName: d.key_contact_name,
  createdAt: isoRequired(d.created_at),
  updatedAt: isoRequired(d.updated_at),
});

async function presentAll(db: Executor, companyId: number) {
  const rows = await listDepartments(db, companyId);
  const weights = effectiveWeights(rows.map((r) => ({ id: r.id, weight: r.weight })));
  return rows.map((r) => toDepartment(r, weights.get(r.id) ?? 0));
}

async function presentOne(db: Executor, companyId: number, id: number) {
  return (await presentAll(db, companyId)).find((d) => d.id === id)!;
}

/** The given weights of the company's departments, with this one's new weight, may not sum above 1. */
async function assertWeightsFit(db: Executor, companyId: number, departmentId: number | null, weight: number | null) {
  const others = (await listDepartments(db, companyId)).filter((d) => d.id !== departmentId);
  const given = others.reduce((sum, d) => sum + (d.weight ?? 0), 0);
  const total = Math.round((given + (weight ?? 0)) * 10_000) / 10_000;
  if (total > 1) {
    const left = Math.max(0, Math.round((1 - given) * 10_000) / 10_000);
    throw badRequest(`The company's given department weights would sum to ${total}; at most 1.`, [
      { path: 'weight', code: 'departments.weight_left', params: { left }, message: `At most ${left} is left to give.` },
    ], { key: 'departments.weight_sum', params: { total } });
  }
}

async function assertKeyContact(db: Executor, companyId: number, contactId: number | null | undefined) {
  if (contactId === undefined || contactId === null) return;
  const contact = await findContact(db, companyId, contactId);
  if (!contact || contact.archived_at) throw badRequest('The key contact must be a current contact of the company.', [{ path: 'keyContactId', message: 'Not a current contact of this company.' }]);
}

async function assertNameFree(db: Executor, companyId: number, name: string, exceptId: number | null) {
  const existing = await findDepartmentByName(db, companyId, name);
  if (existing && existing.id !== exceptId) throw conflict(`The company already has a department named ${name}.`, [{ path: 'name', message: 'Already in use at this company.' }]);
}

export async function listDepartmentsOf(db: DB, actor: Actor, companyId: number) {
  await assertCompanyVisible(db, actor, companyId);
  return presentAll(db, companyId);
}

export async function createDepartment(db: DB, actor: Actor, companyId: number, input: CreateDepartmentInput) {
  await assertCompanyWritable(db, actor, companyId);
  await assertNameFree(db, companyId, input.name, null);
  await assertKeyContact(db, companyId, input.keyContactId);
  await assertWeightsFit(db, companyId, null, input.weight ?? null);
  return db.transaction().execute(async (trx) => {
    const id = await insertDepartment(trx, {
      company_id: companyId, kind: input.kind, name: input.name, weight: input.weight ?? null, key_contact_id: input.keyContactId ?? null,
    });
    const after = await presentOne(trx, companyId, id);
    await recordAudit(trx, actor, 'create', 'department', id, { after });
    return after;
  });
}

export async function changeDepartment(db: DB, actor: Actor, companyId: number, id: number, input: UpdateDepartmentInput) {
  await assertCompanyWritable(db, actor, companyId);
  if (!(await findDepartment(db, companyId, id))) throw notFound('Department');
  if (input.name !== undefined) await assertNameFree(db, companyId, input.name, id);
  await assertKeyContact(db, companyId, input.keyContactId);
  const before = await presentOne(db, companyId, id);
  if (input.weight !== undefined) await assertWeightsFit(db, companyId, id, input.weight);
  return db.transaction().execute(async (trx) => {
    await updateDepartment(trx, id, {
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.weight !== undefined && { weight: input.weight }),
      ...(input.keyContactId !== undefined && { key_contact_id: input.keyContactId }),
    });
    const after = await presentOne(trx, companyId, id);
    await recordAudit(trx, actor, 'update', 'department', id, { before, after });
    return after;
  });
}

export async function removeDepartment(db: DB, actor: Actor, companyId: number, id: number) {
  await assertCompanyWritable(db, actor, companyId);
  if (!(await findDepartment(db, companyId, id))) throw notFound('Department');
  const history = await departmentHistory(db, id);
  if (history.surveys > 0 || history.interactions > 0) {
    throw conflict(`The department has ${history.surveys} survey response(s) and ${history.interactions} interaction(s); rename it instead of deleting it.`);
  }
  const before = await presentOne(db, companyId, id);
  await db.transaction().execute(async (trx) => {
    await deleteDepartment(trx, id);
    await recordAudit(trx, actor, 'delete', 'department', id, { before });
  });
}
