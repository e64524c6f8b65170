import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database';
import type { SessionsTable } from '../../db/tables/foundation';

export const insertSession = (db: Executor, session: Insertable<SessionsTable>) =>
  db.insertInto('sessions').values(session).execute();

/** The live session with its user, or undefined when unknown, expired, revoked or the user is disabled. */
export const findLiveSession = (db: Executor, id: string, now: Date) =>
  db.selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.csrf_token', 's.expires_at', 'u.id as user_id', 'u.email', 'u.name', 'u.role', 'u.company_id'])
    .where('s.id', '=', id)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();

export const sessionCsrfToken = (db: Executor, id: string) =>
  db.selectFrom('sessions').select('csrf_token').where('id', '=', id).executeTakeFirst();

export const revokeSession = (db: Executor, id: string) =>
  db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();

export const revokeUserSessions = (db: Executor, userId: number) =>
  db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
