import { describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape, callApp } from '../helpers/test-app';
import { newCompany, newUser, TEST_PASSWORD } from '../helpers/factories';

const cookieOf = (headers: Headers) => /crm_session=([^;]+)/.exec(headers.get('set-cookie') ?? '')?.[1];

describe('POST /api/v1/auth/login', () => {
  const t = useTestApp();

  it('signs in with the right password and sets an httpOnly SameSite session cookie', async () => {
    const user = await newUser(t.db, 'manager');
    const res = await t.call('POST', '/api/v1/auth/login', { body: { email: user.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: user.id, role: 'manager', via: 'session' });
    expect(res.body.user.csrfToken).toEqual(expect.any(String));
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/crm_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await t.call('GET', '/api/v1/auth/me', { headers: { cookie: `crm_session=${cookieOf(res.headers)}` } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, email: user.email, csrfToken: res.body.user.csrfToken });
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const user = await newUser(t.db, 'manager');
    const wrong = await t.call('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'nope-nope-nope' } });
    const unknown = await t.call('POST', '/api/v1/auth/login', { body: { email: 'ghost@test.local', password: 'nope-nope-nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(expectErrorShape(wrong).message).toBe(expectErrorShape(unknown).message);
  });

  it('refuses a disabled user', async () => {
    const user = await newUser(t.db, 'manager');
    await t.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
    const res = await t.call('POST', '/api/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(res.status).toBe(401);
  });

  it.each([
    ['missing password', { email: 'a@b.c' }, 'password'],
    ['wrong type', { email: 42, password: 'x' }, 'email'],
    ['unknown field', { email: 'a@b.c', password: 'x', admin: true }, '(root)'],
  ])('answers 400 with the field named for %s', async (_, body, path) => {
    const res = await t.call('POST', '/api/v1/auth/login', { body });
    expect(res.status).toBe(400);
    const error = expectErrorShape(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d: any) => d.path)).toContain(path);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await t.call('POST', '/api/v1/auth/login', { raw: '{"email": "a@b.c",', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(expectErrorShape(res).message).toMatch(/JSON/);
  });

  it('answers 413 for a body over the size limit', async () => {
    const res = await t.call('POST', '/api/v1/auth/login', {
      raw: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(expectErrorShape(res).code).toBe('payload_too_large');
  });
});

describe('sessions', () => {
  const t = useTestApp();

  async function signIn() {
    const user = await newUser(t.db, 'admin');
    const res = await t.call('POST', '/api/v1/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    return { user, cookie: `crm_session=${cookieOf(res.headers)}`, csrf: res.body.user.csrfToken as string };
  }

  it('stops working once expired', async () => {
    const { user, cookie } = await signIn();
    await t.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute();
    const res = await t.call('GET', '/api/v1/auth/me', { headers: { cookie } });
    expect(res.status).toBe(401);
    expectErrorShape(res);
  });

  it('is revoked by logout', async () => {
    const { cookie, csrf } = await signIn();
    const out = await t.call('POST', '/api/v1/auth/logout', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(200);
    expect((await t.call('GET', '/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('is revoked when an admin disables the user', async () => {
    const { cookie } = await signIn();
    const victim = await newUser(t.db, 'manager');
    const login = await t.call('POST', '/api/v1/auth/login', { body: { email: victim.email, password: TEST_PASSWORD } });
    const victimCookie = `crm_session=${cookieOf(login.headers)}`;
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('PATCH', `/api/v1/users/${victim.id}`, { as: admin.headers, body: { disabled: true } });
    expect(res.status).toBe(200);
    expect((await t.call('GET', '/api/v1/auth/me', { headers: { cookie: victimCookie } })).status).toBe(401);
    void cookie;
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const { cookie } = await signIn();
    const res = await t.call('POST', '/api/v1/users', {
      headers: { cookie }, body: { email: 'x@test.local', name: 'X', password: 'long-enough-pw', role: 'operations' },
    });
    expect(res.status).toBe(403);
    expect(expectErrorShape(res).code).toBe('csrf_failed');
  });

  it('accepts a cookie-authenticated write with the CSRF token', async () => {
    const { cookie, csrf } = await signIn();
    const res = await t.call('POST', '/api/v1/users', {
      headers: { cookie, 'x-csrf-token': csrf }, body: { email: 'csrf-ok@test.local', name: 'X', password: 'long-enough-pw', role: 'operations' },
    });
    expect(res.status).toBe(201);
  });
});

describe('API tokens', () => {
  const t = useTestApp();

  it('are created by an admin, shown once, work as Bearer and stop when revoked', async () => {
    const admin = await newUser(t.db, 'admin');
    const ops = await newUser(t.db, 'operations');
    const created = await t.call('POST', '/api/v1/api-tokens', { as: admin.headers, body: { name: 'nightly import', userId: ops.id } });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^lcrm_/);
    const stored = await t.db.selectFrom('api_tokens').select('token_hash').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(created.body.token);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    const me = await t.call('GET', '/api/v1/auth/me', { as: bearer });
    expect(me.body).toMatchObject({ id: ops.id, via: 'token' });
    const list = await t.call('GET', '/api/v1/api-tokens', { as: admin.headers });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect((await t.call('DELETE', `/api/v1/api-tokens/${created.body.id}`, { as: admin.headers })).status).toBe(200);
    const after = await t.call('GET', '/api/v1/auth/me', { as: bearer });
    expect(after.status).toBe(401);
    expect(expectErrorShape(after).code).toBe('invalid_token');
  });

  it('take an empty expiry (null, as a cleared field sends) as no expiry, and a number of days as that many days', async () => {
    const admin = await newUser(t.db, 'admin');
    const never = await t.call('POST', '/api/v1/api-tokens', { as: admin.headers, body: { name: 'no expiry', expiresInDays: null } });
    expect(never.status).toBe(201);
    expect(never.body.expiresAt).toBeNull();
    const before = Date.now();
    const week = await t.call('POST', '/api/v1/api-tokens', { as: admin.headers, body: { name: 'a week', expiresInDays: 7 } });
    expect(week.status).toBe(201);
    const expires = new Date(week.body.expiresAt).getTime();
    expect(expires - before).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
    expect(expires - before).toBeLessThanOrEqual(7 * 86_400_000 + 60_000);
    // zero days is refused with the field named, in the caller's language
    const zero = await t.call('POST', '/api/v1/api-tokens?lang=zh', { as: admin.headers, body: { name: 'zero', expiresInDays: 0 } });
    expect(zero.status).toBe(400);
    expect(expectErrorShape(zero).details).toMatchObject([{ path: 'expiresInDays', message: '不能小于 1。' }]);
  });

  it('refuses an unknown or malformed token', async () => {
    expect((await t.call('GET', '/api/v1/auth/me', { as: { authorization: 'Bearer lcrm_nope' } })).status).toBe(401);
    expect((await t.call('GET', '/api/v1/auth/me', { as: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it('cannot be created by a non-admin', async () => {
    const manager = await newUser(t.db, 'manager');
    const res = await t.call('POST', '/api/v1/api-tokens', { as: manager.headers, body: { name: 'x' } });
    expect(res.status).toBe(403);
    expectErrorShape(res);
  });
});

describe('roles on /api/v1/users', () => {
  const t = useTestApp();

  it.each(['manager', 'operations', 'client'] as const)('answers 403 to a %s', async (role) => {
    const company = await newCompany(t.db);
    const user = await newUser(t.db, role, role === 'client' ? { companyId: company.id } : {});
    expect((await t.call('GET', '/api/v1/users', { as: user.headers })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/users', { as: user.headers, body: { email: 'z@test.local', name: 'Z', password: 'long-enough-pw', role: 'admin' } })).status).toBe(403);
  });

  it('answers 401 without credentials', async () => {
    const res = await t.call('GET', '/api/v1/users');
    expect(res.status).toBe(401);
    expectErrorShape(res);
  });

  it('lets an admin create, list, change the role of and audit users', async () => {
    const admin = await newUser(t.db, 'admin');
    const company = await newCompany(t.db);
    const created = await t.call('POST', '/api/v1/users', {
      as: admin.headers, body: { email: 'client1@acme.test', name: 'Client One', password: 'long-enough-pw', role: 'client', companyId: company.id },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'client', companyId: company.id, disabled: false });
    const dup = await t.call('POST', '/api/v1/users', {
      as: admin.headers, body: { email: 'CLIENT1@acme.test', name: 'Again', password: 'long-enough-pw', role: 'manager' },
    });
    expect(dup.status).toBe(409);
    const changed = await t.call('PATCH', `/api/v1/users/${created.body.id}`, { as: admin.headers, body: { role: 'manager', companyId: null } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ role: 'manager', companyId: null });
    const list = await t.call('GET', '/api/v1/users', { as: admin.headers });
    expect(list.body.items.map((u: any) => u.email)).toContain('client1@acme.test');
    const audit = await t.db.selectFrom('audit_log').select(['action', 'user_id']).where('entity', '=', 'user').where('entity_id', '=', String(created.body.id)).orderBy('id').execute();
    expect(audit).toEqual([{ action: 'create', user_id: admin.id }, { action: 'update', user_id: admin.id }]);
  });

  it('requires a company for a client user and refuses one for staff', async () => {
    const admin = await newUser(t.db, 'admin');
    const noCompany = await t.call('POST', '/api/v1/users', { as: admin.headers, body: { email: 'c2@x.test', name: 'C', password: 'long-enough-pw', role: 'client' } });
    expect(noCompany.status).toBe(400);
    expect(expectErrorShape(noCompany).details).toEqual([expect.objectContaining({ path: 'companyId' })]);
    const short = await t.call('POST', '/api/v1/users', { as: admin.headers, body: { email: 'c3@x.test', name: 'C', password: 'short', role: 'manager' } });
    expect(short.status).toBe(400);
    expect(expectErrorShape(short).details).toEqual([expect.objectContaining({ path: 'password' })]);
  });
});

describe('when the database is down', () => {
  it('health answers 503, other requests 503 in the error shape, and the app keeps serving', async () => {
    const { openDatabase } = await import('../../db/connection');
    const { createDeps } = await import('../../api/bootstrap');
    const { createApp } = await import('../../api/app');
    const { testConfig } = await import('../../api/config');
    const handle = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' });
    const app = createApp(createDeps(handle, testConfig()), { webRoot: '/nonexistent' });
    try {
      const health = await callApp(app, 'GET', '/api/v1/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'unavailable', database: { kind: 'postgres', reachable: false } });
      const users = await callApp(app, 'GET', '/api/v1/users', { as: { authorization: 'Bearer whatever' } });
      expect(users.status).toBe(503);
      expect(expectErrorShape(users).code).toBe('database_unavailable');
      expect((await callApp(app, 'GET', '/api/v1/health')).status).toBe(503);
    } finally {
      await handle.close();
    }
  });
});
