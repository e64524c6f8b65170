import { describe, expect, it } from 'vitest';
import { useStaff } from '../helpers/staff';
import { useTestApp, expectErrorShape, errorPaths as paths } from '../helpers/test-app';
import { newConsignee, newContract, newDelivery, newPair, newShipper, newUser, type TestUser } from '../helpers/factories';
import { addDays, businessDay } from '../../api/domain/business-day';

const terms = (shipperId: number, extra: Record<string, unknown> = {}) => ({
  shipperId, code: `K-${Math.random().toString(36).slice(2, 8)}`, startDate: '2026-01-01', endDate: '2026-12-31', monthlyFee: 20000,
  onTimeTarget: 0.95, inFullTarget: 0.98, otifTarget: 0.93, maxDamageRate: 0.005, maxAvgTransitHours: 36,
  graceMinutes: 30, claimResponseHours: 48,
  creditTiers: [{ shortfall: 0, percent: 0.02 }, { shortfall: 0.03, percent: 0.05 }, { shortfall: 0.08, percent: 0.1 }],
  creditCapPercent: 0.15, ...extra,
});

describe('contracts API', () => {
  const t = useTestApp();
  const { admin, manager, ops } = useStaff(t);

  describe('POST /api/v1/contracts', () => {
    it('creates a contract with its service levels and credit tiers, and audits it', async () => {
      const s = await newShipper(t.db, { code: 'CT-S1', account_manager_id: manager.id });
      const res = await t.call('POST', '/api/v1/contracts', { as: manager.headers, body: terms(s.id, { code: 'CT-2026', autoRenew: true, name: '2026 框架合同' }) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        shipperId: s.id, shipperCode: 'CT-S1', code: 'CT-2026', name: '2026 框架合同', startDate: '2026-01-01', endDate: '2026-12-31',
        autoRenew: true, monthlyFee: 20000, currency: 'CNY', onTimeTarget: 0.95, inFullTarget: 0.98, otifTarget: 0.93,
        maxDamageRate: 0.005, maxAvgTransitHours: 36, graceMinutes: 30, earlyToleranceMinutes: null, onTimeMode: 'grace',
        claimResponseHours: 48, creditCapPercent: 0.15, consigneeIds: [], archivedAt: null,
        creditTiers: [{ shortfall: 0, percent: 0.02 }, { shortfall: 0.03, percent: 0.05 }, { shortfall: 0.08, percent: 0.1 }],
      });
      const audit = await t.db.selectFrom('audit_log').select(['action', 'user_id']).where('entity', '=', 'contract').where('entity_id', '=', String(res.body.id)).execute();
      expect(audit).toEqual([{ action: 'create', user_id: manager.id }]);
    });

    it('stores a window-mode contract (early tolerance) and a scope of paired consignees', async () => {
      const s = await newShipper(t.db);
      const c1 = await newConsignee(t.db);
      const c2 = await newConsignee(t.db);
      await newPair(t.db, s.id, c1.id);
      await newPair(t.db, s.id, c2.id);
      const res = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id, { earlyToleranceMinutes: 60, graceMinutes: 15, consigneeIds: [c2.id, c1.id] }) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ earlyToleranceMinutes: 60, graceMinutes: 15, onTimeMode: 'window', consigneeIds: [c1.id, c2.id].sort((a, b) => a - b) });
    });

    it.each([
      ['a target above 1', { onTimeTarget: 1.2 }, 'onTimeTarget'],
      ['a negative damage rate', { maxDamageRate: -0.1 }, 'maxDamageRate'],
      ['a cap above 1', { creditCapPercent: 1.5 }, 'creditCapPercent'],
      ['a tier percent above 1', { creditTiers: [{ shortfall: 0, percent: 2 }] }, 'creditTiers.0.percent'],
      ['a tier with an extra field', { creditTiers: [{ shortfall: 0, percent: 0.1, note: 'x' }] }, 'creditTiers.0'],
      ['a negative fee', { monthlyFee: -1 }, 'monthlyFee'],
      ['a malformed start date', { startDate: '01/01/2026' }, 'startDate'],
      ['a lower-case currency', { currency: 'cny' }, 'currency'],
      ['fractional grace minutes', { graceMinutes: 1.5 }, 'graceMinutes'],
      ['zero transit hours', { maxAvgTransitHours: 0 }, 'maxAvgTransitHours'],
      ['a consignee twice', { consigneeIds: [4, 4] }, 'consigneeIds'],
      ['an unknown field', { penalty: 3 }, '(root)'],
    ])('answers 400 for %s, naming the field', async (_label, extra, path) => {
      const s = await newShipper(t.db);
      const res = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id, extra) });
      expect(res.status).toBe(400);
      expect(paths(res)).toContain(path);
    });

    it('answers 400 for an end date not after the start, and tiers that do not ascend', async () => {
      const s = await newShipper(t.db);
      const dates = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id, { startDate: '2026-06-01', endDate: '2026-05-31' }) });
      expect(dates.status).toBe(400);
      expect(paths(dates)).toEqual(['endDate']);
      const tiers = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id, { creditTiers: [{ shortfall: 0.05, percent: 0.05 }, { shortfall: 0.01, percent: 0.1 }] }) });
      expect(tiers.status).toBe(400);
      expect(paths(tiers)).toEqual(['creditTiers.1.shortfall']);
    });

    it('answers 400 naming the entry for a consignee that is not paired with the shipper', async () => {
      const s = await newShipper(t.db);
      const paired = await newConsignee(t.db);
      const stranger = await newConsignee(t.db);
      await newPair(t.db, s.id, paired.id);
      const res = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id, { consigneeIds: [paired.id, stranger.id] }) });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['consigneeIds.1']);
    });

    it('answers 400 when the shipper is unknown or not a shipper', async () => {
      const unknown = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(9_999_999) });
      expect(unknown.status).toBe(400);
      expect(paths(unknown)).toEqual(['shipperId']);
      const consignee = await newConsignee(t.db);
      const wrong = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(consignee.id) });
      expect(wrong.status).toBe(400);
      expect(paths(wrong)).toEqual(['shipperId']);
    });

    it('answers 409 for a duplicate code of the same shipper', async () => {
      const s = await newShipper(t.db);
      await newContract(t.db, s.id, { code: 'SAME', start_date: '2024-01-01', end_date: '2024-12-31' });
      const res = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id, { code: 'SAME' }) });
      expect(res.status).toBe(409);
      expect(paths(res)).toEqual(['code']);
    });

    it('answers 409 naming the other contract when a live contract overlaps with an intersecting scope', async () => {
      const s = await newShipper(t.db);
      const c1 = await newConsignee(t.db);
      const c2 = await newConsignee(t.db);
      await newPair(t.db, s.id, c1.id);
      await newPair(t.db, s.id, c2.id);
      await newContract(t.db, s.id, { code: 'ALL-2026', start_date: '2026-01-01', end_date: '2026-06-30' });
      const clash = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id, { startDate: '2026-06-30', endDate: '2026-12-31', consigneeIds: [c1.id] }) });
      expect(clash.status).toBe(409);
      const error = expectErrorShape(clash);
      expect(error.message).toBe('Contract ALL-2026 (2026-01-01 to 2026-06-30) already covers all consignees of this shipper in that period.');
      const after = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id, { code: 'C1-H2', startDate: '2026-07-01', endDate: '2026-12-31', consigneeIds: [c1.id] }) });
      expect(after.status).toBe(201);
      const disjoint = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id, { code: 'C2-H2', startDate: '2026-07-01', endDate: '2026-12-31', consigneeIds: [c2.id] }) });
      expect(disjoint.status).toBe(201);
      const all = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id, { code: 'ALL-H2', startDate: '2026-09-01', endDate: '2026-12-31' }) });
      expect(all.status).toBe(409);
      expect(expectErrorShape(all).message).toContain('C1-H2');
    });

    it('ignores archived contracts when checking overlaps', async () => {
      const s = await newShipper(t.db);
      await newContract(t.db, s.id, { code: 'OLD', archived_at: new Date() });
      const res = await t.call('POST', '/api/v1/contracts', { as: admin.headers, body: terms(s.id) });
      expect(res.status).toBe(201);
    });

    it("refuses operations and clients (403), and hides another tenant's shipper (404)", async () => {
      const s = await newShipper(t.db);
      const client = await newUser(t.db, 'client', { companyId: s.id });
      for (const who of [ops, client]) expect((await t.call('POST', '/api/v1/contracts', { as: who.headers, body: terms(s.id) })).status).toBe(403);
      const res = await t.call('POST', '/api/v1/contracts', { as: manager.headers, body: terms(s.id) });
      expect(res.status).toBe(404);
      expectErrorShape(res);
    });
  });

  describe('GET /api/v1/contracts', () => {
    it("says whether the caller may change a contract: its shipper's manager and admins may, another manager and operations not", async () => {
      const rival = await newUser(t.db, 'manager');
      const theirs = await newShipper(t.db, { account_manager_id: rival.id });
      const hub = await newConsignee(t.db, { account_manager_id: manager.id });
      await newPair(t.db, theirs.id, hub.id); // the rival's shipper is in the manager's view through their consignee
      const k = await newContract(t.db, theirs.id);
      const canWrite = async (who: TestUser) => (await t.call('GET', `/api/v1/contracts/${k.id}`, { as: who.headers })).body.canWrite;
      expect([await canWrite(admin), await canWrite(rival), await canWrite(manager), await canWrite(ops)]).toEqual([true, true, false, false]);
      const listed = await t.call('GET', `/api/v1/contracts?shipperId=${theirs.id}`, { as: manager.headers });
      expect(listed.body.items.map((c: { canWrite: boolean }) => c.canWrite)).toEqual([false]);
      const refused = await t.call('POST', `/api/v1/contracts/${k.id}/archive`, { as: manager.headers });
      expect(refused.status).toBe(403);
    });

    it('lists contracts ending within N days of today, live ones only', async () => {
      const today = businessDay(new Date(), 'Asia/Shanghai');
      const s = await newShipper(t.db, { code: 'EXP-S' });
      await newContract(t.db, s.id, { code: 'EXP-30', start_date: addDays(today, -300), end_date: addDays(today, 30) });
      await newContract(t.db, s.id, { code: 'EXP-90', start_date: addDays(today, 31), end_date: addDays(today, 90) });
      await newContract(t.db, s.id, { code: 'EXP-PAST', start_date: addDays(today, -900), end_date: addDays(today, -400) });
      await newContract(t.db, s.id, { code: 'EXP-ARCH', start_date: addDays(today, 91), end_date: addDays(today, 100), archived_at: new Date() });
      const soon = await t.call('GET', `/api/v1/contracts?shipperId=${s.id}&endingWithinDays=60`, { as: admin.headers });
      expect(soon.status).toBe(200);
      expect(soon.body.items.map((c: { code: string; daysToEnd: number }) => [c.code, c.daysToEnd])).toEqual([['EXP-30', 30]]);
      const wide = await t.call('GET', `/api/v1/contracts?shipperId=${s.id}&endingWithinDays=120`, { as: admin.headers });
      expect(wide.body.items.map((c: { code: string }) => c.code)).toEqual(['EXP-30', 'EXP-90']);
      const active = await t.call('GET', `/api/v1/contracts?shipperId=${s.id}&activeOn=${addDays(today, 40)}`, { as: admin.headers });
      expect(active.body.items.map((c: { code: string }) => c.code)).toEqual(['EXP-90']);
    });

    it('filters by covered consignee: named in the scope, or all-consignee contracts of its shippers', async () => {
      const s = await newShipper(t.db);
      const c1 = await newConsignee(t.db);
      const c2 = await newConsignee(t.db);
      await newPair(t.db, s.id, c1.id);
      await newPair(t.db, s.id, c2.id);
      const all = await newContract(t.db, s.id, { code: 'COV-ALL', start_date: '2025-01-01', end_date: '2025-12-31' });
      const only2 = await newContract(t.db, s.id, { code: 'COV-C2', start_date: '2026-01-01', end_date: '2026-12-31' });
      await t.db.insertInto('contract_consignees').values({ contract_id: only2.id, consignee_id: c2.id }).execute();
      const forC1 = await t.call('GET', `/api/v1/contracts?consigneeId=${c1.id}`, { as: admin.headers });
      expect(forC1.body.items.map((c: { id: number }) => c.id)).toEqual([all.id]);
      const forC2 = await t.call('GET', `/api/v1/contracts?consigneeId=${c2.id}`, { as: admin.headers });
      expect(forC2.body.items.map((c: { id: number }) => c.id)).toEqual([all.id, only2.id]);

      const clientC1 = await newUser(t.db, 'client', { companyId: c1.id });
      expect((await t.call('GET', '/api/v1/contracts', { as: clientC1.headers })).body.items.map((c: { id: number }) => c.id)).toEqual([all.id]);
      expect((await t.call('GET', `/api/v1/contracts/${only2.id}`, { as: clientC1.headers })).status).toBe(404);
      const clientS = await newUser(t.db, 'client', { companyId: s.id });
      expect((await t.call('GET', '/api/v1/contracts', { as: clientS.headers })).body.meta.total).toBe(2);
    });

    it('answers 400 for malformed filters', async () => {
      const res = await t.call('GET', '/api/v1/contracts?endingWithinDays=-1&activeOn=tomorrow', { as: admin.headers });
      expect(res.status).toBe(400);
      expect(paths(res).sort()).toEqual(['activeOn', 'endingWithinDays']);
    });

    it("shows a manager only their portfolio's contracts and answers 404 for others", async () => {
      const fresh = await newUser(t.db, 'manager');
      const mine = await newShipper(t.db, { account_manager_id: fresh.id });
      const theirs = await newShipper(t.db);
      const k1 = await newContract(t.db, mine.id);
      const k2 = await newContract(t.db, theirs.id);
      const list = await t.call('GET', '/api/v1/contracts', { as: fresh.headers });
      expect(list.body.items.map((c: { id: number }) => c.id)).toEqual([k1.id]);
      expect((await t.call('GET', `/api/v1/contracts/${k2.id}`, { as: fresh.headers })).status).toBe(404);
      expect((await t.call('GET', `/api/v1/contracts/${k2.id}`, { as: ops.headers })).status).toBe(200);
    });
  });

  describe('PATCH, archive, unarchive and DELETE', () => {
    it('changes terms with the same rules, and audits before and after', async () => {
      const s = await newShipper(t.db);
      const k = await newContract(t.db, s.id, { code: 'UPD-K' });
      const res = await t.call('PATCH', `/api/v1/contracts/${k.id}`, { as: admin.headers, body: { otifTarget: 0.9, endDate: '2027-03-31', autoRenew: true } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ otifTarget: 0.9, endDate: '2027-03-31', autoRenew: true, startDate: '2026-01-01' });
      const bad = await t.call('PATCH', `/api/v1/contracts/${k.id}`, { as: admin.headers, body: { endDate: '2025-12-31' } });
      expect(bad.status).toBe(400);
      expect(paths(bad)).toEqual(['endDate']);
      const audit = await t.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'contract').where('entity_id', '=', String(k.id)).execute();
      expect(audit).toHaveLength(1);
      expect([(audit[0].before as { otifTarget: number }).otifTarget, (audit[0].after as { otifTarget: number }).otifTarget]).toEqual([0.93, 0.9]);
    });

    it('refuses to unarchive into an overlap (409) and deletes only contracts without deliveries', async () => {
      const s = await newShipper(t.db);
      const c = await newConsignee(t.db);
      const old = await newContract(t.db, s.id, { code: 'ARCH-OLD', archived_at: new Date() });
      await newContract(t.db, s.id, { code: 'LIVE' });
      const back = await t.call('POST', `/api/v1/contracts/${old.id}/unarchive`, { as: admin.headers });
      expect(back.status).toBe(409);
      expect(expectErrorShape(back).message).toContain('LIVE');

      const used = await newContract(t.db, s.id, { code: 'USED', start_date: '2020-01-01', end_date: '2020-12-31' });
      await newDelivery(t.db, s.id, c.id, { contract_id: used.id });
      const del = await t.call('DELETE', `/api/v1/contracts/${used.id}`, { as: admin.headers });
      expect(del.status).toBe(409);
      const archived = await t.call('POST', `/api/v1/contracts/${used.id}/archive`, { as: admin.headers });
      expect(archived.body.archivedAt).not.toBeNull();

      const unused = await newContract(t.db, s.id, { code: 'UNUSED', start_date: '2019-01-01', end_date: '2019-12-31' });
      expect((await t.call('DELETE', `/api/v1/contracts/${unused.id}`, { as: admin.headers })).status).toBe(204);
      expect(await t.db.selectFrom('contracts').select('id').where('id', '=', unused.id).executeTakeFirst()).toBeUndefined();
      const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'contract').where('entity_id', '=', String(unused.id)).execute();
      expect(audit.map((a) => a.action)).toEqual(['delete']);
    });

    it('refuses operations and clients (403) and hides other tenants (404)', async () => {
      const s = await newShipper(t.db);
      const k = await newContract(t.db, s.id);
      const client = await newUser(t.db, 'client', { companyId: s.id });
      for (const who of [ops, client]) {
        expect((await t.call('PATCH', `/api/v1/contracts/${k.id}`, { as: who.headers, body: { autoRenew: true } })).status).toBe(403);
        expect((await t.call('DELETE', `/api/v1/contracts/${k.id}`, { as: who.headers })).status).toBe(403);
      }
      expect((await t.call('POST', `/api/v1/contracts/${k.id}/archive`, { as: manager.headers })).status).toBe(404);
    });
  });
});
