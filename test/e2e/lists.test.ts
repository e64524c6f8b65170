import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chartSeries, loginByKeyboard, PHONE, resizeTo, screenshot, useBrowser } from './browser';

/**
 * Lists remember and say enough (issue 13 item 7) and the company page's figures (item 5), by keyboard on the
 * demo data: the companies and contracts lists keep their view in the URL, so back from a row restores it; their
 * columns equal the API; the company page names one period for its money and one scale for each figure.
 */
const apiOf = <T>(page: Page, path: string) => page.evaluate(async (p) => (await (await fetch(`/api/v1${p}`)).json()) as unknown, path) as Promise<T>;
const pct = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v));
const cny = (v: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(v);

interface ListItem { id: number; name: string; roles: string[]; churnRisk: number | null; revenue12m: number | null; accountManagerName: string | null }

describe('lists remember their view and show what they promise', () => {
  const b = useBrowser();

  it('keeps the companies view (filter, sort, page) in the URL through a company and back, with risk, revenue and manager from the API', async () => {
    const page = await b.newPage();
    await loginByKeyboard(page, 'manager@demo.local');
    await page.goto('/companies');
    const table = page.locator('table.data-table');
    await table.locator('tbody tr').first().waitFor();

    // by keyboard: the role filter, then churn risk sorted twice (descending), then the next page
    await page.getByLabel('Roles').focus();
    // consignees: the manager looks after more than two pages of them, so page 2 holds scored accounts of their own
    // (another manager's counterparts, with no score the manager may see, come after the scored ones)
    await page.keyboard.press('ArrowDown'); // Shipper
    await page.keyboard.press('ArrowDown'); // Consignee
    await page.waitForURL(/role=consignee/);
    const riskHeader = page.getByRole('button', { name: 'Sort by Churn risk (12 months)' });
    await riskHeader.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=churnRisk/);
    await riskHeader.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/dir=desc/);
    await page.getByRole('button', { name: 'Next' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/page=2/);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ role: 'consignee', sort: 'churnRisk', dir: 'desc', page: '2' });

    // the rows are the API's page for the same question, each figure as the API gives it
    const api = await apiOf<{ items: ListItem[] }>(page, '/companies?role=consignee&sort=churnRisk&order=desc&page=2&pageSize=25');
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(api.items.length);
    for (const [i, item] of api.items.slice(0, 5).entries()) {
      const cells = rows.nth(i).locator('td');
      await expect(cells.nth(1).textContent()).resolves.toContain(item.name);
      await expect(cells.nth(5).textContent()).resolves.toBe(item.accountManagerName ?? '—');
      await expect(cells.nth(6).textContent()).resolves.toContain(pct(item.churnRisk));
      // a consignee pays nothing: its revenue column stays empty (its transfer value is not the shippers' revenue)
      await expect(cells.nth(7).textContent()).resolves.toBe(item.roles.includes('shipper') && item.revenue12m !== null ? cny(item.revenue12m) : '—');
    }
    const risks = api.items.map((c) => c.churnRisk).filter((r) => r !== null);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));

    // open the first company from the keyboard, check its risk is the list's, and come back to the same view
    // the first of the manager's own accounts (another manager's counterpart shows no churn risk)
    const first = api.items.find((c) => c.churnRisk !== null);
    if (!first) throw new Error('page 2 of the manager\'s consignees by churn risk holds no scored account of theirs: the demo changed');
    await rows.nth(api.items.indexOf(first)).getByRole('link', { name: first.name }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/companies/${first.id}`);
    await page.getByTestId('churn-risk').waitFor();
    await expect(page.getByTestId('churn-risk').locator('.stat-value').textContent()).resolves.toBe(pct(first.churnRisk));
    await page.goBack();
    await page.waitForURL(/page=2/);
    expect(new URL(page.url()).search).toBe(url.search);
    await expect(page.getByLabel('Roles').inputValue()).resolves.toBe('consignee');
    await expect(rows.nth(api.items.indexOf(first)).locator('td').nth(1).textContent()).resolves.toContain(first.name);
    await screenshot(page, 'lists-companies-risk-page2-1366-en');
    await resizeTo(page, PHONE);
    await screenshot(page, 'lists-companies-risk-page2-390-en');
    await page.context().close();
  });

  it('sorts company names by pinyin in the list, as Intl.Collator("zh") orders them', async () => {
    const page = await b.newPage({ locale: 'zh-CN' });
    await loginByKeyboard(page, 'manager@demo.local');
    await page.goto('/companies');
    const names = page.locator('table.data-table tbody tr td:nth-child(2) a');
    await names.first().waitFor();
    const shown = await names.allTextContents();
    expect(shown.length).toBe(25);
    expect(shown).toEqual([...shown].sort(new Intl.Collator('zh').compare));
    await page.getByRole('button', { name: '按名称排序' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/dir=desc/);
    await expect.poll(async () => (await names.allTextContents())[0] !== shown[0]).toBe(true);
    const descending = await names.allTextContents();
    expect(descending).toEqual([...descending].sort(new Intl.Collator('zh').compare).reverse());
    await screenshot(page, 'lists-companies-pinyin-1366-zh');
    await page.context().close();
  });

  it('keeps the contracts search in the URL, and shows each contract’s latest closed month and credits as its page does', async () => {
    const page = await b.newPage();
    await loginByKeyboard(page, 'manager@demo.local');
    await page.goto('/contracts');
    const search = page.getByLabel('Search');
    await search.focus();
    await search.pressSequentially('SH001');
    await page.waitForURL(/q=SH001/);
    const rows = page.locator('table.data-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const { items } = await apiOf<{ items: { id: number; code: string; compliance: { creditsOwed: number; from: string; to: string } }[] }>(page, '/contracts?q=SH001');
    for (const [i, item] of items.entries()) {
      const credit = await rows.nth(i).locator('td').last().textContent();
      expect(credit).toBe(new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'CNY', maximumFractionDigits: 2 }).format(item.compliance.creditsOwed));
      const report = await apiOf<{ totalCredit: number }>(page, `/contracts/${item.id}/compliance?from=${item.compliance.from}&to=${item.compliance.to}`);
      expect(item.compliance.creditsOwed).toBe(report.totalCredit);
    }
    await rows.first().getByRole('link', { name: items[0].code }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/contracts/${items[0].id}`);
    // the contract page's credits card: the same figure as the list
    await page.getByTestId('credits-owed').waitFor();
    await expect(page.getByTestId('credits-owed').locator('.stat-value').textContent())
      .resolves.toBe(new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'CNY', maximumFractionDigits: 2 }).format(items[0].compliance.creditsOwed));
    await page.goBack();
    await page.waitForURL(/q=SH001/);
    await expect(search.inputValue()).resolves.toBe('SH001');
    await expect.poll(() => rows.count()).toBe(2);
    await screenshot(page, 'lists-contracts-search-1366-en');
    await page.context().close();
  });

  it('names one period for the company’s money and puts each figure on one scale', async () => {
    const page = await b.newPage();
    await loginByKeyboard(page, 'manager@demo.local');
    const { items: [sh001] } = await apiOf<{ items: { id: number }[] }>(page, '/companies?q=SH001');
    await page.goto(`/companies/${sh001.id}`);
    const value = await apiOf<{ from: string; asOf: string; value: { profit: number; revenue: number }; loyalty: { components: { score: number | null }[] } }>(page, `/companies/${sh001.id}/value`);
    const profit = page.getByTestId('profit-12m');
    await profit.waitFor();
    await expect(profit.locator('.stat-value').textContent()).resolves.toBe(cny(value.value.profit));
    const day = (d: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${d}T12:00:00Z`));
    await expect(profit.locator('.stat-hint').textContent()).resolves.toBe(`Revenue ${cny(value.value.revenue)} · ${day(value.from)} – ${day(value.asOf)}`);
    // the service card covers the same days and shows no second revenue or profit
    await expect(page.getByTestId('company-service-period').textContent()).resolves.toContain(`${day(value.from)} – ${day(value.asOf)}`);
    await expect(page.getByTestId('company-kpis-shipper').textContent()).resolves.not.toMatch(/Revenue|Margin/);
    // one "Revenue (trailing 12 months)": the churn panel's, equal to the value card's
    const churn = await apiOf<{ revenue12m: number }>(page, `/companies/${sh001.id}/churn`);
    expect(churn.revenue12m).toBe(value.value.revenue);
    // the loyalty components on the index's 0–100 scale
    const loyalty = await chartSeries(page.getByTestId('loyalty-chart'));
    const scores = Object.values(loyalty.datasets)[0];
    expect(scores).toEqual(value.loyalty.components.map((c) => (c.score === null ? null : Math.round(c.score * 1000) / 10)));
    expect(Math.max(...scores.map((s) => s ?? 0))).toBeGreaterThan(1);
    // department weight: one way, the percentage that counts, in both tables
    const departments = await apiOf<{ name: string; effectiveWeight: number }[] | { items: { name: string; effectiveWeight: number }[] }>(page, `/companies/${sh001.id}/departments`);
    const list = Array.isArray(departments) ? departments : departments.items;
    const people = page.locator('#people table').first();
    for (const d of list) {
      const row = people.locator('tbody tr', { hasText: d.name });
      await expect(row.locator('td').nth(2).textContent()).resolves.toContain(new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(d.effectiveWeight));
    }
    await expect(page.locator('#people').textContent()).resolves.not.toMatch(/Effective weight/);
    await screenshot(page, 'lists-company-page-1366-en');
    await page.context().close();
  });
});
