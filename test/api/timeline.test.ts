import { describe, expect, it } from 'vitest';
import { errorPaths, useTestApp } from '../helpers/test-app';
import { newConsignee, newContract, newDepartment, newPair, newShipper, newUser } from '../helpers/factories';
import { deliveryRows, importRows } from '../helpers/workbench-world';
import { addDays, businessDay } from '../../api/domain/business-day';

const DAY_MS = 86_400_000;

describe('GET /api/v1/companies/:id/timeline', () => {
  const t = useTestApp();

  let n = 0;
  async function world() {
    const tag = `TL${++n}`;
    const manager = await newUser(t.db, 'manager');
    const shipper = await newShipper(t.db, { code: `${tag}-S`, name: 'Timeline Shipper', account_manager_id: manager.id });
    const consignee = await newConsignee(t.db, { code: `${tag}-C` });
    const contract = await newContract(t.db, shipper.id, { code: `${tag}-K`, start_date: '2026-01-01', end_date: addDays(businessDay(new Date(), 'Asia/Shanghai'), 30) });
    // February 2026: 18 of 20 on time — a closed month in breach
    await importRows(t, deliveryRows(tag, `${tag}-S`, `${tag}-C`, ['2026-02-10'], 20, 2, `${tag}-K`));
    const department = await newDepartment(t.db, shipper.id, { name: 'Procurement' });
    const now = Date.now();
    await t.db.insertInto('interactions').values({ company_id: shipper.id, kind: 'visit', occurred_at: new Date(now - 3 * DAY_MS), summary: 'Quarterly visit', owner_id: manager.id }).execute();
    await t.db.insertInto('survey_responses').values({ company_id: shipper.id, department_id: department.id, side: 'shipper', submitted_at: new Date(now - 2 * DAY_MS), timeliness: 4, accuracy: 2, recommend: 8 }).execute();
    const task = await t.call('POST', '/api/v1/tasks', { as: manager.headers, body: { title: 'Review the February breach', contractId: contract.id } });
    await t.call('PATCH', `/api/v1/tasks/${task.body.id}`, { as: manager.headers, body: { status: 'done' } });
    return { manager, shipper, consignee, contract, department };
  }

  it('merges every kind into one feed, newest first, and pages without gaps or repeats', async () => {
    const w = await world();
    const url = `/api/v1/companies/${w.shipper.id}/timeline`;
    const all = await t.call('GET', `${url}?limit=100`, { as: w.manager.headers });
    expect(all.status).toBe(200);
    const kinds = all.body.items.map((e: any) => e.kind);
    // the import raised an alert too: the contract ends in 30 days without renewal
    expect(new Set(kinds)).toEqual(new Set(['task', 'survey', 'interaction', 'breach', 'contract', 'alert']));
    expect(all.body.items.find((e: any) => e.kind === 'alert').data).toMatchObject({ rule: 'contract_ending', title: `${w.contract.code} of Timeline Shipper ends on ${w.contract.end_date} (30 days) without renewal` });
    const ats = all.body.items.map((e: any) => Date.parse(e.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
    expect(all.body.items.filter((e: any) => e.kind !== 'alert').slice(0, 4).map((e: any) => [e.kind, e.data.event ?? e.data.kind ?? null])).toEqual([
      ['task', 'done'], ['task', 'created'], ['survey', null], ['interaction', 'visit'],
    ]);
    expect(all.body.items.find((e: any) => e.kind === 'survey').data).toMatchObject({ department: 'Procurement', recommend: 8, score: 3 });
    expect(all.body.items.find((e: any) => e.kind === 'breach')).toMatchObject({ at: '2026-02-28T23:59:59.000Z', data: { code: w.contract.code, month: '2026-02', breaches: ['onTime', 'otif'], creditAmount: 500 } });
    expect(all.body.items.find((e: any) => e.kind === 'contract')).toMatchObject({ at: '2026-01-01T00:00:00.000Z', data: { event: 'start', code: w.contract.code } });
    expect(all.body.meta.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.call('GET', `${url}?limit=2${cursor ? `&before=${cursor}` : ''}`, { as: w.manager.headers });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((e: any) => `${e.kind}:${e.id}:${e.at}`));
      cursor = page.body.meta.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((e: any) => `${e.kind}:${e.id}:${e.at}`));
  });

  it('filters by kind', async () => {
    const w = await world();
    const res = await t.call('GET', `/api/v1/companies/${w.shipper.id}/timeline?kinds=breach,interaction`, { as: w.manager.headers });
    expect(res.body.items.map((e: any) => e.kind)).toEqual(['interaction', 'breach']);
  });

  it('refuses bad queries, other tenants, counterparts and clients', async () => {
    const w = await world();
    const url = `/api/v1/companies/${w.shipper.id}/timeline`;
    const badKind = await t.call('GET', `${url}?kinds=interaction,gossip`, { as: w.manager.headers });
    expect(badKind.status).toBe(400);
    expect(errorPaths(badKind)).toEqual(['kinds']);
    const badCursor = await t.call('GET', `${url}?before=not-a-cursor`, { as: w.manager.headers });
    expect(badCursor.status).toBe(400);
    expect(errorPaths(badCursor)).toEqual(['before']);
    expect((await t.call('GET', `${url}?limit=0`, { as: w.manager.headers })).status).toBe(400);
    const stranger = await newUser(t.db, 'manager');
    expect((await t.call('GET', url, { as: stranger.headers })).status).toBe(404);
    const counterpart = await newUser(t.db, 'manager');
    const theirs = await newConsignee(t.db, { account_manager_id: counterpart.id });
    await newPair(t.db, w.shipper.id, theirs.id);
    expect((await t.call('GET', url, { as: counterpart.headers })).status).toBe(403);
    const client = await newUser(t.db, 'client', { companyId: w.shipper.id });
    expect((await t.call('GET', url, { as: client.headers })).status).toBe(403);
  });
});
