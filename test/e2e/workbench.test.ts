import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHECK_GLYPHS, missingGlyphs, screenshot, signedIn, useBrowser, type StorageState } from './browser';
import { apiSession } from './api-client';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Whole days from today (UTC) as YYYY-MM-DD. */
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** No sideways scroll: the page is no wider than the window. */
const noSideways = async (page: Page) => {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1 ? [] : Array.from(document.querySelectorAll('body *'))
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 8).map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`));
  if (wide.length) console.log('wider than the window:', wide);
  return wide.length === 0;
};

describe('the account manager\'s workbench in the portal', () => {
  const b = useBrowser();
  let manager: StorageState;
  let run: string;
  let shipper: { id: number; code: string; name: string };
  const contracts: { id: number; code: string; shipperId: number }[] = [];

  beforeAll(async () => {
    run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
    const admin = await apiSession(b.baseURL, 'admin@demo.local');
    const users = await admin.call<{ items: { id: number; email: string }[] }>('GET', '/users');
    const managerId = users.items.find((u) => u.email === 'manager@demo.local')!.id;
    shipper = await admin.call('POST', '/companies', { code: `WB-${run}`, name: `Workbench Shipper ${run} 工作台发货方`, roles: ['shipper'], accountManagerId: managerId });
    const consignee = await admin.call<{ code: string; name: string }>('POST', '/companies', { code: `WBC-${run}`, name: `Workbench Consignee ${run}`, roles: ['consignee'] });
    // two contracts ending within 90 days without renewal (one alert each), and the year's service for the review
    const second = await admin.call<{ id: number }>('POST', '/companies', { code: `WB2-${run}`, name: `Workbench Second ${run} 第二发货方`, roles: ['shipper'], accountManagerId: managerId });
    for (const [suffix, owner, end] of [['A', shipper.id, inDays(25)], ['B', second.id, inDays(40)]] as const) {
      contracts.push(await admin.call('POST', '/contracts', {
        shipperId: owner, code: `WB-${run}-${suffix}`, startDate: '2026-01-01', endDate: end, monthlyFee: 8000, currency: 'CNY',
        onTimeTarget: 0.95, inFullTarget: 0.95, otifTarget: 0.93,
      }));
    }
    const lines = ['tracking_no,shipper_code,consignee_code,consignee_name,contract_code,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost'];
    for (const [month, late] of [['07', 0], ['08', 4], ['09', 1]] as const) {
      for (let i = 1; i <= 20; i++) {
        const day = `2026-${month}-${String(i + 5).padStart(2, '0')}`;
        lines.push(`WB-${run}-${month}${i},${shipper.code},${consignee.code},${consignee.name},${contracts[0].code},${day} 12:00,${day} ${i <= late ? '15:00' : '10:00'},delivered,1,1,0,100,70`);
      }
    }
    const job = await admin.importCsv(`${lines.join('\n')}\n`, `workbench-${run}.csv`);
    if (job.status !== 'succeeded') throw new Error(`import: ${JSON.stringify(job)}`);
    await admin.call('POST', '/alerts/evaluate');
    manager = await signedIn(b, 'manager@demo.local');
  });

  for (const { locale, viewport, contract, label } of [
    { locale: 'en-GB', viewport: WIDE, contract: 0, label: 'en-1366' },
    { locale: 'zh-CN', viewport: PHONE, contract: 1, label: 'zh-390' },
  ]) {
    it(`creates a task from an alert by keyboard and marks it done (${label})`, async () => {
      const page = await b.newPage({ storageState: manager, locale, viewport });
      await page.goto('/inbox');
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.getByTestId('unread-count').textContent(), { timeout: 30_000 }).toMatch(/\d+/);
      const code = contracts[contract].code;
      const card = page.getByTestId('alert').filter({ hasText: code });
      await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(1);
      expect(await noSideways(page)).toBe(true);
      await screenshot(page, `workbench-inbox-${label}`, { fullPage: false });

      // keyboard: focus "Create task", Enter opens the pre-filled form with the alert's title and due time
      await card.getByRole('button', { name: locale === 'zh-CN' ? '创建任务' : 'Create task' }).focus();
      await page.keyboard.press('Enter');
      const form = card.getByTestId('task-form');
      const title = form.getByLabel(locale === 'zh-CN' ? '标题' : 'Title');
      await expect.poll(() => title.inputValue(), { timeout: 30_000 }).toContain(code);
      await title.focus();
      await page.keyboard.press('End');
      await title.pressSequentially(locale === 'zh-CN' ? '：致电续约' : ': call about the renewal');
      const due = form.getByLabel(locale === 'zh-CN' ? '截止时间' : 'Due');
      expect(await due.inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
      // the review flag by Space, then Enter in the title submits the form
      await form.getByRole('checkbox').focus();
      await page.keyboard.press('Space');
      expect(await form.getByRole('checkbox').isChecked()).toBe(true);
      await title.focus();
      await screenshot(page, `workbench-task-form-${label}`, { fullPage: false });
      await page.keyboard.press('Enter');
      await expect.poll(() => card.getByRole('status').textContent(), { timeout: 30_000 }).toContain(locale === 'zh-CN' ? '任务已创建' : 'Task created');
      if (CHECK_GLYPHS && locale === 'zh-CN') expect(await missingGlyphs(page, `[data-alert-id] h3`)).toEqual([]);

      // the task is on the dashboard's "my tasks" and on the tasks page; mark it done there by keyboard
      await page.goto('/dashboard');
      const mine = page.getByTestId('my-tasks');
      await expect.poll(() => mine.getByTestId('task').filter({ hasText: code }).count(), { timeout: 30_000 }).toBe(1);
      await page.goto('/tasks');
      const row = page.getByTestId('task').filter({ hasText: code });
      await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
      expect(await noSideways(page)).toBe(true);
      await screenshot(page, `workbench-tasks-${label}`, { fullPage: false });
      await row.getByRole('button', { name: new RegExp(locale === 'zh-CN' ? '^标为完成' : '^Mark done') }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain(locale === 'zh-CN' ? '已完成' : 'Done');
      await screenshot(page, `workbench-task-done-${label}`, { fullPage: false });

      // the company page shows the timeline with the task and the alert
      await page.goto(`/companies/${contracts[contract].shipperId}`);
      const timeline = page.getByTestId('company-timeline');
      await expect.poll(() => timeline.locator('[data-kind="task"]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      await expect.poll(() => timeline.locator('[data-kind="alert"]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      await timeline.scrollIntoViewIfNeeded();
      // the workbench's cards fit the window (the rest of the company page is the page-wide browser test's)
      for (const card of [timeline, page.getByTestId('company-tasks')]) {
        const box = await card.evaluate((el) => ({ right: el.getBoundingClientRect().right, inner: el.scrollWidth - el.clientWidth }));
        expect(box.right).toBeLessThanOrEqual(viewport.width);
        expect(box.inner).toBeLessThanOrEqual(1);
      }
      await screenshot(page, `workbench-company-timeline-${label}`, { fullPage: false });
    });
  }

  it('prints the quarterly review pack to PDF: pages, tables, and the client version without internal figures', async () => {
    const out = path.resolve('test-output/screenshots');
    mkdirSync(out, { recursive: true });
    for (const { locale, version, label } of [
      { locale: 'en-GB', version: 'manager', label: 'en-manager' },
      { locale: 'zh-CN', version: 'client', label: 'zh-client' },
    ]) {
      const page = await b.newPage({ storageState: manager, locale, viewport: WIDE });
      await page.goto(`/companies/${shipper.id}/review?quarter=2026-Q3&version=${version}`);
      const pack = page.getByTestId('review-pack');
      await expect.poll(() => pack.getAttribute('data-version'), { timeout: 30_000 }).toBe(version);
      const kpi = pack.getByTestId('review-kpi-table');
      await expect.poll(() => kpi.count(), { timeout: 30_000 }).toBe(1);
      // July 20/20, August 16/20 (a breach), September 19/20: rows for target, three months, quarter, previous, change
      expect(await kpi.locator('tbody tr').count()).toBe(7);
      expect(await kpi.locator('tr.breach').count()).toBe(1);
      expect(await pack.getByTestId('review-volume-table').locator('tbody tr').count()).toBe(12);
      expect(await pack.getByTestId('review-internal').count()).toBe(version === 'manager' ? 1 : 0);
      await screenshot(page, `workbench-review-${label}`);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.side-nav').isVisible()).toBe(false);
      expect(await page.locator('.app-header').isVisible()).toBe(false);
      expect(await page.getByTestId('print-review').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      writeFileSync(path.join(out, `workbench-review-${label}.pdf`), pdf);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
      // cover and breaches/satisfaction, the volume and actions on a new page, the manager's internal page on its own
      expect(pages).toBeGreaterThanOrEqual(version === 'manager' ? 4 : 3);
      if (CHECK_GLYPHS && locale === 'zh-CN') expect(await missingGlyphs(page, '[data-testid="review-pack"] h2')).toEqual([]);
      await page.context().close();
    }
  });
});
