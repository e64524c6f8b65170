import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession } from './api-client';
import { LAPTOP, PHONE, loginByKeyboard, resizeTo, screenshot, useBrowser } from './browser';

interface WhatIf {
  expectedRevenueLost: number; followerCount: number; minRise: number;
  followers: { companyId: number; name: string; increase: number }[];
  explanation: { onNamedPairs: number; onFollowersPairs: number; pairs: number };
}

/** Picks the first company of the what-if's list by keyboard and simulates with Enter; returns the chosen id. */
async function simulateFirst(page: Page, add: string, simulate: string): Promise<number> {
  const whatIf = page.getByTestId('what-if');
  const select = whatIf.getByLabel(add);
  await expect.poll(() => select.locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(1);
  const value = await select.locator('option').nth(1).getAttribute('value');
  await select.focus();
  await page.keyboard.press('ArrowDown');
  await whatIf.getByRole('button', { name: simulate }).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('what-if-result').waitFor();
  return Number(value);
}

describe('cascade view: transfer value, what-if followers and the explained loss', () => {
  const b = useBrowser();

  for (const [lang, locale, add, simulate] of [['en', 'en-GB', 'Add company', 'Simulate'], ['zh', 'zh-CN', '添加公司', '模拟']] as const) {
    it(`lists followers by the rise in p and explains the loss as the API computes it (${lang})`, async () => {
      const page = await b.newPage({ locale, viewport: LAPTOP });
      await loginByKeyboard(page, 'manager@demo.local');
      await page.goto('/churn');
      const companyId = await simulateFirst(page, add, simulate);
      const api = await apiSession(b.baseURL, 'manager@demo.local');
      const expected = await api.call<WhatIf>('POST', '/analytics/churn/what-if', { lost: [{ companyId, probability: 1 }] });

      const followers = await page.getByTestId('what-if-followers').textContent();
      expect(followers).toContain(String(expected.followerCount));
      const explain = (await page.getByTestId('what-if-explain').textContent()) ?? '';
      expect(explain).toContain(String(expected.explanation.pairs));
      const digits = (x: number) => Math.round(x).toLocaleString('en-US').replace(/,/g, '');
      expect(explain.replace(/[,，\s]/g, '')).toContain(digits(expected.expectedRevenueLost));
      // the followers table keeps the API's order: by the rise, largest first
      const names = await page.getByTestId('what-if').locator('table.data-table').first().locator('tbody tr td:first-child').allTextContents();
      expect(names.slice(0, 3).map((n) => n.trim())).toEqual(expected.followers.slice(0, 3).map((f) => f.name));
      await screenshot(page, `churn-what-if-${lang}`);
      // chart.js shrinks its canvas only when its resize observer fires, a moment after the viewport changes
      await resizeTo(page, PHONE);
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { timeout: 5_000 }).toBe(0);
      await screenshot(page, `churn-what-if-${lang}-phone`);
      await page.context().close();
    });
  }

  it('keeps the churn ranking’s view (role, sort, page) in the URL through a company and back, by keyboard', async () => {
    const page = await b.newPage();
    await loginByKeyboard(page, 'manager@demo.local');
    await page.goto('/churn');
    const table = page.locator('table.data-table').first();
    await table.locator('tbody tr').first().waitFor();
    await page.locator('#churn-role').focus();
    await page.keyboard.press('ArrowDown'); // Shipper
    await page.keyboard.press('ArrowDown'); // Consignee
    await page.waitForURL(/role=consignee/);
    const header = page.getByRole('button', { name: 'Sort by Revenue at risk' });
    await header.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=revenueAtRisk/);
    await page.getByRole('button', { name: 'Next' }).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/page=2/);
    const url = new URL(page.url());
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ role: 'consignee', sort: 'revenueAtRisk', page: '2' });

    const api = await apiSession(b.baseURL, 'manager@demo.local');
    const expected = await api.call<{ items: { companyId: number; name: string; transferValue12m: number }[] }>(
      'GET', `/analytics/churn?role=consignee&sort=revenueAtRisk&order=${params.order ?? 'desc'}&page=2&pageSize=15`,
    );
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.first().locator('td').first().textContent()).toContain(expected.items[0]!.name);
    // consignees carry value: the transfer value of the first row is the API's
    expect(expected.items[0]!.transferValue12m).toBeGreaterThan(0);
    await expect(rows.first().textContent()).resolves.toContain(Math.round(expected.items[0]!.transferValue12m).toLocaleString('en-GB'));

    await rows.first().getByRole('link', { name: expected.items[0]!.name }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/companies/${expected.items[0]!.companyId}`);
    await page.goBack();
    await page.waitForURL(/page=2/);
    expect(new URL(page.url()).search).toBe(url.search);
    await expect(page.locator('#churn-role').inputValue()).resolves.toBe('consignee');
    await expect.poll(() => rows.first().locator('td').first().textContent()).toContain(expected.items[0]!.name);
    await screenshot(page, 'churn-list-consignees-page2-en');
    await page.context().close();
  });
});
