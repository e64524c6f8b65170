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

/** From the drill-down page: every row's tracking number, page after page by Enter on Next (the focus stays on it). */
async function pageThrough(page: Page, next: string): Promise<string[]> {
  const seen: string[] = [];
  const firstCells = page.locator('[data-testid="drill-list"] tbody tr td:first-child');
  for (let n = 1; ; n++) {
    await firstCells.first().waitFor();
    seen.push(...(await firstCells.allTextContents()).map((s) => s.trim()));
    if (await page.getByRole('button', { name: next }).isDisabled()) return seen;
    const focused = await page.evaluate(() => (document.activeElement?.textContent ?? '').trim());
    if (focused !== next) expect(await tabTo(page, (el) => el.text === next && !el.disabled)).toBe(true);
    const last = seen[seen.length - 1];
    await page.keyboard.press('Enter');
    await page.waitForURL(/cursor=/);
    await expect.poll(async () => (await firstCells.last().textContent())?.trim() !== last && (await firstCells.first().textContent())?.trim() !== seen[seen.length - 10 > 0 ? seen.length - 10 : 0]).toBe(true);
    if (n === 2) await screenshot(page, `kpi-drill-page2-${next === 'Next' ? 'en' : 'zh'}`);
  }
}

/** The drill link (a KPI card's or a month's) with the fewest deliveries past one page (10), so that paging is tested and stays short. */
async function smallestLink(page: Page, prefix: string): Promise<{ testid: string; count: number } | null> {
  await page.getByTestId(prefix).waitFor();
  const links = await page.locator('a[data-testid^="drill-"][data-count]').evaluateAll((as) => as.map((a) => ({ testid: a.getAttribute('data-testid')!, count: Number(a.getAttribute('data-count')) })));
  const usable = links.filter((l) => l.count > 10 && l.count <= 120).sort((a, b) => a.count - b.count);
  return usable[0] ?? null;
}

async function openByKeyboard(page: Page, testid: string) {
  const link = page.getByTestId(testid);
  await link.waitFor();
  const shown = Number(await link.getAttribute('data-count'));
  expect(await link.textContent()).toContain(String(shown));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
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
    const link = await smallestLink(page, 'drill-my');
    expect(link).not.toBeNull();
    const shown = await openByKeyboard(page, link!.testid);
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
    const { items } = await apiOf<{ items: { id: number }[] }>(page, '/contracts?pageSize=20');
    let link: { testid: string; count: number } | null = null;
    for (const contract of items) {
      await page.goto(`/contracts/${contract.id}`);
      link = await smallestLink(page, 'drill-contract');
      if (link) break;
    }
    expect(link).not.toBeNull();
    await screenshot(page, 'kpi-drill-contract-390-zh');
    const shown = await openByKeyboard(page, link!.testid);
    expect(Number(await page.getByTestId('drill-total').getAttribute('data-count'))).toBe(shown);
    await expect(page.getByTestId('drill-total').textContent()).resolves.toContain('票运单');
    await screenshot(page, 'kpi-drill-list-390-zh');
    const rows = await pageThrough(page, '下一页');
    expect(rows).toHaveLength(shown);
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(scrolls).toBe(false);
  });
});
