import { describe, expect, it } from 'vitest';
import { useStaff } from '../helpers/staff';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newCompany, newConsignee, newPair, newRollup, newShipper, newUser, type TestUser } from '../helpers/factories';
import { addDays, businessDay } from '../../api/domain/business-day';

const codes = (items: { shipper: { code: string }; consignee: { code: string } }[]) =>
  items.map((p) => `${p.shipper.code}>${p.consignee.code}`);

describe('customer pairs API', () => {
  const t = useTestApp();
  const { admin, manager, ops } = useStaff(t);

  describe('POST /api/v1/pairs', () => {
    it('pairs a shipper with a consignee, by hand, and audits it', async () => {
      const s = await newShipper(t.db, { code: 'P-S1' });
      const c = await newConsignee(t.db, { code: 'P-C1' });
      const res = await t.call('POST', '/api/v1/pairs', { as: admin.headers, body: { shipperId: s.id, consigneeId: c.id, notes: 'via tender' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        shipper: { id: s.id, code: 'P-S1' }, consignee: { id: c.id, code: 'P-C1' }, source: 'manual', notes: 'via tender', archivedAt: null,
        stats: { shipments90d: 0, revenue90d: 0, shipments12m: 0, revenue12m: 0, shipperWeight: 0, consigneeWeight: 0 },
      });
      const audit = await t.db.selectFrom('audit_log').select(['action', 'user_id']).where('entity', '=', 'pair').where('entity_id', '=', String(res.body.id)).execute();
      expect(audit).toEqual([{ action: 'create', user_id: admin.id }]);
    });

    it('answers 409 for a pair that exists, naming both codes', async () => {
      const s = await newShipper(t.db, { code: 'P-S2' });
      const c = await newConsignee(t.db, { code: 'P-C2' });
      await newPair(t.db, s.id, c.id);
      const res = await t.call('POST', '/api/v1/pairs', { as: admin.headers, body: { shipperId: s.id, consigneeId: c.id } });
      expect(res.status).toBe(409);
      expect(expectErrorShape(res).message).toContain('P-S2 → P-C2');
    });

    it('checks the roles of both sides, naming the field', async () => {
      const onlyConsignee = await newConsignee(t.db);
      const onlyShipper = await newShipper(t.db);
      const anotherConsignee = await newConsignee(t.db);
      const wrongShipper = await t.call('POST', '/api/v1/pairs', { as: admin.headers, body: { shipperId: onlyConsignee.id, consigneeId: anotherConsignee.id } });
      expect(wrongShipper.status).toBe(400);
      expect(expectErrorShape(wrongShipper).details).toMatchObject([{ path: 'shipperId', code: 'not_shipper', message: 'The company is not a shipper.' }]);
      const wrongConsignee = await t.call('POST', '/api/v1/pairs', { as: admin.headers, body: { shipperId: onlyShipper.id, consigneeId: (await newShipper(t.db)).id } });
      expect(wrongConsignee.status).toBe(400);
      expect(expectErrorShape(wrongConsignee).details).toMatchObject([{ path: 'consigneeId', code: 'not_consignee', message: 'The company is not a consignee.' }]);
    });

    it('refuses pairing a company with itself and unknown companies', async () => {
      const both = await newCompany(t.db, { is_shipper: true, is_consignee: true });
      const self = await t.call('POST', '/api/v1/pairs', { as: admin.headers, body: { shipperId: both.id, consigneeId: both.id } });
      expect(self.status).toBe(400);
      expect((expectErrorShape(self).details as { path: string }[])[0].path).toBe('consigneeId');
      const unknown = await t.call('POST', '/api/v1/pairs', { as: admin.headers, body: { shipperId: 987654, consigneeId: both.id } });
      expect(unknown.status).toBe(400);
      expect(expectErrorShape(unknown).details).toMatchObject([{ path: 'shipperId', message: 'Unknown company.' }]);
    });

    it.each([
      [{ consigneeId: 1 }, 'shipperId'],
      [{ shipperId: 'one', consigneeId: 1 }, 'shipperId'],
      [{ shipperId: 1, consigneeId: -2 }, 'consigneeId'],
      [{ shipperId: 1, consigneeId: 2, weight: 0.5 }, '(root)'],
    ])('answers 400 for the body %j, naming %s', async (body, path) => {
      const res = await t.call('POST', '/api/v1/pairs', { as: admin.headers, body });
      expect(res.status).toBe(400);
      expect((expectErrorShape(res).details as { path: string }[]).map((d) => d.path)).toContain(path);
    });

    it('lets a manager pair their own shipper with any consignee, but not two companies they do not manage', async () => {
      const mine = await newShipper(t.db, { account_manager_id: manager.id });
      const stranger = await newShipper(t.db);
      const store = await newConsignee(t.db);
      const ok = await t.call('POST', '/api/v1/pairs', { as: manager.headers, body: { shipperId: mine.id, consigneeId: store.id } });
      expect(ok.status).toBe(201);
      const refused = await t.call('POST', '/api/v1/pairs', { as: manager.headers, body: { shipperId: stranger.id, consigneeId: store.id } });
      expect(refused.status).toBe(403);
      expectErrorShape(refused);
    });

    it("answers a manager for another manager's consignee out of view exactly as for an id that does not exist", async () => {
      const mine = await newShipper(t.db, { account_manager_id: manager.id });
      const rival = await newUser(t.db, 'manager');
      const theirs = await newConsignee(t.db, { account_manager_id: rival.id });
      const foreign = await t.call('POST', '/api/v1/pairs', { as: manager.headers, body: { shipperId: mine.id, consigneeId: theirs.id } });
      const missing = await t.call('POST', '/api/v1/pairs', { as: manager.headers, body: { shipperId: mine.id, consigneeId: 987654 } });
      expect([foreign.status, missing.status]).toEqual([400, 400]);
      expect(expectErrorShape(foreign)).toEqual(expectErrorShape(missing));
      expect(expectErrorShape(foreign).details).toMatchObject([{ path: 'consigneeId', message: 'Unknown company.' }]);
      // the rival is refused the same way the other way round; once an admin pairs it with another of the
      // manager's shippers, it is in view and can be paired
      const other = await newShipper(t.db, { account_manager_id: manager.id });
      const byRival = await t.call('POST', '/api/v1/pairs', { as: rival.headers, body: { shipperId: other.id, consigneeId: theirs.id } });
      expect(expectErrorShape(byRival).details).toMatchObject([{ path: 'shipperId', message: 'Unknown company.' }]);
      const byAdmin = await t.call('POST', '/api/v1/pairs', { as: admin.headers, body: { shipperId: other.id, consigneeId: theirs.id } });
      expect(byAdmin.status).toBe(201);
      const inView = await t.call('POST', '/api/v1/pairs', { as: manager.headers, body: { shipperId: mine.id, consigneeId: theirs.id } });
      expect(inView.status).toBe(201);
    });

    it('refuses operations and clients (403)', async () => {
      const s = await newShipper(t.db);
      const c = await newConsignee(t.db);
      const client = await newUser(t.db, 'client', { companyId: s.id });
      for (const who of [ops, client]) {
        const res = await t.call('POST', '/api/v1/pairs', { as: who.headers, body: { shipperId: s.id, consigneeId: c.id } });
        expect(res.status).toBe(403);
      }
    });
  });

  describe('GET /api/v1/pairs/:id — volume, revenue and weights', () => {
    it('sums the last 90 days and 12 months from the rollups and weighs the pair on both sides', async () => {
      const today = businessDay(new Date(), 'Asia/Shanghai');
      const s = await newShipper(t.db);
      const s2 = await newShipper(t.db);
      const c1 = await newConsignee(t.db);
      const c2 = await newConsignee(t.db);
      const pair = await newPair(t.db, s.id, c1.id);
      await newPair(t.db, s.id, c2.id);
      await newPair(t.db, s2.id, c1.id);
      await newRollup(t.db, s.id, c1.id, addDays(today, -10), { shipments: 10, revenue: 1000 });
      await newRollup(t.db, s.id, c1.id, addDays(today, -100), { shipments: 20, revenue: 2000.5 });
      await newRollup(t.db, s.id, c1.id, addDays(today, -400), { shipments: 50, revenue: 5000 });
      await newRollup(t.db, s.id, c1.id, addDays(today, 5), { shipments: 70, revenue: 7000 });
      await newRollup(t.db, s.id, c2.id, addDays(today, -5), { shipments: 30, revenue: 500 });
      await newRollup(t.db, s2.id, c1.id, addDays(today, -20), { shipments: 10, revenue: 300 });

      const res = await t.call('GET', `/api/v1/pairs/${pair.id}`, { as: admin.headers });
      expect(res.status).toBe(200);
      // 12 months: 10 + 20 = 30 of the shipper's 30 + 30 = 60; of the consignee's inbound 30 + 10 = 40.
      expect(res.body.stats).toEqual({
        shipments90d: 10, revenue90d: 1000, shipments12m: 30, revenue12m: 3000.5, shipperWeight: 0.5, consigneeWeight: 0.75,
      });
      const list = await t.call('GET', `/api/v1/pairs?shipperId=${s.id}`, { as: admin.headers });
      const c2Pair = list.body.items.find((p: { consignee: { id: number } }) => p.consignee.id === c2.id);
      expect(c2Pair.stats).toEqual({ shipments90d: 30, revenue90d: 500, shipments12m: 30, revenue12m: 500, shipperWeight: 0.5, consigneeWeight: 1 });

      // a client sees its own side's weight only: the partner's would tell what the partner does with others
      const shipperClient = await newUser(t.db, 'client', { companyId: s.id });
      const consigneeClient = await newUser(t.db, 'client', { companyId: c1.id });
      const asShipper = await t.call('GET', `/api/v1/pairs/${pair.id}`, { as: shipperClient.headers });
      expect(asShipper.body.stats).toMatchObject({ shipments12m: 30, shipperWeight: 0.5, consigneeWeight: null });
      const asConsignee = await t.call('GET', `/api/v1/companies/${c1.id}`, { as: consigneeClient.headers });
      expect(asConsignee.status).toBe(200);
      const inbound = asConsignee.body.pairsAsConsignee.find((p: { shipper: { id: number } }) => p.shipper.id === s.id);
      expect(inbound.stats).toEqual({ shipments90d: 10, shipments12m: 30, consigneeWeight: 0.75 }); // no shipper's revenue or weight
    });

    it('says whether the caller may change the pair', async () => {
      const mine = await newShipper(t.db, { account_manager_id: manager.id });
      const c = await newConsignee(t.db);
      const pair = await newPair(t.db, mine.id, c.id);
      const client = await newUser(t.db, 'client', { companyId: mine.id });
      const canWrite = async (who: TestUser) => (await t.call('GET', `/api/v1/pairs/${pair.id}`, { as: who.headers })).body.canWrite;
      expect([await canWrite(admin), await canWrite(manager), await canWrite(ops), await canWrite(client)]).toEqual([true, true, false, false]);
    });

    it("answers 404 for a pair of another tenant, and for an unknown pair", async () => {
      const mine = await newShipper(t.db);
      const c = await newConsignee(t.db);
      const theirs = await newPair(t.db, (await newShipper(t.db)).id, (await newConsignee(t.db)).id);
      const client = await newUser(t.db, 'client', { companyId: mine.id });
      const own = await newPair(t.db, mine.id, c.id);
      expect((await t.call('GET', `/api/v1/pairs/${own.id}`, { as: client.headers })).status).toBe(200);
      const hidden = await t.call('GET', `/api/v1/pairs/${theirs.id}`, { as: client.headers });
      expect(hidden.status).toBe(404);
      expectErrorShape(hidden);
      expect((await t.call('GET', `/api/v1/pairs/${theirs.id}`, { as: manager.headers })).status).toBe(404);
      expect((await t.call('GET', '/api/v1/pairs/99999999', { as: admin.headers })).status).toBe(404);
    });
  });

  describe('GET /api/v1/pairs', () => {
    it('filters by shipper, consignee or either side, and shows a client only its own pairs', async () => {
      const s = await newShipper(t.db, { code: 'L-S', name: 'L S' });
      const both = await newCompany(t.db, { code: 'L-B', name: 'L B', is_shipper: true, is_consignee: true });
      const c = await newConsignee(t.db, { code: 'L-C', name: 'L C' });
      await newPair(t.db, s.id, both.id);
      await newPair(t.db, both.id, c.id);
      await newPair(t.db, s.id, c.id);
      expect(codes((await t.call('GET', `/api/v1/pairs?shipperId=${s.id}`, { as: admin.headers })).body.items)).toEqual(['L-S>L-B', 'L-S>L-C']);
      expect(codes((await t.call('GET', `/api/v1/pairs?consigneeId=${c.id}`, { as: admin.headers })).body.items)).toEqual(['L-B>L-C', 'L-S>L-C']);
      expect(codes((await t.call('GET', `/api/v1/pairs?companyId=${both.id}`, { as: admin.headers })).body.items)).toEqual(['L-B>L-C', 'L-S>L-B']);
      const client = await newUser(t.db, 'client', { companyId: c.id });
      const seen = await t.call('GET', '/api/v1/pairs', { as: client.headers });
      expect(codes(seen.body.items)).toEqual(['L-B>L-C', 'L-S>L-C']);
      expect(seen.body.meta).toEqual({ page: 1, pageSize: 50, total: 2, pages: 1 });
    });

    it("does not show a manager another manager's shipper through a shared consignee", async () => {
      const m2 = await newUser(t.db, 'manager');
      const own = await newShipper(t.db, { code: 'SH-OWN', account_manager_id: manager.id });
      const foreign = await newShipper(t.db, { code: 'SH-FOREIGN', account_manager_id: m2.id });
      const shared = await newConsignee(t.db, { code: 'CN-SHARED' });
      await newPair(t.db, own.id, shared.id);
      await newPair(t.db, foreign.id, shared.id);
      const list = await t.call('GET', `/api/v1/pairs?consigneeId=${shared.id}`, { as: manager.headers });
      expect(codes(list.body.items)).toEqual(['SH-OWN>CN-SHARED']);
      const company = await t.call('GET', `/api/v1/companies/${shared.id}`, { as: manager.headers });
      expect(company.body.pairsAsConsignee.map((p: { shipper: { code: string } }) => p.shipper.code)).toEqual(['SH-OWN']);
      expect(company.text).not.toContain('SH-FOREIGN');
      const admins = await t.call('GET', `/api/v1/companies/${shared.id}`, { as: admin.headers });
      expect(admins.body.pairsAsConsignee).toHaveLength(2);
    });

    it('answers 400 for malformed filters', async () => {
      const res = await t.call('GET', '/api/v1/pairs?shipperId=x&archived=sometimes', { as: admin.headers });
      expect(res.status).toBe(400);
      expect((expectErrorShape(res).details as { path: string }[]).map((d) => d.path).sort()).toEqual(['archived', 'shipperId']);
    });
  });

  describe('PATCH, archive and unarchive', () => {
    it('changes notes, archives out of the default list and back, auditing each', async () => {
      const s = await newShipper(t.db, { account_manager_id: manager.id });
      const c = await newConsignee(t.db);
      const pair = await newPair(t.db, s.id, c.id);
      const noted = await t.call('PATCH', `/api/v1/pairs/${pair.id}`, { as: manager.headers, body: { notes: 'weekly' } });
      expect(noted.status).toBe(200);
      expect(noted.body.notes).toBe('weekly');
      const archived = await t.call('POST', `/api/v1/pairs/${pair.id}/archive`, { as: manager.headers });
      expect(archived.body.archivedAt).not.toBeNull();
      expect((await t.call('GET', `/api/v1/pairs?shipperId=${s.id}`, { as: admin.headers })).body.items).toEqual([]);
      expect((await t.call('GET', `/api/v1/pairs?shipperId=${s.id}&archived=true`, { as: admin.headers })).body.items).toHaveLength(1);
      await t.call('POST', `/api/v1/pairs/${pair.id}/unarchive`, { as: manager.headers });
      const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'pair').where('entity_id', '=', String(pair.id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['update', 'archive', 'unarchive']);
    });

    it('refuses operations (403), hides other tenants (404) and names bad fields (400)', async () => {
      const pair = await newPair(t.db, (await newShipper(t.db)).id, (await newConsignee(t.db)).id);
      expect((await t.call('POST', `/api/v1/pairs/${pair.id}/archive`, { as: ops.headers })).status).toBe(403);
      expect((await t.call('POST', `/api/v1/pairs/${pair.id}/archive`, { as: manager.headers })).status).toBe(404);
      const bad = await t.call('PATCH', `/api/v1/pairs/${pair.id}`, { as: admin.headers, body: { notes: 5 } });
      expect(bad.status).toBe(400);
      expect((expectErrorShape(bad).details as { path: string }[])[0].path).toBe('notes');
    });
  });
});
