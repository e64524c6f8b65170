import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newConsignee, newPair, newRollup, newShipper, newUser, type TestUser } from '../helpers/factories';
import { addDays, businessDay } from '../../api/domain/business-day';

/**
 * The partnerLoss signal on a hand-built world: shipper S ships to C1 (steady), C2 (collapsed) and C3 (left).
 * Before (91–180 days ago): 60 + 30 + 10 = 100 shipments; last 90 days: 60 + 3 + 10.
 * C2's 3 ≤ 30 / 5 → collapsed; C3 terminated 5 days ago → left. S: (30 + 10) / 100 = 0.4.
 */
describe('partnerLoss: a partner of a pair left, or its volume on the pair collapsed', () => {
  const t = useTestApp();
  const today = businessDay(new Date(), 'Asia/Shanghai');
  let admin: TestUser;
  const id = { S: 0, C1: 0, C2: 0, C3: 0 };

  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    id.S = (await newShipper(t.db)).id;
    id.C1 = (await newConsignee(t.db)).id;
    id.C2 = (await newConsignee(t.db)).id;
    id.C3 = (await newConsignee(t.db, { terminated_at: new Date(`${addDays(today, -5)}T04:00:00Z`) })).id;
    for (const [c, before, recent] of [[id.C1, 60, 60], [id.C2, 30, 3], [id.C3, 10, 10]] as const) {
      await newPair(t.db, id.S, c);
      await newRollup(t.db, id.S, c, addDays(today, -120), { shipments: before, revenue: before * 10 });
      await newRollup(t.db, id.S, c, addDays(today, -10), { shipments: recent, revenue: recent * 10 });
    }
    const res = await t.call('POST', '/api/v1/analytics/churn/recompute', { as: admin.headers });
    expect(res.status).toBe(200);
  });

  it('is the share of the earlier volume that ran on lost pairs, shown with its contribution', async () => {
    const res = await t.call('GET', `/api/v1/companies/${id.S}/churn`, { as: admin.headers });
    expect(res.status).toBe(200);
    expect(res.body.signals.partnerLoss).toBeCloseTo(0.4, 12);
    expect(res.body.facts.partners).toEqual({ before: 100, lost: 40 });
    expect(res.body.drivers).toContainEqual({ signal: 'partnerLoss', value: expect.closeTo(0.4, 12), coefficient: 1.2, contribution: expect.closeTo(0.48, 12) });
    // volume 73 against 100 → volumeDecline 0.27, the only other signal
    const logOdds = -4 + 2 * 0.27 + 1.2 * 0.4;
    expect(res.body.directRisk).toBeCloseTo(1 / (1 + Math.exp(-logOdds)), 9);
  });

  it('counts a whole pair for the partner on the collapsed side, and nothing for a steady one', async () => {
    const c2 = await t.call('GET', `/api/v1/companies/${id.C2}/churn`, { as: admin.headers });
    expect(c2.body.signals.partnerLoss).toBe(1);
    const c1 = await t.call('GET', `/api/v1/companies/${id.C1}/churn`, { as: admin.headers });
    expect(c1.body.signals.partnerLoss).toBe(0);
  });
});
