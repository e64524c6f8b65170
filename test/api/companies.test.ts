import { describe, expect, it, beforeAll } from 'vitest';
import { useStaff } from '../helpers/staff';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newCompany, newConsignee, newPair, newShipper, newUser, type TestUser } from '../helpers/factories';

const auditOf = (t: ReturnType<typeof useTestApp>, entity: string, id: number) =>
  t.db.selectFrom('audit_log').selectAll().where('entity', '=', entity).where('entity_id', '=', String(id)).orderBy('id').execute();

describe('companies API', () => {
  const t = useTestApp();
  const { admin, manager, ops } = useStaff(t, { name: 'Wang Li' });
  let manager2: TestUser;

  beforeAll(async () => {
    manager2 = await newUser(t.db, 'manager');
  });

  describe('POST /api/v1/companies', () => {
    it('creates a company with both roles, maps them to flags and audits the write', async () => {
      const res = await t.call('POST', '/api/v1/companies', {
        as: admin.headers,
        body: {
          code: 'HD-ELEC', name: '华东电子制造有限公司', roles: ['shipper', 'consignee'], industry: 'electronics', region: '华东',
          accountManagerId: manager.id, estAnnualShipments: 12000, serviceLines: ['transport', 'warehousing'], customerSince: '2021-03-01',
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        code: 'HD-ELEC', name: '华东电子制造有限公司', roles: ['shipper', 'consignee'], region: '华东',
        accountManagerId: manager.id, accountManagerName: 'Wang Li', estAnnualShipments: 12000,
        serviceLines: ['transport', 'warehousing'], customerSince: '2021-03-01', archivedAt: null, lifecycleStage: null,
      });
      const row = await t.db.selectFrom('companies').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
      expect([row.is_shipper, row.is_consignee]).toEqual([true, true]);
      const audit = await auditOf(t, 'company', res.body.id);
      expect(audit.map((a) => [a.action, a.user_id])).toEqual([['create', admin.id]]);
      expect((audit[0].after as { code: string }).code).toBe('HD-ELEC');
    });

    it('answers 409 naming the code when it is taken', async () => {
      await newCompany(t.db, { code: 'DUP-1' });
      const res = await t.call('POST', '/api/v1/companies', { as: admin.headers, body: { code: 'DUP-1', name: 'Again', roles: ['consignee'] } });
      expect(res.status).toBe(409);
      const error = expectErrorShape(res);
      expect(error.message).toContain('DUP-1');
      expect(error.details).toEqual([{ path: 'code', message: 'Code DUP-1 is already in use.' }]);
    });

    it.each([
      ['no name', { code: 'X1', roles: ['shipper'] }, 'name'],
      ['an empty role list', { code: 'X1', name: 'X', roles: [] }, 'roles'],
      ['an unknown role', { code: 'X1', name: 'X', roles: ['carrier'] }, 'roles.0'],
      ['a role twice', { code: 'X1', name: 'X', roles: ['shipper', 'shipper'] }, 'roles'],
      ['a code with spaces', { code: 'X 1', name: 'X', roles: ['shipper'] }, 'code'],
      ['negative annual shipments', { code: 'X1', name: 'X', roles: ['shipper'], estAnnualShipments: -1 }, 'estAnnualShipments'],
      ['a malformed date', { code: 'X1', name: 'X', roles: ['shipper'], customerSince: '2021-13-45' }, 'customerSince'],
      ['an unknown service line', { code: 'X1', name: 'X', roles: ['shipper'], serviceLines: ['teleport'] }, 'serviceLines.0'],
      ['an unknown field', { code: 'X1', name: 'X', roles: ['shipper'], colour: 'red' }, '(root)'],
    ])('answers 400 for %s, naming the field', async (_label, body, path) => {
      const res = await t.call('POST', '/api/v1/companies', { as: admin.headers, body });
      expect(res.status).toBe(400);
      const error = expectErrorShape(res);
      expect((error.details as { path: string }[]).map((d) => d.path)).toContain(path);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const res = await t.call('POST', '/api/v1/companies', { as: admin.headers, raw: '{"code":', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expectErrorShape(res);
    });

    it('refuses an account manager who is not a manager or admin (400 on accountManagerId)', async () => {
      const res = await t.call('POST', '/api/v1/companies', { as: admin.headers, body: { code: 'AM-1', name: 'X', roles: ['shipper'], accountManagerId: ops.id } });
      expect(res.status).toBe(400);
      expect(expectErrorShape(res).details).toEqual([{ path: 'accountManagerId', message: 'Not an active manager or admin user.' }]);
    });

    it('makes a manager the account manager of what they create, and refuses assigning another manager', async () => {
      const own = await t.call('POST', '/api/v1/companies', { as: manager.headers, body: { code: 'MGR-OWN', name: 'Own', roles: ['shipper'] } });
      expect(own.status).toBe(201);
      expect(own.body.accountManagerId).toBe(manager.id);
      const other = await t.call('POST', '/api/v1/companies', { as: manager.headers, body: { code: 'MGR-OTH', name: 'Other', roles: ['shipper'], accountManagerId: manager2.id } });
      expect(other.status).toBe(403);
      expectErrorShape(other);
    });

    it('refuses operations and client users (403)', async () => {
      const company = await newCompany(t.db);
      const client = await newUser(t.db, 'client', { companyId: company.id });
      for (const who of [ops, client]) {
        const res = await t.call('POST', '/api/v1/companies', { as: who.headers, body: { code: `NO-${who.id}`, name: 'X', roles: ['shipper'] } });
        expect(res.status).toBe(403);
        expectErrorShape(res);
      }
    });

    it('answers 401 without credentials', async () => {
      const res = await t.call('POST', '/api/v1/companies', { body: { code: 'ANON', name: 'X', roles: ['shipper'] } });
      expect(res.status).toBe(401);
      expectErrorShape(res);
    });
  });

  describe('GET /api/v1/companies', () => {
    let m: TestUser;
    let shipperA: { id: number };
    let consigneeB: { id: number };
    let elsewhere: { id: number };

    beforeAll(async () => {
      m = await newUser(t.db, 'manager');
      shipperA = await newShipper(t.db, { code: 'LST-A', name: '华南食品集团 Huanan Foods', region: '华南', industry: 'food', account_manager_id: m.id, est_annual_shipments: 500 });
      consigneeB = await newConsignee(t.db, { code: 'LST-B', name: 'Beijing Retail 北京零售', region: '华北', industry: 'retail', est_annual_shipments: 100 });
      elsewhere = await newConsignee(t.db, { code: 'LST-C', name: 'Chengdu Pharma 成都医药', region: '西南', industry: 'pharma' });
      await newCompany(t.db, { code: 'LST-D', name: 'Dalian Archive', region: '东北', archived_at: new Date() });
      await newPair(t.db, shipperA.id, consigneeB.id);
    });

    it('finds companies by part of a Chinese name and by code, case-insensitively', async () => {
      const zh = await t.call('GET', `/api/v1/companies?q=${encodeURIComponent('食品')}`, { as: admin.headers });
      expect(zh.status).toBe(200);
      expect(zh.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-A']);
      const code = await t.call('GET', '/api/v1/companies?q=lst-', { as: admin.headers });
      expect(code.body.items.map((c: { code: string }) => c.code).sort()).toEqual(['LST-A', 'LST-B', 'LST-C']);
    });

    it('takes % and _ in the search literally', async () => {
      const res = await t.call('GET', '/api/v1/companies?q=%25', { as: admin.headers });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    });

    it('filters by role, region, industry, account manager and archived state', async () => {
      const shippers = await t.call('GET', '/api/v1/companies?q=LST&role=shipper', { as: admin.headers });
      expect(shippers.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-A']);
      const region = await t.call('GET', `/api/v1/companies?region=${encodeURIComponent('西南')}`, { as: admin.headers });
      expect(region.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-C']);
      const industry = await t.call('GET', '/api/v1/companies?q=LST&industry=retail', { as: admin.headers });
      expect(industry.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-B']);
      const managed = await t.call('GET', `/api/v1/companies?accountManagerId=${m.id}`, { as: admin.headers });
      expect(managed.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-A']);
      const archived = await t.call('GET', '/api/v1/companies?q=LST&archived=true', { as: admin.headers });
      expect(archived.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-D']);
      const all = await t.call('GET', '/api/v1/companies?q=LST&archived=all', { as: admin.headers });
      expect(all.body.meta.total).toBe(4);
    });

    it('sorts and pages', async () => {
      const page1 = await t.call('GET', '/api/v1/companies?q=LST&sort=code&order=desc&pageSize=2', { as: admin.headers });
      expect(page1.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-C', 'LST-B']);
      expect(page1.body.meta).toEqual({ page: 1, pageSize: 2, total: 3, pages: 2 });
      const page2 = await t.call('GET', '/api/v1/companies?q=LST&sort=code&order=desc&pageSize=2&page=2', { as: admin.headers });
      expect(page2.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-A']);
      const bySize = await t.call('GET', '/api/v1/companies?q=LST&sort=estAnnualShipments&order=desc', { as: admin.headers });
      expect(bySize.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-A', 'LST-B', 'LST-C']);
    });

    it.each([
      ['role=carrier', 'role'], ['sort=colour', 'sort'], ['pageSize=0', 'pageSize'], ['page=abc', 'page'],
      ['accountManagerId=-3', 'accountManagerId'], ['archived=maybe', 'archived'], ['lifecycleStage=zombie', 'lifecycleStage'],
    ])('answers 400 for %s, naming the parameter', async (query, path) => {
      const res = await t.call('GET', `/api/v1/companies?${query}`, { as: admin.headers });
      expect(res.status).toBe(400);
      expect((expectErrorShape(res).details as { path: string }[]).map((d) => d.path)).toContain(path);
    });

    it('shows a manager their portfolio and the companies paired with it, nothing else', async () => {
      const res = await t.call('GET', '/api/v1/companies?q=LST', { as: m.headers });
      // by name as Intl.Collator('zh') orders it: Chinese (华 huá) before Latin (Beijing)
      expect(res.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-A', 'LST-B']);
    });

    it('shows a client only its own company', async () => {
      const client = await newUser(t.db, 'client', { companyId: consigneeB.id });
      const res = await t.call('GET', '/api/v1/companies', { as: client.headers });
      expect(res.body.items.map((c: { code: string }) => c.code)).toEqual(['LST-B']);
      expect(res.body.meta.total).toBe(1);
    });

    it('lets operations read every company', async () => {
      const res = await t.call('GET', '/api/v1/companies?q=LST', { as: ops.headers });
      expect(res.body.meta.total).toBe(3);
    });
  });

  describe('GET /api/v1/companies/:id', () => {
    it('includes the pairs on both sides', async () => {
      const both = await newCompany(t.db, { code: 'BOTH-1', is_shipper: true, is_consignee: true });
      const supplier = await newShipper(t.db, { code: 'SUP-1' });
      const store = await newConsignee(t.db, { code: 'STORE-1' });
      await newPair(t.db, both.id, store.id);
      await newPair(t.db, supplier.id, both.id);
      const res = await t.call('GET', `/api/v1/companies/${both.id}`, { as: admin.headers });
      expect(res.status).toBe(200);
      expect(res.body.pairsAsShipper.map((p: { consignee: { code: string } }) => p.consignee.code)).toEqual(['STORE-1']);
      expect(res.body.pairsAsConsignee.map((p: { shipper: { code: string } }) => p.shipper.code)).toEqual(['SUP-1']);
      expect(res.body.pairsAsShipper[0].stats).toEqual({ shipments90d: 0, revenue90d: 0, shipments12m: 0, revenue12m: 0, shipperWeight: 0, consigneeWeight: 0 });
    });

    it("answers 404 for another tenant's company, for a manager and for a client", async () => {
      const mine = await newCompany(t.db);
      const other = await newCompany(t.db, { account_manager_id: manager2.id });
      const client = await newUser(t.db, 'client', { companyId: mine.id });
      for (const who of [client, manager]) {
        const res = await t.call('GET', `/api/v1/companies/${other.id}`, { as: who.headers });
        expect(res.status).toBe(404);
        expectErrorShape(res);
      }
      const own = await t.call('GET', `/api/v1/companies/${mine.id}`, { as: client.headers });
      expect(own.status).toBe(200);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expect((await t.call('GET', '/api/v1/companies/999999', { as: admin.headers })).status).toBe(404);
      const bad = await t.call('GET', '/api/v1/companies/abc', { as: admin.headers });
      expect(bad.status).toBe(400);
      expect((expectErrorShape(bad).details as { path: string }[])[0].path).toBe('id');
    });
  });

  describe('PATCH /api/v1/companies/:id', () => {
    it('changes fields, keeps the rest and audits before and after', async () => {
      const c = await newShipper(t.db, { code: 'UPD-1', name: 'Old name', region: '华东', account_manager_id: manager.id });
      const res = await t.call('PATCH', `/api/v1/companies/${c.id}`, { as: manager.headers, body: { name: 'New name', roles: ['shipper', 'consignee'], notes: 'VIP' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ code: 'UPD-1', name: 'New name', roles: ['shipper', 'consignee'], region: '华东', notes: 'VIP' });
      const audit = await auditOf(t, 'company', c.id);
      expect(audit.map((a) => a.action)).toEqual(['update']);
      expect((audit[0].before as { name: string }).name).toBe('Old name');
      expect((audit[0].after as { name: string }).name).toBe('New name');
    });

    it('answers 409 when the new code is taken, and when dropping a role still in use', async () => {
      const a = await newShipper(t.db, { code: 'UPD-A' });
      await newCompany(t.db, { code: 'UPD-B' });
      const store = await newConsignee(t.db);
      await newPair(t.db, a.id, store.id);
      const code = await t.call('PATCH', `/api/v1/companies/${a.id}`, { as: admin.headers, body: { code: 'UPD-B' } });
      expect(code.status).toBe(409);
      expect(expectErrorShape(code).message).toContain('UPD-B');
      const role = await t.call('PATCH', `/api/v1/companies/${a.id}`, { as: admin.headers, body: { roles: ['consignee'] } });
      expect(role.status).toBe(409);
      expect(expectErrorShape(role).details).toEqual([{ path: 'roles', message: 'Shipper role in use.' }]);
    });

    it("refuses operations, clients, and a manager on another manager's company", async () => {
      const theirs = await newShipper(t.db, { account_manager_id: manager2.id });
      const mine = await newConsignee(t.db, { account_manager_id: manager.id });
      await newPair(t.db, theirs.id, mine.id);
      const client = await newUser(t.db, 'client', { companyId: theirs.id });
      for (const who of [ops, client, manager]) {
        const res = await t.call('PATCH', `/api/v1/companies/${theirs.id}`, { as: who.headers, body: { name: 'Hijack' } });
        expect(res.status).toBe(403);
        expectErrorShape(res);
      }
      const stranger = await newShipper(t.db, { account_manager_id: manager2.id });
      expect((await t.call('PATCH', `/api/v1/companies/${stranger.id}`, { as: manager.headers, body: { name: 'x' } })).status).toBe(404);
    });

    it('answers 400 naming the field for bad values', async () => {
      const c = await newShipper(t.db);
      const res = await t.call('PATCH', `/api/v1/companies/${c.id}`, { as: admin.headers, body: { name: '', estAnnualShipments: 1.5 } });
      expect(res.status).toBe(400);
      expect((expectErrorShape(res).details as { path: string }[]).map((d) => d.path).sort()).toEqual(['estAnnualShipments', 'name']);
    });
  });

  describe('POST /api/v1/companies/:id/archive and /unarchive', () => {
    it('archives and unarchives, hiding the company from the default list, and audits both', async () => {
      const c = await newShipper(t.db, { code: 'ARC-1' });
      const archived = await t.call('POST', `/api/v1/companies/${c.id}/archive`, { as: admin.headers });
      expect(archived.status).toBe(200);
      expect(archived.body.archivedAt).not.toBeNull();
      expect((await t.call('GET', '/api/v1/companies?q=ARC-1', { as: admin.headers })).body.items).toEqual([]);
      const back = await t.call('POST', `/api/v1/companies/${c.id}/unarchive`, { as: admin.headers });
      expect(back.body.archivedAt).toBeNull();
      expect((await auditOf(t, 'company', c.id)).map((a) => a.action)).toEqual(['archive', 'unarchive']);
    });

    it('refuses operations (403) and hides other tenants (404)', async () => {
      const c = await newShipper(t.db, { account_manager_id: manager2.id });
      expect((await t.call('POST', `/api/v1/companies/${c.id}/archive`, { as: ops.headers })).status).toBe(403);
      expect((await t.call('POST', `/api/v1/companies/${c.id}/archive`, { as: manager.headers })).status).toBe(404);
    });
  });
});
