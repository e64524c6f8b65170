import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { ContactsTable } from '../../db/tables/accounts';

export type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>;

export const listContacts = (db: Executor, companyId: number, archived: 'false' | 'true' | 'all') =>
  db.selectFrom('contacts').selectAll().where('company_id', '=', companyId)
    .$if(archived === 'false', (q) => q.where('archived_at', 'is', null))
    .$if(archived === 'true', (q) => q.where('archived_at', 'is not', null))
    .orderBy('name').orderBy('id').execute();

export const findContact = (db: Executor, companyId: number, id: number) =>
  db.selectFrom('contacts').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();

export const insertContact = (db: Executor, values: Insertable<ContactsTable>) =>
  db.insertInto('contacts').values(values).returningAll().executeTakeFirstOrThrow();

export const updateContact = (db: Executor, id: number, patch: Updateable<ContactsTable>) =>
  db.updateTable('contacts').set({ ...patch, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Archives a contact and takes it off as the key contact of any department. */
export async function archiveContact(db: Executor, id: number) {
  await db.updateTable('departments').set({ key_contact_id: null, updated_at: new Date() }).where('key_contact_id', '=', id).execute();
  return updateContact(db, id, { archived_at: new Date() });
}
