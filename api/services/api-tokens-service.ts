import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { newSecret, sha256 } from '../auth/secrets';
import { badRequest, notFound } from '../errors';
import { iso, isoRequired } from '../format';
import { insertApiToken, listApiTokens, revokeApiToken, tokenColumns } from '../queries/api-tokens';
import { findUserById } from '../queries/users';
import { recordAudit } from './audit';

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

const toToken = (t: TokenRow) => ({
  id: t.id, userId: t.user_id, name: t.name, prefix: t.token_prefix, createdAt: isoRequired(t.created_at),
  lastUsedAt: iso(t.last_used_at), expiresAt: iso(t.expires_at), revoked: t.revoked_at !== null,
});

export async function listTokens(db: DB, actor: Actor) {
  assertRole(actor, 'admin');
  return (await listApiTokens(db)).map(toToken);
}

/** Creates a token acting as a user; the secret is returned once and only its hash is kept. */
export async function createToken(db: DB, actor: Actor, input: { name: string; userId?: number; expiresInDays?: number | null }) {
  assertRole(actor, 'admin');
  const userId = input.userId ?? actor.userId;
  const user = await findUserById(db, userId);
  if (!user || user.disabled_at) throw badRequest('No such active user.', [{ path: 'userId', message: 'Unknown or disabled user.' }]);
  const secret = `lcrm_${newSecret()}`;
  const row = await insertApiToken(db, {
    user_id: userId, name: input.name, token_hash: sha256(secret), token_prefix: secret.slice(0, 10), created_by: actor.userId,
    expires_at: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null,
  });
  await recordAudit(db, actor, 'create', 'api_token', row.id, { after: toToken(row) });
  return { ...toToken(row), token: secret };
}

export async function revokeToken(db: DB, actor: Actor, id: number) {
  assertRole(actor, 'admin');
  const row = await revokeApiToken(db, id);
  if (!row) {
    const exists = await db.selectFrom('api_tokens').select(tokenColumns).where('id', '=', id).executeTakeFirst();
    if (!exists) throw notFound('API token');
    return toToken(exists);
  }
  await recordAudit(db, actor, 'revoke', 'api_token', id, { after: toToken(row) });
  return toToken(row);
}
