import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Insertable } from 'kysely';
import { useTestApp, expectErrorShape, errorPaths } from '../helpers/test-app';
import { newConsignee, newContract, newDelivery, newShipper, newUser, type TestUser } from '../helpers/factories';
import { businessDay } from '../../api/domain/business-day';
import type { DeliveriesTable } from '../../db/tables/deliveries';

const TZ = 'Asia/Shanghai';
const P = new Date('2026-04-15T04:00:00Z');
const late = (minutes: number) => new Date(P.getTime() + minutes * 60_000);

/**
 * Disputes and the monthly statement worked by hand. April 2026 (closed), a contract with an on-time target of
 * 0.90 only, tiers 0 → 2 %, 0.10 → 5 %, 0.20 → 10 % of a 10 000 fee, minimum due count 5:
 * - 10 due deliveries, 7 on time, 3 late without a cause (L1, L2, L3): 7/10 = 0.70, shortfall 0.20 → 10 % = 1000
 *   (exactly on the 0.20 edge);
 * - the shipper disputes L1 (consignee) and L2 (force majeure); the manager accepts L1: 7/9 = 0.7778, shortfall
 *   0.1222 → below the 0.20 edge, 5 % = 500; and rejects L2 with a note: no change.
 */
describe('disputes: a shipper disputes a closed month, the manager decides each line', () => {
  const t = useTestApp();
  const u = {} as Record<string, TestUser>;
  const ids = {} as Record<string, number>;
  const thisMonth = businessDay(new Date(), TZ).slice(0, 7);

  async function deliver(shipperId: number, consigneeId: number, overrides: Partial<Insertable<DeliveriesTable>> = {}) {
    // newDelivery writes as the product does: the rollups of its (shipper, day) are recomputed with it
    return newDelivery(t.db, shipperId, consigneeId, { promised_at: P, picked_up_at: late(-600), delivered_at: P, ...overrides });
  }

  beforeAll(async () => {
    u.manager = await newUser(t.db, 'manager');
    u.consigneeManager = await newUser(t.db, 'manager');
    u.otherManager = await newUser(t.db, 'manager');
    u.admin = await newUser(t.db, 'admin');
    u.operations = await newUser(t.db, 'operations');
    const s = await newShipper(t.db, { account_manager_id: u.manager.id });
    const c = await newConsignee(t.db, { account_manager_id: u.consigneeManager.id });
    const s2 = await newShipper(t.db, { account_manager_id: u.otherManager.id });
    u.client = await newUser(t.db, 'client', { companyId: s.id });
    u.consignee = await newUser(t.db, 'client', { companyId: c.id });
    u.otherClient = await newUser(t.db, 'client', { companyId: s2.id });
    const k = await newContract(t.db, s.id, {
      on_time_target: 0.9, in_full_target: null, otif_target: null, max_damage_rate: null, monthly_fee: 10000, min_due_count: 5,
      credit_tiers: JSON.stringify([{ shortfall: 0, percent: 0.02 }, { shortfall: 0.1, percent: 0.05 }, { shortfall: 0.2, percent: 0.1 }]),
      credit_cap_percent: null, end_date: '2999-12-31',
    });
    Object.assign(ids, { s: s.id, c: c.id, k: k.id });
    const onTime = [];
    for (let i = 0; i < 7; i++) onTime.push(await deliver(s.id, c.id, { contract_id: k.id }));
    ids.onTime = onTime[0].id;
    ids.L1 = (await deliver(s.id, c.id, { contract_id: k.id, delivered_at: late(90) })).id;
    ids.L2 = (await deliver(s.id, c.id, { contract_id: k.id, delivered_at: late(120) })).id;
    ids.L3 = (await deliver(s.id, c.id, { contract_id: k.id, delivered_at: late(150), exception_cause: 'provider' })).id;
  });

  const april = async (as = u.manager) => {
    const res = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?from=2026-04-01&to=2026-04-30`, { as: as.headers });
    expect(res.status).toBe(200);
    return res.body.months[0];
  };
  const file = (as: TestUser, body: unknown, lang = 'en') => t.call('POST', `/api/v1/contracts/${ids.k}/disputes?lang=${lang}`, { as: as.headers, body });

  it('lists the deliveries counted against the month, with the causes the contract excuses', async () => {
    const res = await t.call('GET', `/api/v1/contracts/${ids.k}/disputable?month=2026-04`, { as: u.client.headers });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ month: '2026-04', state: 'closed', excusedCauses: ['shipper', 'consignee', 'force_majeure'], capped: false });
    expect(res.body.items.map((d: { id: number }) => d.id).sort()).toEqual([ids.L1, ids.L2, ids.L3].sort());
  });

  it('refuses a month that is not closed (409, en and zh) and lines that do not qualify (400)', async () => {
    const open = await file(u.client, { month: thisMonth, lines: [{ deliveryId: ids.L3, cause: 'consignee', comment: 'closed gate' }] });
    expect(open.status).toBe(409);
    expect(expectErrorShape(open).message).toMatch(new RegExp(`^${thisMonth} is not closed yet`));
    const zh = await file(u.client, { month: thisMonth, lines: [{ deliveryId: ids.L3, cause: 'consignee', comment: 'closed gate' }] }, 'zh');
    expect(zh.status).toBe(409);
    expect(expectErrorShape(zh).message).toContain('尚未关账');

    const bad = await file(u.client, { month: '2026-04', lines: [
      { deliveryId: ids.onTime, cause: 'consignee', comment: 'on time anyway' },
      { deliveryId: ids.L1, cause: 'provider', comment: 'our fault?' },
    ] });
    expect(bad.status).toBe(400);
    expect(errorPaths(bad).sort()).toEqual(['lines.1.cause']);
    const notCounted = await file(u.client, { month: '2026-04', lines: [{ deliveryId: ids.onTime, cause: 'consignee', comment: 'x' }] });
    expect(notCounted.status).toBe(400);
    expect(errorPaths(notCounted)).toEqual(['lines.0.deliveryId']);
    const twice = await file(u.client, { month: '2026-04', lines: [
      { deliveryId: ids.L1, cause: 'consignee', comment: 'x' }, { deliveryId: ids.L1, cause: 'shipper', comment: 'y' },
    ] });
    expect(twice.status).toBe(400);
    expect(errorPaths(twice)).toEqual(['lines.1.deliveryId']);
    for (const body of [{ month: '2026-4', lines: [{ deliveryId: ids.L1, cause: 'consignee', comment: 'x' }] }, { month: '2026-04', lines: [] },
      { month: '2026-04', lines: [{ deliveryId: ids.L1, cause: 'weather', comment: 'x' }] }, { month: '2026-04', lines: [{ deliveryId: ids.L1, cause: 'consignee', comment: '' }] },
      { month: '2026-04', lines: [{ deliveryId: ids.L1, cause: 'consignee', comment: 'x' }], extra: 1 }]) {
      const res = await file(u.client, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expectErrorShape(res);
    }
    expect(await t.db.selectFrom('disputes').select('id').execute()).toEqual([]);
  });

  it('scope: only the shipper files; a consignee client 403, another shipper 404, staff 403', async () => {
    const body = { month: '2026-04', lines: [{ deliveryId: ids.L1, cause: 'consignee', comment: 'x' }] };
    expect((await file(u.consignee, body)).status).toBe(403);
    expect((await file(u.otherClient, body)).status).toBe(404);
    expect((await file(u.manager, body)).status).toBe(403);
    expect((await file(u.admin, body)).status).toBe(403);
    expect((await t.call('GET', `/api/v1/contracts/${ids.k}/disputable?month=2026-04`, { as: u.consignee.headers })).status).toBe(403);
    expect((await t.call('GET', `/api/v1/contracts/${ids.k}/disputes`, { as: u.consigneeManager.headers })).status).toBe(403);
    expect((await t.call('GET', `/api/v1/contracts/${ids.k}/disputes`, { as: u.otherClient.headers })).status).toBe(404);
  });

  it('files, then accepts a line across the tier edge (1000 → 500) and rejects one; before and after on both sides', async () => {
    expect(await april()).toMatchObject({ kpis: { due: 10, excused: 0, contractual: { due: 10, onTimeRate: 0.7 } }, worstShortfall: 0.2, creditPercent: 0.1, creditAmount: 1000 });
    const filed = await file(u.client, { month: '2026-04', comment: 'Two were not ours', lines: [
      { deliveryId: ids.L1, cause: 'consignee', comment: 'Gate closed at arrival' },
      { deliveryId: ids.L2, cause: 'force_majeure', comment: 'Typhoon warning' },
    ] });
    expect(filed.status).toBe(201);
    const before = { due: 10, excused: 0, onTimeRate: 0.7, verdict: 'breached', breaches: ['onTime'], worstKpi: 'onTime', worstShortfall: 0.2, creditPercent: 0.1, creditAmount: 1000 };
    expect(filed.body).toMatchObject({ contractId: ids.k, month: '2026-04', status: 'open', comment: 'Two were not ours', before, now: before, canDecide: false });
    expect(filed.body.lines.map((l: { deliveryId: number; status: string; cause: string }) => [l.deliveryId, l.status, l.cause]))
      .toEqual([[ids.L1, 'open', 'consignee'], [ids.L2, 'open', 'force_majeure']]);
    ids.d = filed.body.id;
    ids.line1 = filed.body.lines[0].id;
    ids.line2 = filed.body.lines[1].id;

    // a second open line on the same delivery: 409; the disputed ones leave the pick list
    const again = await file(u.client, { month: '2026-04', lines: [{ deliveryId: ids.L2, cause: 'shipper', comment: 'again' }] });
    expect(again.status).toBe(409);
    expect(errorPaths(again)).toEqual(['lines.0.deliveryId']);
    const pick = await t.call('GET', `/api/v1/contracts/${ids.k}/disputable?month=2026-04`, { as: u.client.headers });
    expect(pick.body.items.map((d: { id: number }) => d.id)).toEqual([ids.L3]);

    // manager reach: another manager or the consignee's manager do not see it; a client may not decide
    const decide = (as: TestUser, lineId: number, body: unknown) => t.call('POST', `/api/v1/disputes/${ids.d}/lines/${lineId}/decision`, { as: as.headers, body });
    expect((await decide(u.otherManager, ids.line1, { decision: 'accepted' })).status).toBe(404);
    expect((await decide(u.consigneeManager, ids.line1, { decision: 'accepted' })).status).toBe(404);
    expect((await decide(u.client, ids.line1, { decision: 'accepted' })).status).toBe(403);
    expect((await decide(u.operations, ids.line1, { decision: 'accepted' })).status).toBe(403);
    const noNote = await decide(u.manager, ids.line2, { decision: 'rejected' });
    expect(noNote.status).toBe(400);
    expect(errorPaths(noNote)).toEqual(['note']);

    const accepted = await decide(u.manager, ids.line1, { decision: 'accepted', note: 'Gate log confirms' });
    expect(accepted.status).toBe(200);
    const after = { due: 9, excused: 1, onTimeRate: 7 / 9, worstShortfall: 0.1222222222, creditPercent: 0.05, creditAmount: 500 };
    expect(accepted.body).toMatchObject({ status: 'open', before, now: after, canDecide: true });
    expect(accepted.body.lines[0]).toMatchObject({ status: 'accepted', decisionNote: 'Gate log confirms', previousCause: null, currentCause: 'consignee' });
    expect(await april()).toMatchObject({ kpis: { excused: 1, contractual: { due: 9 } }, creditPercent: 0.05, creditAmount: 500 });
    expect((await decide(u.manager, ids.line1, { decision: 'rejected', note: 'changed my mind' })).status).toBe(409);

    const rejected = await decide(u.admin, ids.line2, { decision: 'rejected', note: 'No warning that day' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'decided', now: after, canDecide: false });
    expect(rejected.body.decidedAt).not.toBeNull();
    expect(rejected.body.lines[1]).toMatchObject({ status: 'rejected', currentCause: null, decidedBy: expect.any(String) });
    expect(await april()).toMatchObject({ creditAmount: 500 });

    // the client sees the same before and after
    const seen = await t.call('GET', `/api/v1/disputes/${ids.d}`, { as: u.client.headers });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'decided', before, now: after });
    expect((await t.call('GET', `/api/v1/disputes/${ids.d}`, { as: u.consignee.headers })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/disputes/${ids.d}`, { as: u.otherClient.headers })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/disputes/${ids.d}`, { as: u.consigneeManager.headers })).status).toBe(404);
    const list = await t.call('GET', `/api/v1/contracts/${ids.k}/disputes`, { as: u.client.headers });
    expect(list.body).toMatchObject({ items: [{ id: ids.d, status: 'decided', lines: 2, open: 0, accepted: 1, rejected: 1 }], meta: { total: 1 } });

    // a rejected line no longer blocks the delivery; an accepted one does
    const anew = await file(u.client, { month: '2026-04', lines: [{ deliveryId: ids.L1, cause: 'shipper', comment: 'x' }] });
    expect(anew.status).toBe(409);
    const retry = await file(u.client, { month: '2026-04', lines: [{ deliveryId: ids.L2, cause: 'shipper', comment: 'Late hand-over on our side' }] });
    expect(retry.status).toBe(201);
    expect(retry.body.before).toMatchObject(after);

    // the shipper's timeline: filed, and decided with one of two accepted
    const feed = await t.call('GET', `/api/v1/companies/${ids.s}/timeline?kinds=dispute`, { as: u.manager.headers });
    expect(feed.status).toBe(200);
    expect(feed.body.items.map((e: { data: Record<string, unknown> }) => [e.data.event, e.data.disputeId, e.data.month, e.data.lines, e.data.accepted ?? null])).toEqual([
      ['filed', retry.body.id, '2026-04', 1, null],
      ['decided', ids.d, '2026-04', 2, 1],
      ['filed', ids.d, '2026-04', 2, null],
    ]);

    // every step audited
    const audit = await t.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'user_id'])
      .where('entity', 'in', ['dispute', 'dispute_line', 'delivery']).orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.entity, Number(a.entity_id), a.user_id])).toEqual([
      ['create', 'dispute', ids.d, u.client.id],
      ['update', 'delivery', ids.L1, u.manager.id],
      ['update', 'dispute_line', ids.line1, u.manager.id],
      ['update', 'dispute_line', ids.line2, u.admin.id],
      ['update', 'dispute', ids.d, u.admin.id],
      ['create', 'dispute', retry.body.id, u.client.id],
    ]);
  });

  it('the statement equals the compliance answer; excused deliveries listed; a consignee sees no fee or credit', async () => {
    // a claim paid on 20 April (counted) and one paid on 2 May (the next month's statement)
    for (const [amount, paidAt] of [[300, '2026-04-20T04:00:00Z'], [80, '2026-05-02T04:00:00Z']] as const) {
      const claim = await t.db.insertInto('claims').values({
        shipper_id: ids.s, filed_company_id: ids.s, contract_id: ids.k, kind: 'damaged', status: 'paid', amount_claimed: 400,
        amount_settled: amount, response_target_hours: 24, filed_at: new Date('2026-04-10T02:00:00Z'), paid_at: new Date(paidAt),
      }).returning('id').executeTakeFirstOrThrow();
      ids[`claim${amount}`] = Number(claim.id);
    }
    const compliance = await april(u.client);
    const res = await t.call('GET', `/api/v1/contracts/${ids.k}/statement?month=2026-04`, { as: u.client.headers });
    expect(res.status).toBe(200);
    expect(res.body.month).toEqual(compliance);
    expect(res.body.excused).toEqual({ count: 1, capped: false, items: [expect.objectContaining({ id: ids.L1, cause: 'consignee' })] });
    expect(res.body.breaches).toEqual([{ kpi: 'onTime', actual: 7 / 9, target: 0.9, shortfall: 0.1222222222 }]);
    expect(res.body.contract).toMatchObject({ monthlyFee: 10000 });
    expect(res.body.claimsSettled).toEqual({ count: 1, amount: 300, items: [{ id: ids.claim300, kind: 'damaged', amountSettled: 300, paidAt: '2026-04-20T04:00:00.000Z' }] });
    expect(res.body.disputes).toEqual([
      expect.objectContaining({ id: ids.d, status: 'decided', accepted: 1, rejected: 1, open: 0 }),
      expect.objectContaining({ status: 'open', open: 1 }),
    ]);

    const csv = await t.call('GET', `/api/v1/contracts/${ids.k}/statement?month=2026-04&format=csv`, { as: u.manager.headers });
    expect(csv.status).toBe(200);
    const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ section: 'summary', contractual_due: '9', excused: '1', verdict: 'breached', credit_percent: '0.05', credit_amount: '500' });
    expect(rows.filter((r) => r.section === 'kpi' && r.kpi === 'onTime').map((r) => [r.basis, r.actual, r.target]))
      .toEqual([['operational', '0.7', '0.9'], ['contractual', String(7 / 9), '0.9']]);
    expect(rows.filter((r) => r.section === 'excused').map((r) => r.cause)).toEqual(['consignee']);
    expect(rows.filter((r) => r.section === 'claim').map((r) => [r.claim_id, r.claim_kind, r.amount_settled])).toEqual([[String(ids.claim300), 'damaged', '300']]);

    const party = await t.call('GET', `/api/v1/contracts/${ids.k}/statement?month=2026-04`, { as: u.consignee.headers });
    expect(party.status).toBe(200);
    expect(party.body.scope).toMatchObject({ consigneeId: ids.c });
    expect(party.body.month).not.toHaveProperty('creditAmount');
    expect(party.body.contract).not.toHaveProperty('monthlyFee');
    expect(party.body).not.toHaveProperty('disputes');
    expect(party.body.claimsSettled).toEqual({ count: 0, amount: 0, items: [] }); // the claims are not on its deliveries
    expect(party.body.month.kpis.contractual).toMatchObject({ due: 9, onTimeRate: 7 / 9 });
    const partyCsv = await t.call('GET', `/api/v1/contracts/${ids.k}/statement?month=2026-04&format=csv`, { as: u.consignee.headers });
    const header = partyCsv.text.replace('\uFEFF', '').split('\n')[0];
    expect(header).not.toMatch(/credit/);
    expect(header).toContain('contractual_due');

    const open = await t.call('GET', `/api/v1/contracts/${ids.k}/statement?month=${thisMonth}`, { as: { ...u.client.headers, 'accept-language': 'zh' } });
    expect(open.status, JSON.stringify(open.body)).toBe(409);
    expect(expectErrorShape(open).message).toContain('对账单尚未生成');
    expect((await t.call('GET', `/api/v1/contracts/${ids.k}/statement?month=2026-04`, { as: u.otherClient.headers })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/contracts/${ids.k}/statement?month=2025-04`, { as: u.client.headers })).status).toBe(400);
    expect((await t.call('GET', `/api/v1/contracts/${ids.k}/statement?month=April`, { as: u.client.headers })).status).toBe(400);
  });
});
