import type { DB, Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible } from '../auth/scope';
import { badRequest, notFound } from '../errors';
import { iso, isoRequired } from '../format';
import type { CreateContactInput, UpdateContactInput } from '../schemas/accounts-people';
import { archiveContact, findContact, insertContact, listContacts, updateContact, type ContactRow } from '../queries/contacts';
import { findDepartment } from '../queries/departments';
import { assertCompanyWritable } from './account-access';
import { recordAudit } from './audit';

const toContact = (c: ContactRow) => ({
  id: c.id,
  companyId: c.company_id,
  departmentId: c.department_id,
  name: c.name,
  title: c.title,
  email: c.email,
  phone: c.phone,
  preferredChannel: c.preferred_channel,
  notes: c.notes,
  archivedAt: iso(c.archived_at),
  createdAt: isoRequired(c.created_at),
  updatedAt: isoRequired(c.updated_at),
});

async function assertDepartmentOf(db: Executor, companyId: number, departmentId: number | null | undefined) {
  if (departmentId === undefined || departmentId === null) return;
  if (!(await findDepartment(db, companyId, departmentId))) {
    throw badRequest('The department must belong to the company.', [{ path: 'departmentId', message: 'Not a department of this company.' }]);
  }
}

const columns = (input: UpdateContactInput) => ({
  ...(input.name !== undefined && { name: input.name }),
  ...(input.departmentId !== undefined && { department_id: input.departmentId }),
  ...(input.title !== undefined && { title: input.title || null }),
  ...(input.email !== undefined && { email: input.email }),
  ...(input.phone !== undefined && { phone: input.phone || null }),
  ...(input.preferredChannel !== undefined && { preferred_channel: input.preferredChannel }),
  ...(input.notes !== undefined && { notes: input.notes || null }),
});

export async function listContactsOf(db: DB, actor: Actor, companyId: number, archived: 'false' | 'true' | 'all') {
  await assertCompanyVisible(db, actor, companyId);
  return (await listContacts(db, companyId, archived)).map(toContact);
}

export async function createContact(db: DB, actor: Actor, companyId: number, input: CreateContactInput) {
  await assertCompanyWritable(db, actor, companyId);
  await assertDepartmentOf(db, companyId, input.departmentId);
  return db.transaction().execute(async (trx) => {
    const after = toContact(await insertContact(trx, { company_id: companyId, ...columns(input), name: input.name }));
    await recordAudit(trx, actor, 'create', 'contact', after.id, { after });
    return after;
  });
}

async function existing(db: Executor, companyId: number, id: number) {
  const row = await findContact(db, companyId, id);
  if (!row) throw notFound('Contact');
  return row;
}

export async function changeContact(db: DB, actor: Actor, companyId: number, id: number, input: UpdateContactInput) {
  await assertCompanyWritable(db, actor, companyId);
  const before = toContact(await existing(db, companyId, id));
  await assertDepartmentOf(db, companyId, input.departmentId);
  return db.transaction().execute(async (trx) => {
    const after = toContact(await updateContact(trx, id, columns(input)));
    await recordAudit(trx, actor, 'update', 'contact', id, { before, after });
    return after;
  });
}

/** Contacts are archived, not deleted: interactions and departments may still name them. */
export async function removeContact(db: DB, actor: Actor, companyId: number, id: number) {
  await assertCompanyWritable(db, actor, companyId);
  const row = await existing(db, companyId, id);
  if (row.archived_at) return toContact(row);
  return db.transaction().execute(async (trx) => {
    const after = toContact(await archiveContact(trx, id));
    await recordAudit(trx, actor, 'archive', 'contact', id, { before: toContact(row), after });
    return after;
  });
}
