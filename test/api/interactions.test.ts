import { describe, expect, it } from 'vitest';
import { useStaff } from '../helpers/staff';
import { useTestApp, expectErrorShape, errorPaths as paths } from '../helpers/test-app';
import { newCompany, newConsignee, newDepartment, newPair, newShipper, newUser } from '../helpers/factories';


describe('interactions API', () => {
  const t = useTestApp();
  const { admin, manager, ops } = useStaff(t, { name: 'Wang Li' });

  describe('POST /api/v1/companies/:id/interactions', () => {
    it('records a call owned by the caller, with its department and pair, and audits it', async () => {
      const c = await newShipper(t.db, { account_manager_id: manager.id });
      const d = await newDepartment(t.db, c.id, { name: 'Logistics' });
      const pair = await newPair(t.db, c.id, (await newConsignee(t.db)).id);
      const res = await t.call('POST', `/api/v1/companies/${c.id}/interactions`, {
        as: manager.headers,
        body: { kind: 'call', occurredAt: '2026-11-20T10:00:00+08:00', departmentId: d.id, pairId: pair.id, summary: '确认旺季运力 Peak capacity confirmed' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        companyId: c.id, kind: 'call', occurredAt: '2026-11-20T02:00:00.000Z', departmentId: d.id, departmentName: 'Logistics', pairId: pair.id,
        ownerId: manager.id, ownerName: 'Wang Li', openedAt: null, resolvedAt: null, open: false, resolutionHours: null,
      });
      const audit = await t.db.selectFrom('audit_log').select(['action', 'user_id']).where('entity', '=', 'interaction').where('entity_id', '=', String(res.body.id)).execute();
      expect(audit).toEqual([{ action: 'create', user_id: manager.id }]);
    });

    it('opens a complaint at its occurred time by default, and reports the resolution hours once resolved', async () => {
      const c = await newShipper(t.db);
      const url = `/api/v1/companies/${c.id}/interactions`;
      const opened = await t.call('POST', url, { as: admin.headers, body: { kind: 'complaint', occurredAt: '2026-11-01T09:00:00Z', summary: 'Late deliveries' } });
      expect(opened.status).toBe(201);
      expect(opened.body).toMatchObject({ openedAt: '2026-11-01T09:00:00.000Z', resolvedAt: null, open: true, resolutionHours: null });
      const resolved = await t.call('PATCH', `${url}/${opened.body.id}`, { as: admin.headers, body: { resolvedAt: '2026-11-02T15:30:00Z' } });
      expect(resolved.status).toBe(200);
      // 09:00 on the 1st to 15:30 on the 2nd: 30.5 hours
      expect(resolved.body).toMatchObject({ resolvedAt: '2026-11-02T15:30:00.000Z', open: false, resolutionHours: 30.5 });
      const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'interaction').where('entity_id', '=', String(opened.body.id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'resolve']);
      const reopened = await t.call('PATCH', `${url}/${opened.body.id}`, { as: admin.headers, body: { resolvedAt: null } });
      expect(reopened.body).toMatchObject({ open: true, resolutionHours: null });
    });

    it('keeps an explicit opened time of a claim, before the occurred time', async () => {
      const c = await newShipper(t.db);
      const res = await t.call('POST', `/api/v1/companies/${c.id}/interactions`, {
        as: admin.headers,
        body: { kind: 'claim', occurredAt: '2026-10-05T08:00:00Z', openedAt: '2026-10-03T08:00:00Z', resolvedAt: '2026-10-13T20:00:00Z', summary: 'Damaged pallets' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ openedAt: '2026-10-03T08:00:00.000Z', open: false, resolutionHours: 252 });
    });

    it.each([
      ['no kind', { occurredAt: '2026-11-01T09:00:00Z', summary: 'x' }, 'kind'],
      ['an unknown kind', { kind: 'fax', occurredAt: '2026-11-01T09:00:00Z', summary: 'x' }, 'kind'],
      ['a time without offset', { kind: 'call', occurredAt: '2026-11-01 09:00', summary: 'x' }, 'occurredAt'],
      ['an empty summary', { kind: 'call', occurredAt: '2026-11-01T09:00:00Z', summary: '  ' }, 'summary'],
      ['a resolved call', { kind: 'call', occurredAt: '2026-11-01T09:00:00Z', summary: 'x', resolvedAt: '2026-11-02T09:00:00Z' }, 'resolvedAt'],
      ['an opened visit', { kind: 'visit', occurredAt: '2026-11-01T09:00:00Z', summary: 'x', openedAt: '2026-11-01T09:00:00Z' }, 'openedAt'],
      ['a complaint resolved before it opened', { kind: 'complaint', occurredAt: '2026-11-05T09:00:00Z', summary: 'x', resolvedAt: '2026-11-04T09:00:00Z' }, 'resolvedAt'],
      ['an unknown field', { kind: 'call', occurredAt: '2026-11-01T09:00:00Z', summary: 'x', mood: 'angry' }, '(root)'],
    ])('answers 400 for %s, naming the field', async (_label, body, path) => {
      const c = await newShipper(t.db);
      const res = await t.call('POST', `/api/v1/companies/${c.id}/interactions`, { as: admin.headers, body });
      expect(res.status).toBe(400);
      expect(paths(res)).toContain(path);
    });

    it('answers 400 naming the field when the department, pair or owner does not fit the company', async () => {
      const c = await newShipper(t.db);
      const other = await newShipper(t.db);
      const foreignDept = await newDepartment(t.db, other.id);
      const foreignPair = await newPair(t.db, other.id, (await newConsignee(t.db)).id);
      const client = await newUser(t.db, 'client', { companyId: c.id });
      const base = { kind: 'complaint', occurredAt: '2026-11-01T09:00:00Z', summary: 'x' };
      const url = `/api/v1/companies/${c.id}/interactions`;
      const dept = await t.call('POST', url, { as: admin.headers, body: { ...base, departmentId: foreignDept.id } });
      expect([dept.status, paths(dept)]).toEqual([400, ['departmentId']]);
      const pair = await t.call('POST', url, { as: admin.headers, body: { ...base, pairId: foreignPair.id } });
      expect([pair.status, paths(pair)]).toEqual([400, ['pairId']]);
      const owner = await t.call('POST', url, { as: admin.headers, body: { ...base, ownerId: client.id } });
      expect([owner.status, paths(owner)]).toEqual([400, ['ownerId']]);
    });

    it("refuses operations and clients (403) and hides another tenant's company (404)", async () => {
      const c = await newShipper(t.db);
      const client = await newUser(t.db, 'client', { companyId: c.id });
      const body = { kind: 'call', occurredAt: '2026-11-01T09:00:00Z', summary: 'x' };
      for (const who of [ops, client]) expect((await t.call('POST', `/api/v1/companies/${c.id}/interactions`, { as: who.headers, body })).status).toBe(403);
      const res = await t.call('POST', `/api/v1/companies/${c.id}/interactions`, { as: manager.headers, body });
      expect(res.status).toBe(404);
      expectErrorShape(res);
    });
  });

  describe('GET /api/v1/companies/:id/interactions', () => {
    it('lists newest first and filters open cases, kind and period', async () => {
      const c = await newCompany(t.db, { account_manager_id: manager.id });
      const add = (values: { kind: 'call' | 'complaint' | 'claim'; occurred_at: string; resolved_at?: string }) =>
        t.db.insertInto('interactions').values({
          company_id: c.id, summary: values.kind, kind: values.kind, occurred_at: values.occurred_at,
          opened_at: values.kind === 'call' ? null : values.occurred_at, resolved_at: values.resolved_at ?? null,
        }).returning('id').executeTakeFirstOrThrow();
      const call = await add({ kind: 'call', occurred_at: '2026-09-01T00:00:00Z' });
      const openComplaint = await add({ kind: 'complaint', occurred_at: '2026-11-01T00:00:00Z' });
      const closedClaim = await add({ kind: 'claim', occurred_at: '2026-10-01T00:00:00Z', resolved_at: '2026-10-03T00:00:00Z' });
      const url = `/api/v1/companies/${c.id}/interactions`;
      const all = await t.call('GET', url, { as: manager.headers });
      expect(all.body.items.map((i: { id: number }) => i.id)).toEqual([openComplaint.id, closedClaim.id, call.id]);
      expect(all.body.meta).toEqual({ page: 1, pageSize: 50, total: 3, pages: 1 });
      expect((await t.call('GET', `${url}?open=true`, { as: ops.headers })).body.items.map((i: { id: number }) => i.id)).toEqual([openComplaint.id]);
      expect((await t.call('GET', `${url}?open=false`, { as: ops.headers })).body.items.map((i: { id: number }) => i.id)).toEqual([closedClaim.id, call.id]);
      expect((await t.call('GET', `${url}?kind=claim`, { as: admin.headers })).body.items[0]).toMatchObject({ id: closedClaim.id, resolutionHours: 48 });
      const period = await t.call('GET', `${url}?from=2026-09-15T00:00:00Z&to=2026-10-15T00:00:00Z`, { as: admin.headers });
      expect(period.body.items.map((i: { id: number }) => i.id)).toEqual([closedClaim.id]);
      const one = await t.call('GET', `${url}/${call.id}`, { as: admin.headers });
      expect(one.body).toMatchObject({ id: call.id, kind: 'call' });
    });

    it('answers 400 for malformed filters', async () => {
      const c = await newCompany(t.db);
      const res = await t.call('GET', `/api/v1/companies/${c.id}/interactions?open=maybe&from=yesterday`, { as: admin.headers });
      expect(res.status).toBe(400);
      expect(paths(res).sort()).toEqual(['from', 'open']);
    });

    it("keeps interactions from clients (403) and other tenants (404)", async () => {
      const c = await newCompany(t.db);
      const other = await newCompany(t.db);
      const i = await t.db.insertInto('interactions').values({ company_id: other.id, kind: 'call', occurred_at: new Date(), summary: 'x' }).returning('id').executeTakeFirstOrThrow();
      const client = await newUser(t.db, 'client', { companyId: c.id });
      expect((await t.call('GET', `/api/v1/companies/${c.id}/interactions`, { as: client.headers })).status).toBe(403);
      expect((await t.call('GET', `/api/v1/companies/${other.id}/interactions`, { as: manager.headers })).status).toBe(404);
      expect((await t.call('GET', `/api/v1/companies/${c.id}/interactions/${i.id}`, { as: admin.headers })).status).toBe(404);
      expect((await t.call('PATCH', `/api/v1/companies/${c.id}/interactions/${i.id}`, { as: admin.headers, body: { summary: 'y' } })).status).toBe(404);
    });
  });
});
