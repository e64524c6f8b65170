import { describe, expect, it } from 'vitest';
import { useStaff } from '../helpers/staff';
import { useTestApp, expectErrorShape, errorPaths as paths } from '../helpers/test-app';
import { newCompany, newContact, newDepartment, newShipper, newUser } from '../helpers/factories';

const weightsOf = (items: { name: string; weight: number | null; effectiveWeight: number }[]) =>
  Object.fromEntries(items.map((d) => [d.name, [d.weight, Number(d.effectiveWeight.toFixed(4))]]));

describe('departments and contacts API', () => {
  const t = useTestApp();
  const { admin, manager, ops } = useStaff(t);

  describe('/api/v1/companies/:id/departments', () => {
    it('shares what the given weights leave equally among unweighted departments', async () => {
      const c = await newShipper(t.db, { account_manager_id: manager.id });
      const url = `/api/v1/companies/${c.id}/departments`;
      const procurement = await t.call('POST', url, { as: manager.headers, body: { kind: 'procurement', name: '采购部', weight: 0.4 } });
      expect(procurement.status).toBe(201);
      expect(procurement.body).toMatchObject({ kind: 'procurement', name: '采购部', weight: 0.4, effectiveWeight: 0.4, keyContactId: null });
      await t.call('POST', url, { as: manager.headers, body: { kind: 'warehouse', name: 'Warehouse' } });
      await t.call('POST', url, { as: manager.headers, body: { kind: 'finance', name: 'Finance', weight: null } });
      // 1 − 0.4 = 0.6 shared by two: 0.3 each
      expect(weightsOf((await t.call('GET', url, { as: admin.headers })).body.items)).toEqual({
        采购部: [0.4, 0.4], Warehouse: [null, 0.3], Finance: [null, 0.3],
      });
      const logistics = await t.call('POST', url, { as: manager.headers, body: { kind: 'logistics', name: 'Logistics', weight: 0.5 } });
      expect(logistics.status).toBe(201);
      // 1 − 0.9 = 0.1 shared by two: 0.05 each
      expect(weightsOf((await t.call('GET', url, { as: admin.headers })).body.items)).toEqual({
        采购部: [0.4, 0.4], Warehouse: [null, 0.05], Finance: [null, 0.05], Logistics: [0.5, 0.5],
      });
      const over = await t.call('POST', url, { as: manager.headers, body: { kind: 'sales', name: 'Sales', weight: 0.2 } });
      expect(over.status).toBe(400);
      expect(expectErrorShape(over).details).toEqual([{ path: 'weight', code: 'departments.weight_left', params: { left: 0.1 }, message: 'At most 0.1 is left to give.' }]);
      const lowered = await t.call('PATCH', `${url}/${logistics.body.id}`, { as: manager.headers, body: { weight: 0.6 } });
      expect(lowered.status).toBe(200);
      expect(lowered.body.effectiveWeight).toBe(0.6);
      const tooMuch = await t.call('PATCH', `${url}/${logistics.body.id}`, { as: manager.headers, body: { weight: 0.7 } });
      expect(tooMuch.status).toBe(400);
      expect(paths(tooMuch)).toEqual(['weight']);
      const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'department').where('entity_id', '=', String(logistics.body.id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    });

    it.each([
      [{ name: 'X' }, 'kind'],
      [{ kind: 'marketing', name: 'X' }, 'kind'],
      [{ kind: 'sales', name: '' }, 'name'],
      [{ kind: 'sales', name: 'X', weight: 0 }, 'weight'],
      [{ kind: 'sales', name: 'X', weight: 1.5 }, 'weight'],
      [{ kind: 'sales', name: 'X', weight: '0.5' }, 'weight'],
      [{ kind: 'sales', name: 'X', boss: 'Li' }, '(root)'],
    ])('answers 400 for %j, naming %s', async (body, path) => {
      const c = await newShipper(t.db);
      const res = await t.call('POST', `/api/v1/companies/${c.id}/departments`, { as: admin.headers, body });
      expect(res.status).toBe(400);
      expect(paths(res)).toContain(path);
    });

    it("answers 409 for a name in use, and 400 for a key contact of another company", async () => {
      const c = await newShipper(t.db);
      const other = await newShipper(t.db);
      await newDepartment(t.db, c.id, { name: 'Finance' });
      const dup = await t.call('POST', `/api/v1/companies/${c.id}/departments`, { as: admin.headers, body: { kind: 'finance', name: 'Finance' } });
      expect(dup.status).toBe(409);
      expect(paths(dup)).toEqual(['name']);
      const foreign = await newContact(t.db, other.id);
      const res = await t.call('POST', `/api/v1/companies/${c.id}/departments`, { as: admin.headers, body: { kind: 'sales', name: 'Sales', keyContactId: foreign.id } });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['keyContactId']);
      const own = await newContact(t.db, c.id, { name: 'Li Na' });
      const ok = await t.call('POST', `/api/v1/companies/${c.id}/departments`, { as: admin.headers, body: { kind: 'sales', name: 'Sales', keyContactId: own.id } });
      expect(ok.body).toMatchObject({ keyContactId: own.id, keyContactName: 'Li Na' });
    });

    it('deletes a department without history, unlinking its contacts, and refuses one with interactions (409)', async () => {
      const c = await newShipper(t.db);
      const empty = await newDepartment(t.db, c.id);
      const person = await newContact(t.db, c.id, { department_id: empty.id });
      const del = await t.call('DELETE', `/api/v1/companies/${c.id}/departments/${empty.id}`, { as: admin.headers });
      expect(del.status).toBe(204);
      expect((await t.db.selectFrom('contacts').select('department_id').where('id', '=', person.id).executeTakeFirstOrThrow()).department_id).toBeNull();
      const used = await newDepartment(t.db, c.id);
      await t.db.insertInto('interactions').values({ company_id: c.id, kind: 'call', occurred_at: new Date(), department_id: used.id, summary: 'x' }).execute();
      const refused = await t.call('DELETE', `/api/v1/companies/${c.id}/departments/${used.id}`, { as: admin.headers });
      expect(refused.status).toBe(409);
      expect(expectErrorShape(refused).message).toContain('1 interaction');
    });

    it("lets a client read its own departments but not write them, and hides other companies' (404)", async () => {
      const mine = await newCompany(t.db);
      const theirs = await newCompany(t.db);
      const d = await newDepartment(t.db, mine.id, { name: 'Receiving' });
      const client = await newUser(t.db, 'client', { companyId: mine.id });
      const own = await t.call('GET', `/api/v1/companies/${mine.id}/departments`, { as: client.headers });
      expect(own.body.items.map((x: { name: string }) => x.name)).toEqual(['Receiving']);
      expect((await t.call('GET', `/api/v1/companies/${theirs.id}/departments`, { as: client.headers })).status).toBe(404);
      expect((await t.call('GET', `/api/v1/companies/${theirs.id}/departments`, { as: manager.headers })).status).toBe(404);
      for (const who of [client, ops]) {
        expect((await t.call('POST', `/api/v1/companies/${mine.id}/departments`, { as: who.headers, body: { kind: 'other', name: 'X' } })).status).toBe(403);
        expect((await t.call('PATCH', `/api/v1/companies/${mine.id}/departments/${d.id}`, { as: who.headers, body: { name: 'Y' } })).status).toBe(403);
      }
      expect((await t.call('PATCH', `/api/v1/companies/${theirs.id}/departments/${d.id}`, { as: admin.headers, body: { name: 'Y' } })).status).toBe(404);
    });
  });

  describe('/api/v1/companies/:id/contacts', () => {
    it('adds, changes and archives a contact, auditing each, and drops it as key contact', async () => {
      const c = await newShipper(t.db, { account_manager_id: manager.id });
      const d = await newDepartment(t.db, c.id, { name: 'Warehouse' });
      const url = `/api/v1/companies/${c.id}/contacts`;
      const created = await t.call('POST', url, {
        as: manager.headers,
        body: { name: '张伟 Zhang Wei', departmentId: d.id, title: '仓库主管', email: 'zhang.wei@example.cn', phone: '+86 21 5555-0101', preferredChannel: 'wechat' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ companyId: c.id, departmentId: d.id, name: '张伟 Zhang Wei', title: '仓库主管', preferredChannel: 'wechat', archivedAt: null });
      await t.db.updateTable('departments').set({ key_contact_id: created.body.id }).where('id', '=', d.id).execute();
      const changed = await t.call('PATCH', `${url}/${created.body.id}`, { as: manager.headers, body: { title: 'Head of receiving', departmentId: null } });
      expect(changed.body).toMatchObject({ title: 'Head of receiving', departmentId: null });
      const archived = await t.call('DELETE', `${url}/${created.body.id}`, { as: manager.headers });
      expect(archived.status).toBe(200);
      expect(archived.body.archivedAt).not.toBeNull();
      expect((await t.call('GET', url, { as: admin.headers })).body.items).toEqual([]);
      expect((await t.call('GET', `${url}?archived=true`, { as: admin.headers })).body.items).toHaveLength(1);
      expect((await t.db.selectFrom('departments').select('key_contact_id').where('id', '=', d.id).executeTakeFirstOrThrow()).key_contact_id).toBeNull();
      const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'contact').where('entity_id', '=', String(created.body.id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'archive']);
    });

    it.each([
      [{}, 'name'],
      [{ name: 'A', email: 'not-an-email' }, 'email'],
      [{ name: 'A', phone: 'call me' }, 'phone'],
      [{ name: 'A', preferredChannel: 'pigeon' }, 'preferredChannel'],
      [{ name: 'A', departmentId: 'x' }, 'departmentId'],
      [{ name: 'A', age: 30 }, '(root)'],
    ])('answers 400 for %j, naming %s', async (body, path) => {
      const c = await newShipper(t.db);
      const res = await t.call('POST', `/api/v1/companies/${c.id}/contacts`, { as: admin.headers, body });
      expect(res.status).toBe(400);
      expect(paths(res)).toContain(path);
    });

    it('answers 400 for a department of another company, 404 for a contact of another company', async () => {
      const c = await newShipper(t.db);
      const other = await newShipper(t.db);
      const foreignDept = await newDepartment(t.db, other.id);
      const res = await t.call('POST', `/api/v1/companies/${c.id}/contacts`, { as: admin.headers, body: { name: 'A', departmentId: foreignDept.id } });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['departmentId']);
      const foreignContact = await newContact(t.db, other.id);
      expect((await t.call('PATCH', `/api/v1/companies/${c.id}/contacts/${foreignContact.id}`, { as: admin.headers, body: { name: 'B' } })).status).toBe(404);
    });

    it("lets a client read its own contacts only, and write none", async () => {
      const mine = await newCompany(t.db);
      const theirs = await newCompany(t.db);
      await newContact(t.db, mine.id, { name: 'Own person' });
      const client = await newUser(t.db, 'client', { companyId: mine.id });
      expect((await t.call('GET', `/api/v1/companies/${mine.id}/contacts`, { as: client.headers })).body.items.map((x: { name: string }) => x.name)).toEqual(['Own person']);
      expect((await t.call('GET', `/api/v1/companies/${theirs.id}/contacts`, { as: client.headers })).status).toBe(404);
      expect((await t.call('POST', `/api/v1/companies/${mine.id}/contacts`, { as: client.headers, body: { name: 'X' } })).status).toBe(403);
      expect((await t.call('POST', `/api/v1/companies/${mine.id}/contacts`, { as: ops.headers, body: { name: 'X' } })).status).toBe(403);
      expect((await t.call('POST', `/api/v1/companies/${theirs.id}/contacts`, { as: manager.headers, body: { name: 'X' } })).status).toBe(404);
    });
  });
});
