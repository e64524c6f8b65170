import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LAPTOP, loginByKeyboard, PHONE, screenshot, useBrowser } from './browser';

/**
 * A KPI figure opens the deliveries behind it (issue 17 item 3): Tab to the figure's link, Enter, page through
 * the list with the keyboard; the deliveries listed are as many as the figure says. Demo data; a client on
 * /my in English at 1366 px, a manager on a contract page in 中文 at 390 px.
 */
const apiOf = <T>(page: Page, path: string) => page.evaluate(async (p) => (await (await fetch(`/api/v1${p}`)).json()) as unknown, path) as Promise<T>;

/** Presses Tab until the focused element matches, at most `max` times; false when it never does. */
async function tabTo(page: Page, matches: (el: { testid: string | null; text: string; disabled: boolean }) => boolean, max = 300) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { testid: a?.getAttribute('data-testid') ?? null, text: (a?.textContent ?? '').trim(), disabled: (a as HTMLButtonElement | null)?.disabled ?? false };
    });
    if (matches(el)) return true;
  }
  return false;
}

/** From the drill-down page: every row's tracking number, page after page by Tab and Enter on Next. */
async function pageThrough(page: Page, next: string): Promise<string[]> {
  const seen: string[] = [];
  for (;;) {
    await page.getByTestId('drill-total').waitFor();
    await page.locator('[data-testid="drill-list"] tbody tr').first().waitFor();
    const before = page.url();
    seen.push(...(await page.locator('[data-testid="drill-list"] tbody tr td:first-child').allTextContents()).map((s) => s.trim()));
    if (await page.getByRole('button', { name: next }).isDisabled()) return seen;
    await page.locator('body').focus();
    expect(await tabTo(page, (el) => el.text === next)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url() !== before).toBe(true);
    await expect.poll(async () => (await page.locator('[data-testid="drill-list"] tbody tr td:first-child').first().textContent())?.trim() !== seen[seen.length - 1]).toBe(true);
  }
}

async function openByKeyboard(page: Page, testid: string) {
  const link = page.getByTestId(testid);
  await link.waitFor();
  const shown = Number(await link.getAttribute('data-count'));
  expect(await link.textContent()).toContain(String(shown));
  await page.locator('body').focus();
  expect(await tabTo(page, (el) => el.testid === testid)).toBe(true);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/kpi-deliveries\?/);
  await page.getByTestId('drill-total').waitFor();
  return shown;
}

describe('a KPI figure opens the deliveries behind it, by keyboard', () => {
  const b = useBrowser();

  it('a client on /my: the late deliveries of its contract, as many as the figure, paged (en, 1366 px)', async () => {
    const page = await b.newPage({ viewport: LAPTOP });
    await loginByKeyboard(page, 'client.sh001@demo.local');
    await page.getByTestId('drill-my').waitFor();
    await screenshot(page, 'kpi-drill-my-1366-en');
    const shown = await openByKeyboard(page, 'drill-my-onTime-failed');
    expect(Number(await page.getByTestId('drill-total').getAttribute('data-count'))).toBe(shown);
    await expect(page.getByRole('heading', { level: 1 })).toBeDefined();
    await screenshot(page, 'kpi-drill-list-1366-en');
    const rows = await pageThrough(page, 'Next');
    expect(rows).toHaveLength(shown);
    expect(new Set(rows).size).toBe(shown);
    await expect(page.getByTestId('export-csv').getAttribute('href')).resolves.toContain('format=csv');
  });

  it('a manager on a contract page: the deliveries that missed OTIF, as many as the figure, paged (中文, 390 px)', async () => {
    const page = await b.newPage({ viewport: PHONE, locale: 'zh-CN' });
    await loginByKeyboard(page, 'manager@demo.local');
    const { items } = await apiOf<{ items: { id: number }[] }>(page, '/contracts?pageSize=1');
    await page.goto(`/contracts/${items[0].id}`);
    await page.getByTestId('drill-contract').waitFor();
    await screenshot(page, 'kpi-drill-contract-390-zh');
    const shown = await openByKeyboard(page, 'drill-contract-otif-failed');
    expect(Number(await page.getByTestId('drill-total').getAttribute('data-count'))).toBe(shown);
    await expect(page.getByTestId('drill-total').textContent()).resolves.toContain('票运单');
    await screenshot(page, 'kpi-drill-list-390-zh');
    const rows = await pageThrough(page, '下一页');
    expect(rows).toHaveLength(shown);
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(scrolls).toBe(false);
  });
});
