import { describe, expect, it } from 'vitest';
import { errorPaths, useTestApp } from '../helpers/test-app';
import { newContract, newDepartment, newShipper, newConsignee, newUser } from '../helpers/factories';
import { deliveryRows, importRows } from '../helpers/workbench-world';

/** Words of internal figures (DESIGN.md §8) that must not appear anywhere in a client's pack. */
const INTERNAL = /"(cost|margin|revenue|profit|churn\w*|clv|abc\w*|pareto\w*|interactions|internal":\{)/i;

describe('GET /api/v1/companies/:id/review (quarterly business review pack)', () => {
  const t = useTestApp();
  let n = 0;

  async function world() {
    const tag = `QB${++n}`;
    const manager = await newUser(t.db, 'manager');
    const shipper = await newShipper(t.db, { code: `${tag}-S`, name: `Review Shipper ${n}`, account_manager_id: manager.id });
    const consignee = await newConsignee(t.db, { code: `${tag}-C`, name: `Review Consignee ${n}` });
    const contract = await newContract(t.db, shipper.id, { code: `${tag}-K`, start_date: '2026-01-01', end_date: '2026-12-31', monthly_fee: 10000 });
    await importRows(t, [
      ...deliveryRows(`${tag}J`, shipper.code, consignee.code, ['2026-01-15'], 20, 0, contract.code),
      ...deliveryRows(`${tag}F`, shipper.code, consignee.code, ['2026-02-10'], 20, 2, contract.code),
      ...deliveryRows(`${tag}M`, shipper.code, consignee.code, ['2026-03-10'], 10, 0, contract.code),
      ...deliveryRows(`${tag}D`, shipper.code, consignee.code, ['2025-12-10'], 20, 4, ''),
    ]);
    const ops = await newDepartment(t.db, shipper.id, { name: 'Operations', kind: 'logistics', weight: 0.75 });
    const fin = await newDepartment(t.db, shipper.id, { name: 'Finance', kind: 'finance', weight: 0.25 });
    const answer = (department: number, at: string, v: number, recommend: number) => t.db.insertInto('survey_responses').values({
      company_id: shipper.id, department_id: department, side: 'shipper', submitted_at: new Date(at), timeliness: v, accuracy: v, recommend,
    }).execute();
    await answer(ops.id, '2026-02-01T02:00:00Z', 4, 9);
    await answer(fin.id, '2026-03-01T02:00:00Z', 2, 5);
    await answer(ops.id, '2025-11-01T02:00:00Z', 3, 8);
    await t.db.insertInto('interactions').values({ company_id: shipper.id, kind: 'visit', occurred_at: new Date('2026-02-20T02:00:00Z'), summary: 'secret note' }).execute();
    await t.db.insertInto('tasks').values([
      { title: 'Agree a recovery plan for February', owner_id: manager.id, company_id: shipper.id, for_review: true, status: 'done', due_at: new Date('2026-03-15T00:00:00Z'), completed_at: new Date('2026-03-12T00:00:00Z') },
      { title: 'Internal: check the margin', owner_id: manager.id, company_id: shipper.id, for_review: false, due_at: new Date('2026-03-15T00:00:00Z') },
    ]).execute();
    // claims filed in the quarter: one answered in 30 h against 24 h (late) and paid 150, one answered in 2 h; one filed before it
    const claim = (filedAt: string, hours: number | null, status: 'paid' | 'investigating' | 'acknowledged', settled: number | null) => t.db.insertInto('claims').values({
      shipper_id: shipper.id, filed_company_id: shipper.id, contract_id: contract.id, kind: 'short', status, amount_claimed: 200, amount_settled: settled,
      response_target_hours: 24, filed_at: new Date(filedAt), acknowledged_at: hours === null ? null : new Date(new Date(filedAt).getTime() + hours * 3_600_000),
      paid_at: status === 'paid' ? new Date('2026-03-20T02:00:00Z') : null,
    }).execute();
    await claim('2026-02-03T02:00:00Z', 30, 'paid', 150);
    await claim('2026-03-05T02:00:00Z', 2, 'investigating', null);
    await claim('2025-12-05T02:00:00Z', 1, 'acknowledged', null);
    const client = await newUser(t.db, 'client', { companyId: shipper.id });
    return { manager, shipper, consignee, contract, client };
  }

  it('gives the manager the KPIs by month against targets, breaches and credits, satisfaction, volume, actions and internal figures', async () => {
    const w = await world();
    const res = await t.call('GET', `/api/v1/companies/${w.shipper.id}/review?quarter=2026-Q1`, { as: w.manager.headers });
    expect(res.status).toBe(200);
    const pack = res.body;
    expect(pack).toMatchObject({ quarter: '2026-Q1', from: '2026-01-01', to: '2026-03-31', previousQuarter: '2025-Q4', version: 'manager' });
    const [k] = pack.contracts;
    expect(k).toMatchObject({ code: w.contract.code, monthlyFee: 10000, targets: { onTime: 0.95, inFull: 0.98, otif: 0.93 } });
    // January 20/20, February 18/20 (a breach: on-time 0.90 < 0.95, OTIF 0.90 < 0.93), March 10 deliveries (below the sample: no verdict)
    expect(k.months.map((m: any) => [m.month, m.state, m.due, m.onTimeRate, m.verdict, m.breached, m.creditAmount])).toEqual([
      ['2026-01', 'closed', 20, 1, true, false, 0],
      ['2026-02', 'closed', 20, 0.9, true, true, 500],
      ['2026-03', 'closed', 10, 1, false, false, 0],
    ]);
    expect(k.quarterTotal).toMatchObject({ due: 50, onTimeRate: 0.96 });
    expect(pack.breaches).toEqual([expect.objectContaining({ contractCode: w.contract.code, month: '2026-02', breaches: ['onTime', 'otif'], creditAmount: 500 })]);
    expect(pack.creditTotal).toBe(500);
    // satisfaction: Operations 4.0 (weight 0.75), Finance 2.0 (0.25) → 3.5; before: Operations 3.0
    expect(pack.satisfaction.departments.map((d: any) => [d.name, d.score, d.previousScore])).toEqual([['Finance', 2, null], ['Operations', 4, 3]]);
    expect(pack.satisfaction.weightedScore).toBe(3.5);
    expect(pack.satisfaction.nps).toBe(0);
    expect(pack.volume).toHaveLength(12);
    expect(pack.volume.slice(-4).map((v: any) => [v.month, v.shipments])).toEqual([['2025-12', 20], ['2026-01', 20], ['2026-02', 20], ['2026-03', 10]]);
    expect(pack.actions.map((a: any) => a.title)).toEqual(['Agree a recovery plan for February']);
    expect(pack.claims).toMatchObject({ filed: 2, paid: 1, answeredLate: 1, amountClaimed: 400, amountSettled: 150 });
    expect(pack.claims.items.map((c: any) => c.status)).toEqual(['paid', 'investigating']);
    expect(pack.internal).toMatchObject({ revenue: 5000, cost: 3000, margin: 2000, interactions: { visit: 1 } });
  });

  it('gives the client version without any internal figure, also when the client asks', async () => {
    const w = await world();
    const asManager = await t.call('GET', `/api/v1/companies/${w.shipper.id}/review?quarter=2026-Q1&version=client`, { as: w.manager.headers });
    const asClient = await t.call('GET', `/api/v1/companies/${w.shipper.id}/review?quarter=2026-Q1`, { as: w.client.headers });
    for (const res of [asManager, asClient]) {
      expect(res.status).toBe(200);
      expect(res.body.version).toBe('client');
      expect(res.body.internal).toBeNull();
      expect(res.text.replace('"internal":null', '')).not.toMatch(INTERNAL);
      expect(res.text).not.toContain('secret note');
      expect(res.text).not.toContain('check the margin');
      expect(res.body.volume.every((v: any) => !('revenue' in v))).toBe(true);
      expect(res.body.creditTotal).toBe(500);
    }
    expect({ ...asManager.body, generatedAt: '' }).toEqual({ ...asClient.body, generatedAt: '' });
  });

  it('shows a consignee the targets that cover it, without the fee or credits', async () => {
    const w = await world();
    const client = await newUser(t.db, 'client', { companyId: w.consignee.id });
    const res = await t.call('GET', `/api/v1/companies/${w.consignee.id}/review?quarter=2026-Q1`, { as: client.headers });
    expect(res.status).toBe(200);
    const [k] = res.body.contracts;
    expect(k).toMatchObject({ code: w.contract.code, monthlyFee: null, targets: { otif: 0.93 } });
    expect(k.months[1]).toMatchObject({ month: '2026-02', breached: true, creditAmount: null });
    expect(res.body.creditTotal).toBeNull();
  });

  it('refuses other tenants, roles, the manager version to a client, and a bad quarter', async () => {
    const w = await world();
    const url = `/api/v1/companies/${w.shipper.id}/review`;
    expect((await t.call('GET', `${url}?version=manager`, { as: w.client.headers })).status).toBe(403);
    const other = await newUser(t.db, 'client', { companyId: (await newShipper(t.db)).id });
    expect((await t.call('GET', url, { as: other.headers })).status).toBe(404);
    expect((await t.call('GET', url, { as: (await newUser(t.db, 'manager')).headers })).status).toBe(404);
    expect((await t.call('GET', url, { as: (await newUser(t.db, 'operations')).headers })).status).toBe(403);
    for (const quarter of ['2026-Q5', '2026Q1', 'Q1-2026', '']) {
      const res = await t.call('GET', `${url}?quarter=${quarter}`, { as: w.manager.headers });
      if (quarter === '') continue;
      expect(res.status, quarter).toBe(400);
      expect(errorPaths(res)).toEqual(['quarter']);
    }
  });
});
