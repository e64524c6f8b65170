import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession } from './api-client';
import { loginByKeyboard, LAPTOP, PHONE, screenshot, useBrowser } from './browser';

/**
 * Claims (issue 17 item 4) in the portal: SH001's client files a claim on one of its deliveries by keyboard (en, 1366);
 * a negative amount is refused with the field's message first. The manager acknowledges it by keyboard (zh, 390) and
 * the client's page shows the new status. Demo revenues are at least 78 CNY a delivery, so 125.50 is within the
 * 3 × revenue cap.
 */
interface Claim {
  id: number; kind: string; status: string; amountClaimed: number; description: string;
  deliveries: { trackingNo: string }[]; history: { fromStatus: string | null; toStatus: string; note: string | null }[];
}

const apiOf = <T>(page: Page, path: string) => page.evaluate(async (p) => (await (await fetch(`/api/v1${p}`)).json()) as unknown, path) as Promise<T>;

describe('claims in the portal', () => {
  const b = useBrowser();
  const world = { trackingNo: '', claimId: 0, description: '' };

  beforeAll(async () => {
    const client = await apiSession(b.baseURL, 'client.sh001@demo.local');
    const { items } = await client.call<{ items: { trackingNo: string }[] }>('GET', '/deliveries?pageSize=1');
    world.trackingNo = items[0].trackingNo;
    world.description = `Two cartons crushed ${Date.now().toString(36)}`;
  });

  it('a shipper client files a claim by keyboard (en, 1366)', async () => {
    const page = await b.newPage({ viewport: LAPTOP });
    await loginByKeyboard(page, 'client.sh001@demo.local');
    await page.goto('/my/claims');
    const tracking = page.getByTestId('claim-tracking');
    await tracking.waitFor();
    await tracking.focus();
    await tracking.pressSequentially(world.trackingNo);
    await page.keyboard.press('Tab');
    // the kind select: damaged is chosen; one down is lost
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.type('-5');
    await page.keyboard.press('Tab');
    await page.keyboard.type(world.description);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // a negative amount: the field says so, nothing is filed
    const amountError = page.locator('#claim-amount-error');
    await amountError.waitFor();
    expect((await amountError.textContent())?.trim()).toMatch(/0|greater|least|negative/i);
    await screenshot(page, 'claims-bad-amount-en-1366');
    expect(new URL(page.url()).pathname).toBe('/my/claims');

    const amount = page.getByTestId('claim-amount');
    await amount.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('125.50');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/my\/claims\/\d+$/);
    world.claimId = Number(new URL(page.url()).pathname.split('/').pop());
    const claim = await apiOf<Claim>(page, `/claims/${world.claimId}`);
    expect(claim).toMatchObject({ kind: 'lost', status: 'filed', amountClaimed: 125.5, description: world.description });
    expect(claim.deliveries.map((d) => d.trackingNo)).toEqual([world.trackingNo]);
    await page.getByTestId('claim-status').waitFor();
    await expect(page.getByTestId('claim-status').textContent()).resolves.toBe('Filed');
    await expect(page.getByTestId('claim-claimed').textContent()).resolves.toContain('125.50');
    await screenshot(page, 'claims-view-en-1366');

    // the list shows it
    await page.goto('/my/claims');
    await expect(page.getByTestId(`claim-status-${world.claimId}`).textContent()).resolves.toBe('Filed');
    await page.context().close();
  });

  it('the manager acknowledges it and sets the settlement by keyboard (zh, 390); the client sees the new status', async () => {
    expect(world.claimId).toBeGreaterThan(0);
    const page = await b.newPage({ locale: 'zh-CN', viewport: PHONE });
    await loginByKeyboard(page, 'manager@demo.local');
    await page.goto('/claims');
    await page.getByTestId(`claim-${world.claimId}`).waitFor();
    await page.goto(`/claims/${world.claimId}`);
    await page.getByRole('heading', { name: '下一步' }).waitFor();
    const note = page.getByTestId('step-note');
    await note.focus();
    await note.pressSequentially('已收到，调查中');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('move-investigating').waitFor();
    await expect(page.getByTestId('claim-status').textContent()).resolves.toBe('已受理');
    const claim = await apiOf<Claim>(page, `/claims/${world.claimId}`);
    expect(claim.status).toBe('acknowledged');
    expect(claim.history.at(-1)).toMatchObject({ fromStatus: 'filed', toStatus: 'acknowledged', note: '已收到，调查中' });

    // the settlement while it is worked: more than claimed is refused (in 中文), then 100 with a note
    const settle = page.getByTestId('settle-amount');
    await settle.focus();
    await settle.pressSequentially('200');
    await page.keyboard.press('Tab');
    await page.keyboard.type('两箱按发票赔付');
    await page.keyboard.press('Enter');
    await page.locator('#settle-amount-error').waitFor();
    expect(await page.locator('#settle-amount-error').textContent()).toMatch(/[\u4e00-\u9fff]/);
    await settle.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('100');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await apiOf<Claim & { amountSettled: number | null; settlementNote: string | null }>(page, `/claims/${world.claimId}`)).amountSettled)
      .toBe(100);
    const settled = await apiOf<{ amountSettled: number; settlementNote: string }>(page, `/claims/${world.claimId}`);
    expect(settled).toMatchObject({ amountSettled: 100, settlementNote: '两箱按发票赔付' });
    await page.getByTestId('claim-settled').filter({ hasText: '100' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'claims-acknowledge-zh-390');
    await page.context().close();

    const clientPage = await b.newPage({ viewport: LAPTOP });
    await loginByKeyboard(clientPage, 'client.sh001@demo.local');
    await clientPage.goto(`/my/claims/${world.claimId}`);
    await clientPage.getByTestId('claim-status').waitFor();
    await expect(clientPage.getByTestId('claim-status').textContent()).resolves.toBe('Acknowledged');
    // the client gets no steps to take
    await expect(clientPage.getByTestId('move-investigating').count()).resolves.toBe(0);
    await clientPage.context().close();
  });
});
