import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { buildReachWorld, type ReachWorld } from '../helpers/reach-world';

interface WhatIf {
  named: { companyId: number }[];
  followers: { companyId: number }[];
  pairs: { shipper: { id: number }; consignee: { id: number } }[];
}

/**
 * What-if within a manager's reach (DESIGN.md §8): churn is what the provider keeps about an account, so a
 * manager simulates and reads the churn of their own accounts only, and the pairs counted are theirs.
 */
describe('POST /api/v1/analytics/churn/what-if: a manager’s reach', () => {
  const t = useTestApp();
  let w: ReachWorld;
  beforeAll(async () => {
    w = await buildReachWorld(t.db);
    const run = await t.call('POST', '/api/v1/analytics/churn/recompute', { as: w.admin.headers });
    expect(run.status).toBe(200);
  });

  const whatIf = (headers: Record<string, string>, companyId: number, lang = 'en') =>
    t.call('POST', `/api/v1/analytics/churn/what-if?lang=${lang}`, { as: headers, body: { lost: [{ companyId, probability: 1 }], minRise: 0 } });

  it('refuses to simulate another manager’s counterpart, in the caller’s language', async () => {
    // A's consignee is managed by B's manager: a counterpart for A's manager
    const en = await whatIf(w.A.manager.headers, w.A.consignee.id);
    expect(en.status).toBe(403);
    expect(en.body.error.details).toEqual([expect.objectContaining({ path: 'lost.0.companyId', message: 'This company is managed by another account manager.' })]);
    const zh = await whatIf(w.A.manager.headers, w.A.consignee.id, 'zh');
    expect(zh.status).toBe(403);
    expect(zh.body.error.message).toBe('该公司由另一位客户经理负责。');
    // another tenant's company stays a 404
    expect((await whatIf(w.A.manager.headers, w.B.shipper.id)).status).toBe(404);
  });

  it('lists as followers only the manager’s own accounts, and counts only pairs with one of them', async () => {
    const res = await whatIf(w.A.manager.headers, w.A.shipper.id);
    expect(res.status).toBe(200);
    const body = res.body as WhatIf;
    const own = new Set((await t.db.selectFrom('companies').select('id').where('account_manager_id', '=', w.A.manager.id).execute()).map((r) => Number(r.id)));
    expect(body.named.map((n) => n.companyId)).toEqual([w.A.shipper.id]);
    for (const f of body.followers) expect(own.has(f.companyId), `follower ${f.companyId}`).toBe(true);
    expect(body.followers.map((f) => f.companyId)).not.toContain(w.A.consignee.id);
    expect(body.pairs.length).toBeGreaterThan(0);
    for (const p of body.pairs) expect(own.has(p.shipper.id) || own.has(p.consignee.id), `pair ${p.shipper.id}→${p.consignee.id}`).toBe(true);
    expect(JSON.stringify(body)).not.toContain(w.B.marker);
  });

  it('lets B’s manager follow the consignee they manage, and the admin every company', async () => {
    const mgrB = await whatIf(w.B.manager.headers, w.B.shipper.id);
    expect(mgrB.status).toBe(200);
    // the third pair (B's shipper → A's consignee) is B's manager's business on both sides
    expect((mgrB.body as WhatIf).pairs.map((p) => [p.shipper.id, p.consignee.id])).toContainEqual([w.B.shipper.id, w.A.consignee.id]);
    expect((await whatIf(w.B.manager.headers, w.A.shipper.id)).status).toBe(403);
    const admin = await whatIf(w.admin.headers, w.B.shipper.id);
    expect(admin.status).toBe(200);
    expect((admin.body as WhatIf).followers.map((f) => f.companyId)).toContain(w.A.consignee.id);
  });

  it('shows on a company’s churn page no risk of a neighbour another manager looks after', async () => {
    // A's consignee is B's manager's: its neighbours are A's shipper (A's manager's) and B's shipper (B's manager's)
    const res = await t.call('GET', `/api/v1/companies/${w.A.consignee.id}/churn`, { as: w.B.manager.headers });
    expect(res.status).toBe(200);
    const nodes = new Map((res.body.ego.nodes as { id: number; risk: number | null }[]).map((n) => [n.id, n.risk]));
    expect(nodes.get(w.A.shipper.id)).toBeNull();
    expect(typeof nodes.get(w.B.shipper.id)).toBe('number');
    for (const e of res.body.exposures as { companyId: number; neighbourRisk: number | null }[]) {
      if (e.companyId === w.A.shipper.id) expect(e.neighbourRisk).toBeNull();
    }
    const admin = await t.call('GET', `/api/v1/companies/${w.A.consignee.id}/churn`, { as: w.admin.headers });
    expect(typeof new Map((admin.body.ego.nodes as { id: number; risk: number | null }[]).map((n) => [n.id, n.risk])).get(w.A.shipper.id)).toBe('number');
  });
});
