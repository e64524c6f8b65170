import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newPair, newRollup, newShipper, newUser, type TestUser } from '../helpers/factories';
import { addDays, businessDay } from '../../api/domain/business-day';
import { putSetting } from '../../api/services/settings';

const c = 1 / (1 + Math.exp(4)); // r of a company with no signal: logistic(−4)

/**
 * Three steady pairs with no signal (every r = c), α = 0 (no contagion: a pair is lost when either side leaves on
 * its own), revenue 10,000 / 5,000 / 1,000. Halving one side of a pair with revenue R keeps (c/2)(1 − c)·R; the
 * other side of the same pair then keeps (c/2)(1 − c/2)·R more — still more than halving anyone on the next pair.
 * Every account costs 100,000 (setting minCost above any retention budget here).
 */
describe('POST /analytics/churn/save-first', () => {
  const t = useTestApp();
  const today = businessDay(new Date(), 'Asia/Shanghai');
  let admin: TestUser;
  let manager: TestUser;
  let client: TestUser;
  const id = { S1: 0, C1: 0, S2: 0, C2: 0, S3: 0, C3: 0 };
  const post = (body: unknown, as: TestUser, lang = '') => t.call('POST', `/api/v1/analytics/churn/save-first${lang}`, { as: as.headers, body });

  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    manager = await newUser(t.db, 'manager');
    const other = await newUser(t.db, 'manager');
    id.S1 = (await newShipper(t.db, { account_manager_id: other.id })).id;
    id.C1 = (await newConsignee(t.db)).id;
    id.S2 = (await newShipper(t.db, { account_manager_id: manager.id })).id;
    id.C2 = (await newConsignee(t.db)).id;
    id.S3 = (await newShipper(t.db, { account_manager_id: other.id })).id;
    id.C3 = (await newConsignee(t.db)).id;
    client = await newUser(t.db, 'client', { companyId: id.S2 });
    for (const [s, k, revenue] of [[id.S1, id.C1, 10_000], [id.S2, id.C2, 5_000], [id.S3, id.C3, 1_000]] as const) {
      await newPair(t.db, s, k);
      await newRollup(t.db, s, k, addDays(today, -120), { shipments: 10, revenue: revenue / 2 });
      await newRollup(t.db, s, k, addDays(today, -10), { shipments: 10, revenue: revenue / 2 });
    }
    await putSetting(t.db, null, 'churn.alpha', 0);
    await putSetting(t.db, null, 'churn.saveFirst', { effect: 0.5, minCost: 100_000 });
    expect((await t.call('POST', '/api/v1/analytics/churn/recompute', { as: admin.headers })).status).toBe(200);
  });

  const before = (1 - (1 - c) ** 2) * 16_000;

  it('picks both sides of the largest pair first, with each one’s marginal gain', async () => {
    const res = await post({ accounts: 2 }, admin);
    expect(res.status).toBe(200);
    const g1 = (c / 2) * (1 - c) * 10_000;
    const g2 = (c / 2) * (1 - c / 2) * 10_000;
    expect(res.body.items.map((i: any) => i.companyId)).toEqual([id.S1, id.C1]);
    expect(res.body.items[0]).toMatchObject({ rank: 1, gain: Math.round(g1 * 100) / 100, cost: 100_000, directRisk: expect.closeTo(c, 9) });
    expect(res.body.items[1].gain).toBeCloseTo(g2, 2);
    expect(res.body.totalKept).toBeCloseTo(g1 + g2, 2);
    expect(res.body.revenueAtRiskBefore).toBeCloseTo(before, 2);
    expect(res.body.revenueAtRiskAfter).toBeCloseTo(before - g1 - g2, 2);
    expect(res.body).toMatchObject({ effect: 0.5, budget: { kind: 'accounts', limit: 2, used: 2 }, candidates: 6 });
    expect(res.body.horizon).toMatch(/12 months/);
  });

  it('spends a money budget at each account’s cost, and takes the effect from the request', async () => {
    const money = await post({ amount: 250_000 }, admin);
    expect(money.status).toBe(200);
    expect(money.body.items.map((i: any) => i.companyId)).toEqual([id.S1, id.C1]);
    expect(money.body.budget).toEqual({ kind: 'amount', limit: 250_000, used: 200_000 });
    const lost = await post({ accounts: 1, effect: 0 }, admin);
    expect(lost.body.items[0].gain).toBeCloseTo(c * (1 - c) * 10_000, 2);
    expect(lost.body.effect).toBe(0);
  });

  it('gives a manager only their own accounts as candidates, scored over the whole graph', async () => {
    const res = await post({ accounts: 5 }, manager);
    expect(res.status).toBe(200);
    expect(res.body.candidates).toBe(1);
    expect(res.body.items.map((i: any) => i.companyId)).toEqual([id.S2]);
    expect(res.body.items[0].gain).toBeCloseTo((c / 2) * (1 - c) * 5_000, 2);
    expect(res.body.revenueAtRiskBefore).toBeCloseTo(before, 2);
    expect((await post({ accounts: 1 }, client)).status).toBe(403);
  });

  it('refuses a negative budget, an effect above 1, both budgets or none, in en and zh', async () => {
    for (const body of [{ accounts: -1 }, { amount: -5 }, { accounts: 1, effect: 1.5 }, { accounts: 1.5 }, { accounts: 1, extra: 1 }]) {
      const res = await post(body, admin);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expectErrorShape(res);
    }
    const both = await post({ accounts: 1, amount: 10 }, admin);
    expect(both.status).toBe(400);
    expect(expectErrorShape(both).details).toEqual([{ path: 'amount', code: 'churn.budget_one', message: expect.any(String) }]);
    expect(both.body.error.message).toMatch(/either a number of accounts or an amount/);
    const none = await post({ effect: 0.5 }, admin, '?lang=zh');
    expect(none.status).toBe(400);
    expect(none.body.error.message).toBe('请给出客户数量或金额预算，两者必须且只能给一个。');
  });
});
