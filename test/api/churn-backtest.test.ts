import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newContract, newDepartment, newPair, newRollup, newShipper, newUser, type TestUser } from '../helpers/factories';
import { addDays, businessDay } from '../../api/domain/business-day';

const sigma = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * A hand-built book scored as of 200 days ago (α = 0.5, default coefficients):
 * - S1 → C1: 100 shipments 120 days before as-of, 20 in its last 10 days: volumeDecline 0.8 and the pair
 *   collapsed (partnerLoss 1) on both sides → log-odds −4 + 1.6 + 1.2 = −1.2 each. S1 is terminated 100 days after as-of.
 * - S2 → C2: steady 50 and 50. S2's contract ends 30 days after as-of without renewal: contractExpiry 1 − 30/180,
 *   log-odds −4 + 1.5·5/6 = −2.75. C2: −4; C2 moves to the lifecycle stage 'terminated' 30 days after as-of.
 * Departures: S1 and C2 (2 of 4).
 */
describe('GET /analytics/churn/backtest', () => {
  const t = useTestApp();
  const today = businessDay(new Date(), 'Asia/Shanghai');
  const asOf = addDays(today, -200);
  const at = (day: string) => new Date(`${day}T04:00:00Z`);
  let admin: TestUser;
  let manager: TestUser;
  let client: TestUser;
  const id = { S1: 0, C1: 0, S2: 0, C2: 0, dept: 0 };

  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    manager = await newUser(t.db, 'manager');
    id.S1 = (await newShipper(t.db, { terminated_at: at(addDays(asOf, 100)) })).id;
    id.C1 = (await newConsignee(t.db)).id;
    id.S2 = (await newShipper(t.db)).id;
    id.C2 = (await newConsignee(t.db)).id;
    client = await newUser(t.db, 'client', { companyId: id.S2 });
    await newPair(t.db, id.S1, id.C1);
    await newPair(t.db, id.S2, id.C2);
    await newRollup(t.db, id.S1, id.C1, addDays(asOf, -120), { shipments: 100, revenue: 1000 });
    await newRollup(t.db, id.S1, id.C1, addDays(asOf, -5), { shipments: 20, revenue: 200 });
    await newRollup(t.db, id.S2, id.C2, addDays(asOf, -120), { shipments: 50, revenue: 500 });
    await newRollup(t.db, id.S2, id.C2, addDays(asOf, -5), { shipments: 50, revenue: 500 });
    await newContract(t.db, id.S2, { start_date: addDays(asOf, -300), end_date: addDays(asOf, 30), auto_renew: false });
    await t.db.insertInto('lifecycle_history').values({ company_id: id.C2, stage: 'terminated', previous_stage: 'growth', changed_at: at(addDays(asOf, 30)) }).execute();
    id.dept = (await newDepartment(t.db, id.S2, { name: 'Procurement', kind: 'procurement' })).id;
  });

  const a = sigma(-1.2);
  const b = sigma(-2.75);
  const c = sigma(-4);
  // cascade on two separate pairs (trees), each side carrying all of the other's volume (w = 1), α = 0.5:
  // p_i = 1 − (1 − r_i)(1 − 0.5·r_j)
  const pa = 1 - (1 - a) * (1 - 0.5 * a);
  const pS2 = 1 - (1 - b) * (1 - 0.5 * c);
  const pC2 = 1 - (1 - c) * (1 - 0.5 * b);

  it('scores the book with what was known at the as-of day and compares with who left', async () => {
    const res = await t.call('GET', `/api/v1/analytics/churn/backtest?asOf=${asOf}`, { as: admin.headers });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({ asOf, horizonEnd: addDays(asOf, 365), companies: 4, departures: 2, pairs: 2, outcomeComplete: false });
    expect(body.horizon).toMatch(/within 12 months/);
    expect(body.leftDefinition).toMatch(/terminated/);
    expect(body.coefficients).toEqual({ source: 'defaults', fittedAt: null, alpha: 0.5 });
    // direct: r = S1 a, C1 a, S2 b, C2 c; left S1, C2. Pairs (left, stayed): (S1,C1) ½, (S1,S2) 1, (C2,C1) 0, (C2,S2) 0
    expect(body.direct.auc).toBeCloseTo(1.5 / 4, 12);
    expect(body.direct.brier).toBeCloseTo(((a - 1) ** 2 + a ** 2 + b ** 2 + (c - 1) ** 2) / 4, 12);
    expect(body.direct.meanPredicted).toBeCloseTo((2 * a + b + c) / 4, 12);
    // top decile = ceil(4/10) = 1 company: S1 (tied with C1, lower id first), who left: (1/1) / (2/4) = 2
    expect(body.direct.topDecile).toEqual({ size: 1, departures: 1, lift: 2 });
    expect(body.direct.calibration.slice(0, 4)).toEqual([
      { decile: 1, count: 1, meanPredicted: expect.closeTo(a, 12), observed: 1, departures: 1 },
      { decile: 2, count: 1, meanPredicted: expect.closeTo(a, 12), observed: 0, departures: 0 },
      { decile: 3, count: 1, meanPredicted: expect.closeTo(b, 12), observed: 0, departures: 0 },
      { decile: 4, count: 1, meanPredicted: expect.closeTo(c, 12), observed: 1, departures: 1 },
    ]);
    expect(body.direct.calibration[4]).toEqual({ decile: 5, count: 0, meanPredicted: null, observed: null, departures: 0 });
    // with the cascade: p = S1 pa, C1 pa, S2 pS2, C2 pC2 (same order, pS2 > pC2)
    expect(body.cascade.brier).toBeCloseTo(((pa - 1) ** 2 + pa ** 2 + pS2 ** 2 + (pC2 - 1) ** 2) / 4, 9);
    expect(body.cascade.auc).toBeCloseTo(1.5 / 4, 12);
    expect(body.cascade.meanPredicted).toBeCloseTo((2 * pa + pS2 + pC2) / 4, 9);
  });

  it('is unchanged by what was recorded after the as-of day', async () => {
    const before = await t.call('GET', `/api/v1/analytics/churn/backtest?asOf=${asOf}`, { as: admin.headers });
    // deliveries promised after as-of, a survey, a complaint, a renewal, a lifecycle change, all later
    await newRollup(t.db, id.S1, id.C1, addDays(asOf, 1), { shipments: 500, revenue: 5000 });
    await newRollup(t.db, id.S2, id.C2, addDays(asOf, 2), { shipments: 1, revenue: 10 });
    await t.db.insertInto('survey_responses').values({ company_id: id.S2, department_id: id.dept, side: 'shipper', submitted_at: at(addDays(asOf, 2)), timeliness: 1, accuracy: 1 }).execute();
    await t.db.insertInto('interactions').values({ company_id: id.C1, kind: 'complaint', occurred_at: at(addDays(asOf, 3)), opened_at: at(addDays(asOf, 3)), summary: 'late' }).execute();
    await newContract(t.db, id.S2, { start_date: addDays(asOf, 31), end_date: addDays(asOf, 400), auto_renew: false });
    await t.db.insertInto('lifecycle_history').values({ company_id: id.S2, stage: 'decline', previous_stage: 'growth', changed_at: at(addDays(asOf, 3)) }).execute();
    const after = await t.call('GET', `/api/v1/analytics/churn/backtest?asOf=${asOf}`, { as: admin.headers });
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    // and the planted facts do count once they are in the past: as of today, S2's contract renews
    const now = await t.call('GET', `/api/v1/analytics/churn/backtest?asOf=${addDays(today, -1)}`, { as: admin.headers });
    expect(now.status).toBe(200);
    expect(now.body.direct.meanPredicted).not.toBeCloseTo(before.body.direct.meanPredicted, 6);
  });

  it('defaults to 365 days before today; a manager may run it, a client may not', async () => {
    const res = await t.call('GET', '/api/v1/analytics/churn/backtest', { as: manager.headers });
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe(addDays(today, -365));
    expect(res.body.companies).toBe(0); // nothing was known a year ago in this book
    expect(res.body.direct.auc).toBeNull();
    const denied = await t.call('GET', '/api/v1/analytics/churn/backtest', { as: client.headers });
    expect(denied.status).toBe(403);
  });

  it('refuses an as-of day that is not before today, and a malformed one, in en and zh', async () => {
    const future = await t.call('GET', `/api/v1/analytics/churn/backtest?asOf=${today}`, { as: admin.headers });
    expect(future.status).toBe(400);
    expect(expectErrorShape(future).details).toEqual([{ path: 'asOf', code: 'in_future', message: expect.any(String) }]);
    const zh = await t.call('GET', `/api/v1/analytics/churn/backtest?asOf=${today}&lang=zh`, { as: admin.headers });
    expect(zh.status).toBe(400);
    expect(JSON.stringify(zh.body)).toMatch(/[\u4e00-\u9fff]/);
    const bad = await t.call('GET', '/api/v1/analytics/churn/backtest?asOf=2026-13-01', { as: admin.headers });
    expect(bad.status).toBe(400);
  });
});
