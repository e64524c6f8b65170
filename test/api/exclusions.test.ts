import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Insertable } from 'kysely';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newContract, newDelivery, newShipper, newUser, type TestUser } from '../helpers/factories';
import { rebuildAllRollups } from '../../api/queries/rollups';
import type { DeliveriesTable } from '../../db/tables/deliveries';

const TZ = 'Asia/Shanghai';
const P = new Date('2026-04-15T04:00:00Z');
const late = (minutes: number) => new Date(P.getTime() + minutes * 60_000);

/**
 * Causes and exclusions (DESIGN.md §5) worked by hand. April, 10 due deliveries under a contract with an on-time
 * target of 0.90, tiers 0 → 2 %, 0.10 → 5 %, 0.20 → 10 % of a 10 000 fee:
 * - 3 late: two caused by the consignee (excused by default), one by the provider (not excused);
 * - operational: 7/10 = 0.70, shortfall 0.20 → 10 % = 1000;
 * - contractual: the 2 excused leave the due count: 7/8 = 0.875, shortfall 0.025 → 2 % = 200.
 * The provider's delay then corrected to force majeure: 7/7 on time, no breach, no credit.
 */
describe('causes and exclusions: contractual KPIs and credits', () => {
  const t = useTestApp();
  const users = {} as Record<string, TestUser>;
  const ids = {} as Record<string, number>;

  async function deliver(shipperId: number, consigneeId: number, overrides: Partial<Insertable<DeliveriesTable>> = {}) {
    const row = await newDelivery(t.db, shipperId, consigneeId, { promised_at: P, picked_up_at: late(-600), delivered_at: P, ...overrides });
    return row;
  }

  beforeAll(async () => {
    users.manager = await newUser(t.db, 'manager');
    users.otherManager = await newUser(t.db, 'manager');
    users.operations = await newUser(t.db, 'operations');
    const s = await newShipper(t.db, { account_manager_id: users.manager.id });
    const c = await newConsignee(t.db);
    users.client = await newUser(t.db, 'client', { companyId: s.id });
    const k = await newContract(t.db, s.id, {
      on_time_target: 0.9, in_full_target: null, otif_target: null, max_damage_rate: null, monthly_fee: 10000, min_due_count: 5,
      credit_tiers: JSON.stringify([{ shortfall: 0, percent: 0.02 }, { shortfall: 0.1, percent: 0.05 }, { shortfall: 0.2, percent: 0.1 }]),
      credit_cap_percent: null,
    });
    Object.assign(ids, { s: s.id, c: c.id, k: k.id });
    for (let i = 0; i < 7; i++) await deliver(s.id, c.id, { contract_id: k.id });
    await deliver(s.id, c.id, { contract_id: k.id, delivered_at: late(90), exception_cause: 'consignee' });
    await deliver(s.id, c.id, { contract_id: k.id, delivered_at: late(90), exception_cause: 'consignee' });
    const provider = await deliver(s.id, c.id, { contract_id: k.id, delivered_at: late(90), exception_cause: 'provider' });
    ids.provider = provider.id;
  });

  const april = async () => {
    const res = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?from=2026-04-01&to=2026-04-30`, { as: users.manager.headers });
    expect(res.status).toBe(200);
    return res.body.months[0];
  };

  it('judges the contractual KPIs: a tier edge crossed only because of the exclusions', async () => {
    const m = await april();
    expect(m.kpis).toMatchObject({ due: 10, onTime: 7, onTimeRate: 0.7, excused: 2 });
    expect(m.kpis.contractual).toMatchObject({ due: 8, onTime: 7, onTimeRate: 0.875 });
    expect(m).toMatchObject({ state: 'closed', verdict: 'breached', worstShortfall: 0.025, creditPercent: 0.02, creditAmount: 200 });
    const csv = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?from=2026-04-01&to=2026-04-30&format=csv`, { as: users.manager.headers });
    const [row] = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({ due: '10', on_time_rate: '0.7', excused: '2', contractual_due: '8', contractual_on_time_rate: '0.875', credit_amount: '200' });
    const kpis = await t.call('GET', `/api/v1/analytics/service?contractId=${ids.k}&from=2026-04-01&to=2026-04-30`, { as: users.client.headers });
    expect(kpis.body.total).toMatchObject({ due: 10, excused: 2, contractual: { due: 8, onTimeRate: 0.875 } });
  });

  it('a contract that excuses nothing judges the operational figures', async () => {
    await t.call('PATCH', `/api/v1/contracts/${ids.k}`, { as: users.manager.headers, body: { excusedCauses: [] } });
    let m = await april();
    expect(m.kpis).toMatchObject({ excused: 0, contractual: { due: 10, onTimeRate: 0.7 } });
    expect(m).toMatchObject({ worstShortfall: 0.2, creditPercent: 0.1, creditAmount: 1000 });
    const res = await t.call('PATCH', `/api/v1/contracts/${ids.k}`, { as: users.manager.headers, body: { excusedCauses: ['shipper', 'consignee', 'force_majeure'] } });
    expect(res.body.excusedCauses).toEqual(['shipper', 'consignee', 'force_majeure']);
    m = await april();
    expect(m).toMatchObject({ creditAmount: 200 });
    const bad = await t.call('PATCH', `/api/v1/contracts/${ids.k}`, { as: users.manager.headers, body: { excusedCauses: ['weather'] } });
    expect(bad.status).toBe(400);
    expectErrorShape(bad);
  });

  it('a manager or operations corrects a cause (audited); the KPIs follow; rollups equal a rebuild', async () => {
    const set = await t.call('PUT', `/api/v1/deliveries/${ids.provider}/cause`, { as: users.manager.headers, body: { cause: 'force_majeure' } });
    expect(set.status).toBe(200);
    expect(set.body.exceptionCause).toBe('force_majeure');
    let m = await april();
    expect(m.kpis).toMatchObject({ excused: 3, contractual: { due: 7, onTimeRate: 1 } });
    expect(m).toMatchObject({ verdict: 'met', creditAmount: 0 });
    const audit = await t.db.selectFrom('audit_log').select(['user_id', 'before', 'after'])
      .where('entity', '=', 'delivery').where('entity_id', '=', String(ids.provider)).execute();
    expect(audit).toEqual([expect.objectContaining({ user_id: users.manager.id, before: { exceptionCause: 'provider' }, after: { exceptionCause: 'force_majeure' } })]);

    const back = await t.call('PUT', `/api/v1/deliveries/${ids.provider}/cause`, { as: users.operations.headers, body: { cause: 'provider' } });
    expect(back.status).toBe(200);
    m = await april();
    expect(m).toMatchObject({ creditAmount: 200 });
    const before = await t.db.selectFrom('monthly_service_rollups').selectAll().where('shipper_id', '=', ids.s).execute();
    await t.db.transaction().execute((trx) => rebuildAllRollups(trx, TZ));
    const after = await t.db.selectFrom('monthly_service_rollups').selectAll().where('shipper_id', '=', ids.s).execute();
    const strip = (rows: typeof before) => rows.map(({ refreshed_at: _, ...r }) => r);
    expect(strip(after)).toEqual(strip(before));

    const filtered = await t.call('GET', `/api/v1/deliveries?exceptionCause=consignee`, { as: users.client.headers });
    expect(filtered.body.items).toHaveLength(2);
  });

  it('refuses clients (403), hides others’ deliveries (404) and rejects unknown causes (400)', async () => {
    const client = await t.call('PUT', `/api/v1/deliveries/${ids.provider}/cause`, { as: users.client.headers, body: { cause: 'shipper' } });
    expect(client.status).toBe(403);
    expectErrorShape(client);
    const other = await t.call('PUT', `/api/v1/deliveries/${ids.provider}/cause`, { as: users.otherManager.headers, body: { cause: 'shipper' } });
    expect(other.status).toBe(404);
    expectErrorShape(other);
    for (const body of [{ cause: 'weather' }, {}, { cause: 'shipper', extra: 1 }]) {
      const res = await t.call('PUT', `/api/v1/deliveries/${ids.provider}/cause`, { as: users.manager.headers, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expectErrorShape(res);
    }
  });
});
