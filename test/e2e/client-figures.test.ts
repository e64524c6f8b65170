import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chartSeries, loginByKeyboard, PHONE, LAPTOP, resizeTo, screenshot, useBrowser } from './browser';

/**
 * The client portal answers one question per page (issue 13 items 2, 3, 10): the chosen contract with its
 * consignee scope. Cards, trend, months and partners must equal what the API gives for that same question; a
 * month that is not closed owes no credit; a consignee sees the targets of the contracts that cover it.
 * Driven by keyboard on the demo data, in English and 中文, at 1366 and 390 px.
 */
interface Month {
  month: string; provisional: boolean; verdict: string; breached: boolean; creditAmount: number;
  kpis: { due: number; otifRate: number | null; onTimeRate: number | null };
}
interface Compliance {
  contract: { id: number; code: string; minDueCount: number }; scope: { consigneeId: number; consigneeName: string } | null; creditsApply: boolean;
  months: Month[]; total: { from: string; to: string; kpis: { otifRate: number | null; onTimeRate: number | null; due: number }; checks: { kpi: string; target: number | null }[] };
  totalCredit: number;
}

const pct = (locale: string, v: number | null) =>
  v === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
const money = (locale: string, v: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', maximumFractionDigits: 2 }).format(v);
const monthLabel = (locale: string, m: string) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${m}-01T12:00:00Z`));

/** The API's answer to a path, asked from the page with the page's own session. */
const apiOf = <T>(page: Page, path: string) => page.evaluate(async (p) => (await (await fetch(`/api/v1${p}`)).json()) as unknown, path) as Promise<T>;

async function chosenContractId(page: Page): Promise<number> {
  const text = await page.getByTestId('contract-info').locator('strong').textContent();
  const { items } = await apiOf<{ items: { id: number; code: string }[] }>(page, '/contracts?pageSize=100');
  return items.find((c) => c.code === text)!.id;
}

/** Cards, chart and month table against the compliance answer and the service answer for the same months. */
async function expectOneQuestion(page: Page, locale: string) {
  const id = await chosenContractId(page);
  await page.getByTestId('figures-question').waitFor();
  const report = await apiOf<Compliance>(page, `/contracts/${id}/compliance`);
  await expect(page.getByTestId('figures-question').textContent()).resolves.toContain(report.contract.code);
  // the cards: the compliance total, which is the service answer for the contract (and scope) over the same days
  const scope = report.scope ? `&consigneeId=${report.scope.consigneeId}` : '';
  const service = await apiOf<{ total: { otifRate: number | null; onTimeRate: number | null; due: number } }>(page,
    `/analytics/service?contractId=${id}&from=${report.total.from}&to=${report.total.to}${scope}`);
  expect(service.total.due).toBe(report.total.kpis.due);
  expect(service.total.otifRate).toBe(report.total.kpis.otifRate);
  await expect(page.getByTestId('kpi-otif').locator('.stat-value').textContent()).resolves.toBe(pct(locale, report.total.kpis.otifRate));
  await expect(page.getByTestId('kpi-onTime').locator('.stat-value').textContent()).resolves.toBe(pct(locale, report.total.kpis.onTimeRate));
  const otifTarget = report.total.checks.find((c) => c.kpi === 'otif')!.target;
  await expect(page.getByTestId('kpi-otif').locator('.stat-hint').textContent()).resolves.toContain(pct(locale, otifTarget));

  // the chart: one point per month of the answer, months below the minimum due count left out
  const chart = page.getByTestId('otif-trend');
  await chart.locator('canvas[data-drawn="true"]').waitFor();
  const series = await chartSeries(chart);
  expect(series.labels).toEqual(report.months.map((m) => monthLabel(locale, m.month)));
  const otifSeries = Object.entries(series.datasets).find(([label]) => /OTIF|准时足量率/.test(label) && !/target|目标/.test(label))![1];
  expect(otifSeries).toEqual(report.months.map((m) => (m.verdict === 'met' || m.verdict === 'breached' ? m.kpis.otifRate : null)));

  // the months table: newest first, the same OTIF, provisional months marked, and no credit before a month closes
  const rows = page.getByTestId('compliance').locator('tbody tr');
  await rows.first().waitFor();
  const shown = Math.min(12, report.months.length);
  const newest = [...report.months].reverse().slice(0, shown);
  for (const [i, m] of newest.entries()) {
    const row = rows.nth(i);
    await expect(row.locator('td').nth(0).textContent()).resolves.toContain(monthLabel(locale, m.month));
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe(pct(locale, m.kpis.otifRate));
    await expect(row.getByTestId('month-provisional').count()).resolves.toBe(m.provisional ? 1 : 0);
    if (report.creditsApply) {
      const credit = (await row.locator('td').last().textContent())!.trim();
      if (m.provisional) expect(credit, m.month).not.toMatch(/[1-9]/);
      else expect(credit, m.month).toBe(money(locale, m.creditAmount));
    }
  }
  return report;
}

describe('the client portal answers one question: the chosen contract with its consignee scope', () => {
  const b = useBrowser();

  it('shows the shipper cards, trend and months of one contract, switches contract by keyboard, never credits an open month', async () => {
    const page = await b.newPage({ viewport: LAPTOP });
    await loginByKeyboard(page, 'client.sh001@demo.local');
    await page.getByTestId('figures-question').waitFor();
    const first = await expectOneQuestion(page, 'en-GB');
    expect(first.creditsApply).toBe(true);
    // the credits card sums the closed months only
    const closedCredit = first.months.filter((m) => !m.provisional).reduce((sum, m) => sum + m.creditAmount, 0);
    expect(first.totalCredit).toBeCloseTo(closedCredit, 2);
    await expect(page.getByTestId('total-credit').locator('.stat-value').textContent()).resolves.toBe(money('en-GB', first.totalCredit));
    // partners: the same contract and months
    const partnerRows = page.getByTestId('partners').locator('tbody tr');
    await partnerRows.first().waitFor();
    await expect(page.getByTestId('partners').textContent()).resolves.toContain(first.contract.code);
    await screenshot(page, 'client-figures-sh001-1366-en');
    await resizeTo(page, PHONE);
    await screenshot(page, 'client-figures-sh001-390-en');
    await resizeTo(page, LAPTOP);

    // the other contract, chosen with the keyboard
    const picker = page.getByRole('combobox', { name: 'Contract' });
    await picker.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await page.getByTestId('contract-info').locator('strong').textContent()) !== first.contract.code).toBe(true);
    const second = await expectOneQuestion(page, 'en-GB');
    expect(second.contract.id).not.toBe(first.contract.id);

    // in 中文, through the header's language switch
    await page.getByRole('button', { name: '中文' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '服务水平', exact: true }).waitFor();
    await expectOneQuestion(page, 'zh-CN');
    await screenshot(page, 'client-figures-sh001-1366-zh');
    await resizeTo(page, PHONE);
    await screenshot(page, 'client-figures-sh001-390-zh');
    await page.context().close();
  });

  it('shows a consignee the targets of the contract that covers it and its own deliveries, without credits', async () => {
    for (const locale of ['en-GB', 'zh-CN']) {
      const page = await b.newPage({ locale, viewport: LAPTOP });
      await loginByKeyboard(page, 'client.cn0001@demo.local');
      await page.getByTestId('figures-question').waitFor();
      const report = await expectOneQuestion(page, locale);
      expect(report.scope).not.toBeNull();
      expect(report.creditsApply).toBe(false);
      // the question names the shipper whose deliveries these are
      const { items } = await apiOf<{ items: { id: number; shipperName: string }[] }>(page, '/contracts?pageSize=100');
      await expect(page.getByTestId('figures-question').textContent()).resolves.toContain(items.find((c) => c.id === report.contract.id)!.shipperName);
      // every card with a target in the contract says it; none says "No target"
      const hints = await page.getByTestId('kpi-targets').locator('.stat-hint').allTextContents();
      expect(hints.join(' ')).not.toMatch(/No target|合同未设目标/);
      expect(hints.filter((h) => /Target|目标/.test(h)).length).toBeGreaterThanOrEqual(3);
      await expect(page.getByTestId('credits-whole-contract').count()).resolves.toBe(1);
      await expect(page.getByTestId('total-credit').count()).resolves.toBe(0);
      await screenshot(page, `client-figures-cn0001-1366-${locale}`);
      await resizeTo(page, PHONE);
      await screenshot(page, `client-figures-cn0001-390-${locale}`);
      await page.context().close();
    }
  });
});
