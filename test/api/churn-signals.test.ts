import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newConsignee, newContract, newDepartment, newPair, newShipper, newUser, type TestUser } from '../helpers/factories';
import { addDays, businessDay } from '../../api/domain/business-day';

/**
 * One shipper with every kind of signal, read from the database the way the recompute reads it:
 * contract targets and end date, monthly breaches, weighted department surveys now and before,
 * open complaints and slow claims, lifecycle stage.
 */
describe('churn signals from the database', () => {
  const t = useTestApp();
  const today = businessDay(new Date(), 'Asia/Shanghai');
  const at = (daysAgo: number, hour = 4) => new Date(`${addDays(today, -daysAgo)}T${String(hour).padStart(2, '0')}:00:00Z`);
  let admin: TestUser;
  let shipperId = 0;

  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    const shipper = await newShipper(t.db, { lifecycle_stage: 'decline' });
    shipperId = shipper.id;
    const consignee = await newConsignee(t.db);
    await newPair(t.db, shipper.id, consignee.id);
    const contract = await newContract(t.db, shipper.id, {
      start_date: addDays(today, -300), end_date: addDays(today, 45), auto_renew: false,
      otif_target: 0.95, on_time_target: 0.9, in_full_target: 0.9, claim_response_hours: 24,
    });
    // 100 due in the last 90 days, 85 OTIF (one month under target): shortfall (0.95 − 0.85) / 0.2 = 0.5, 1 breach → 1/6.
    await t.db.insertInto('daily_service_rollups').values({
      shipper_id: shipper.id, consignee_id: consignee.id, contract_id: contract.id, day: addDays(today, -10),
      shipments: 100, due: 100, delivered: 100, on_time: 92, in_full: 95, otif: 85, perfect: 85, revenue: 1000, cost: 700,
    }).execute();
    // Departments: weight 0.6, and two unweighted sharing the remaining 0.4 (0.2 each).
    const d1 = await newDepartment(t.db, shipper.id, { name: 'Procurement', kind: 'procurement', weight: 0.6 });
    const d2 = await newDepartment(t.db, shipper.id, { name: 'Warehouse', kind: 'warehouse' });
    await newDepartment(t.db, shipper.id, { name: 'Finance', kind: 'finance' });
    const survey = (departmentId: number, daysAgo: number, answers: Record<string, number>) =>
      t.db.insertInto('survey_responses').values({ company_id: shipper.id, department_id: departmentId, side: 'shipper', submitted_at: at(daysAgo), ...answers }).execute();
    // Now: Procurement 4 (mean of 4 and 4), Warehouse 2, Finance silent → (0.6·4 + 0.2·2) / 0.8 = 3.5.
    await survey(d1.id, 5, { timeliness: 4, accuracy: 4 });
    await survey(d2.id, 6, { timeliness: 2 });
    // Before (180–359 days ago): Procurement 5, Warehouse 4 → (0.6·5 + 0.2·4) / 0.8 = 4.75.
    await survey(d1.id, 200, { timeliness: 5 });
    await survey(d2.id, 210, { value_added: 4 });
    await t.db.insertInto('interactions').values({
      company_id: shipper.id, kind: 'complaint', occurred_at: at(3), opened_at: at(3), summary: 'complaint', resolved_at: null,
    }).execute(); // open
    // Claims come from the claims table: answered (acknowledged) within the claim's 24 h target, or not.
    const claim = (filedDaysAgo: number, acknowledgedAfterHours: number, paid: number | null = null) =>
      t.db.insertInto('claims').values({
        shipper_id: shipper.id, filed_company_id: shipper.id, contract_id: contract.id, kind: 'damaged', amount_claimed: 100,
        response_target_hours: 24, filed_at: at(filedDaysAgo), acknowledged_at: new Date(at(filedDaysAgo).getTime() + acknowledgedAfterHours * 3600_000),
        ...(paid === null ? {} : { status: 'paid' as const, amount_settled: paid, paid_at: at(filedDaysAgo - 2) }),
      }).execute();
    await claim(20, 10, 50); // within the target; paid 50 eighteen days ago: profit 300 − 50
    await claim(15, 48); // slow
    // a claim interaction is no longer read: the claims table holds claims
    await t.db.insertInto('interactions').values({
      company_id: shipper.id, kind: 'claim', occurred_at: at(12), opened_at: at(12), summary: 'old-style claim', resolved_at: null,
    }).execute();
    const res = await t.call('POST', '/api/v1/analytics/churn/recompute', { as: admin.headers });
    expect(res.status).toBe(200);
  });

  it('normalises each signal as documented', async () => {
    const res = await t.call('GET', `/api/v1/companies/${shipperId}/churn`, { as: admin.headers });
    expect(res.status).toBe(200);
    expect(res.body.signals).toEqual({
      otifShortfall: expect.closeTo(0.5, 9),
      breaches: expect.closeTo(1 / 6, 9),
      dissatisfaction: expect.closeTo((5 - 3.5) / 4, 9),
      weakestDepartment: expect.closeTo((5 - 2) / 4, 9),
      satisfactionDecline: expect.closeTo((4.75 - 3.5) / 2, 9),
      volumeDecline: 0,
      openComplaints: expect.closeTo(1 / 3, 9),
      slowClaims: 0.5,
      contractExpiry: expect.closeTo(1 - 45 / 180, 9),
      lifecycle: 1,
      partnerLoss: 0, // its one pair has no volume in the 90 days before the last 90
    });
    expect(res.body.weakestDepartment).toBe('Warehouse');
  });

  it('computes r from the default coefficients and advises renewing the contract, its largest driver', async () => {
    const res = await t.call('GET', `/api/v1/companies/${shipperId}/churn`, { as: admin.headers });
    const logOdds = -4 + 2 * 0.5 + 0.8 / 6 + 1.5 * 0.375 + 0.75 + 0.625 + 0.8 / 3 + 0.7 * 0.5 + 1.5 * 0.75 + 0.8;
    expect(res.body.directRisk).toBeCloseTo(1 / (1 + Math.exp(-logOdds)), 9);
    expect(res.body.drivers[0]).toEqual({ signal: 'contractExpiry', value: 0.75, coefficient: 1.5, contribution: 1.125 });
    expect(res.body.advice.action).toBe('renew_contract');
    expect(res.body.advice.params).toEqual({});
    // Revenue 1000, cost 700, claims paid 50: profit 250; CLV over 5 years at d = 0.1 with retention 1 − p; budget p × CLV.
    expect(res.body.revenue12m).toBe(1000);
    expect(res.body.profit12m).toBe(250);
    const p = res.body.risk;
    const q = (1 - p) / 1.1;
    const clv = (250 * q * (1 - q ** 5)) / (1 - q);
    expect(res.body.clv).toBeCloseTo(clv, 6);
    expect(res.body.retentionBudget).toBeCloseTo(p * clv, 6);
  });

  it('describes the new endpoints in the OpenAPI document', async () => {
    const res = await t.call('GET', '/api/v1/openapi.json', { as: admin.headers });
    expect(res.status).toBe(200);
    for (const path of ['/analytics/churn', '/analytics/churn/what-if', '/analytics/churn/recompute', '/analytics/churn/fit', '/companies/{id}/churn']) {
      expect(Object.keys(res.body.paths)).toContain(path);
    }
  });
});
