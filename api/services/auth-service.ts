import type { DB } from '../../db/database';
import type { Actor } from '../context';
import type { Config } from '../config';
import { AppError, unauthorized } from '../errors';
import { hashPassword, newSecret, sha256, verifyPassword } from '../auth/secrets';
import { findUserByEmail } from '../queries/users';
import type { SignInThrottle } from '../auth/sign-in-throttle';
import { findLiveSession, insertSession, revokeSession, sessionCsrfToken } from '../queries/sessions';
import { findLiveToken, touchToken } from '../queries/api-tokens';
import { recordAudit } from './audit';

// Compared against when the email is unknown, so a miss costs the same time as a wrong password.
const dummyHash = hashPassword('not-a-real-password');

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

const WRONG = 'Email or password is wrong.';

/**
 * Signs in. An unknown or disabled account costs what a wrong password costs (argon2 against a dummy hash)
 * and answers the same 401; the throttle counts by the e-mail as typed, so its 429 tells nothing either.
 */
export async function login(
  db: DB,
  config: Config,
  throttle: SignInThrottle,
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const now = new Date();
  const attempt = await throttle.begin(db, input.email, input.ip);
  let user: Awaited<ReturnType<typeof findUserByEmail>>;
  let right: boolean;
  try {
    user = await findUserByEmail(db, input.email);
    const known = user && !user.disabled_at;
    right = (await verifyPassword(known ? user!.password_hash : await dummyHash, input.password)) && Boolean(known);
  } catch (err) {
    await attempt.abandon().catch(() => {});
    throw err;
  }
  if (!right || !user) {
    await attempt.failed();
    throw unauthorized(WRONG);
  }
  await attempt.succeeded();

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

/** Who the caller is, with the CSRF token of their cookie session (null for an API token). */
export async function me(db: DB, actor: Actor) {
  const csrfToken = actor.sessionId ? (await sessionCsrfToken(db, actor.sessionId))?.csrf_token ?? null : null;
  return {
    id: actor.userId, email: actor.email, name: actor.name, role: actor.role, companyId: actor.companyId, via: actor.via, csrfToken,
  };
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
