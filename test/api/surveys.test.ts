import { describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newCompany, newConsignee, newDepartment, newPair, newShipper, newUser } from '../helpers/factories';

describe('POST /api/v1/surveys', () => {
  const t = useTestApp();

  async function world() {
    const manager = await newUser(t.db, 'manager');
    const shipper = await newShipper(t.db, { account_manager_id: manager.id });
    const consignee = await newConsignee(t.db);
    const stranger = await newShipper(t.db);
    const pair = await newPair(t.db, shipper.id, consignee.id);
    const finance = await newDepartment(t.db, shipper.id, { kind: 'finance', name: 'Finance' });
    const receiving = await newDepartment(t.db, consignee.id, { kind: 'warehouse', name: 'Receiving' });
    const strangerDept = await newDepartment(t.db, stranger.id, { name: 'Their logistics' });
    const client = await newUser(t.db, 'client', { companyId: shipper.id });
    const consigneeClient = await newUser(t.db, 'client', { companyId: consignee.id });
    const admin = await newUser(t.db, 'admin');
    return { manager, shipper, consignee, stranger, pair, finance, receiving, strangerDept, client, consigneeClient, admin };
  }

  it('lets a client answer for a department of its own company, on the portal, and audits it', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', {
      as: w.client.headers,
      body: { departmentId: w.finance.id, timeliness: 5, accuracy: 4, billing: 2, valueAdded: 3, recommend: 9, comment: 'Invoices late' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      companyId: w.shipper.id, departmentId: w.finance.id, departmentName: 'Finance', pairId: null, side: 'shipper', channel: 'portal',
      respondentUserId: w.client.id, timeliness: 5, accuracy: 4, condition: null, billing: 2, proactiveness: null,
      communication: null, valueAdded: 3, recommend: 9, comment: 'Invoices late',
    });
    const audit = await t.db.selectFrom('audit_log').selectAll()
      .where('entity', '=', 'survey_response').where('entity_id', '=', String(res.body.id)).executeTakeFirst();
    expect(audit).toMatchObject({ action: 'create', user_id: w.client.id });
  });

  it('takes the side from the pair: the consignee answering about its shipper', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', {
      as: w.consigneeClient.headers, body: { departmentId: w.receiving.id, pairId: w.pair.id, condition: 2, recommend: 4 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ companyId: w.consignee.id, pairId: w.pair.id, side: 'consignee' });
  });

  it('lets a manager record a survey taken by phone earlier, for a company in the portfolio', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', {
      as: w.manager.headers,
      body: { companyId: w.shipper.id, departmentId: w.finance.id, respondentName: 'Ms Li', submittedAt: '2026-10-01T08:00:00+08:00', proactiveness: 4 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ channel: 'phone', respondentName: 'Ms Li', respondentUserId: w.manager.id, submittedAt: '2026-10-01T00:00:00.000Z' });
  });

  it('answers 404 for a department of someone else’s company', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', { as: w.client.headers, body: { departmentId: w.strangerDept.id, timeliness: 4 } });
    expect(res.status).toBe(404);
    expectErrorShape(res);
  });

  it('answers 404 when a client names another company', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', {
      as: w.client.headers, body: { companyId: w.stranger.id, departmentId: w.strangerDept.id, timeliness: 4 },
    });
    expect(res.status).toBe(404);
  });

  it('answers 404 when a manager records for a company outside the portfolio', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', {
      as: w.manager.headers, body: { companyId: w.stranger.id, departmentId: w.strangerDept.id, timeliness: 4 },
    });
    expect(res.status).toBe(404);
  });

  it('answers 400 for a department that is not of the stated company', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', {
      as: w.admin.headers, body: { companyId: w.shipper.id, departmentId: w.strangerDept.id, timeliness: 4 },
    });
    expect(res.status).toBe(400);
    expect(expectErrorShape(res).details).toEqual([expect.objectContaining({ path: 'departmentId' })]);
  });

  it('answers 404 for a department that does not exist', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', { as: w.client.headers, body: { departmentId: 999999, timeliness: 4 } });
    expect(res.status).toBe(404);
  });

  it.each([
    ['timeliness', 6], ['accuracy', 0], ['condition', 3.5], ['valueAdded', -1], ['recommend', 11], ['recommend', -1], ['billing', '4'],
  ])('rejects %s = %s and names the item', async (item, value) => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', { as: w.client.headers, body: { departmentId: w.finance.id, [item]: value } });
    expect(res.status).toBe(400);
    const error = expectErrorShape(res);
    expect(error.details).toEqual([expect.objectContaining({ path: item })]);
  });

  it('accepts the edges of each scale', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', {
      as: w.client.headers, body: { departmentId: w.finance.id, timeliness: 1, accuracy: 5, recommend: 0 },
    });
    expect(res.status).toBe(201);
    // one answer per department and period: the other edge from a colleague
    const colleague = await newUser(t.db, 'client', { companyId: w.shipper.id });
    const ten = await t.call('POST', '/api/v1/surveys', { as: colleague.headers, body: { departmentId: w.finance.id, recommend: 10 } });
    expect(ten.status).toBe(201);
  });

  it.each([
    ['no item answered', { }, '(root)'],
    ['an unknown field', { timeliness: 4, mood: 'good' }, '(root)'],
    ['a client choosing the phone channel', { timeliness: 4, channel: 'phone' }, 'channel'],
    ['a client backdating', { timeliness: 4, submittedAt: '2026-01-01T00:00:00Z' }, 'submittedAt'],
    ['the consignee side for a shipper-only company', { timeliness: 4, side: 'consignee' }, 'side'],
    ['an unknown side', { timeliness: 4, side: 'both' }, 'side'],
    ['a missing department', { timeliness: 4, departmentId: undefined }, 'departmentId'],
  ])('rejects %s with a 400', async (_label, body, path) => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', { as: w.client.headers, body: { departmentId: w.finance.id, ...body } });
    expect(res.status).toBe(400);
    const details = expectErrorShape(res).details as { path: string }[];
    if (path !== '(root)') expect(details.map((d) => d.path)).toContain(path);
  });

  it('rejects a side that contradicts the pair, and a pair the company is not in', async () => {
    const w = await world();
    const wrongSide = await t.call('POST', '/api/v1/surveys', {
      as: w.client.headers, body: { departmentId: w.finance.id, pairId: w.pair.id, side: 'consignee', timeliness: 3 },
    });
    expect(wrongSide.status).toBe(400);
    expect(expectErrorShape(wrongSide).details).toEqual([expect.objectContaining({ path: 'side' })]);
    const otherPair = await newPair(t.db, w.stranger.id, w.consignee.id);
    const notMine = await t.call('POST', '/api/v1/surveys', {
      as: w.admin.headers, body: { companyId: w.shipper.id, departmentId: w.finance.id, pairId: otherPair.id, timeliness: 3 },
    });
    expect(notMine.status).toBe(400);
    const hidden = await t.call('POST', '/api/v1/surveys', {
      as: w.client.headers, body: { departmentId: w.finance.id, pairId: otherPair.id, timeliness: 3 },
    });
    expect(hidden.status).toBe(404);
  });

  it('rejects a future date from staff', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', {
      as: w.admin.headers, body: { companyId: w.shipper.id, departmentId: w.finance.id, submittedAt: '2999-01-01T00:00:00Z', timeliness: 3 },
    });
    expect(res.status).toBe(400);
  });

  it('needs the side for a company that is both shipper and consignee', async () => {
    const both = await newCompany(t.db, { is_shipper: true, is_consignee: true });
    const dept = await newDepartment(t.db, both.id);
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('POST', '/api/v1/surveys', { as: admin.headers, body: { companyId: both.id, departmentId: dept.id, timeliness: 3 } });
    expect(res.status).toBe(400);
    expect(expectErrorShape(res).details).toEqual([expect.objectContaining({ path: 'side' })]);
    const ok = await t.call('POST', '/api/v1/surveys', { as: admin.headers, body: { companyId: both.id, departmentId: dept.id, side: 'consignee', timeliness: 3 } });
    expect(ok.status).toBe(201);
  });

  it('refuses operations staff (403) and anonymous callers (401)', async () => {
    const w = await world();
    const ops = await newUser(t.db, 'operations');
    const res = await t.call('POST', '/api/v1/surveys', { as: ops.headers, body: { companyId: w.shipper.id, departmentId: w.finance.id, timeliness: 4 } });
    expect(res.status).toBe(403);
    expectErrorShape(res);
    const anon = await t.call('POST', '/api/v1/surveys', { body: { departmentId: w.finance.id, timeliness: 4 } });
    expect(anon.status).toBe(401);
  });

  it('answers malformed JSON with a 400', async () => {
    const w = await world();
    const res = await t.call('POST', '/api/v1/surveys', { as: w.client.headers, raw: '{"departmentId":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expectErrorShape(res);
  });
});

describe('GET /api/v1/surveys', () => {
  const t = useTestApp();

  it('lists only the responses of companies the caller sees, newest first', async () => {
    const mine = await newShipper(t.db);
    const other = await newShipper(t.db);
    const myDept = await newDepartment(t.db, mine.id);
    const otherDept = await newDepartment(t.db, other.id);
    await t.db.insertInto('survey_responses').values([
      { company_id: mine.id, department_id: myDept.id, side: 'shipper', timeliness: 4, submitted_at: new Date('2026-09-01T00:00:00Z') },
      { company_id: mine.id, department_id: myDept.id, side: 'shipper', timeliness: 2, submitted_at: new Date('2026-10-01T00:00:00Z') },
      { company_id: other.id, department_id: otherDept.id, side: 'shipper', timeliness: 5 },
    ]).execute();
    const client = await newUser(t.db, 'client', { companyId: mine.id });
    const res = await t.call('GET', '/api/v1/surveys', { as: client.headers });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((i: { timeliness: number }) => i.timeliness)).toEqual([2, 4]);

    const filtered = await t.call('GET', `/api/v1/surveys?companyId=${mine.id}&from=2026-09-15T00:00:00Z`, { as: client.headers });
    expect(filtered.body.items.map((i: { timeliness: number }) => i.timeliness)).toEqual([2]);

    const hidden = await t.call('GET', `/api/v1/surveys?companyId=${other.id}`, { as: client.headers });
    expect(hidden.status).toBe(404);

    const admin = await newUser(t.db, 'admin');
    const all = await t.call('GET', `/api/v1/surveys?companyId=${other.id}`, { as: admin.headers });
    expect(all.body.items).toHaveLength(1);
  });

  it('rejects bad filters with a 400', async () => {
    const admin = await newUser(t.db, 'admin');
    for (const q of ['companyId=abc', 'side=both', 'from=yesterday', 'pageSize=0']) {
      const res = await t.call('GET', `/api/v1/surveys?${q}`, { as: admin.headers });
      expect(res.status, q).toBe(400);
      expectErrorShape(res);
    }
  });

  it('refuses operations staff', async () => {
    const ops = await newUser(t.db, 'operations');
    expect((await t.call('GET', '/api/v1/surveys', { as: ops.headers })).status).toBe(403);
  });
});
