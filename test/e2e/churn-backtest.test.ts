import { describe, expect, it } from 'vitest';
import { apiSession } from './api-client';
import { LAPTOP, PHONE, loginByKeyboard, screenshot, useBrowser } from './browser';
import { addDays, businessDay } from '../../api/domain/business-day';

interface Backtest { asOf: string; companies: number; departures: number; direct: { brier: number | null }; cascade: { brier: number | null } }
interface Plan { items: { companyId: number; name: string; gain: number }[]; totalKept: number }

const digits = (s: string | null) => (s ?? '').replace(/[^\d]/g, '');

describe('churn backtest and save first, by keyboard', () => {
  const b = useBrowser();

  for (const [lang, locale, viewport, run, plan] of [
    ['en', 'en-GB', LAPTOP, 'Run backtest', 'Plan'], ['zh', 'zh-CN', PHONE, '运行回测', '生成计划'],
  ] as const) {
    it(`a manager backtests as of a typed day and plans whom to save first (${lang})`, async () => {
      const page = await b.newPage({ locale, viewport });
      await loginByKeyboard(page, 'manager@demo.local');
      const api = await apiSession(b.baseURL, 'manager@demo.local');
      const asOf = addDays(businessDay(new Date(), 'Asia/Shanghai'), -180);

      await page.goto('/churn/backtest');
      const day = page.locator('#asOf');
      await day.focus();
      await day.pressSequentially(asOf);
      await page.keyboard.press('Enter');
      const report = page.getByTestId('backtest-report');
      await report.waitFor({ timeout: 20_000 });
      const expected = await api.call<Backtest>('GET', `/analytics/churn/backtest?asOf=${asOf}`);
      expect(await report.locator('h2').textContent()).toContain(asOf);
      const stats = await report.locator('.stats').textContent();
      expect(digits(stats)).toBe(`${expected.companies}${expected.departures}`);
      const brier = (await page.getByTestId('backtest-metrics').locator('tr[data-metric="bt.brier"] td').allTextContents()).map((x) => Number(x.replace(/,/g, '')));
      expect(brier[0]).toBeCloseTo(expected.direct.brier ?? NaN, 4);
      expect(brier[1]).toBeCloseTo(expected.cascade.brier ?? NaN, 4);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      await screenshot(page, `churn-backtest-${lang}`);
      expect(await page.getByRole('button', { name: run }).count()).toBe(1);

      await page.goto('/churn/save-first');
      const budget = page.locator('#sf-budget');
      await budget.focus();
      await page.keyboard.press('ControlOrMeta+A');
      await budget.pressSequentially('3');
      await page.keyboard.press('Enter');
      const table = page.getByTestId('save-first-items');
      await table.waitFor({ timeout: 30_000 });
      const planned = await api.call<Plan>('POST', '/analytics/churn/save-first', { accounts: 3 });
      const names = (await table.locator('tbody tr td:nth-child(2)').allTextContents()).map((n) => n.trim());
      expect(names).toEqual(planned.items.map((i) => i.name));
      const gains = await table.locator('tbody tr td[data-gain]').allTextContents();
      expect(gains.map((g) => Math.round(Number(g.replace(/[^\d.]/g, ''))))).toEqual(planned.items.map((i) => Math.round(i.gain)));
      expect(await page.getByRole('button', { name: plan }).count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      await screenshot(page, `churn-save-first-${lang}`);
      await page.context().close();
    });
  }
});
