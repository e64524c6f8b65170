import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { createRouter, errorResponses, json, jsonBody, z } from '../openapi';
import { LoginSchema, MeSchema } from '../schemas/users';
import { login, logout, me } from '../services/auth-service';
import { actorOf, SESSION_COOKIE } from '../middleware/authenticate';
import { clientAddress } from '../client-address';

const LoginResultSchema = z.object({ user: MeSchema, expiresAt: z.string() }).openapi('LoginResult');

export const authRouter = createRouter()
  .openapi(
    createRoute({
      method: 'post', path: '/login', tags: ['auth'], summary: 'Sign in; sets the session cookie',
      request: { body: jsonBody(LoginSchema) },
      responses: { 200: json(LoginResultSchema), ...errorResponses, 429: json(z.any(), 'Too many attempts') },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const { config, signInThrottle } = c.get('deps');
      const ip = clientAddress(c);
      const result = await login(c.get('db'), config, signInThrottle, { email, password, ip, userAgent: c.req.header('user-agent') ?? null });
      setCookie(c, SESSION_COOKIE, result.sessionToken, {
        httpOnly: true, sameSite: 'Lax', path: '/', secure: config.secureCookies, expires: result.expiresAt,
      });
      const a = result.actor;
      return c.json({
        user: { id: a.userId, email: a.email, name: a.name, role: a.role, companyId: a.companyId, via: a.via, csrfToken: result.csrfToken },
        expiresAt: result.expiresAt.toISOString(),
      }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post', path: '/logout', tags: ['auth'], summary: 'Sign out; revokes the session',
      responses: { 200: json(z.object({ ok: z.boolean() })), ...errorResponses },
    }),
    async (c) => {
      await logout(c.get('db'), actorOf(c));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/me', tags: ['auth'], summary: 'Who am I (with the CSRF token for cookie sessions)',
      responses: { 200: json(MeSchema), ...errorResponses },
    }),
    async (c) => c.json(await me(c.get('db'), actorOf(c)), 200),
  );
