import { beforeAll, describe, expect, it } from 'vitest';
import { useStaff } from '../helpers/staff';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newCompany, newPair, newUser, type TestUser } from '../helpers/factories';
import { fillMissingNameSortKeys } from '../../api/queries/companies';

/**
 * The companies list: names by pinyin (the same order as Intl.Collator('zh')), churn risk and 12-month revenue
 * of the latest churn run and the account manager, each sortable server-side; clients never see churn risk.
 */
describe('GET /api/v1/companies: order and columns', () => {
  const t = useTestApp();
  const { admin, manager } = useStaff(t, { name: 'Zhou Min 周敏' });
  let otherManager: TestUser;
  let client: TestUser;
  const ids: Record<string, number> = {};
  // a: 阿 ā, b: 北 běi, ch: 重庆 chóng (ICU reads the pair apart from 重 zhòng), sh: 上 shàng, then Latin
  const NAMES = ['上海佳美 PYX', 'Zebra PYX', '重庆博远 PYX', 'apple PYX', '北京宏图 PYX', '阿里物流 PYX'];
  const PINYIN = ['阿里物流 PYX', '北京宏图 PYX', '重庆博远 PYX', '上海佳美 PYX', 'apple PYX', 'Zebra PYX'];

  beforeAll(async () => {
    otherManager = await newUser(t.db, 'manager', { name: 'An Qi 安琪' });
    for (const [i, name] of NAMES.entries()) {
      const c = await newCompany(t.db, { name, account_manager_id: i % 2 === 0 ? manager.id : otherManager.id });
      ids[name] = c.id;
    }
    client = await newUser(t.db, 'client', { companyId: ids['上海佳美 PYX'] });
    // an older run and the latest one: the list reads the latest only
    const runs = await t.db.insertInto('churn_runs').values([
      { alpha: 0.5, tolerance: 1e-6, iterations: 3, converged: true, companies: 6, pairs: 0, computed_at: new Date('2026-11-01T00:00:00Z') },
      { alpha: 0.5, tolerance: 1e-6, iterations: 3, converged: true, companies: 6, pairs: 0, computed_at: new Date('2026-11-30T00:00:00Z') },
    ]).returning('id').execute();
    const score = (run: number, name: string, risk: number, revenue: number) => ({
      run_id: run, company_id: ids[name], direct_risk: risk, total_risk: risk, cascade_risk: 0, revenue_12m: revenue,
    });
    await t.db.insertInto('churn_scores').values([
      score(runs[0].id, '北京宏图 PYX', 0.99, 9999),
      score(runs[1].id, '北京宏图 PYX', 0.3, 100),
      score(runs[1].id, '上海佳美 PYX', 0.7, 300),
      score(runs[1].id, 'apple PYX', 0.1, 200),
    ]).execute();
  });

  const list = (as: TestUser, query: string) => t.call('GET', `/api/v1/companies?q=PYX&${query}`, { as: as.headers });
  const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((c) => c.name);

  it('sorts names by pinyin, as the portal’s Intl.Collator("zh") does, both ways', async () => {
    const asc = await list(admin, 'sort=name');
    expect(asc.status).toBe(200);
    expect(names(asc)).toEqual(PINYIN);
    expect(names(asc)).toEqual([...NAMES].sort(new Intl.Collator('zh').compare));
    expect(names(await list(admin, 'sort=name&order=desc'))).toEqual([...PINYIN].reverse());
    // the default sort is by name
    expect(names(await list(admin, ''))).toEqual(PINYIN);
  });

  it('keeps the order when a name changes, and for companies written without a key once they are filled', async () => {
    const renamed = await t.call('PATCH', `/api/v1/companies/${ids['Zebra PYX']}`, { as: admin.headers, body: { name: '安达 PYX' } });
    expect(renamed.status).toBe(200);
    // 安 ān comes after 阿 ā and before 北 běi
    expect(names(await list(admin, 'sort=name')).slice(0, 3)).toEqual(['阿里物流 PYX', '安达 PYX', '北京宏图 PYX']);
    await t.db.updateTable('companies').set({ name: 'Zebra PYX' }).where('id', '=', ids['Zebra PYX']).execute();
    await t.db.updateTable('companies').set({ name_sort_key: null }).where('name', 'like', '%PYX').execute();
    expect(await fillMissingNameSortKeys(t.db)).toBeGreaterThanOrEqual(6);
    expect(names(await list(admin, 'sort=name'))).toEqual(PINYIN);
  });

  it('carries churn risk and 12-month revenue of the latest run and sorts by them, unscored companies last', async () => {
    const byRisk = await list(admin, 'sort=churnRisk&order=desc');
    expect(byRisk.body.items.slice(0, 3).map((c: any) => [c.name, c.churnRisk, c.revenue12m])).toEqual([
      ['上海佳美 PYX', 0.7, 300], ['北京宏图 PYX', 0.3, 100], ['apple PYX', 0.1, 200],
    ]);
    expect(byRisk.body.items.slice(3).map((c: any) => c.churnRisk)).toEqual([null, null, null]);
    expect(byRisk.body.churnRun).toEqual({ id: expect.any(Number), computedAt: '2026-11-30T00:00:00.000Z' });
    expect(names(await list(admin, 'sort=churnRisk&order=asc')).slice(0, 3)).toEqual(['apple PYX', '北京宏图 PYX', '上海佳美 PYX']);
    expect(names(await list(admin, 'sort=revenue12m&order=desc')).slice(0, 3)).toEqual(['上海佳美 PYX', 'apple PYX', '北京宏图 PYX']);
  });

  it('sorts by account manager name, then by the company name in pinyin', async () => {
    const res = await list(admin, 'sort=accountManager');
    expect(res.body.items.map((c: any) => [c.accountManagerName, c.name])).toEqual([
      ['An Qi 安琪', '阿里物流 PYX'], ['An Qi 安琪', 'apple PYX'], ['An Qi 安琪', 'Zebra PYX'],
      ['Zhou Min 周敏', '北京宏图 PYX'], ['Zhou Min 周敏', '重庆博远 PYX'], ['Zhou Min 周敏', '上海佳美 PYX'],
    ]);
  });

  it('pages across the scored and unscored companies and across managers without losing or repeating one', async () => {
    const pages = async (query: string) => {
      const out: string[][] = [];
      for (let page = 1; page <= 3; page += 1) {
        const res = await list(admin, `${query}&pageSize=2&page=${page}`);
        expect(res.body.meta.total).toBe(6);
        out.push(names(res));
      }
      return out;
    };
    expect(await pages('sort=churnRisk&order=desc')).toEqual([
      ['上海佳美 PYX', '北京宏图 PYX'], ['apple PYX', '阿里物流 PYX'], ['重庆博远 PYX', 'Zebra PYX'],
    ]);
    expect(await pages('sort=accountManager&order=asc')).toEqual([
      ['阿里物流 PYX', 'apple PYX'], ['Zebra PYX', '北京宏图 PYX'], ['重庆博远 PYX', '上海佳美 PYX'],
    ]);
    expect(await pages('sort=accountManager&order=desc')).toEqual([
      ['上海佳美 PYX', '重庆博远 PYX'], ['北京宏图 PYX', 'Zebra PYX'], ['apple PYX', '阿里物流 PYX'],
    ]);
  });

  it('shows a manager the same figures for the companies in reach, and a client no churn risk at all', async () => {
    const mine = await list(manager, 'sort=churnRisk&order=desc');
    expect(mine.body.items.map((c: any) => [c.name, c.churnRisk])).toEqual([
      ['上海佳美 PYX', 0.7], ['北京宏图 PYX', 0.3], ['重庆博远 PYX', null],
    ]);
    const own = await list(client, 'sort=churnRisk');
    expect(own.status).toBe(200);
    expect(own.body.items.map((c: any) => c.name)).toEqual(['上海佳美 PYX']);
    for (const field of ['churnRisk', 'revenue12m', 'estAnnualShipments', 'notes']) expect(own.body.items[0]).not.toHaveProperty(field);
    expect(own.body).not.toHaveProperty('churnRun');
  });

  it('orders another manager’s counterpart by name after the scores a manager may see, so its place tells no score', async () => {
    // apple (the other manager's) becomes a counterpart of the manager's 上海佳美 with the highest risk of all
    await newPair(t.db, ids['上海佳美 PYX'], ids['apple PYX']);
    await t.db.updateTable('churn_scores').set({ total_risk: 0.95, direct_risk: 0.95 }).where('company_id', '=', ids['apple PYX']).execute();
    const riskOf = (res: { body: { items: { name: string; churnRisk: number | null }[] } }) => res.body.items.map((c) => [c.name, c.churnRisk]);
    expect(riskOf(await list(manager, 'sort=churnRisk&order=desc'))).toEqual([
      ['上海佳美 PYX', 0.7], ['北京宏图 PYX', 0.3], ['重庆博远 PYX', null], ['apple PYX', null],
    ]);
    expect(riskOf(await list(manager, 'sort=churnRisk&order=asc'))).toEqual([
      ['北京宏图 PYX', 0.3], ['上海佳美 PYX', 0.7], ['重庆博远 PYX', null], ['apple PYX', null],
    ]);
    const pages = [];
    for (const page of [1, 2, 3, 4]) pages.push(...names(await list(manager, `sort=revenue12m&order=desc&pageSize=1&page=${page}`)));
    expect(pages).toEqual(['上海佳美 PYX', '北京宏图 PYX', '重庆博远 PYX', 'apple PYX']);
    // the admin sees every score and sorts by it
    expect(names(await list(admin, 'sort=churnRisk&order=desc'))[0]).toBe('apple PYX');
  });

  it('refuses an unknown sort or order with a 400 naming the parameter', async () => {
    for (const [query, path] of [['sort=risk', 'sort'], ['sort=churnRisk&order=up', 'order']]) {
      const res = await list(admin, query);
      expect(res.status, query).toBe(400);
      expect((expectErrorShape(res).details as { path: string }[]).map((d) => d.path)).toContain(path);
    }
  });
});
