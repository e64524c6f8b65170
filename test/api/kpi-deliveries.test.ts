import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Insertable } from 'kysely';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newContract, newDelivery, newShipper, newUser, type TestUser } from '../helpers/factories';
import type { DeliveriesTable } from '../../db/tables/deliveries';

const TZ = 'Asia/Shanghai';
const P = new Date('2026-04-15T04:00:00Z');
const at = (minutes: number, base = P) => new Date(base.getTime() + minutes * 60_000);
const MEASURES = ['due', 'delivered', 'onTime', 'inFull', 'otif', 'perfect'] as const;
const OUTCOMES = ['all', 'met', 'failed', 'excused'] as const;

/** The count a KPI figure of GET /analytics/service shows for a measure, outcome and basis. */
function figure(total: any, measure: (typeof MEASURES)[number], outcome: (typeof OUTCOMES)[number], basis: 'operational' | 'contractual') {
  if (outcome === 'excused') return total.excused;
  const k = basis === 'contractual' ? total.contractual : total;
  const met = measure === 'due' ? k.due : k[measure];
  return outcome === 'all' ? k.due : outcome === 'met' ? met : k.due - met;
}

/**
 * GET /analytics/service/deliveries: the deliveries behind a KPI figure. April under a contract with 30 minutes'
 * grace: on time, late within grace, late (provider), late (consignee: excused), short, damaged, not delivered
 * past due, cancelled, and one to a second consignee; a second April contract of another manager's shipper.
 */
describe('GET /api/v1/analytics/service/deliveries', () => {
  const t = useTestApp();
  const users = {} as Record<string, TestUser>;
  const ids = {} as Record<string, number>;

  async function deliver(shipperId: number, consigneeId: number, overrides: Partial<Insertable<DeliveriesTable>> = {}) {
    const row = await newDelivery(t.db, shipperId, consigneeId, { promised_at: P, picked_up_at: at(-600), delivered_at: P, ...overrides });
    return row;
  }

  beforeAll(async () => {
    users.manager = await newUser(t.db, 'manager');
    users.otherManager = await newUser(t.db, 'manager');
    const s = await newShipper(t.db, { account_manager_id: users.manager.id });
    const c1 = await newConsignee(t.db);
    const c2 = await newConsignee(t.db);
    const k = await newContract(t.db, s.id, { grace_minutes: 30 });
    const s2 = await newShipper(t.db, { account_manager_id: users.otherManager.id });
    const k2 = await newContract(t.db, s2.id);
    users.client = await newUser(t.db, 'client', { companyId: s.id });
    users.consigneeClient = await newUser(t.db, 'client', { companyId: c1.id });
    users.otherClient = await newUser(t.db, 'client', { companyId: s2.id });
    Object.assign(ids, { s: s.id, c1: c1.id, c2: c2.id, k: k.id, s2: s2.id, k2: k2.id });
    const under = { contract_id: k.id };
    for (let i = 0; i < 3; i++) await deliver(s.id, c1.id, under);
    await deliver(s.id, c1.id, { ...under, delivered_at: at(20) });
    await deliver(s.id, c1.id, { ...under, delivered_at: at(90), exception_cause: 'provider' });
    await deliver(s.id, c1.id, { ...under, delivered_at: at(90), exception_cause: 'consignee' });
    await deliver(s.id, c1.id, { ...under, pieces_expected: 3, pieces_delivered: 2 });
    await deliver(s.id, c1.id, { ...under, pieces_expected: 2, pieces_delivered: 2, damaged_pieces: 1 });
    await deliver(s.id, c1.id, { ...under, status: 'in_transit', delivered_at: null });
    await deliver(s.id, c1.id, { ...under, status: 'cancelled' });
    await deliver(s.id, c2.id, { ...under, delivered_at: at(60) });
    await deliver(s.id, c1.id, { ...under, promised_at: at(0, new Date('2026-05-03T04:00:00Z')), delivered_at: null, status: 'in_transit' });
    await deliver(s2.id, c1.id, { contract_id: k2.id, delivered_at: at(90) });
  });

  const list = (query: string, as: TestUser) => t.call('GET', `/api/v1/analytics/service/deliveries?${query}`, { as: as.headers });
  const kpis = async (query: string, as: TestUser) => {
    const res = await t.call('GET', `/api/v1/analytics/service?${query}`, { as: as.headers });
    expect(res.status).toBe(200);
    return res.body.total;
  };

  it('lists as many deliveries as every KPI figure counts, for each question (contract, shipper, consignee, month, window)', async () => {
    const questions = [
      `contractId=${ids.k}&from=2026-04-01&to=2026-04-30`,
      `shipperId=${ids.s}&from=2026-04-01&to=2026-05-31`,
      `consigneeId=${ids.c1}&from=2026-04-10&to=2026-04-20`,
      `contractId=${ids.k}&consigneeId=${ids.c2}&from=2026-04-01&to=2026-04-30`,
    ];
    for (const q of questions) {
      const total = await kpis(q, users.manager);
      for (const measure of MEASURES) for (const outcome of OUTCOMES) for (const basis of ['operational', 'contractual'] as const) {
        const res = await list(`${q}&kpi=${measure}&outcome=${outcome}&basis=${basis}&pageSize=500`, users.manager);
        expect(res.status).toBe(200);
        const want = figure(total, measure, outcome, basis);
        expect({ q, measure, outcome, basis, n: res.body.meta.total }).toEqual({ q, measure, outcome, basis, n: want });
        expect(res.body.items).toHaveLength(want);
      }
    }
    const total = await kpis(questions[0], users.manager);
    expect(total).toMatchObject({ due: 10, onTime: 6, excused: 1, contractual: { due: 9, onTime: 6 } });
  });

  it('names the failures and the excused: late ones with their cause, the undelivered among the late', async () => {
    const q = `contractId=${ids.k}&from=2026-04-01&to=2026-04-30`;
    const late = await list(`${q}&kpi=onTime&outcome=failed&basis=contractual`, users.manager);
    expect(late.body.items.map((d: any) => d.exceptionCause).sort()).toEqual(['provider', null, null].sort());
    expect(late.body.items.map((d: any) => d.status).sort()).toEqual(['delivered', 'delivered', 'in_transit']);
    const excused = await list(`${q}&kpi=onTime&outcome=excused`, users.manager);
    expect(excused.body.items.map((d: any) => d.exceptionCause)).toEqual(['consignee']);
    expect(excused.body).toMatchObject({ measure: 'onTime', outcome: 'excused', basis: 'contractual', from: '2026-04-01', to: '2026-04-30' });
  });

  it('pages with the deliveries list cursor: forward by nextCursor, back by prevCursor, no row twice', async () => {
    const q = `contractId=${ids.k}&from=2026-04-01&to=2026-04-30&kpi=due&outcome=all&basis=operational&pageSize=3`;
    const seen: number[] = [];
    let res = await list(q, users.manager);
    expect(res.body.meta.prevCursor).toBeNull();
    const first = res.body.items.map((d: any) => d.id);
    for (;;) {
      seen.push(...res.body.items.map((d: any) => d.id));
      if (!res.body.meta.nextCursor) break;
      res = await list(`${q}&cursor=${res.body.meta.nextCursor}`, users.manager);
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    while (res.body.meta.prevCursor) res = await list(`${q}&cursor=${res.body.meta.prevCursor}`, users.manager);
    expect(res.body.items.map((d: any) => d.id)).toEqual(first);
  });

  it('downloads the same list as CSV, with the cost left out for a client', async () => {
    const q = `contractId=${ids.k}&from=2026-04-01&to=2026-04-30&kpi=otif&outcome=failed&format=csv`;
    const manager = await list(q, users.manager);
    expect(manager.status).toBe(200);
    const rows = parse(manager.text, { bom: true, columns: true }) as Record<string, string>[];
    const total = await kpis(`contractId=${ids.k}&from=2026-04-01&to=2026-04-30`, users.manager);
    expect(rows).toHaveLength(total.contractual.due - total.contractual.otif);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['tracking_no', 'cost', 'exception_cause']));
    const client = await list(q, users.client);
    const clientRows = parse(client.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(clientRows).toHaveLength(rows.length);
    expect(Object.keys(clientRows[0])).not.toContain('cost');
    expect(Object.keys(clientRows[0])).toContain('revenue');
  });

  it('a client sees its own deliveries; a consignee client the ones delivered to it, matching its own KPI figure', async () => {
    const q = `contractId=${ids.k}&from=2026-04-01&to=2026-04-30`;
    const mine = await list(`${q}&kpi=due&outcome=all&basis=operational&pageSize=500`, users.client);
    expect(mine.body.meta.total).toBe(10);
    const received = await list(`${q}&kpi=due&outcome=all&basis=operational&pageSize=500`, users.consigneeClient);
    const total = await kpis(q, users.consigneeClient);
    expect(received.body.meta.total).toBe(total.due);
    expect(received.body.items.every((d: any) => d.consignee.id === ids.c1)).toBe(true);
    expect(received.body.items[0]).not.toHaveProperty('revenue');
    expect(received.body.items[0]).not.toHaveProperty('cost');
  });

  it("another tenant's contract or company answers 404, for a client and for another manager", async () => {
    const q = `from=2026-04-01&to=2026-04-30&kpi=onTime&outcome=failed`;
    expect((await list(`contractId=${ids.k}&${q}`, users.otherClient)).status).toBe(404);
    expect((await list(`contractId=${ids.k2}&${q}`, users.manager)).status).toBe(404);
    expect((await list(`shipperId=${ids.s2}&${q}`, users.client)).status).toBe(404);
    const reach = await list(`consigneeId=${ids.c1}&from=2026-04-01&to=2026-04-30&kpi=due&outcome=all&pageSize=500`, users.manager);
    expect(reach.status).toBe(200);
    expect(reach.body.items.length).toBeGreaterThan(0);
    expect(reach.body.items.every((d: any) => d.shipper.id === ids.s)).toBe(true);
  });

  it('bad input is a 400 with the message in the caller’s language', async () => {
    for (const q of ['kpi=speed', 'outcome=late', 'basis=both', 'from=2026-05-01&to=2026-04-01', 'cursor=nope', 'pageSize=0', 'colour=red']) {
      const res = await list(q, users.manager);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expectErrorShape(res);
      const zh = await t.call('GET', `/api/v1/analytics/service/deliveries?${q}`, { as: { ...users.manager.headers, 'accept-language': 'zh-CN' } });
      expect(zh.status).toBe(400);
      expect(expectErrorShape(zh).message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
