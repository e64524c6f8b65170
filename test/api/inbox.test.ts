import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { errorPaths, expectErrorShape, useTestApp } from '../helpers/test-app';
import { newConsignee, newContract, newPair, newShipper, newUser } from '../helpers/factories';
import { addDays, businessDay } from '../../api/domain/business-day';
import { evaluateAlerts } from '../../api/alerts/engine';

const DAY_MS = 86_400_000;

describe('the alert inbox (/api/v1/alerts)', () => {
  const t = useTestApp();
  const today = () => businessDay(new Date(), 'Asia/Shanghai');

  /** A shipper whose only contract ends in 30 days without renewal: the contract-ending rule raises one alert. */
  async function endingContract(managerId: number | null, name = 'Ending Co') {
    const shipper = await newShipper(t.db, { name, account_manager_id: managerId });
    const contract = await newContract(t.db, shipper.id, { start_date: addDays(today(), -300), end_date: addDays(today(), 30) });
    await evaluateAlerts(t.db, t.deps.config, 'manual');
    const alert = await t.db.selectFrom('alerts').selectAll().where('company_id', '=', shipper.id).executeTakeFirstOrThrow();
    return { shipper, contract, alert };
  }

  it("routes an alert to the company's account manager, and an unmanaged company's to every admin", async () => {
    const manager = await newUser(t.db, 'manager');
    const other = await newUser(t.db, 'manager');
    const admin1 = await newUser(t.db, 'admin');
    const admin2 = await newUser(t.db, 'admin');
    const managed = await endingContract(manager.id, 'Managed Co');
    const unmanaged = await endingContract(null, 'Unmanaged Co');

    const inbox = await t.call('GET', '/api/v1/alerts', { as: manager.headers });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((a: any) => a.id)).toEqual([managed.alert.id]);
    expect(inbox.body.items[0]).toMatchObject({
      rule: 'contract_ending', companyId: managed.shipper.id, contractId: managed.contract.id, routed: true, status: 'unread', openTasks: 0,
      title: `${managed.contract.code} of Managed Co ends on ${addDays(today(), 30)} (30 days) without renewal`,
    });
    expect(inbox.body.items[0].evidence.links).toEqual(expect.arrayContaining([{ type: 'contract', id: managed.contract.id, label: managed.contract.code }]));
    expect((await t.call('GET', '/api/v1/alerts/unread-count', { as: manager.headers })).body).toEqual({ unread: 1 });
    expect((await t.call('GET', '/api/v1/alerts', { as: other.headers })).body.items).toEqual([]);
    for (const admin of [admin1, admin2]) {
      const items = (await t.call('GET', '/api/v1/alerts', { as: admin.headers })).body.items.map((a: any) => a.id);
      expect(items).toContain(unmanaged.alert.id);
      expect(items).not.toContain(managed.alert.id);
    }
    // an admin sees every alert with box=all, a manager only their portfolio's
    expect((await t.call('GET', '/api/v1/alerts?box=all', { as: admin1.headers })).body.items.map((a: any) => a.id)).toContain(managed.alert.id);
    expect((await t.call('GET', `/api/v1/alerts/${managed.alert.id}`, { as: other.headers })).status).toBe(404);
    // in Chinese when asked
    const zh = await t.call('GET', `/api/v1/alerts/${managed.alert.id}`, { as: manager.headers, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(zh.body.title).toBe(`Managed Co 的合同 ${managed.contract.code} 将于 ${addDays(today(), 30)} 到期（30 天），尚未续约`);
  });

  it('shows a counterpart manager none of the alerts of the company they see through a pair', async () => {
    const mine = await newUser(t.db, 'manager');
    const counterpart = await newUser(t.db, 'manager');
    const { shipper, alert } = await endingContract(mine.id);
    const consignee = await newConsignee(t.db, { account_manager_id: counterpart.id });
    await newPair(t.db, shipper.id, consignee.id);
    expect((await t.call('GET', `/api/v1/companies/${shipper.id}`, { as: counterpart.headers })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/alerts?box=all', { as: counterpart.headers })).body.items.map((a: any) => a.id)).not.toContain(alert.id);
    expect((await t.call('GET', `/api/v1/alerts/${alert.id}`, { as: counterpart.headers })).status).toBe(404);
    expect((await t.call('POST', `/api/v1/alerts/${alert.id}/read`, { as: counterpart.headers })).status).toBe(404);
  });

  it('marks read and unread, snoozes for up to a year, dismisses with a reason and restores', async () => {
    const manager = await newUser(t.db, 'manager');
    const { alert } = await endingContract(manager.id);
    const url = `/api/v1/alerts/${alert.id}`;
    const count = async () => (await t.call('GET', '/api/v1/alerts/unread-count', { as: manager.headers })).body.unread;
    expect(await count()).toBe(1);

    const read = await t.call('POST', `${url}/read`, { as: manager.headers });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('read');
    expect(read.body.readAt).not.toBeNull();
    expect(await count()).toBe(0);
    expect((await t.call('POST', `${url}/unread`, { as: manager.headers })).body.status).toBe('unread');
    expect(await count()).toBe(1);

    const until = new Date(Date.now() + 2 * DAY_MS).toISOString();
    const snoozed = await t.call('POST', `${url}/snooze`, { as: manager.headers, body: { until } });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body).toMatchObject({ status: 'snoozed', snoozedUntil: until });
    expect(await count()).toBe(0);
    expect((await t.call('GET', '/api/v1/alerts', { as: manager.headers })).body.items).toEqual([]);
    expect((await t.call('GET', '/api/v1/alerts?status=snoozed', { as: manager.headers })).body.items.map((a: any) => a.id)).toEqual([alert.id]);
    expect((await t.call('POST', `${url}/snooze`, { as: manager.headers, body: { until: null } })).body.status).toBe('unread');

    const dismissed = await t.call('POST', `${url}/dismiss`, { as: manager.headers, body: { reason: 'Renewal agreed by phone; papers follow.' } });
    expect(dismissed.body).toMatchObject({ status: 'dismissed', dismissReason: 'Renewal agreed by phone; papers follow.' });
    expect((await t.call('GET', '/api/v1/alerts?status=dismissed', { as: manager.headers })).body.items.map((a: any) => a.id)).toEqual([alert.id]);
    expect((await t.call('POST', `${url}/restore`, { as: manager.headers })).body.status).toBe('read');
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'alert').where('entity_id', '=', String(alert.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['read', 'unread', 'snooze', 'snooze', 'dismiss', 'restore']);
  });

  it('refuses a snooze past a year or in the past, a dismissal without a reason, and other roles', async () => {
    const manager = await newUser(t.db, 'manager');
    const { alert } = await endingContract(manager.id);
    const url = `/api/v1/alerts/${alert.id}`;
    const tooLong = new Date(Date.now() + 367 * DAY_MS).toISOString();
    const long = await t.call('POST', `${url}/snooze`, { as: manager.headers, body: { until: tooLong } });
    expect(long.status).toBe(400);
    expect(expectErrorShape(long).details).toEqual([expect.objectContaining({ path: 'until', code: 'too_big' })]);
    const past = await t.call('POST', `${url}/snooze`, { as: manager.headers, body: { until: new Date(Date.now() - 60_000).toISOString() } });
    expect(past.status).toBe(400);
    expect(expectErrorShape(past).details).toEqual([expect.objectContaining({ path: 'until', code: 'too_small' })]);
    const garbled = await t.call('POST', `${url}/snooze`, { as: manager.headers, body: { until: 'next tuesday' } });
    expect(garbled.status).toBe(400);
    expect(errorPaths(garbled)).toEqual(['until']);
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }]) {
      const res = await t.call('POST', `${url}/dismiss`, { as: manager.headers, body });
      expect(res.status).toBe(400);
      expect(errorPaths(res)).toEqual(['reason']);
    }
    expect((await t.call('GET', `${url}`, { as: manager.headers })).body.status).toBe('unread');
    const client = await newUser(t.db, 'client', { companyId: alert.company_id });
    const ops = await newUser(t.db, 'operations');
    for (const who of [client, ops]) {
      expect((await t.call('GET', '/api/v1/alerts', { as: who.headers })).status).toBe(403);
      expect((await t.call('GET', url, { as: who.headers })).status).toBe(403);
    }
    expect((await t.call('GET', '/api/v1/alerts?status=soon', { as: manager.headers })).status).toBe(400);
    expect((await t.call('GET', '/api/v1/alerts/unknown', { as: manager.headers })).status).toBe(400);
    expect((await t.call('GET', '/api/v1/alerts/99999999', { as: manager.headers })).status).toBe(404);
  });

  it('exports the inbox as CSV with formulas neutralised', async () => {
    const manager = await newUser(t.db, 'manager');
    await endingContract(manager.id, '=HYPERLINK("http://evil.example")');
    const res = await t.call('GET', '/api/v1/alerts?format=csv', { as: manager.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const [header, row] = parse(res.text.replace(/^\uFEFF/, ''));
    expect(header.slice(0, 8)).toEqual(['id', 'raised_at', 'rule', 'severity', 'period', 'company_id', 'company', 'title']);
    expect(row[6]).toBe('\'=HYPERLINK("http://evil.example")');
    expect(row[2]).toBe('contract_ending');
  });

  it('lets an admin read and change the thresholds, and refuses a bad one', async () => {
    const admin = await newUser(t.db, 'admin');
    const manager = await newUser(t.db, 'manager');
    const current = await t.call('GET', '/api/v1/alerts/settings', { as: admin.headers });
    expect(current.body.contractEndingDays).toBe(90);
    const changed = await t.call('PUT', '/api/v1/alerts/settings', { as: admin.headers, body: { ...current.body, contractEndingDays: 60 } });
    expect(changed.status).toBe(200);
    expect(changed.body.contractEndingDays).toBe(60);
    const bad = await t.call('PUT', '/api/v1/alerts/settings', { as: admin.headers, body: { ...current.body, churnJump: 2 } });
    expect(bad.status).toBe(400);
    expect(errorPaths(bad)).toEqual(['churnJump']);
    expect((await t.call('PUT', '/api/v1/alerts/settings', { as: manager.headers, body: current.body })).status).toBe(403);
    await t.call('PUT', '/api/v1/alerts/settings', { as: admin.headers, body: current.body });
  });
});
