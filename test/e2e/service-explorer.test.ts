import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, signedIn, useBrowser, TABLET, type StorageState } from './browser';
import { arrangeAccountWorld, type AccountWorld } from './account-world';

const due = (page: Page) => page.getByTestId('service-totals').locator('.stat-card').first().locator('.stat-value').textContent();
const search = (page: Page) => new URL(page.url()).search;
const values = (page: Page) => page.evaluate(() => Object.fromEntries(
  ['svc-shipper', 'svc-consignee', 'svc-contract', 'svc-origin', 'svc-destination', 'from', 'to', 'groupBy']
    .map((id) => [id, (document.getElementById(id) as HTMLInputElement | HTMLSelectElement).value]),
));
const optionValues = (page: Page, id: string) => page.locator(`#${id} option`).evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

describe('service analytics explorer', () => {
  const b = useBrowser();
  let w: AccountWorld;
  let manager: StorageState;
  beforeAll(async () => {
    w = await arrangeAccountWorld(b.baseURL);
    manager = await signedIn(b, 'manager@demo.local');
  });

  it('filters by a contract of the chosen shipper, keeps the view in the URL through a reload, and moves between views with back/forward', async () => {
    const page = await b.newPage({ storageState: manager });
    await page.goto('/service');
    // the bare page is rewritten to its view in place
    await page.waitForURL((url) => url.search === '?groupBy=month');
    await page.locator('[data-testid="service-chart"] canvas[data-drawn="true"]').waitFor();

    // without a shipper the contract filter offers every visible contract
    const visible = await (await page.request.get('/api/v1/contracts?archived=all&pageSize=1')).json() as { meta: { total: number } };
    await expect.poll(() => optionValues(page, 'svc-contract').then((v) => v.length), { timeout: 20_000 }).toBe(Math.min(visible.meta.total, 500) + 1);

    // a shipper narrows it to its own contracts (by end date)
    await page.locator('#svc-shipper').selectOption(String(w.shipper.id));
    const own = ['', String(w.contractA.id), String(w.contractB.id), String(w.contractC.id)];
    await expect.poll(() => optionValues(page, 'svc-contract'), { timeout: 20_000 }).toEqual(own);
    await page.locator('#groupBy').selectOption('contract');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.search === `?shipperId=${w.shipper.id}&groupBy=contract`);
    await expect.poll(() => due(page)).toBe('60');
    await expect(page.locator('table.data-table tbody tr').count()).resolves.toBe(2);

    // contract A: the May and June deliveries, by month
    await page.locator('#svc-contract').selectOption(String(w.contractA.id));
    await page.locator('#groupBy').selectOption('month');
    await page.getByRole('button', { name: 'Apply' }).click();
    const viewA = `?shipperId=${w.shipper.id}&contractId=${w.contractA.id}&groupBy=month`;
    await page.waitForURL((url) => url.search === viewA);
    await expect.poll(() => due(page)).toBe('20');
    const csv = (await page.getByTestId('service-csv').getAttribute('href'))!;
    expect(new URL(csv, b.baseURL).searchParams.toString()).toBe(`shipperId=${w.shipper.id}&contractId=${w.contractA.id}&groupBy=month&format=csv`);
    // the download has the same view: due deliveries in May and June only (10 each), then the total
    const [header, ...lines] = (await (await page.request.get(csv)).text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const column = header.split(',');
    const dueByGroup = lines.map((l) => l.split(',')).filter((f) => Number(f[column.indexOf('due')]) > 0)
      .map((f) => [f[column.indexOf('group')].slice(0, 7), Number(f[column.indexOf('due')])]);
    expect(dueByGroup).toEqual([['2026-05', 10], ['2026-06', 10], ['total', 20]]);
    await screenshot(page, 'service-contract-filter');
    await page.setViewportSize(TABLET);
    await screenshot(page, 'service-contract-filter-tablet', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });

    // a reload restores the same view
    await page.reload();
    await expect.poll(() => due(page)).toBe('20');
    expect(search(page)).toBe(viewA);
    await expect.poll(() => values(page)).toMatchObject({ 'svc-shipper': String(w.shipper.id), 'svc-contract': String(w.contractA.id), groupBy: 'month' });

    // back: the shipper's view by contract; forward: contract A again
    await page.goBack();
    await page.waitForURL((url) => url.search === `?shipperId=${w.shipper.id}&groupBy=contract`);
    await expect.poll(() => due(page)).toBe('60');
    await expect.poll(() => values(page)).toMatchObject({ 'svc-shipper': String(w.shipper.id), 'svc-contract': '', groupBy: 'contract' });
    await page.goBack();
    await page.waitForURL((url) => url.search === '?groupBy=month');
    await expect.poll(() => values(page)).toMatchObject({ 'svc-shipper': '', 'svc-contract': '', groupBy: 'month' });
    await page.goForward();
    await page.goForward();
    await page.waitForURL((url) => url.search === viewA);
    await expect.poll(() => due(page)).toBe('20');
    await expect.poll(() => values(page)).toMatchObject({ 'svc-contract': String(w.contractA.id), groupBy: 'month' });
    await page.context().close();
  });

  it('opens a shared link with every filter in place', async () => {
    const page = await b.newPage({ storageState: manager });
    const link = `?shipperId=${w.shipper.id}&consigneeId=${w.consignee.id}&contractId=${w.contractB.id}&from=2026-08-01&to=2026-11-30&groupBy=none`;
    await page.goto(`/service${link}`);
    // contract B has July to October; from August on: 30 deliveries
    await expect.poll(() => due(page)).toBe('30');
    expect(search(page)).toBe(link);
    await expect.poll(() => values(page)).toEqual({
      'svc-shipper': String(w.shipper.id), 'svc-consignee': String(w.consignee.id), 'svc-contract': String(w.contractB.id),
      'svc-origin': '', 'svc-destination': '', from: '2026-08-01', to: '2026-11-30', groupBy: 'none',
    });
    const csv = new URL((await page.getByTestId('service-csv').getAttribute('href'))!, b.baseURL);
    expect(Object.fromEntries(csv.searchParams)).toEqual({
      shipperId: String(w.shipper.id), consigneeId: String(w.consignee.id), contractId: String(w.contractB.id),
      from: '2026-08-01', to: '2026-11-30', groupBy: 'none', format: 'csv',
    });

    // another shipper drops the contract from the form (the report keeps the applied view until Apply)
    const other = (await optionValues(page, 'svc-shipper')).find((v) => v !== '' && v !== String(w.shipper.id))!;
    await page.locator('#svc-shipper').selectOption(other);
    await expect.poll(() => page.locator('#svc-contract').inputValue(), { timeout: 20_000 }).toBe('');
    expect(search(page)).toBe(link);
    await expect(due(page)).resolves.toBe('30');
    await page.context().close();
  });
});
