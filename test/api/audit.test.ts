import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newUser, type TestUser } from '../helpers/factories';
import { recordAudit } from '../../api/services/audit';

describe('GET /api/v1/audit', () => {
  const t = useTestApp();
  let admin: TestUser;

  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    for (const id of [11, 12, 13]) await recordAudit(t.db, null, 'update', 'probe', id, { after: { n: id } });
  });

  it('pages the entries of an entity newest first, with { items, meta }', async () => {
    const first = await t.call('GET', '/api/v1/audit?entity=probe&pageSize=2', { as: admin.headers });
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: any) => e.entityId)).toEqual(['13', '12']);
    expect(first.body.meta).toEqual({ page: 1, pageSize: 2, total: 3, pages: 2 });
    const second = await t.call('GET', '/api/v1/audit?entity=probe&pageSize=2&page=2', { as: admin.headers });
    expect(second.body.items.map((e: any) => [e.entityId, e.after])).toEqual([['11', { n: 11 }]]);
    expect(second.body.meta).toEqual({ page: 2, pageSize: 2, total: 3, pages: 2 });
    const one = await t.call('GET', '/api/v1/audit?entity=probe&entityId=12', { as: admin.headers });
    expect(one.body.meta.total).toBe(1);
  });

  it('is for admins only', async () => {
    const manager = await newUser(t.db, 'manager');
    const res = await t.call('GET', '/api/v1/audit', { as: manager.headers });
    expect(res.status).toBe(403);
    expectErrorShape(res);
  });
});
