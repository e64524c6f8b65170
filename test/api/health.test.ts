import { describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { testBackend } from '../helpers/test-database';

describe('GET /api/v1/health', () => {
  const t = useTestApp();

  it('reports the database in use and that it is reachable', async () => {
    const res = await t.call('GET', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { kind: testBackend(), reachable: true } });
  });

  it('answers unknown routes with a 404 in the error shape', async () => {
    const res = await t.call('GET', '/api/v1/nothing-here', { as: {} });
    expect([401, 404]).toContain(res.status);
    expectErrorShape(res);
  });
});
