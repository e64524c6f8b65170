import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiSession } from './api-client';
import { loginByKeyboard, LAPTOP, PHONE, screenshot, useBrowser } from './browser';

/**
 * Disputes (issue 17 item 5) in the portal, on a shipper of its own arranged through the API: October 2026 (closed),
 * a contract with an on-time target of 90 %, tiers 0 → 2 %, 10 % → 5 %, 20 % → 10 % of a 10 000 fee, 10 deliveries of
 * which 3 late: 70 %, credit 10 % = 1 000. The client files a dispute of two late deliveries by keyboard (en, 1366);
 * the manager accepts one (zh, 390): 7 of 9 on time, shortfall 12.2 points, credit 5 % = 500, on the page as the API says.
 */
interface Figures { due: number; creditAmount: number; creditPercent: number; onTimeRate: number }
interface Dispute { id: number; status: string; before: Figures; now: Figures; comment: string | null; lines: { trackingNo: string; cause: string; comment: string; status: string; decisionNote: string | null }[] }

const apiOf = <T>(page: Page, path: string) => page.evaluate(async (p) => (await (await fetch(`/api/v1${p}`)).json()) as unknown, path) as Promise<T>;
const money = (locale: string, v: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', maximumFractionDigits: 2 }).format(v);

describe('disputes in the portal', () => {
  const b = useBrowser();
  const world = { run: '', contractId: 0, clientEmail: '', clientPassword: 'client-password-e2e-dsp', disputeId: 0 };

  beforeAll(async () => {
    const run = `D${Date.now().toString(36)}`;
    world.run = run;
    const admin = await apiSession(b.baseURL, 'admin@demo.local');
    const manager = await apiSession(b.baseURL, 'manager@demo.local');
    const managerId = (manager.user as unknown as { id: number }).id;
    const shipper = await admin.call<{ id: number; code: string }>('POST', '/companies', { code: `DSP-${run}`, name: `Dispute Shipper ${run}`, roles: ['shipper'], accountManagerId: managerId });
    const contract = await admin.call<{ id: number }>('POST', '/contracts', {
      shipperId: shipper.id, code: `DK-${run}`, name: 'Dispute contract', startDate: '2026-01-01', endDate: '2027-12-31', monthlyFee: 10000,
      currency: 'CNY', onTimeTarget: 0.9, inFullTarget: null, otifTarget: null, maxDamageRate: null,
      creditTiers: [{ shortfall: 0, percent: 0.02 }, { shortfall: 0.1, percent: 0.05 }, { shortfall: 0.2, percent: 0.1 }], creditCapPercent: null, minDueCount: 5,
    });
    world.contractId = contract.id;
    const lines = ['tracking_no,shipper_code,consignee_code,consignee_name,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost'];
    for (let day = 1; day <= 10; day++) {
      const dd = String(day).padStart(2, '0');
      lines.push(`${run}-${dd},${shipper.code},DCN-${run},Dispute Consignee ${run},2026-10-${dd} 12:00,2026-10-${dd} ${day >= 8 ? '16:00' : '10:00'},delivered,2,2,0,100,70`);
    }
    const job = await admin.importCsv(`${lines.join('\n')}\n`, `disputes-${run}.csv`);
    if (job.status !== 'succeeded' || job.inserted !== 10) throw new Error(`arranging the dispute world: import ${JSON.stringify(job)}`);
    world.clientEmail = `client-${run.toLowerCase()}@e2e.local`;
    await admin.call('POST', '/users', { email: world.clientEmail, name: `Client ${run}`, password: world.clientPassword, role: 'client', companyId: shipper.id });
  });

  it('a shipper client files a dispute by keyboard (en, 1366)', async () => {
    const page = await b.newPage({ viewport: LAPTOP });
    await loginByKeyboard(page, world.clientEmail, world.clientPassword);
    await page.goto('/my');
    const link = page.getByTestId('dispute-link-2026-10');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/my/dispute/${world.contractId}/2026-10`);
    await page.getByTestId(`pick-${world.run}-08`).waitFor();
    // late ones only: the on-time deliveries are not offered
    await expect(page.getByTestId(`pick-${world.run}-01`).count()).resolves.toBe(0);

    for (const [day, downs, why] of [['08', 2, 'Gate closed on arrival'], ['09', 3, 'Typhoon warning']] as const) {
      await page.getByTestId(`pick-box-${world.run}-${day}`).focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      for (let i = 0; i < downs; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      await page.keyboard.type(why);
    }
    await page.getByLabel('Comment on the dispute').pressSequentially('Two of three were not ours');
    await screenshot(page, 'disputes-file-en-1366');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/my\/disputes\/\d+$/);
    world.disputeId = Number(new URL(page.url()).pathname.split('/').pop());
    const dispute = await apiOf<Dispute>(page, `/disputes/${world.disputeId}`);
    expect(dispute.comment).toBe('Two of three were not ours');
    expect(dispute.lines.map((l) => [l.trackingNo, l.cause, l.comment, l.status]).sort()).toEqual([
      [`${world.run}-08`, 'consignee', 'Gate closed on arrival', 'open'],
      [`${world.run}-09`, 'force_majeure', 'Typhoon warning', 'open'],
    ]);
    expect(dispute.before).toMatchObject({ due: 10, onTimeRate: 0.7, creditPercent: 0.1, creditAmount: 1000 });
    await expect(page.getByTestId('before-credit').textContent()).resolves.toBe(money('en-GB', 1000));
    await screenshot(page, 'disputes-view-en-1366');
    await page.context().close();
  });

  it('the manager accepts one line and rejects the other by keyboard (zh, 390); the credit follows', async () => {
    expect(world.disputeId).toBeGreaterThan(0);
    const page = await b.newPage({ locale: 'zh-CN', viewport: PHONE });
    await loginByKeyboard(page, 'manager@demo.local');
    await page.goto(`/disputes/${world.disputeId}`);
    await page.getByTestId(`decide-${world.run}-08`).waitFor();
    await page.getByRole('heading', { name: '争议运单' }).waitFor();

    // accept (the default choice) with a note
    await page.getByTestId(`accept-${world.run}-08`).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.type('闸口记录属实');
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="line-${world.run}-08"][data-status="accepted"]`).waitFor();
    const accepted = await apiOf<Dispute>(page, `/disputes/${world.disputeId}`);
    expect(accepted.now).toMatchObject({ due: 9, creditPercent: 0.05, creditAmount: 500 });
    expect(accepted.lines.find((l) => l.trackingNo === `${world.run}-08`)).toMatchObject({ status: 'accepted', decisionNote: '闸口记录属实' });
    await expect(page.getByTestId('now-credit').textContent()).resolves.toBe(money('zh-CN', 500));
    await expect(page.getByTestId('before-credit').textContent()).resolves.toBe(money('zh-CN', 1000));

    // reject: arrow to the second choice, a note, Enter
    await page.getByTestId(`accept-${world.run}-09`).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.type('当日无台风预警');
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="line-${world.run}-09"][data-status="rejected"]`).waitFor();
    const decided = await apiOf<Dispute>(page, `/disputes/${world.disputeId}`);
    expect(decided).toMatchObject({ status: 'decided', now: { creditAmount: 500 } });
    await expect(page.getByTestId('dispute-status').textContent()).resolves.toContain('已处理');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'disputes-decide-zh-390');

    // the statement of the month says the same
    await page.goto(`/contracts/${world.contractId}/statement/2026-10`);
    await page.getByTestId('st-credit').waitFor();
    await expect(page.getByTestId('st-credit').textContent()).resolves.toBe(money('zh-CN', 500));
    await expect(page.getByTestId('st-excused').textContent()).resolves.toBe('1');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'disputes-statement-zh-390');
    await page.context().close();
  });
});
