import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/database';
import type { UsersTable } from '../../db/tables/foundation';

export const userColumns = [
  'id', 'email', 'name', 'role', 'company_id', 'disabled_at', 'created_at',
] as const;

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();

export const findUserById = (db: Executor, id: number) =>
  db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();

export const listUsers = (db: Executor) => db.selectFrom('users').select(userColumns).orderBy('id').execute();

export const countUsers = async (db: Executor) =>
  Number((await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export const insertUser = (db: Executor, user: Insertable<UsersTable>) =>
  db.insertInto('users').values(user).returning(userColumns).executeTakeFirstOrThrow();

export const updateUser = (db: Executor, id: number, patch: Updateable<UsersTable>) =>
  db.updateTable('users').set({ ...patch, updated_at: new Date() }).where('id', '=', id).returning(userColumns).executeTakeFirst();
