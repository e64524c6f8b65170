import type { DB } from '../../db/database';
import type { Actor } from '../context';
import type { Config } from '../config';
import { AppError, tooManyRequests, unauthorized } from '../errors';
import { hashPassword, newSecret, sha256, verifyPassword } from '../auth/secrets';
import { findUserByEmail, recordFailedLogin, resetFailedLogins } from '../queries/users';
import { findLiveSession, insertSession, revokeSession } from '../queries/sessions';
import { findLiveToken, touchToken } from '../queries/api-tokens';
import { recordAudit } from './audit';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

// Compared against when the email is unknown, so a miss costs the same time as a wrong password.
const dummyHash = hashPassword('not-a-real-password');

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

export async function login(
  db: DB,
  config: Config,
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const now = new Date();
  const user = await findUserByEmail(db, input.email);
  if (!user || user.disabled_at) {
    await verifyPassword(await dummyHash, input.password);
    throw unauthorized('Email or password is wrong.');
  }
  if (user.locked_until && user.locked_until > now) {
    throw tooManyRequests(`Too many failed sign-ins for this account; try again after ${user.locked_until.toISOString()}.`);
  }
  if (user.locked_until) await resetFailedLogins(db, user.id);
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const failuresBefore = user.locked_until ? 0 : user.failed_logins;
    await recordFailedLogin(db, user.id, LOCK_AFTER_FAILURES, new Date(now.getTime() + LOCK_MINUTES * 60_000));
    if (failuresBefore + 1 >= LOCK_AFTER_FAILURES) {
      throw tooManyRequests(`Too many failed sign-ins for this account; it is locked for ${LOCK_MINUTES} minutes.`);
    }
    throw unauthorized('Email or password is wrong.');
  }
  if (user.failed_logins > 0) await resetFailedLogins(db, user.id);

  const sessionToken = newSecret();
  const csrfToken = newSecret(18);
  const expiresAt = new Date(now.getTime() + config.sessionTtlHours * 3600_000);
  const sessionId = sha256(sessionToken);
  await insertSession(db, {
    id: sessionId, user_id: user.id, csrf_token: csrfToken, ip: input.ip, user_agent: input.userAgent?.slice(0, 500) ?? null, expires_at: expiresAt,
  });
  const actor: Actor = {
    userId: user.id, email: user.email, name: user.name, role: user.role, companyId: user.company_id, via: 'session', sessionId,
  };
  await recordAudit(db, actor, 'login', 'session', user.id);
  return { sessionToken, csrfToken, expiresAt, actor };
}

export async function logout(db: DB, actor: Actor): Promise<void> {
  if (actor.sessionId) {
    await revokeSession(db, actor.sessionId);
    await recordAudit(db, actor, 'logout', 'session', actor.userId);
  }
}

export async function actorFromSession(db: DB, sessionToken: string): Promise<(Actor & { csrfToken: string }) | null> {
  const session = await findLiveSession(db, sha256(sessionToken), new Date());
  if (!session) return null;
  return {
    userId: session.user_id, email: session.email, name: session.name, role: session.role,
    companyId: session.company_id, via: 'session', sessionId: session.id, csrfToken: session.csrf_token,
  };
}

export async function actorFromToken(db: DB, token: string): Promise<Actor> {
  const row = await findLiveToken(db, sha256(token), new Date());
  if (!row) throw new AppError(401, 'invalid_token', 'The API token is unknown, revoked or expired.');
  await touchToken(db, row.id);
  return { userId: row.user_id, email: row.email, name: row.name, role: row.role, companyId: row.company_id, via: 'token' };
}
