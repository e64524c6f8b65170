import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database';
import type { ApiTokensTable } from '../../db/tables/foundation';

export const tokenColumns = ['id', 'user_id', 'name', 'token_prefix', 'created_by', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'] as const;

export const insertApiToken = (db: Executor, token: Insertable<ApiTokensTable>) =>
  db.insertInto('api_tokens').values(token).returning(tokenColumns).executeTakeFirstOrThrow();

export const listApiTokens = (db: Executor) => db.selectFrom('api_tokens').select(tokenColumns).orderBy('id').execute();

export const findLiveToken = (db: Executor, tokenHash: string, now: Date) =>
  db.selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 'u.id as user_id', 'u.email', 'u.name', 'u.role', 'u.company_id'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();

/** Records use at most once a minute, so a busy script does not write on every request. */
export const touchToken = (db: Executor, id: number) =>
  db.updateTable('api_tokens').set({ last_used_at: new Date() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(Date.now() - 60_000))]))
    .execute();

export const revokeApiToken = (db: Executor, id: number) =>
  db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null)
    .returning(tokenColumns).executeTakeFirst();

/** Revokes every live token of a user (for good: enabling the user again does not bring them back). */
export const revokeUserTokens = (db: Executor, userId: number) =>
  db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null)
    .returning('id').execute();
