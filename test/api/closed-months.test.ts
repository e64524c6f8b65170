import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newContract, newDelivery, newShipper, newUser, type TestUser } from '../helpers/factories';
import { contractCompliance, currentBreaches } from '../../api/services/compliance-service';
import { serviceReport } from '../../api/services/service-kpis-service';
import { complianceSummaries } from '../../api/services/compliance-summary';
import { findContract } from '../../api/queries/service-lookups';
import type { Actor } from '../../api/context';

const TZ = 'Asia/Shanghai';
/** 10:00 in Shanghai on 2 December 2026: November is settling (closes on 4 December), December is running */
const DEC_2 = new Date('2026-12-02T02:00:00Z');
const DEC_4 = new Date('2026-12-04T02:00:00Z');

const actorOf = (u: TestUser): Actor => ({ userId: u.id, email: u.email, name: u.email, role: u.role, companyId: u.companyId, via: 'token' });

/**
 * Contract K: on-time target 90 %, the other targets off, one credit tier (5 % of 10,000 from any shortfall),
 * settling 3 days, minimum due count 20. Per month, promised on the 10th at 12:00 (Shanghai):
 *   Aug 20 due,  0 late → on-time 1.00: met
 *   Sep 19 due, 10 late → 0.47, one below the minimum: no verdict
 *   Oct 20 due,  4 late → 0.80, at the minimum: breached, closed → 500
 *   Nov 20 due,  4 late → 0.80: breached; settling on 2 Dec (no credit), closed on 4 Dec (500)
 *   Dec  4 due,  4 late (promised 1 Dec) → 0.00 from 4 deliveries: no verdict, running
 */
const PLAN = [['2026-08', 20, 0], ['2026-09', 19, 10], ['2026-10', 20, 4], ['2026-11', 20, 4], ['2026-12', 4, 4]] as const;

describe('closed and provisional months', () => {
  const t = useTestApp();
  const users = {} as Record<'manager' | 'admin' | 'clientS' | 'clientC1' | 'clientC2', TestUser>;
  const ids = {} as Record<'s' | 'c1' | 'c2' | 'k' | 'z', number>;

  beforeAll(async () => {
    users.manager = await newUser(t.db, 'manager');
    users.admin = await newUser(t.db, 'admin');
    const s = await newShipper(t.db, { account_manager_id: users.manager.id, name: 'Settle Shipper' });
    const c1 = await newConsignee(t.db, { name: 'Settle One' });
    const c2 = await newConsignee(t.db, { name: 'Settle Two' });
    const k = await newContract(t.db, s.id, {
      on_time_target: 0.9, in_full_target: null, otif_target: null, max_damage_rate: null,
      credit_tiers: JSON.stringify([{ shortfall: 0, percent: 0.05 }]), credit_cap_percent: null, monthly_fee: 10000,
      start_date: '2026-01-01', end_date: '2027-06-30',
    });
    // a second shipper's contract with no settling period: November is already closed on 2 December
    const s2 = await newShipper(t.db, { account_manager_id: users.manager.id, name: 'Prompt Shipper' });
    const z = await newContract(t.db, s2.id, {
      on_time_target: 0.9, in_full_target: null, otif_target: null, max_damage_rate: null, settling_days: 0,
      credit_tiers: JSON.stringify([{ shortfall: 0, percent: 0.05 }]), credit_cap_percent: null, monthly_fee: 2000,
      start_date: '2026-01-01', end_date: '2027-06-30',
    });
    Object.assign(ids, { s: s.id, c1: c1.id, c2: c2.id, k: k.id, z: z.id });
    users.clientS = await newUser(t.db, 'client', { companyId: s.id });
    users.clientC1 = await newUser(t.db, 'client', { companyId: c1.id });
    users.clientC2 = await newUser(t.db, 'client', { companyId: c2.id });

    for (const [month, due, late] of PLAN) {
      const promised = new Date(`${month}-${month === '2026-12' ? '01' : '10'}T04:00:00Z`);
      for (let i = 0; i < due; i += 1) {
        // consignee one takes the even deliveries, consignee two the odd ones; the late ones come first
        await newDelivery(t.db, s.id, i % 2 === 0 ? c1.id : c2.id, {
          contract_id: k.id, promised_at: promised, delivered_at: new Date(promised.getTime() + (i < late ? 3600_000 : 0)),
        });
      }
    }
    // contract Z: 20 due in November, 10 late → 0.5
    const promised = new Date('2026-11-10T04:00:00Z');
    for (let i = 0; i < 20; i += 1) {
      await newDelivery(t.db, s2.id, c1.id, { contract_id: z.id, promised_at: promised, delivered_at: new Date(promised.getTime() + (i < 10 ? 3600_000 : 0)) });
    }
  });

  const range = { from: '2026-08-01', to: '2026-12-02' };

  it('owes credits for closed months only, marks the running and settling months provisional, and judges from the minimum due count', async () => {
    const report = await contractCompliance(t.db, actorOf(users.manager), ids.k, range, TZ, DEC_2);
    expect(report.today).toBe('2026-12-02');
    expect(report.months.map((m) => [m.month, m.state, m.provisional, m.closesOn, m.kpis.due, m.kpis.onTimeRate, m.verdict, m.breached, m.creditAmount])).toEqual([
      ['2026-08', 'closed', false, '2026-09-04', 20, 1, 'met', false, 0],
      ['2026-09', 'closed', false, '2026-10-04', 19, 9 / 19, 'too_few', false, 0],
      ['2026-10', 'closed', false, '2026-11-04', 20, 0.8, 'breached', true, 500],
      ['2026-11', 'settling', true, '2026-12-04', 20, 0.8, 'breached', true, 0],
      ['2026-12', 'running', true, '2027-01-04', 4, 0, 'too_few', false, 0],
    ]);
    expect(report.totalCredit).toBe(500);
    // the range as a whole: 83 due, 20 + 9 + 16 + 16 + 0 = 61 on time; below the 90 % target, provisional
    expect(report.total).toMatchObject({ from: '2026-08-01', to: '2026-12-02', provisional: true, verdict: 'breached', breaches: ['onTime'] });
    expect(report.total.kpis).toMatchObject({ due: 83, onTime: 61 });
    expect(report.contract).toMatchObject({ settlingDays: 3, minDueCount: 20 });
    expect(report).toMatchObject({ scope: null, creditsApply: true });

    const later = await contractCompliance(t.db, actorOf(users.manager), ids.k, range, TZ, DEC_4);
    expect(later.months.find((m) => m.month === '2026-11')).toMatchObject({ state: 'closed', provisional: false, creditAmount: 500 });
    expect(later.totalCredit).toBe(1000);
  });

  it('follows the contract’s own settling period and minimum due count', async () => {
    await t.db.updateTable('contracts').set({ min_due_count: 19 }).where('id', '=', ids.k).execute();
    try {
      const report = await contractCompliance(t.db, actorOf(users.manager), ids.k, range, TZ, DEC_2);
      // September's 19 deliveries now reach the minimum: 9 of 19 on time, short 0.9 − 0.4737 → breached, closed → 500
      expect(report.months.find((m) => m.month === '2026-09')).toMatchObject({ verdict: 'breached', creditAmount: 500 });
      expect(report.totalCredit).toBe(1000);
    } finally {
      await t.db.updateTable('contracts').set({ min_due_count: 20 }).where('id', '=', ids.k).execute();
    }
    const prompt = await contractCompliance(t.db, actorOf(users.manager), ids.z, { from: '2026-11-01', to: '2026-12-02' }, TZ, DEC_2);
    expect(prompt.months.map((m) => [m.month, m.state, m.closesOn, m.creditAmount])).toEqual([
      ['2026-11', 'closed', '2026-12-01', 100], ['2026-12', 'running', '2027-01-01', 0],
    ]);
  });

  it('lists the latest closed month and the provisional breaches after it, never a month below the minimum', async () => {
    const list = await currentBreaches(t.db, actorOf(users.manager), TZ, DEC_2);
    // K: October closed (500), November settling (0); December's 4 deliveries are no breach.
    // Z: settling 0 → November is its latest closed month (100); October is not shown for it.
    expect(list.items.map((b) => [b.contractId, b.month, b.state, b.provisional, b.due, b.worstShortfall, b.creditAmount])).toEqual([
      [ids.z, '2026-11', 'closed', false, 20, 0.4, 100],
      [ids.k, '2026-10', 'closed', false, 20, 0.1, 500],
      [ids.k, '2026-11', 'settling', true, 20, 0.1, 0],
    ]);
    expect(list.months).toEqual(['2026-10', '2026-11', '2026-12']);
    const later = await currentBreaches(t.db, actorOf(users.manager), TZ, DEC_4);
    expect(later.items.map((b) => [b.contractId, b.month, b.creditAmount])).toEqual([[ids.z, '2026-11', 100], [ids.k, '2026-11', 500]]);
  });

  it('marks time rows of the service report provisional or unjudged under the filtered contract’s rules', async () => {
    const report = await serviceReport(t.db, actorOf(users.manager), { contractId: ids.k, groupBy: 'month', ...range, format: 'json' }, TZ, DEC_2);
    expect(report.rules).toEqual({ settlingDays: 3, minDueCount: 20 });
    expect(report.provisional).toBe(true);
    expect(report.rows.map((r) => [r.key, r.due, r.provisional, r.judged])).toEqual([
      ['2026-08', 20, false, true], ['2026-09', 19, false, false], ['2026-10', 20, false, true],
      ['2026-11', 20, true, true], ['2026-12', 4, true, false],
    ]);
    const closedRange = await serviceReport(t.db, actorOf(users.manager), { shipperId: ids.s, groupBy: 'none', from: '2026-08-01', to: '2026-10-31', format: 'json' }, TZ, DEC_2);
    expect(closedRange).toMatchObject({ rules: { settlingDays: 3, minDueCount: 20 }, provisional: false });
  });

  it('limits a consignee client to its own deliveries under the contract, with the targets and no credit', async () => {
    const res = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?from=2026-10-01&to=2026-10-31`, { as: users.clientC1.headers });
    expect(res.status).toBe(200);
    // consignee one has the even deliveries of October: 10, of which the late ones 0 and 2 → 8 of 10 on time
    expect(res.body.scope).toMatchObject({ consigneeId: ids.c1, consigneeName: 'Settle One' });
    expect(res.body.creditsApply).toBe(false);
    expect(res.body.months[0].kpis).toMatchObject({ due: 10, onTime: 8 });
    expect(res.body.months[0]).toMatchObject({ state: expect.any(String), verdict: 'too_few' });
    // credits are the shipper's terms (DESIGN §8): a consignee client's answer carries no credit field at all
    expect(res.body.months[0]).not.toHaveProperty('creditAmount');
    expect(res.body.months[0].checks.find((c: any) => c.kpi === 'onTime')).toMatchObject({ target: 0.9, actual: 0.8 });
    // the service report answers the same question for it: the contract, its own deliveries
    const service = await t.call('GET', `/api/v1/analytics/service?contractId=${ids.k}&from=2026-10-01&to=2026-10-31`, { as: users.clientC1.headers });
    expect(service.status).toBe(200);
    expect(service.body.total).toMatchObject({ due: 10, onTime: 8 });
    // it cannot ask for the other consignee
    const other = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?consigneeId=${ids.c2}`, { as: users.clientC1.headers });
    expect(other.status).toBe(404);
    expectErrorShape(other);
  });

  it('lets the shipper and its manager scope the contract to a consignee it covers, and 404s one it does not', async () => {
    for (const who of [users.clientS, users.manager]) {
      const res = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?from=2026-10-01&to=2026-10-31&consigneeId=${ids.c2}`, { as: who.headers });
      expect(res.status).toBe(200);
      // consignee two: the odd deliveries, late ones 1 and 3 → 8 of 10
      expect(res.body.months[0].kpis).toMatchObject({ due: 10, onTime: 8 });
      expect(res.body.creditsApply).toBe(false);
    }
    const stranger = await newConsignee(t.db, { name: 'Not Covered' });
    const res = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?consigneeId=${stranger.id}`, { as: users.manager.headers });
    expect(res.status).toBe(404);
    expectErrorShape(res);
    const bad = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?consigneeId=abc`, { as: users.manager.headers });
    expect(bad.status).toBe(400);
    expectErrorShape(bad);
  });

  it('sums each contract’s closed months for the contracts list, as its compliance page does', async () => {
    const k = (await findContract(t.db, ids.k))!;
    const on = async (today: string) => (await complianceSummaries(t.db, [k], today)).get(ids.k);
    // January to December 2026: eleven months closed on 2 December (Jan–Oct), November settling, December running
    expect(await on('2026-12-02')).toEqual({
      from: '2026-01-01', to: '2026-12-02', latestClosed: { month: '2026-10', verdict: 'breached', breaches: ['onTime'] },
      closedMonths: 10, breachedMonths: 1, creditsOwed: 500, provisionalMonths: 2,
    });
    expect(await on('2026-12-04')).toMatchObject({
      latestClosed: { month: '2026-11', verdict: 'breached' }, closedMonths: 11, breachedMonths: 2, creditsOwed: 1000, provisionalMonths: 1,
    });
    // through the API, the list's figure is the contract page's total credit for the same months
    const listed = await t.call('GET', `/api/v1/contracts?shipperId=${ids.s}`, { as: users.manager.headers });
    const item = listed.body.items.find((c: any) => c.id === ids.k);
    const page = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?from=${item.compliance.from}&to=${item.compliance.to}`, { as: users.manager.headers });
    expect(item.compliance.creditsOwed).toBe(page.body.totalCredit);
    expect(item.compliance.breachedMonths).toBe(page.body.months.filter((m: any) => !m.provisional && m.breached).length);
    // a consignee client sees the contract that covers it, without its credits
    const covered = await t.call('GET', '/api/v1/contracts', { as: users.clientC1.headers });
    expect(covered.body.items.find((c: any) => c.id === ids.k).compliance).toBeNull();
    const own = await t.call('GET', '/api/v1/contracts', { as: users.clientS.headers });
    expect(own.body.items.find((c: any) => c.id === ids.k).compliance).toMatchObject({ creditsOwed: item.compliance.creditsOwed });
  });

  it('downloads the month state and verdict in the compliance CSV', async () => {
    const res = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?from=2026-08-01&to=2026-10-31&format=csv`, { as: users.manager.headers });
    const rows = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.month, r.state, r.due, r.verdict, r.credit_amount])).toEqual([
      ['2026-08', 'closed', '20', 'met', '0'], ['2026-09', 'closed', '19', 'too_few', '0'], ['2026-10', 'closed', '20', 'breached', '500'],
    ]);
  });

  it('stores the settling days and minimum due count of a contract, and refuses values out of bounds', async () => {
    const ok = await t.call('PATCH', `/api/v1/contracts/${ids.z}`, { as: users.manager.headers, body: { settlingDays: 5, minDueCount: 50 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ settlingDays: 5, minDueCount: 50 });
    const created = await t.call('POST', '/api/v1/contracts', {
      as: users.manager.headers,
      body: { shipperId: (await newShipper(t.db, { account_manager_id: users.manager.id })).id, code: 'DEF-1', startDate: '2027-01-01', endDate: '2027-12-31', monthlyFee: 100 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ settlingDays: 3, minDueCount: 20 });
    for (const body of [{ settlingDays: -1 }, { settlingDays: 29 }, { settlingDays: 1.5 }, { minDueCount: 0 }, { minDueCount: 100001 }, { minDueCount: '20' }]) {
      const res = await t.call('PATCH', `/api/v1/contracts/${ids.z}`, { as: users.manager.headers, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expectErrorShape(res);
      expect(res.body.error.details[0].path).toBe(Object.keys(body)[0]);
    }
    const unchanged = await t.call('GET', `/api/v1/contracts/${ids.z}`, { as: users.manager.headers });
    expect(unchanged.body).toMatchObject({ settlingDays: 5, minDueCount: 50 });
  });
});
