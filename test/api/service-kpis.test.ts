import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { sql, type Insertable, type Selectable } from 'kysely';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newContract, newDelivery, newShipper, newUser, type TestUser } from '../helpers/factories';
import { rebuildAllRollups, refreshContractRollups } from '../../api/queries/rollups';
import { businessDay, addDays } from '../../api/domain/business-day';
import { monthStart } from '../../api/domain/periods';
import type { DeliveriesTable } from '../../db/tables/deliveries';
import type { DailyServiceRollupsTable, MonthlyServiceRollupsTable } from '../../db/tables/analytics';

type RollupRow = Selectable<DailyServiceRollupsTable>;
type MonthlyRow = Selectable<MonthlyServiceRollupsTable>;

const TZ = 'Asia/Shanghai';
const P = new Date('2026-03-10T10:00:00Z'); // 18:00 in Shanghai: business day 2026-03-10
const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);

describe('service KPIs, compliance and breaches', () => {
  const t = useTestApp();
  const ids = {} as Record<string, number>;
  const users = {} as Record<string, TestUser>;

  async function deliver(shipperId: number, consigneeId: number, overrides: Partial<Insertable<DeliveriesTable>> = {}) {
    const row = await newDelivery(t.db, shipperId, consigneeId, overrides);
    return row;
  }

  beforeAll(async () => {
    users.manager = await newUser(t.db, 'manager');
    users.otherManager = await newUser(t.db, 'manager');
    users.admin = await newUser(t.db, 'admin');
    users.operations = await newUser(t.db, 'operations');
    const s = await newShipper(t.db, { account_manager_id: users.manager.id, name: 'Alpha Shipper' });
    const c1 = await newConsignee(t.db, { name: 'Consignee One' });
    const c2 = await newConsignee(t.db, { name: 'Consignee Two' });
    const s3 = await newShipper(t.db, { name: 'Third Shipper' });
    const s2 = await newShipper(t.db, { account_manager_id: users.otherManager.id, name: 'Other Tenant' });
    const c3 = await newConsignee(t.db, { name: 'Other Consignee' });
    Object.assign(ids, { s: s.id, c1: c1.id, c2: c2.id, s3: s3.id, s2: s2.id, c3: c3.id });
    users.clientS = await newUser(t.db, 'client', { companyId: s.id });
    users.clientC2 = await newUser(t.db, 'client', { companyId: c2.id });

    const k = await newContract(t.db, s.id, {
      grace_minutes: 5, on_time_target: 0.95, in_full_target: 0.98, otif_target: 0.93, max_damage_rate: 0.01,
      credit_tiers: JSON.stringify([{ shortfall: 0, percent: 0.02 }, { shortfall: 0.1, percent: 0.05 }, { shortfall: 0.3, percent: 0.08 }]),
      credit_cap_percent: 0.06, monthly_fee: 10000, min_due_count: 1, // the hand-built months are small
    });
    const w = await newContract(t.db, s.id, { grace_minutes: 0, early_tolerance_minutes: 60 });
    Object.assign(ids, { k: k.id, w: w.id });

    // The hand-built set, all promised 2026-03-10 18:00 (Shanghai) unless said; pickup 24 h before the promise.
    await deliver(s.id, c1.id, { delivered_at: at(P, 1) }); //                          d1: no contract, 1 min late, grace 0 → late
    await deliver(s.id, c1.id, { contract_id: k.id, delivered_at: at(P, 1) }); //       d2: 1 min late within 5 min grace → perfect
    await deliver(s.id, c2.id, { contract_id: w.id, delivered_at: at(P, -120) }); //    d3: window, 2 h early (tolerance 1 h) → not on time
    await deliver(s.id, c2.id, { contract_id: w.id, delivered_at: at(P, -30) }); //     d3b: window, 30 min early → perfect
    await deliver(s.id, c1.id, { contract_id: k.id, status: 'in_transit', delivered_at: null, pieces_expected: 2, pieces_delivered: 0 }); // d4: in transit past due
    await deliver(s.id, c1.id, { contract_id: k.id, pieces_expected: 4, pieces_delivered: 4, damaged_pieces: 1 }); // d5: damaged → OTIF, not perfect
    await deliver(s.id, c2.id, { contract_id: k.id, pieces_expected: 5, pieces_delivered: 3 }); // d6: short-shipped → on time, not in full
    await deliver(s.id, c1.id, { contract_id: k.id, status: 'cancelled', delivered_at: null }); // d7: cancelled → ignored
    await deliver(s.id, c1.id, { //                                                     d8: promised in the future → not due
      contract_id: k.id, status: 'in_transit', promised_at: new Date('2027-01-15T10:00:00Z'), picked_up_at: null, delivered_at: null, pieces_delivered: 0,
    });
    await deliver(s.id, c1.id, { contract_id: k.id, picked_up_at: null }); //           d9: no pickup time → no transit time
    await deliver(s3.id, c2.id, {}); //                                                 d10: another shipper to consignee two
    await deliver(s2.id, c3.id, {}); //                                                 other tenant
  });

  const q = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  const service = (as: TestUser, params: Record<string, string | number>) => t.call('GET', `/api/v1/analytics/service?${q(params)}`, { as: as.headers });

  describe('GET /api/v1/analytics/service', () => {
    it('computes the KPIs of the hand-built set exactly', async () => {
      const res = await service(users.manager, { shipperId: ids.s, from: '2026-03-01', to: '2027-01-31' });
      expect(res.status).toBe(200);
      // shipments 9 (not d7); due 8 (not d8); delivered d1 d2 d3 d3b d5 d6 d9; on time d2 d3b d5 d6 d9;
      // in full d1 d2 d3 d3b d5 d9; OTIF d2 d3b d5 d9; perfect d2 d3b d9; pieces delivered 1+1+1+1+4+3+1 = 12, 1 damaged;
      // transit d1 d2 24h01, d3 22h, d3b 23h30, d5 d6 24h: 6 values, sum 141.5 + 2/60, p95 = 6th value → bucket 24.
      expect(res.body.total).toEqual({
        shipments: 9, due: 8, delivered: 7, onTime: 5, inFull: 6, otif: 4, perfect: 3,
        onTimeRate: 0.625, inFullRate: 0.75, otifRate: 0.5, perfectRate: 0.375, damageRate: 1 / 12,
        avgTransitHours: expect.closeTo((141.5 + 2 / 60) / 6, 9), p95TransitHours: 24,
        revenue: 900, cost: 540, margin: 360, marginRate: 0.4,
        // no delivery carries a cause: the contractual side equals the operational one
        excused: 0,
        contractual: {
          due: 8, delivered: 7, onTime: 5, inFull: 6, otif: 4, perfect: 3,
          onTimeRate: 0.625, inFullRate: 0.75, otifRate: 0.5, perfectRate: 0.375, damageRate: 1 / 12,
          avgTransitHours: expect.closeTo((141.5 + 2 / 60) / 6, 9),
        },
      });
    });

    it('groups by consignee and by contract', async () => {
      const byConsignee = await service(users.manager, { shipperId: ids.s, from: '2026-03-01', to: '2026-03-31', groupBy: 'consignee' });
      expect(byConsignee.body.rows.map((r: any) => [r.label, r.due, r.onTime, r.inFull, r.otif, r.perfect])).toEqual([
        ['Consignee One', 5, 3, 4, 3, 2],
        ['Consignee Two', 3, 2, 2, 1, 1],
      ]);
      const byContract = await service(users.manager, { shipperId: ids.s, from: '2026-03-01', to: '2026-03-31', groupBy: 'contract' });
      const rows = Object.fromEntries(byContract.body.rows.map((r: any) => [r.key, [r.due, r.onTime, r.inFull, r.otifRate]]));
      expect(rows).toEqual({ '0': [1, 0, 1, 0], [ids.k]: [5, 4, 3, 0.6], [ids.w]: [2, 1, 2, 0.5] });
      expect(byContract.body.rows.find((r: any) => r.key === '0').label).toBe('(no contract)');
    });

    it('lists every month of the range, empty months with null rates', async () => {
      const res = await service(users.manager, { shipperId: ids.s, from: '2026-03-01', to: '2026-04-30', groupBy: 'month' });
      expect(res.body.rows.map((r: any) => [r.key, r.due, r.otifRate])).toEqual([['2026-03', 8, 0.5], ['2026-04', 0, null]]);
    });

    it('filters by pair and by lane', async () => {
      const pair = await t.db.selectFrom('customer_pairs').select('id').where('shipper_id', '=', ids.s).where('consignee_id', '=', ids.c2).executeTakeFirstOrThrow();
      const byPair = await service(users.manager, { pairId: pair.id, from: '2026-03-01', to: '2026-03-31' });
      expect(byPair.body.total).toMatchObject({ due: 3, onTime: 2, inFull: 2 });
      const lane = await service(users.manager, { shipperId: ids.s, origin: 'Nowhere', from: '2026-03-01', to: '2026-03-31' });
      expect(lane.body.total).toMatchObject({ due: 0, onTimeRate: null });
    });

    it('shows a consignee how each of its shippers serves it', async () => {
      const res = await service(users.clientC2, { consigneeId: ids.c2, from: '2026-03-01', to: '2026-03-31', groupBy: 'shipper' });
      expect(res.status).toBe(200);
      expect(res.body.rows.map((r: any) => [r.label, r.due, r.onTime])).toEqual([['Alpha Shipper', 3, 2], ['Third Shipper', 1, 1]]);
    });

    it('limits a client of the shipper to rows involving its own company', async () => {
      const res = await service(users.clientS, { consigneeId: ids.c2, from: '2026-03-01', to: '2026-03-31', groupBy: 'shipper' });
      expect(res.status).toBe(200);
      expect(res.body.rows.map((r: any) => [r.label, r.due])).toEqual([['Alpha Shipper', 3]]);
      const all = await service(users.clientS, { from: '2026-03-01', to: '2026-03-31' });
      expect(all.body.total.due).toBe(8);
    });

    it('answers 404 for another tenant’s company, pair or contract', async () => {
      // a contract that does not cover consignee two (another tenant's); contract K covers it and is its to ask about
      const theirs = await newContract(t.db, ids.s2, {});
      const forbiddenFilters: Record<string, number>[] = [{ shipperId: ids.s2 }, { consigneeId: ids.c3 }, { contractId: theirs.id }];
      for (const params of forbiddenFilters) {
        const asClient = await service(users.clientC2, params);
        expect(asClient.status, JSON.stringify(params)).toBe(404);
        expectErrorShape(asClient);
      }
      const otherManager = await service(users.otherManager, { shipperId: ids.s });
      expect(otherManager.status).toBe(404);
      const unknownPair = await service(users.manager, { pairId: 999999 });
      expect(unknownPair.status).toBe(404);
    });

    it('rejects malformed query parameters with a 400 in the error shape', async () => {
      const bad: Record<string, string | number>[] = [
        { groupBy: 'year' }, { from: '2026-02-30' }, { from: '2026-05-01', to: '2026-04-01' }, { shipperId: 'abc' },
        { shipperId: 0 }, { format: 'xml' }, { colour: 'blue' }, { from: '2020-01-01', to: '2026-01-01' }, { origin: '' },
      ];
      for (const params of bad) {
        const res = await service(users.manager, params);
        expect(res.status, JSON.stringify(params)).toBe(400);
        expectErrorShape(res);
      }
    });

    it('downloads the same table as CSV', async () => {
      const res = await service(users.manager, { shipperId: ids.s, from: '2026-03-01', to: '2026-04-30', groupBy: 'month', format: 'csv' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toContain('attachment');
      const rows = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
      expect(rows.map((r) => [r.group, r.due, r.on_time_rate, r.otif_rate])).toEqual([
        ['2026-03', '8', '0.625', '0.5'], ['2026-04', '0', '', ''], ['total', '8', '0.625', '0.5'],
      ]);
    });
  });

  describe('GET /api/v1/companies/:id/service', () => {
    it('gives a company’s KPIs as shipper and as consignee', async () => {
      const res = await t.call('GET', `/api/v1/companies/${ids.c2}/service?from=2026-03-01&to=2026-03-31`, { as: users.clientC2.headers });
      expect(res.status).toBe(200);
      expect(res.body.asShipper.total.due).toBe(0);
      expect(res.body.asConsignee.total).toMatchObject({ due: 4, onTime: 3, inFull: 3, otif: 2 });
      const csv = await t.call('GET', `/api/v1/companies/${ids.c2}/service?from=2026-03-01&to=2026-03-31&format=csv`, { as: users.clientC2.headers });
      const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
      expect(rows.map((r) => [r.side, r.group, r.due])).toEqual([['shipper', 'total', '0'], ['consignee', 'total', '4']]);
    });

    it('answers 404 for a company the caller may not see', async () => {
      const res = await t.call('GET', `/api/v1/companies/${ids.s}/service`, { as: users.clientC2.headers });
      expect(res.status).toBe(404);
      expectErrorShape(res);
    });
  });

  describe('GET /api/v1/contracts/:id/compliance', () => {
    it('checks each KPI of a month against the targets and credits the capped tier of the worst shortfall', async () => {
      const res = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?from=2026-03-01&to=2026-04-30`, { as: users.clientS.headers });
      expect(res.status).toBe(200);
      // contract K in March: due d2 d4 d5 d6 d9 = 5; on time 4 (0.8, short 0.15), in full 3 (0.6, short 0.38),
      // OTIF 3 (0.6, short 0.33), damage 1/9 (short 1/9 − 0.01); worst in-full 0.38 → tier 0.3 = 8 %, capped at 6 % → 600.
      const march = res.body.months[0];
      expect(march).toMatchObject({
        month: '2026-03', breached: true, breaches: ['onTime', 'inFull', 'otif', 'damageRate'],
        worstKpi: 'inFull', worstShortfall: 0.38, creditPercent: 0.06, creditAmount: 600,
      });
      expect(march.kpis).toMatchObject({ due: 5, onTime: 4, inFull: 3, otif: 3 });
      expect(res.body.months[1]).toMatchObject({ month: '2026-04', breached: false, creditAmount: 0 });
      expect(res.body.totalCredit).toBe(600);
    });

    it('credits exactly at tier edges and caps above them', async () => {
      const sl = await newShipper(t.db, { account_manager_id: users.manager.id });
      const cl = await newConsignee(t.db);
      const l = await newContract(t.db, sl.id, {
        on_time_target: 0.9, in_full_target: null, otif_target: null, max_damage_rate: null, monthly_fee: 10000,
        credit_tiers: JSON.stringify([{ shortfall: 0.1, percent: 0.05 }, { shortfall: 0.2, percent: 0.1 }]), credit_cap_percent: 0.08,
        min_due_count: 10,
      });
      // April 8/10 on time (short 0.10 → 5 %), May 7/10 (short 0.20 → 10 %, capped 8 %), June 9/10 (on target: no breach)
      for (const [month, late] of [['04', 2], ['05', 3], ['06', 1]] as const) {
        for (let i = 0; i < 10; i += 1) {
          const promised = new Date(`2026-${month}-15T04:00:00Z`);
          await deliver(sl.id, cl.id, { contract_id: l.id, promised_at: promised, delivered_at: at(promised, i < late ? 1 : 0) });
        }
      }
      const res = await t.call('GET', `/api/v1/contracts/${l.id}/compliance?from=2026-04-01&to=2026-06-30`, { as: users.manager.headers });
      expect(res.body.months.map((m: any) => [m.month, m.worstShortfall, m.creditPercent, m.creditAmount])).toEqual([
        ['2026-04', 0.1, 0.05, 500], ['2026-05', 0.2, 0.08, 800], ['2026-06', 0, 0, 0],
      ]);
      const csv = await t.call('GET', `/api/v1/contracts/${l.id}/compliance?from=2026-04-01&to=2026-06-30&format=csv`, { as: users.manager.headers });
      const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
      expect(rows.map((r) => [r.month, r.breached, r.credit_amount])).toEqual([['2026-04', 'true', '500'], ['2026-05', 'true', '800'], ['2026-06', 'false', '0']]);
    });

    it('hides another company’s contract (404), refuses operations (403) and bad input (400)', async () => {
      const res = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance`, { as: users.otherManager.headers });
      expect(res.status).toBe(404);
      expectErrorShape(res);
      // a consignee the contract covers sees its own deliveries under it (d6 is the one due in March), no credit
      const covered = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance?from=2026-03-01&to=2026-03-31`, { as: users.clientC2.headers });
      expect(covered.status).toBe(200);
      expect(covered.body).toMatchObject({ scope: { consigneeId: ids.c2 }, creditsApply: false });
      for (const field of ['totalCredit', 'monthlyFee', 'creditAmount', 'cost', 'margin']) expect(covered.text).not.toContain(`"${field}"`);
      expect(covered.body.months[0].kpis).toMatchObject({ due: 1, onTime: 1, inFull: 0 });
      const ops = await t.call('GET', `/api/v1/contracts/${ids.k}/compliance`, { as: users.operations.headers });
      expect(ops.status).toBe(403);
      expectErrorShape(ops);
      for (const path of [`/api/v1/contracts/abc/compliance`, `/api/v1/contracts/${ids.k}/compliance?from=2026-13-01`, `/api/v1/contracts/${ids.k}/compliance?x=1`]) {
        const res = await t.call('GET', path, { as: users.manager.headers });
        expect(res.status, path).toBe(400);
        expectErrorShape(res);
      }
      const missing = await t.call('GET', '/api/v1/contracts/987654/compliance', { as: users.admin.headers });
      expect(missing.status).toBe(404);
    });
  });

  describe('GET /api/v1/analytics/breaches', () => {
    it('lists the current breaches of the caller’s contracts, worst first', async () => {
      const lastMonthDay = addDays(monthStart(businessDay(new Date(), TZ), -1), 9);
      const promised = new Date(`${lastMonthDay}T04:00:00Z`);
      const sb = await newShipper(t.db, { account_manager_id: users.manager.id, name: 'Breach Mine' });
      const sb2 = await newShipper(t.db, { account_manager_id: users.otherManager.id, name: 'Breach Theirs' });
      const cb = await newConsignee(t.db);
      const terms = { on_time_target: 0.95, in_full_target: null, otif_target: null, max_damage_rate: null, start_date: '2025-01-01', end_date: '2030-12-31', min_due_count: 2 };
      const mine = await newContract(t.db, sb.id, terms);
      const theirs = await newContract(t.db, sb2.id, terms);
      // mine: 1 of 2 on time → 0.5, short 0.45; theirs: 3 of 4 → 0.75, short 0.20
      for (const [contract, shipper, late, n] of [[mine, sb, 1, 2], [theirs, sb2, 1, 4]] as const) {
        for (let i = 0; i < n; i += 1) await deliver(shipper.id, cb.id, { contract_id: contract.id, promised_at: promised, delivered_at: at(promised, i < late ? 30 : 0) });
      }
      const admin = await t.call('GET', '/api/v1/analytics/breaches', { as: users.admin.headers });
      expect(admin.status).toBe(200);
      const relevant = admin.body.items.filter((b: any) => [mine.id, theirs.id].includes(b.contractId));
      expect(relevant.map((b: any) => [b.contractId, b.month, b.worstShortfall, b.onTimeRate])).toEqual([
        [mine.id, lastMonthDay.slice(0, 7), 0.45, 0.5], [theirs.id, lastMonthDay.slice(0, 7), 0.2, 0.75],
      ]);
      const shortfalls = admin.body.items.map((b: any) => b.worstShortfall);
      expect(shortfalls).toEqual([...shortfalls].sort((a, b) => b - a));

      const manager = await t.call('GET', '/api/v1/analytics/breaches', { as: users.manager.headers });
      expect(manager.body.items.map((b: any) => b.contractId)).toContain(mine.id);
      expect(manager.body.items.map((b: any) => b.contractId)).not.toContain(theirs.id);
      const client = await t.call('GET', '/api/v1/analytics/breaches', { as: users.clientC2.headers });
      expect(client.body.items).toEqual([]);

      const csv = await t.call('GET', '/api/v1/analytics/breaches?format=csv', { as: users.otherManager.headers });
      const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
      expect(rows.map((r) => [r.contract, r.shipper, r.worst_kpi, r.worst_shortfall])).toEqual([[theirs.code, 'Breach Theirs', 'onTime', '0.2']]);
    });

    it('refuses operations (403) and unknown parameters (400)', async () => {
      expect((await t.call('GET', '/api/v1/analytics/breaches', { as: users.operations.headers })).status).toBe(403);
      const bad = await t.call('GET', '/api/v1/analytics/breaches?format=pdf', { as: users.admin.headers });
      expect(bad.status).toBe(400);
      expectErrorShape(bad);
    });
  });

  describe('rollups', () => {
    const snapshot = async () => ({
      rollups: await sql<RollupRow>`select * from daily_service_rollups order by shipper_id, day, consignee_id, contract_id, origin, destination`.execute(t.db).then((r) => r.rows),
      monthly: await sql<MonthlyRow>`select * from monthly_service_rollups order by shipper_id, month, consignee_id, contract_id, origin, destination`.execute(t.db).then((r) => r.rows),
    });
    const roundHours = <R extends { refreshed_at: unknown; transit_hours_sum: number }>({ refreshed_at: _, ...rest }: R) =>
      ({ ...rest, transit_hours_sum: Math.round(rest.transit_hours_sum * 1e9) / 1e9 });
    const withoutTimes = (s: Awaited<ReturnType<typeof snapshot>>) => ({ rollups: s.rollups.map(roundHours), monthly: s.monthly.map(roundHours) });

    it('are the same when refreshed per key after each insert as when rebuilt from all deliveries', async () => {
      const incremental = withoutTimes(await snapshot());
      expect(incremental.rollups.length).toBeGreaterThan(10);
      expect(incremental.rollups.some((r) => r.transit_buckets.length > 1)).toBe(true);
      expect(incremental.monthly.length).toBeGreaterThan(3);
      await t.db.transaction().execute((trx) => rebuildAllRollups(trx, TZ));
      expect(withoutTimes(await snapshot())).toEqual(incremental);
    });

    it('follow a change of a contract’s window once its rollups are refreshed', async () => {
      await t.db.transaction().execute(async (trx) => {
        await trx.updateTable('contracts').set({ early_tolerance_minutes: null }).where('id', '=', ids.w).execute();
        await refreshContractRollups(trx, ids.w, TZ);
      });
      const res = await service(users.manager, { shipperId: ids.s, contractId: ids.w, from: '2026-03-01', to: '2026-03-31' });
      expect(res.body.total).toMatchObject({ due: 2, onTime: 2 }); // the early arrival d3 is on time without a window
    });
  });
});
