import { describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newShipper, newUser } from '../helpers/factories';
import { businessDaysAgo, newRollup } from '../helpers/value-fixtures';

// Σ_{t=1..5} (0.8/1.1)^t = 2.1240973…: the CLV of one unit of yearly profit with the default settings
const UNIT_CLV = [1, 2, 3, 4, 5].reduce((s, t) => s + (0.8 / 1.1) ** t, 0);

describe('GET /api/v1/analytics/value', () => {
  const t = useTestApp();
  let world: Promise<Awaited<ReturnType<typeof build>>> | undefined;

  async function build() {
    const consignee = await newConsignee(t.db);
    const manager = await newUser(t.db, 'manager');
    const profits: [string, number, number][] = [['A', 800, 300], ['B', 500, 200], ['C', 150, 50], ['D', 60, 0], ['E', 40, 0], ['G', 50, 100]];
    const ids: Record<string, number> = {};
    for (const [name, revenue, cost] of profits) {
      const s = await newShipper(t.db, { name: `Shipper ${name}`, ...(name === 'C' ? { account_manager_id: manager.id } : {}) });
      ids[name] = s.id;
      await newRollup(t.db, s.id, consignee.id, 10, { shipments: 10, revenue: revenue / 2, cost: cost / 2 });
      await newRollup(t.db, s.id, consignee.id, 200, { shipments: 10, revenue: revenue / 2, cost: cost / 2 });
    }
    ids.F = (await newShipper(t.db, { name: 'Shipper F' })).id; // no deliveries: profit 0
    // outside the window: 400 days ago, and promised in the future
    await newRollup(t.db, ids.E, consignee.id, 400, { shipments: 5, revenue: 10_000 });
    await newRollup(t.db, ids.E, consignee.id, -5, { shipments: 5, revenue: 10_000 });
    // B has been scored by the churn model: p = 0.5
    const run = await t.db.insertInto('churn_runs').values({
      alpha: 0.5, tolerance: 1e-6, iterations: 3, converged: true, companies: 1, pairs: 0, coefficients: '{}',
    }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('churn_scores').values({ run_id: run.id, company_id: ids.B, direct_risk: 0.5, total_risk: 0.5, cascade_risk: 0 }).execute();
    return { ids, manager, consignee };
  }
  const setup = () => (world ??= build());

  it('ranks shippers by 12-month profit into ABC classes and reports the Pareto share', async () => {
    const { ids, consignee } = await setup();
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', '/api/v1/analytics/value', { as: admin.headers });
    expect(res.status).toBe(200);
    // profits 500, 300, 100, 60, 40, 0, −50; positive total 1000: cumulative 50 %, 80 %, 90 %, 96 %, 100 %
    expect(res.body.items.map((i: { name: string; profit: number; abcClass: string }) => [i.name, i.profit, i.abcClass])).toEqual([
      ['Shipper A', 500, 'A'], ['Shipper B', 300, 'A'], ['Shipper C', 100, 'B'], ['Shipper D', 60, 'B'],
      ['Shipper E', 40, 'C'], ['Shipper F', 0, 'C'], ['Shipper G', -50, 'C'],
    ]);
    expect(res.body.items.some((i: { companyId: number }) => i.companyId === consignee.id)).toBe(false);
    expect(res.body.items[0]).toMatchObject({ companyId: ids.A, revenue: 800, cost: 300, shipments: 20, rank: 1, cumulativeShare: 0.5 });
    expect(res.body.ranking).toMatchObject({
      customers: 7, totalProfit: 950, totalPositiveProfit: 1000, classCounts: { A: 2, B: 2, C: 3 },
    });
    expect(res.body.ranking.shareMaking80).toBeCloseTo(2 / 7, 12);
    expect(res.body.ranking.curve).toHaveLength(8);
    expect(res.body.ranking.curve[2]).toEqual({ customerShare: 2 / 7, profitShare: 0.8 });
    expect(res.body).toMatchObject({ from: businessDaysAgo(364), to: businessDaysAgo(0) });
  });

  it('computes CLV from the churn model’s retention when scored, else the settings default, and the retention budget', async () => {
    const { ids } = await setup();
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', '/api/v1/analytics/value', { as: admin.headers });
    const byId = Object.fromEntries(res.body.items.map((i: { companyId: number }) => [i.companyId, i]));
    // A: m = 500, r = 0.8 → 500 × 2.1240973 = 1062.05; budget 0.2 × CLV
    expect(byId[ids.A]).toMatchObject({ retention: 0.8, retentionSource: 'default' });
    expect(byId[ids.A].churnProbability).toBeCloseTo(0.2, 12);
    expect(byId[ids.A].clv).toBeCloseTo(500 * UNIT_CLV, 8);
    expect(byId[ids.A].clv).toBeCloseTo(1062.05, 2);
    expect(byId[ids.A].retentionBudget).toBeCloseTo(0.2 * 500 * UNIT_CLV, 8);
    expect(byId[ids.A].clvPerpetual).toBeCloseTo(500 * 0.8 / 0.3, 8);
    // B: p = 0.5 → r = 0.5: 300 × Σ (0.5/1.1)^t
    const bClv = 300 * [1, 2, 3, 4, 5].reduce((s, k) => s + (0.5 / 1.1) ** k, 0);
    expect(byId[ids.B]).toMatchObject({ churnProbability: 0.5, retention: 0.5, retentionSource: 'churn' });
    expect(byId[ids.B].clv).toBeCloseTo(bClv, 8);
    expect(byId[ids.B].retentionBudget).toBeCloseTo(0.5 * bClv, 8);
    // G loses money: negative CLV, nothing worth spending
    expect(byId[ids.G].clv).toBeCloseTo(-50 * UNIT_CLV, 8);
    expect(byId[ids.G].retentionBudget).toBe(0);
  });

  it('follows the value.clv setting', async () => {
    const { ids } = await setup();
    const admin = await newUser(t.db, 'admin');
    await t.db.insertInto('settings').values({ key: 'value.clv', value: JSON.stringify({ horizonYears: 10 }) }).execute();
    try {
      const res = await t.call('GET', '/api/v1/analytics/value', { as: admin.headers });
      const a = res.body.items.find((i: { companyId: number }) => i.companyId === ids.A);
      expect(res.body.settings).toEqual({ discountRate: 0.1, horizonYears: 10, defaultRetention: 0.8 });
      expect(a.clv).toBeCloseTo(5 * 255.63, 1); // the DESIGN.md T = 10 check value × 5
    } finally {
      await t.db.deleteFrom('settings').where('key', '=', 'value.clv').execute();
    }
  });

  it('shows a manager the ranking of their portfolio only, each shipper keeping its provider-wide class', async () => {
    const { ids, manager, consignee } = await setup();
    const res = await t.call('GET', '/api/v1/analytics/value', { as: manager.headers });
    expect(res.status).toBe(200);
    // C is managed; the consignee paired with C is visible but is not a shipper
    expect(res.body.items.map((i: { companyId: number }) => i.companyId)).toEqual([ids.C]);
    // third of all seven shippers and class B provider-wide, but first and the whole profit of the portfolio
    expect(res.body.items[0]).toMatchObject({ rank: 1, cumulativeShare: 1, abcClass: 'B', profit: 100 });
    expect(res.body.ranking).toEqual({
      customers: 1, totalProfit: 100, totalPositiveProfit: 100, classCounts: { A: 0, B: 1, C: 0 }, shareMaking80: 1,
      curve: [{ customerShare: 0, profitShare: 0 }, { customerShare: 1, profitShare: 1 }],
    });
    void consignee;
  });

  it('downloads the table as CSV', async () => {
    await setup();
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', '/api/v1/analytics/value?format=csv', { as: admin.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('company_id,code,name,revenue_12m,cost_12m,profit_12m,rank,abc_class,cumulative_profit_share,churn_probability,clv,retention_budget');
    expect(lines).toHaveLength(8);
    expect(lines[1]).toMatch(/,Shipper A,800,300,500,1,A,0\.5,0\.2,1062\.05,212\.41$/);
  });

  it('refuses clients and operations (403) and rejects bad parameters (400)', async () => {
    const { ids } = await setup();
    const client = await newUser(t.db, 'client', { companyId: ids.A });
    const ops = await newUser(t.db, 'operations');
    for (const who of [client, ops]) {
      const res = await t.call('GET', '/api/v1/analytics/value', { as: who.headers });
      expect(res.status).toBe(403);
      expectErrorShape(res);
    }
    const admin = await newUser(t.db, 'admin');
    for (const q of ['format=xml', 'asOf=2026-13-45', 'asOf=yesterday']) {
      const res = await t.call('GET', `/api/v1/analytics/value?${q}`, { as: admin.headers });
      expect(res.status, q).toBe(400);
      expectErrorShape(res);
    }
  });
});

describe('GET /api/v1/companies/:id/value', () => {
  const t = useTestApp();

  it('shows CLV, class and the loyalty index with each component', async () => {
    const consignee = await newConsignee(t.db);
    const company = await newShipper(t.db, {
      customer_since: businessDaysAgo(1461), est_annual_shipments: 1000, service_lines: ['road', 'warehousing'],
    });
    await newRollup(t.db, company.id, consignee.id, 10, { shipments: 100, revenue: 300, cost: 100 });
    await newRollup(t.db, company.id, consignee.id, 100, { shipments: 200, revenue: 300, cost: 100 });
    await newRollup(t.db, company.id, consignee.id, 400, { shipments: 999, revenue: 5000 });
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', `/api/v1/companies/${company.id}/value`, { as: admin.headers });
    expect(res.status).toBe(200);
    expect(res.body.value).toMatchObject({ profit: 400, abcClass: 'A', rank: 1 });
    expect(res.body.value.clv).toBeCloseTo(400 * UNIT_CLV, 8);
    expect(res.body.volume).toMatchObject({ recent90: 100, previous90: 200, shipments12m: 300, firstDay: businessDaysAgo(400), lastDay: businessDaysAgo(10) });
    const c = Object.fromEntries(res.body.loyalty.components.map((x: { key: string }) => [x.key, x]));
    // duration 1461 days = 4 years → 0.8; active months 2 of 12; trend −50 % → 0.25; wallet 300/1000; lines 2/3; no survey
    expect(c.duration.value).toBeCloseTo(4, 12);
    expect(c.duration.score).toBeCloseTo(0.8, 12);
    expect(c.frequency).toMatchObject({ value: 2 });
    expect(c.frequency.score).toBeCloseTo(2 / 12, 12);
    expect(c.frequencyTrend).toMatchObject({ value: -0.5, score: 0.25 });
    expect(c.shareOfWallet).toMatchObject({ value: 0.3, score: 0.3 });
    expect(c.serviceLines.score).toBeCloseTo(2 / 3, 12);
    expect(c.satisfaction).toMatchObject({ value: null, score: null });
    expect(res.body.loyalty.index).toBeCloseTo(((0.8 + 2 / 12 + 0.25 + 0.3 + 2 / 3) / 5) * 100, 8);
    expect(res.body.lifecycle).toEqual({ stage: null, changedAt: null, history: [] });
  });

  it('has no value row for a consignee, and keeps scope: 404 outside the portfolio, 403 for clients', async () => {
    const consignee = await newConsignee(t.db);
    const manager = await newUser(t.db, 'manager');
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', `/api/v1/companies/${consignee.id}/value`, { as: admin.headers });
    expect(res.status).toBe(200);
    expect(res.body.value).toBeNull();
    expect((await t.call('GET', `/api/v1/companies/${consignee.id}/value`, { as: manager.headers })).status).toBe(404);
    const client = await newUser(t.db, 'client', { companyId: consignee.id });
    expect((await t.call('GET', `/api/v1/companies/${consignee.id}/value`, { as: client.headers })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/companies/999999/value', { as: admin.headers })).status).toBe(404);
  });
});

describe('OpenAPI document', () => {
  const t = useTestApp();

  it('describes the satisfaction and value endpoints', async () => {
    const res = await t.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    for (const path of ['/surveys', '/companies/{id}/satisfaction', '/companies/{id}/value', '/analytics/value', '/analytics/satisfaction', '/analytics/lifecycle/recompute']) {
      expect(res.body.paths, path).toHaveProperty([path]);
    }
  });
});
