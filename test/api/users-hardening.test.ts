import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newUser, type TestUser } from '../helpers/factories';

describe('user accounts', () => {
  const t = useTestApp();
  let admin: TestUser;
  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
  });

  describe('password strength (zxcvbn)', () => {
    it.each([
      ['aaaaaaaaaa', /Repeated characters like "aaa" are easy to guess/],
      ['password12', /This is a commonly used password/],
      ['qwertyuiop', /.+/],
      ['1234567890', /.+/],
    ])('refuses %j on creation with the estimator\'s advice', async (password, advice) => {
      const res = await t.call('POST', '/api/v1/users', { as: admin.headers, body: { email: `weak-${password.length}-${Math.random()}@test.local`, name: 'Weak', password, role: 'manager' } });
      expect(res.status).toBe(400);
      const [detail] = expectErrorShape(res).details as any[];
      expect(detail).toMatchObject({ path: 'password', code: 'weak_password', params: { minimum: 3 } });
      expect(detail.params.score).toBeLessThan(3);
      expect(detail.message).toMatch(/^This password is too easy to guess\./);
      expect(detail.message).toMatch(advice);
    });

    it('counts the person\'s own name and e-mail as easy to guess', async () => {
      const res = await t.call('POST', '/api/v1/users', {
        as: admin.headers, body: { email: 'jordan.blake@acme-logistics.test', name: 'Jordan Blake', password: 'jordanblake1', role: 'manager' },
      });
      expect(res.status).toBe(400);
      expect((expectErrorShape(res).details as any[])[0]).toMatchObject({ path: 'password', code: 'weak_password' });
    });

    it('refuses a weak password on a password change and keeps the old one', async () => {
      const user = await newUser(t.db, 'operations');
      const before = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
      const res = await t.call('PATCH', `/api/v1/users/${user.id}`, { as: admin.headers, body: { password: 'password12' } });
      expect(res.status).toBe(400);
      expect((expectErrorShape(res).details as any[])[0]).toMatchObject({ path: 'password', code: 'weak_password' });
      expect(await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).toEqual(before);
    });

    it('accepts a passphrase', async () => {
      const created = await t.call('POST', '/api/v1/users', { as: admin.headers, body: { email: 'phrase@test.local', name: 'Phrase', password: 'copper kettle sings at dawn', role: 'manager' } });
      expect(created.status, created.text).toBe(201);
      const login = await t.call('POST', '/api/v1/auth/login', { body: { email: 'phrase@test.local', password: 'copper kettle sings at dawn' } });
      expect(login.status).toBe(200);
    });
  });

  describe('disabling a user', () => {
    it('revokes their API tokens for good: enabling them again does not bring the tokens back', async () => {
      const user = await newUser(t.db, 'operations');
      const created = await t.call('POST', '/api/v1/api-tokens', { as: admin.headers, body: { name: 'nightly import', userId: user.id } });
      expect(created.status, created.text).toBe(201);
      const script = { authorization: `Bearer ${created.body.token}` };
      expect((await t.call('GET', '/api/v1/auth/me', { as: script })).status).toBe(200);
      expect((await t.call('GET', '/api/v1/auth/me', { as: user.headers })).status).toBe(200);

      expect((await t.call('PATCH', `/api/v1/users/${user.id}`, { as: admin.headers, body: { disabled: true } })).status).toBe(200);
      expect((await t.call('GET', '/api/v1/auth/me', { as: script })).status).toBe(401);
      expect((await t.call('PATCH', `/api/v1/users/${user.id}`, { as: admin.headers, body: { disabled: false } })).status).toBe(200);
      expect((await t.call('GET', '/api/v1/auth/me', { as: script })).status).toBe(401);
      expect((await t.call('GET', '/api/v1/auth/me', { as: user.headers })).status).toBe(401);

      const tokens = (await t.call('GET', '/api/v1/api-tokens', { as: admin.headers })).body.items.filter((x: any) => x.userId === user.id);
      expect(tokens.map((x: any) => x.revoked)).toEqual([true, true]);
      const audit = await t.db.selectFrom('audit_log').select('after').where('entity', '=', 'user').where('entity_id', '=', String(user.id)).orderBy('id').execute();
      expect(JSON.parse(JSON.stringify(audit[0].after)).revokedTokens).toHaveLength(2);
    });
  });
});
