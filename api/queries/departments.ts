import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { DepartmentsTable } from '../../db/tables/accounts';

const departmentSelect = (db: Executor) =>
  db.selectFrom('departments')
    .leftJoin('contacts as key_contact', 'key_contact.id', 'departments.key_contact_id')
    .selectAll('departments')
    .select('key_contact.name as key_contact_name');

export type DepartmentRow = Awaited<ReturnType<typeof listDepartments>>[number];

export const listDepartments = (db: Executor, companyId: number) =>
  departmentSelect(db).where('departments.company_id', '=', companyId).orderBy('departments.name').orderBy('departments.id').execute();

export const findDepartment = (db: Executor, companyId: number, id: number) =>
  departmentSelect(db).where('departments.company_id', '=', companyId).where('departments.id', '=', id).executeTakeFirst();

export const findDepartmentByName = (db: Executor, companyId: number, name: string) =>
  db.selectFrom('departments').select('id').where('company_id', '=', companyId).where('name', '=', name).executeTakeFirst();

export const insertDepartment = async (db: Executor, values: Insertable<DepartmentsTable>) =>
  (await db.insertInto('departments').values(values).returning('id').executeTakeFirstOrThrow()).id;

export const updateDepartment = (db: Executor, id: number, patch: Updateable<DepartmentsTable>) =>
  db.updateTable('departments').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();

/** Survey responses and interactions that name the department (its history). */
export async function departmentHistory(db: Executor, id: number) {
  const row = await db.selectNoFrom((eb) => [
    eb.selectFrom('survey_responses').select((e) => e.fn.countAll<number>().as('n')).where('department_id', '=', id).as('surveys'),
    eb.selectFrom('interactions').select((e) => e.fn.countAll<number>().as('n')).where('department_id', '=', id).as('interactions'),
  ]).executeTakeFirstOrThrow();
  return { surveys: Number(row.surveys), interactions: Number(row.interactions) };
}

/** Removes a department; its contacts stay with the company, outside any department. */
export async function deleteDepartment(db: Executor, id: number) {
  await db.updateTable('contacts').set({ department_id: null, updated_at: new Date() }).where('department_id', '=', id).execute();
  await db.deleteFrom('departments').where('id', '=', id).execute();
}
