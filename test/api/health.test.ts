import { describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { testBackend } from '../helpers/test-database';
import { newUser } from '../helpers/factories';

describe('GET /api/v1/health', () => {
  const t = useTestApp();

  it('reports the database in use and that it is reachable', async () => {
    const res = await t.call('GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { kind: testBackend(), reachable: true } });
  });

  it('answers a signed-in caller\'s unknown route with a 404 in the error shape', async () => {
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', '/api/v1/nothing-here', { as: admin.headers });
    expect(res.status).toBe(404);
    expectErrorShape(res);
    expect(res.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('asks an anonymous caller of an unknown route to sign in first (401), revealing no routes', async () => {
    const res = await t.call('GET', '/api/v1/nothing-here', { as: {} });
    expect(res.status).toBe(401);
    expectErrorShape(res);
  });
});
