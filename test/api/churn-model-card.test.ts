import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newCompany, newConsignee, newPair, newUser, type TestUser } from '../helpers/factories';
import { addDays, businessDay } from '../../api/domain/business-day';
import { DEFAULT_COEFFICIENTS } from '../../api/churn/signals';
import { fitOnStart } from '../../api/churn/fit';
import { putSetting } from '../../api/services/settings';

/**
 * The model card (GET /analytics/churn/model) over a history of 60 shippers to one hub: k = 0..29 keep their
 * volume, k = 30..59 lose it and are the departures. With 29 of them terminated the start-up fit keeps the
 * defaults (29 < 30); with the 30th it fits, applies, and the card says when, on how many departures, the AUC.
 */
describe('churn model card', () => {
  const t = useTestApp();
  const today = businessDay(new Date(), 'Asia/Shanghai');
  const config = { businessTimeZone: 'Asia/Shanghai' };
  const logs: string[] = [];
  let admin: TestUser, manager: TestUser, operations: TestUser, client: TestUser;
  const falling: number[] = [];
  const model = (as: TestUser) => t.call('GET', '/api/v1/analytics/churn/model', { as: as.headers });

  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    manager = await newUser(t.db, 'manager');
    operations = await newUser(t.db, 'operations');
    const hub = await newConsignee(t.db, { name: 'Hub' });
    client = await newUser(t.db, 'client', { companyId: hub.id });
    for (let k = 0; k < 60; k++) {
      const company = await newCompany(t.db, { name: `History ${k}` });
      if (k >= 30) falling.push(company.id);
      await newPair(t.db, company.id, hub.id);
      await t.db.insertInto('daily_service_rollups').values([140, 60].map((daysAgo) => {
        const shipments = daysAgo === 140 ? 100 : k >= 30 ? 20 + (k % 5) : 100 + (k % 7);
        return { shipper_id: company.id, consignee_id: hub.id, day: addDays(today, -daysAgo), shipments, due: shipments, delivered: shipments,
          on_time: shipments, in_full: shipments, otif: shipments, perfect: shipments, revenue: shipments * 10, cost: shipments * 6 };
      })).execute();
    }
  });

  const terminate = (ids: number[]) => t.db.updateTable('companies')
    .set({ terminated_at: new Date(`${addDays(today, -10)}T04:00:00Z`), lifecycle_stage: 'terminated' }).where('id', 'in', ids).execute();

  it('is for admins and managers only', async () => {
    expect((await model(manager)).status).toBe(200);
    expect((await model(operations)).status).toBe(403);
    expect((await model(client)).status).toBe(403);
  });

  it('keeps the defaults below 30 departures, and says so', async () => {
    await terminate(falling.slice(0, 29));
    expect(await fitOnStart(t.db, config, (m) => logs.push(m))).toBe(false);
    expect(logs.at(-1)).toContain('29 departures');
    const res = await model(admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'defaults', departures: 29, minDeparturesToFit: 30, fit: null, coefficients: DEFAULT_COEFFICIENTS });
    expect(res.body.note).toBe('The documented defaults: the history has 29 departures, a fit needs at least 30.');
  });

  it('fits and applies from 30 departures on, and the card names the fit', async () => {
    await terminate([falling[29]!]);
    const started = Date.now();
    expect(await fitOnStart(t.db, config, (m) => logs.push(m))).toBe(true);
    const res = await model(manager);
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('fitted');
    // 60 shippers and the hub; the 30 falling ones left
    expect(res.body.fit).toMatchObject({ lambda: 1, departures: 30, companies: 61 });
    expect(res.body.fit.heldOut.companies).toBeGreaterThan(0);
    expect(res.body.fit.heldOut.auc).toBeGreaterThan(0.9);
    expect(Date.parse(res.body.fit.fittedAt)).toBeGreaterThanOrEqual(started - 1000);
    const stored = await t.db.selectFrom('settings').select('value').where('key', '=', 'churn.coefficients').executeTakeFirstOrThrow();
    expect(res.body.coefficients).toEqual(stored.value);
    expect(res.body.coefficients.volumeDecline).toBeGreaterThan(DEFAULT_COEFFICIENTS.volumeDecline);
    expect(res.body.note).toContain('Fitted on 30 departures among 61 companies');
  });

  it('says "manual" when the coefficients in the settings are neither the fit nor the defaults', async () => {
    await putSetting(t.db, null, 'churn.coefficients', { ...DEFAULT_COEFFICIENTS, intercept: -3 });
    const res = await model(admin);
    expect(res.body).toMatchObject({ source: 'manual', fit: null });
  });
});
