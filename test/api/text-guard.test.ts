import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape, type CallResult } from '../helpers/test-app';
import { newShipper, newUser, type TestUser } from '../helpers/factories';

/** Text PostgreSQL cannot store (NUL, lone surrogates) is a 400 naming the field, on every kind of input. */
describe('text with a NUL byte or a broken character', () => {
  const t = useTestApp();
  let admin: TestUser;
  let shipperId: number;
  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    shipperId = (await newShipper(t.db)).id;
  });

  const expectRefused = (res: CallResult, path: string, code = 'nul_byte') => {
    expect(res.status, res.text).toBe(400);
    const error = expectErrorShape(res);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ path, code, message: expect.any(String) }]);
  };

  it('refuses a NUL byte in the sign-in e-mail before anyone is signed in', async () => {
    const res = await t.call('POST', '/api/v1/auth/login', { body: { email: 'a\u0000@x.io', password: 'whatever-it-is' } });
    expectRefused(res, 'email');
    expect(expectErrorShape(res).message).toMatch(/email/);
  });

  it('names the field of a JSON body, also nested, also in a key', async () => {
    expectRefused(await t.call('POST', '/api/v1/companies', { as: admin.headers, body: { code: 'NUL1', name: 'Nul\u0000 Trading', roles: ['shipper'] } }), 'name');
    expectRefused(await t.call('PATCH', `/api/v1/companies/${shipperId}`, { as: admin.headers, body: { notes: 'x', serviceLines: ['express', 'bad\u0000'] } }), 'serviceLines.1');
    expectRefused(await t.call('PATCH', `/api/v1/companies/${shipperId}`, { as: admin.headers, body: { 'no\u0000te': 'x' } }), 'no\\u0000te');
    // nothing was written
    const company = await t.db.selectFrom('companies').select('name').where('code', '=', 'NUL1').executeTakeFirst();
    expect(company).toBeUndefined();
  });

  it.each([
    ['/api/v1/companies', 'q'], ['/api/v1/companies', 'region'], ['/api/v1/companies', 'industry'],
    ['/api/v1/deliveries', 'trackingNo'], ['/api/v1/deliveries', 'origin'], ['/api/v1/deliveries', 'destination'],
    ['/api/v1/audit', 'entity'], ['/api/v1/contracts', 'q'],
  ])('names the query parameter: %s?%s=', async (path, name) => {
    expectRefused(await t.call('GET', `${path}?${name}=a%00b`, { as: admin.headers }), name);
  });

  it('names a path parameter', async () => {
    expectRefused(await t.call('GET', `/api/v1/companies/1%00`, { as: admin.headers }), 'id');
  });

  it('refuses a lone surrogate as broken Unicode (it would be stored as U+FFFD)', async () => {
    const raw = '{"code":"NUL2","name":"Broken \\ud800 name","roles":["shipper"]}';
    const res = await t.call('POST', '/api/v1/companies', { as: admin.headers, raw, headers: { 'content-type': 'application/json' } });
    expectRefused(res, 'name', 'invalid_unicode');
  });

  it('caps the length of a query value', async () => {
    const res = await t.call('GET', `/api/v1/companies?q=${'x'.repeat(10 * 1024 * 1024)}`, { as: admin.headers });
    expect(res.status).toBe(400);
    expect(expectErrorShape(res).details).toEqual([{ path: 'q', code: 'too_big', message: expect.any(String), params: { maximum: 2000 } }]);
  });

  it('still answers 401 first to a caller who is not signed in', async () => {
    const res = await t.call('GET', '/api/v1/companies?q=a%00b');
    expect(res.status).toBe(401);
  });

  it('lets ordinary text through, Chinese and emoji included', async () => {
    const res = await t.call('GET', `/api/v1/companies?q=${encodeURIComponent('上海😀')}`, { as: admin.headers });
    expect(res.status, res.text).toBe(200);
  });
});
