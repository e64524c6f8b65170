import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { errorPaths, expectErrorShape, useTestApp } from '../helpers/test-app';
import { newConsignee, newContract, newPair, newShipper, newUser } from '../helpers/factories';
import { addDays, businessDay } from '../../api/domain/business-day';
import { evaluateAlerts } from '../../api/alerts/engine';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

describe('tasks (/api/v1/tasks)', () => {
  const t = useTestApp();
  const today = () => businessDay(new Date(), 'Asia/Shanghai');

  async function portfolio() {
    const manager = await newUser(t.db, 'manager');
    const shipper = await newShipper(t.db, { account_manager_id: manager.id, name: 'Task Shipper' });
    const consignee = await newConsignee(t.db, { account_manager_id: manager.id });
    const pair = await newPair(t.db, shipper.id, consignee.id);
    const contract = await newContract(t.db, shipper.id, { start_date: addDays(today(), -200), end_date: addDays(today(), 200), claim_response_hours: 24 });
    return { manager, shipper, consignee, pair, contract };
  }

  it('creates a task on a company, owned by its creator, and marks it done', async () => {
    const p = await portfolio();
    const due = new Date(Date.now() + 3 * DAY_MS).toISOString();
    const created = await t.call('POST', '/api/v1/tasks', { as: p.manager.headers, body: { title: 'Call the finance head', companyId: p.shipper.id, dueAt: due, priority: 'high', forReview: true } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Call the finance head', ownerId: p.manager.id, companyId: p.shipper.id, companyName: 'Task Shipper', dueAt: due, status: 'open',
      priority: 'high', forReview: true, overdue: false, dueInPastOnCreation: false, warnings: [], canWrite: true, completedAt: null,
    });
    const done = await t.call('PATCH', `/api/v1/tasks/${created.body.id}`, { as: p.manager.headers, body: { status: 'done' } });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect(Date.now() - Date.parse(done.body.completedAt)).toBeLessThan(60_000);
    const open = await t.call('GET', `/api/v1/tasks?companyId=${p.shipper.id}`, { as: p.manager.headers });
    expect(open.body.items).toEqual([]);
    const all = await t.call('GET', `/api/v1/tasks?companyId=${p.shipper.id}&status=all`, { as: p.manager.headers });
    expect(all.body.items.map((x: any) => x.id)).toEqual([created.body.id]);
    const reopened = await t.call('PATCH', `/api/v1/tasks/${created.body.id}`, { as: p.manager.headers, body: { status: 'open' } });
    expect(reopened.body.completedAt).toBeNull();
  });

  it('accepts a due time in the past and flags it: overdue from the start', async () => {
    const p = await portfolio();
    const past = new Date(Date.now() - DAY_MS).toISOString();
    const res = await t.call('POST', '/api/v1/tasks', { as: p.manager.headers, body: { title: 'Late already', contractId: p.contract.id, dueAt: past } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ companyId: p.shipper.id, contractId: p.contract.id, overdue: true, dueInPastOnCreation: true });
    expect(res.body.warnings).toEqual([expect.objectContaining({ path: 'dueAt', code: 'in_past' })]);
    const overdue = await t.call('GET', '/api/v1/tasks?mine=true&overdue=true', { as: p.manager.headers });
    expect(overdue.body.items.map((x: any) => x.id)).toContain(res.body.id);
  });

  it('makes a task from an alert in one step, pre-filled from the alert', async () => {
    const p = await portfolio();
    const ending = await newShipper(t.db, { account_manager_id: p.manager.id, name: 'Lapsing Co' });
    const contract = await newContract(t.db, ending.id, { start_date: addDays(today(), -300), end_date: addDays(today(), 20) });
    await evaluateAlerts(t.db, t.deps.config, 'manual');
    const alert = (await t.call('GET', `/api/v1/alerts?companyId=${ending.id}`, { as: p.manager.headers })).body.items[0];
    expect(alert.severity).toBe('critical');
    const before = Date.now();
    const res = await t.call('POST', '/api/v1/tasks', { as: p.manager.headers, body: { alertId: alert.id } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: alert.title, alertId: alert.id, companyId: ending.id, contractId: contract.id, priority: 'high', ownerId: p.manager.id });
    const dueIn = Date.parse(res.body.dueAt) - before;
    expect(dueIn).toBeGreaterThan(2 * DAY_MS - 60_000);
    expect(dueIn).toBeLessThan(2 * DAY_MS + 60_000);
    expect((await t.call('GET', `/api/v1/alerts/${alert.id}`, { as: p.manager.headers })).body.openTasks).toBe(1);
    expect((await t.call('GET', `/api/v1/tasks?alertId=${alert.id}`, { as: p.manager.headers })).body.items.map((x: any) => x.id)).toEqual([res.body.id]);
  });

  it('gives a complaint a task due when the contract response target runs out', async () => {
    const p = await portfolio();
    const opened = new Date(Date.now() - 2 * HOUR_MS);
    const complaint = await t.call('POST', `/api/v1/companies/${p.shipper.id}/interactions`, {
      as: p.manager.headers, body: { kind: 'complaint', occurredAt: opened.toISOString(), summary: 'Pallets arrived wet' },
    });
    expect(complaint.status).toBe(201);
    const tasks = (await t.call('GET', `/api/v1/tasks?companyId=${p.shipper.id}`, { as: p.manager.headers })).body.items;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ title: 'Answer the complaint: Pallets arrived wet', interactionId: complaint.body.id, priority: 'high', ownerId: p.manager.id });
    expect(tasks[0].dueAt).toBe(new Date(opened.getTime() + 24 * HOUR_MS).toISOString());
    // a call gets no task; a consignee without a contract of its own falls back to the 48-hour setting
    await t.call('POST', `/api/v1/companies/${p.shipper.id}/interactions`, { as: p.manager.headers, body: { kind: 'call', occurredAt: opened.toISOString(), summary: 'Check-in' } });
    expect((await t.call('GET', `/api/v1/tasks?companyId=${p.shipper.id}`, { as: p.manager.headers })).body.items).toHaveLength(1);
    const lone = await newConsignee(t.db, { account_manager_id: p.manager.id });
    await t.call('POST', `/api/v1/companies/${lone.id}/interactions`, { as: p.manager.headers, body: { kind: 'complaint', occurredAt: opened.toISOString(), summary: 'Rude driver' } });
    const loneTask = (await t.call('GET', `/api/v1/tasks?companyId=${lone.id}`, { as: p.manager.headers })).body.items[0];
    expect(loneTask.dueAt).toBe(new Date(opened.getTime() + 48 * HOUR_MS).toISOString());
  });

  it('answers bad input with a clear 4xx naming the field', async () => {
    const p = await portfolio();
    const stranger = await portfolio();
    const client = await newUser(t.db, 'client', { companyId: p.shipper.id });
    const post = (body: unknown) => t.call('POST', '/api/v1/tasks', { as: p.manager.headers, body });
    const cases: [unknown, number, string, string?][] = [
      [{ title: '', companyId: p.shipper.id }, 400, 'title', 'too_small'],
      [{ title: '   ', companyId: p.shipper.id }, 400, 'title', 'too_small'],
      [{ companyId: p.shipper.id }, 400, 'title', 'required'],
      [{ title: 'x'.repeat(201), companyId: p.shipper.id }, 400, 'title', 'too_big'],
      [{ title: 'No link' }, 400, 'companyId', 'required'],
      [{ title: 'Bad due', companyId: p.shipper.id, dueAt: 'tomorrow' }, 400, 'dueAt'],
      [{ title: 'Bad priority', companyId: p.shipper.id, priority: 'asap' }, 400, 'priority'],
      [{ title: 'Unknown field', companyId: p.shipper.id, colour: 'red' }, 400, '(root)'],
      [{ title: 'Client owner', companyId: p.shipper.id, ownerId: client.id }, 400, 'ownerId', 'not_staff'],
      [{ title: 'Blind owner', companyId: p.shipper.id, ownerId: stranger.manager.id }, 400, 'ownerId', 'cannot_see'],
      [{ title: 'Mixed', companyId: p.shipper.id, contractId: stranger.contract.id }, 404, ''],
      [{ title: 'Wrong side', companyId: p.shipper.id, pairId: (await newPair(t.db, (await newShipper(t.db)).id, p.consignee.id)).id }, 400, 'pairId', 'mismatch'],
    ];
    for (const [body, status, path, code] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const error = expectErrorShape(res);
      if (path) expect(error.details, JSON.stringify(body)).toEqual(expect.arrayContaining([expect.objectContaining({ path, ...(code ? { code } : {}) })]));
    }
    for (const body of [{ title: 'Foreign', companyId: stranger.shipper.id }, { title: 'Foreign', contractId: stranger.contract.id },
      { title: 'Foreign', pairId: stranger.pair.id }, { title: 'Gone', companyId: 99999999 }]) {
      expect((await post(body)).status, JSON.stringify(body)).toBe(404);
    }
    const theirs = await t.call('POST', '/api/v1/tasks', { as: stranger.manager.headers, body: { title: 'Theirs', companyId: stranger.shipper.id } });
    expect((await t.call('GET', `/api/v1/tasks/${theirs.body.id}`, { as: p.manager.headers })).status).toBe(404);
    expect((await t.call('PATCH', `/api/v1/tasks/${theirs.body.id}`, { as: p.manager.headers, body: { status: 'done' } })).status).toBe(404);
    expect((await t.call('POST', '/api/v1/tasks', { as: p.manager.headers, body: { title: 'From a foreign alert', alertId: 99999999 } })).status).toBe(404);
    expect((await t.call('GET', '/api/v1/tasks', { as: client.headers })).status).toBe(403);
    expect((await t.call('PATCH', `/api/v1/tasks/${theirs.body.id}`, { as: stranger.manager.headers, body: { title: '' } })).status).toBe(400);
  });

  it("refuses a task on a counterpart's company (visible through a pair, not in the portfolio)", async () => {
    const p = await portfolio();
    const other = await newUser(t.db, 'manager');
    const theirs = await newConsignee(t.db, { account_manager_id: other.id });
    await newPair(t.db, p.shipper.id, theirs.id);
    const res = await t.call('POST', '/api/v1/tasks', { as: p.manager.headers, body: { title: 'Not mine', companyId: theirs.id } });
    expect(res.status).toBe(403);
  });

  it('lists my tasks by due time, soonest first, and exports them as CSV', async () => {
    const p = await portfolio();
    const make = (title: string, days: number) => t.call('POST', '/api/v1/tasks', { as: p.manager.headers, body: { title, companyId: p.shipper.id, dueAt: new Date(Date.now() + days * DAY_MS).toISOString() } });
    await make('Third', 9);
    await make('First', -2);
    await make('=2+3', 4);
    const mine = await t.call('GET', '/api/v1/tasks?mine=true', { as: p.manager.headers });
    expect(mine.body.items.map((x: any) => [x.title, x.overdue])).toEqual([['First', true], ['=2+3', false], ['Third', false]]);
    const csv = await t.call('GET', '/api/v1/tasks?mine=true&format=csv', { as: p.manager.headers });
    const rows = parse(csv.text.replace(/^\uFEFF/, ''));
    expect(rows.map((r: string[]) => r[1])).toEqual(['title', 'First', "'=2+3", 'Third']);
  });
});
