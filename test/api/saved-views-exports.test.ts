import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { errorPaths, expectErrorShape, useTestApp } from '../helpers/test-app';
import { newConsignee, newContract, newDelivery, newPair, newShipper, newUser } from '../helpers/factories';

const rowsOf = (text: string) => parse(text.replace(/^\uFEFF/, '')) as string[][];

describe('saved views (/api/v1/saved-views)', () => {
  const t = useTestApp();

  it('keeps, lists, renames and deletes a user\'s own views of a list', async () => {
    const manager = await newUser(t.db, 'manager');
    const other = await newUser(t.db, 'manager');
    const created = await t.call('POST', '/api/v1/saved-views', { as: manager.headers, body: { list: 'companies', name: 'Declining shippers', search: '?role=shipper&lifecycleStage=decline&page=2' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ list: 'companies', name: 'Declining shippers', search: '?role=shipper&lifecycleStage=decline&page=2' });
    await t.call('POST', '/api/v1/saved-views', { as: manager.headers, body: { list: 'churn', name: 'Top risk', search: '?sort=risk' } });
    const list = await t.call('GET', '/api/v1/saved-views?list=companies', { as: manager.headers });
    expect(list.body.items.map((v: any) => v.name)).toEqual(['Declining shippers']);
    expect((await t.call('GET', '/api/v1/saved-views?list=companies', { as: other.headers })).body.items).toEqual([]);
    const dup = await t.call('POST', '/api/v1/saved-views', { as: manager.headers, body: { list: 'companies', name: 'Declining shippers', search: '' } });
    expect(dup.status).toBe(409);
    expect(expectErrorShape(dup).details).toEqual([expect.objectContaining({ path: 'name', code: 'not_unique' })]);
    const renamed = await t.call('PATCH', `/api/v1/saved-views/${created.body.id}`, { as: manager.headers, body: { name: 'Decline', search: '?' } });
    expect(renamed.body).toMatchObject({ name: 'Decline', search: '' });
    expect((await t.call('PATCH', `/api/v1/saved-views/${created.body.id}`, { as: other.headers, body: { name: 'Mine now' } })).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/saved-views/${created.body.id}`, { as: other.headers })).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/saved-views/${created.body.id}`, { as: manager.headers })).status).toBe(204);
    expect((await t.call('GET', '/api/v1/saved-views?list=companies', { as: manager.headers })).body.items).toEqual([]);
  });

  it('refuses a bad name, a query that is not a query, an unknown list and another role\'s list', async () => {
    const manager = await newUser(t.db, 'manager');
    const ops = await newUser(t.db, 'operations');
    for (const [body, path] of [
      [{ list: 'companies', name: '', search: '' }, 'name'],
      [{ list: 'companies', name: 'x'.repeat(81), search: '' }, 'name'],
      [{ list: 'companies', name: 'No question mark', search: 'role=shipper' }, 'search'],
      [{ list: 'companies', name: 'Too long', search: `?q=${'x'.repeat(2000)}` }, 'search'],
      [{ list: 'invoices', name: 'Unknown list', search: '' }, 'list'],
    ] as const) {
      const res = await t.call('POST', '/api/v1/saved-views', { as: manager.headers, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorPaths(res)).toEqual([path]);
    }
    expect((await t.call('POST', '/api/v1/saved-views', { as: ops.headers, body: { list: 'companies', name: 'No', search: '' } })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/saved-views', { as: ops.headers, body: { list: 'deliveries', name: 'Exceptions', search: '?status=exception' } })).status).toBe(201);
  });
});

describe('CSV exports of the lists (/api/v1/exports)', () => {
  const t = useTestApp();

  it('exports what the list shows, in its scope and order, for staff and clients', async () => {
    const manager = await newUser(t.db, 'manager');
    const a = await newShipper(t.db, { code: 'EXA', name: 'Alpha Export', account_manager_id: manager.id, region: 'East' });
    const b = await newShipper(t.db, { code: 'EXB', name: '=Beta Export', account_manager_id: manager.id, region: 'West' });
    await newShipper(t.db, { code: 'EXC', name: 'Not yours' });
    const consignee = await newConsignee(t.db, { code: 'EXK', name: 'Consignee Export' });
    await newPair(t.db, a.id, consignee.id);
    const contract = await newContract(t.db, a.id, { code: 'EX-K1', monthly_fee: 1234 });
    await t.db.insertInto('contract_consignees').values({ contract_id: contract.id, consignee_id: consignee.id }).execute();
    await newDelivery(t.db, a.id, consignee.id, { tracking_no: 'EX-T1', contract_id: contract.id });

    const companies = await t.call('GET', '/api/v1/exports/companies.csv?sort=name&order=desc&role=shipper', { as: manager.headers });
    expect(companies.status).toBe(200);
    const rows = rowsOf(companies.text);
    expect(rows[0].slice(0, 3)).toEqual(['code', 'name', 'roles']);
    expect(rows.slice(1).map((r) => r[1]).sort()).toEqual(["'=Beta Export", 'Alpha Export']);
    const json = await t.call('GET', '/api/v1/companies?sort=name&order=desc&role=shipper', { as: manager.headers });
    expect(json.body.items.map((c: any) => c.code)).toEqual(rows.slice(1).map((r) => r[0]));

    const consigneeClient = await newUser(t.db, 'client', { companyId: consignee.id });
    const theirContracts = rowsOf((await t.call('GET', '/api/v1/exports/contracts.csv', { as: consigneeClient.headers })).text);
    const header = theirContracts[0];
    expect(theirContracts.slice(1).map((r) => r[0])).toEqual(['EX-K1']);
    expect(header).not.toContain('monthly_fee');
    expect(header).not.toContain('credit_tiers');
    expect(theirContracts[1][header.indexOf('otif_target')]).toBe('0.93');
    const shipperClient = await newUser(t.db, 'client', { companyId: a.id });
    const own = rowsOf((await t.call('GET', '/api/v1/exports/contracts.csv', { as: shipperClient.headers })).text);
    expect(own[1][own[0].indexOf('monthly_fee')]).toBe('1234');

    const deliveries = rowsOf((await t.call('GET', '/api/v1/exports/deliveries.csv', { as: consigneeClient.headers })).text);
    expect(deliveries.slice(1).map((r) => r[0])).toEqual(['EX-T1']);
    expect(deliveries[0]).not.toContain('revenue');
    expect(deliveries[0]).not.toContain('cost');
    expect((await t.call('GET', '/api/v1/exports/churn.csv', { as: shipperClient.headers })).status).toBe(403);
    const bad = await t.call('GET', '/api/v1/exports/deliveries.csv?promisedFrom=2026-02-30', { as: manager.headers });
    expect(bad.status).toBe(400);
    expect(errorPaths(bad)).toEqual(['promisedFrom']);
  });
});
