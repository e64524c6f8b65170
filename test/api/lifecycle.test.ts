import { describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newShipper, newUser } from '../helpers/factories';
import { businessDaysAgo, daysAgo, newRollup } from '../helpers/value-fixtures';
import { runAfterImport } from '../../api/services/after-import';
import { testConfig } from '../../api/config';

// defaults: development below 180 days of tenure, ±15 % for growth/decline, terminated after 180 idle days
describe('POST /api/v1/analytics/lifecycle/recompute', () => {
  const t = useTestApp();

  let built: Awaited<ReturnType<typeof history>> | undefined;

  async function history() {
    const hub = await newConsignee(t.db, { customer_since: businessDaysAgo(1000) });
    const longAgo = businessDaysAgo(800);
    const make = async (name: string, overrides = {}) => newShipper(t.db, { name, customer_since: longAgo, ...overrides });
    const prospect = await make('prospect', { customer_since: null });
    const development = await make('development', { customer_since: businessDaysAgo(30) });
    await newRollup(t.db, development.id, hub.id, 5, { shipments: 10 });
    const growth = await make('growth');
    await newRollup(t.db, growth.id, hub.id, 120, { shipments: 100 });
    await newRollup(t.db, growth.id, hub.id, 10, { shipments: 115 });
    const maturity = await make('maturity');
    await newRollup(t.db, maturity.id, hub.id, 120, { shipments: 100 });
    await newRollup(t.db, maturity.id, hub.id, 10, { shipments: 90 });
    const decline = await make('decline');
    await newRollup(t.db, decline.id, hub.id, 120, { shipments: 100 });
    await newRollup(t.db, decline.id, hub.id, 10, { shipments: 85 });
    const ended = await make('terminated by date', { terminated_at: daysAgo(1) });
    await newRollup(t.db, ended.id, hub.id, 10, { shipments: 100 });
    const idle = await make('terminated by silence');
    await newRollup(t.db, idle.id, hub.id, 180, { shipments: 100 });
    return { hub, prospect, development, growth, maturity, decline, ended, idle };
  }

  it('reaches every stage from a constructed history, stores it and records the change', async () => {
    const w = (built = await history());
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('POST', '/api/v1/analytics/lifecycle/recompute', { as: admin.headers });
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe(businessDaysAgo(0));
    const stages = await t.db.selectFrom('companies').select(['id', 'lifecycle_stage', 'lifecycle_changed_at']).execute();
    const stageOf = (id: number) => stages.find((s) => s.id === id)!.lifecycle_stage;
    expect({
      prospect: stageOf(w.prospect.id), development: stageOf(w.development.id), growth: stageOf(w.growth.id),
      maturity: stageOf(w.maturity.id), decline: stageOf(w.decline.id), ended: stageOf(w.ended.id), idle: stageOf(w.idle.id),
      hub: stageOf(w.hub.id),
    }).toEqual({
      prospect: 'prospect', development: 'development', growth: 'growth', maturity: 'maturity', decline: 'decline',
      ended: 'terminated', idle: 'terminated',
      // the consignee's volume is what its shippers sent it: 10 + 115 + 90 + 85 + 100 = 400 against 3 × 100 → +33 %
      hub: 'growth',
    });
    expect(res.body.changes).toContainEqual({ companyId: w.growth.id, from: null, to: 'growth' });
    const rows = await t.db.selectFrom('lifecycle_history').selectAll().where('company_id', '=', w.decline.id).execute();
    expect(rows).toEqual([expect.objectContaining({ stage: 'decline', previous_stage: null })]);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'lifecycle').execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'recompute', user_id: admin.id })]);
  });

  it('records only real changes on the next run, with the previous stage', async () => {
    const { maturity, hub } = built!;
    await newRollup(t.db, maturity.id, hub.id, 3, { shipments: 40 }); // 130 against 100: +30 %
    const manager = await newUser(t.db, 'manager');
    await t.db.updateTable('companies').set({ account_manager_id: manager.id }).where('id', '=', maturity.id).execute();
    const res = await t.call('POST', '/api/v1/analytics/lifecycle/recompute', { as: manager.headers });
    expect(res.status).toBe(200);
    expect(res.body.changes).toEqual([{ companyId: maturity.id, from: 'maturity', to: 'growth' }]);
    const rows = await t.db.selectFrom('lifecycle_history').select(['stage', 'previous_stage']).where('company_id', '=', maturity.id).orderBy('id').execute();
    expect(rows).toEqual([{ stage: 'maturity', previous_stage: null }, { stage: 'growth', previous_stage: 'maturity' }]);

    const admin = await newUser(t.db, 'admin');
    const value = await t.call('GET', `/api/v1/companies/${maturity.id}/value`, { as: admin.headers });
    expect(value.body.lifecycle.stage).toBe('growth');
    expect(value.body.lifecycle.history.map((h: { stage: string }) => h.stage)).toEqual(['growth', 'maturity']);

    const again = await t.call('POST', '/api/v1/analytics/lifecycle/recompute', { as: admin.headers });
    expect(again.body.changes).toEqual([]);
  });

  it('runs after an import', async () => {
    const hub = await newConsignee(t.db);
    const fresh = await newShipper(t.db, { customer_since: businessDaysAgo(10) });
    await newRollup(t.db, fresh.id, hub.id, 2, { shipments: 1 });
    await runAfterImport(t.db, testConfig());
    const row = await t.db.selectFrom('companies').select('lifecycle_stage').where('id', '=', fresh.id).executeTakeFirstOrThrow();
    expect(row.lifecycle_stage).toBe('development');
  });

  it('follows the lifecycle.thresholds setting', async () => {
    const hub = await newConsignee(t.db);
    const c = await newShipper(t.db, { customer_since: businessDaysAgo(400) });
    await newRollup(t.db, c.id, hub.id, 120, { shipments: 100 });
    await newRollup(t.db, c.id, hub.id, 10, { shipments: 100 });
    await t.db.insertInto('settings').values({ key: 'lifecycle.thresholds', value: JSON.stringify({ developmentDays: 500 }) }).execute();
    try {
      const admin = await newUser(t.db, 'admin');
      const res = await t.call('POST', '/api/v1/analytics/lifecycle/recompute', { as: admin.headers });
      expect(res.body.changes).toContainEqual({ companyId: c.id, from: null, to: 'development' });
    } finally {
      await t.db.deleteFrom('settings').where('key', '=', 'lifecycle.thresholds').execute();
    }
  });

  it('is for managers and admins only', async () => {
    const c = await newShipper(t.db);
    for (const who of [await newUser(t.db, 'operations'), await newUser(t.db, 'client', { companyId: c.id })]) {
      const res = await t.call('POST', '/api/v1/analytics/lifecycle/recompute', { as: who.headers });
      expect(res.status).toBe(403);
      expectErrorShape(res);
    }
  });
});
