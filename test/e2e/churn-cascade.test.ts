import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession } from './api-client';
import { LAPTOP, PHONE, loginByKeyboard, screenshot, useBrowser } from './browser';

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
      await page.setViewportSize(PHONE);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
      expect(wide).toBe(false);
      await screenshot(page, `churn-what-if-${lang}-phone`);
      await page.context().close();
    });
  }
});
