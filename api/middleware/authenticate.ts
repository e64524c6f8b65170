import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { Actor, AppEnv } from '../context';
import { AppError, unauthorized } from '../errors';
import { actorFromSession, actorFromToken } from '../services/auth-service';

export const SESSION_COOKIE = 'crm_session';
export const CSRF_HEADER = 'x-csrf-token';

const PUBLIC_PATHS = new Set(['/api/v1/health', '/api/v1/auth/login', '/api/v1/openapi.json']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller from a Bearer token or the session cookie. Everything under /api/v1 except
 * the public paths needs one. Cookie-authenticated writes must echo the session's CSRF token.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const db = c.get('db');
  let actor: Actor | null = null;
  const authorization = c.req.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new AppError(401, 'invalid_token', 'Authorization must be "Bearer <token>".');
    actor = await actorFromToken(db, match[1]);
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const session = await actorFromSession(db, cookie);
      if (session) {
        if (!SAFE_METHODS.has(c.req.method) && c.req.header(CSRF_HEADER) !== session.csrfToken) {
          throw new AppError(403, 'csrf_failed', `Cookie-authenticated writes need the ${CSRF_HEADER} header from sign-in.`);
        }
        const { csrfToken: _csrf, ...rest } = session;
        actor = rest;
      }
    }
  }
  if (actor) actor.requestId = c.get('requestId');
  c.set('actor', actor);
  if (!actor && !PUBLIC_PATHS.has(c.req.path)) throw unauthorized();
  await next();
});

/** The signed-in caller (the authenticate middleware has already refused anonymous requests). */
export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw unauthorized();
  return actor;
}
