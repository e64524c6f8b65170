import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTestApp } from '../helpers/test-app';
import { newUser, type TestUser } from '../helpers/factories';
import { loadDemo } from '../../api/bootstrap';
import { contractCompliance } from '../../api/services/compliance-service';
import { addDays, businessDay } from '../../api/domain/business-day';

/**
 * The demo book behaves like a provider's (issue 16 item 1, DESIGN.md §6–7), measured the way the product
 * measures it, on the small demo (a tenth of the deliveries, as the browser tests load it) loaded once the
 * way `npm start` does: accounts, departures, surveys, deliveries through the import, then the churn fit.
 */
describe('demo book (DEMO_SCALE=small)', () => {
  const t = useTestApp({ demoScale: 'small' });
  let admin: TestUser;

  beforeAll(async () => {
    await loadDemo(t.handle, t.deps.config, () => {});
    admin = await newUser(t.db, 'admin');
  }, 240_000);

  it('has 36 departures (5 shippers, 31 consignees) with deliveries up to the end, falling before it, none after', async () => {
    const { rows: [counts] } = await sql<{ shippers: number; consignees: number }>`
      select count(*) filter (where is_shipper)::int as shippers, count(*) filter (where not is_shipper)::int as consignees
      from companies where terminated_at is not null`.execute(t.db);
    expect(counts).toEqual({ shippers: 5, consignees: 31 });
    // the anchors the logins and tests use stay
    const anchors = await t.db.selectFrom('companies').select('code').where('code', 'in', ['SH001', 'DS001', 'CN0001', 'CN0002'])
      .where('terminated_at', 'is', null).execute();
    expect(anchors).toHaveLength(4);

    const { rows } = await sql<{ code: string; after: number; last60: number; before: number; total: number }>`
      select c.code,
        count(d.id) filter (where d.promised_at >= c.terminated_at)::int as after,
        count(d.id) filter (where d.promised_at >= c.terminated_at - interval '60 days' and d.promised_at < c.terminated_at)::int as last60,
        count(d.id) filter (where d.promised_at >= c.terminated_at - interval '210 days' and d.promised_at < c.terminated_at - interval '150 days')::int as before,
        count(d.id)::int as total
      from companies c left join deliveries d on d.shipper_id = c.id or d.consignee_id = c.id
      where c.terminated_at is not null group by c.code`.execute(t.db);
    expect(rows).toHaveLength(36);
    expect(rows.filter((r) => r.after > 0)).toEqual([]);
    // each shipper that left shipped until its last two months; together they shipped well under half as much
    // in their last 60 days as in the 60 days 150–210 days before leaving
    const sum = (k: 'last60' | 'before') => rows.reduce((s, r) => s + r[k], 0);
    expect(sum('last60')).toBeGreaterThan(0);
    expect(sum('last60') / sum('before')).toBeLessThan(0.5);
    expect(rows.filter((r) => r.total > 0).length).toBeGreaterThanOrEqual(30);
  });

  it('counts consignees among them whose departure took several shippers\u2019 volume with them', async () => {
    const { rows } = await sql<{ code: string; shippers: number }>`
      select c.code, count(distinct p.shipper_id)::int as shippers
      from companies c join customer_pairs p on p.consignee_id = c.id
      where c.terminated_at is not null and not c.is_shipper group by c.code having count(distinct p.shipper_id) >= 3`.execute(t.db);
    expect(rows.length).toBeGreaterThanOrEqual(5);
  });

  it('concentrates value: 15–30 % of the shippers make 80 % of the profit (the value analytics\u2019 Pareto)', async () => {
    const res = await t.call('GET', '/api/v1/analytics/value', { as: admin.headers });
    expect(res.status).toBe(200);
    expect(res.body.ranking.shareMaking80).toBeGreaterThanOrEqual(0.15);
    expect(res.body.ranking.shareMaking80).toBeLessThanOrEqual(0.3);
  });

  it('has every lifecycle stage, maturity the most common', async () => {
    const { rows } = await sql<{ stage: string; n: number }>`select lifecycle_stage as stage, count(*)::int as n from companies group by 1`.execute(t.db);
    const count = new Map(rows.map((r) => [r.stage, r.n]));
    for (const stage of ['prospect', 'development', 'growth', 'maturity', 'decline', 'terminated']) expect(count.get(stage) ?? 0, stage).toBeGreaterThan(0);
    expect(Math.max(...rows.map((r) => r.n))).toBe(count.get('maturity'));
  });

  it('keeps most closed contract-months compliant: 5–35 % in breach, half of the breaches on three contracts', async () => {
    const contracts = await t.db.selectFrom('contracts').select(['id', 'start_date']).execute();
    const todayDay = businessDay(new Date(), 'Asia/Shanghai');
    let judged = 0;
    const breachedPer: number[] = [];
    const actor = { userId: admin.id, email: admin.email, name: 'admin', role: 'admin' as const, companyId: null, via: 'session' as const };
    for (const c of contracts) {
      const from = c.start_date > addDays(todayDay, -360) ? c.start_date : addDays(todayDay, -360);
      const report = await contractCompliance(t.db, actor, c.id, { from, to: todayDay }, 'Asia/Shanghai');
      const closed = report.months.filter((m) => m.state === 'closed' && (m.verdict === 'met' || m.verdict === 'breached'));
      judged += closed.length;
      breachedPer.push(closed.filter((m) => m.verdict === 'breached').length);
    }
    const breached = breachedPer.reduce((a, b) => a + b, 0);
    expect(judged).toBeGreaterThan(60);
    expect(breached / judged).toBeGreaterThanOrEqual(0.05);
    expect(breached / judged).toBeLessThanOrEqual(0.35);
    const top3 = [...breachedPer].sort((a, b) => b - a).slice(0, 3).reduce((a, b) => a + b, 0);
    expect(top3 / breached).toBeGreaterThanOrEqual(0.5);
  });

  it('fits the churn model to the book on load; the mean 12-month risk is 5–20 %, a few accounts clearly at risk with their causes', async () => {
    const card = await t.call('GET', '/api/v1/analytics/churn/model', { as: admin.headers });
    expect(card.status).toBe(200);
    expect(card.body.source).toBe('fitted');
    expect(card.body.departures).toBe(36);
    expect(card.body.fit.departures).toBe(36);

    const list = await t.call('GET', '/api/v1/analytics/churn?pageSize=50&sort=risk&order=desc', { as: admin.headers });
    expect(list.status).toBe(200);
    expect(list.body.totals.meanRisk).toBeGreaterThanOrEqual(0.05);
    expect(list.body.totals.meanRisk).toBeLessThanOrEqual(0.2);
    const atRisk = list.body.items.filter((i: { risk: number }) => i.risk >= 0.3);
    expect(atRisk.length).toBeGreaterThanOrEqual(3);
    for (const item of atRisk) expect(item.topDrivers.length, item.code).toBeGreaterThan(0);
    const drivers = new Set(atRisk.flatMap((i: { topDrivers: { signal: string }[] }) => i.topDrivers.map((d) => d.signal)));
    expect(drivers.size).toBeGreaterThanOrEqual(3);
  });
});
