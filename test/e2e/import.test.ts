import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { login, screenshot, useBrowser, TABLET } from './browser';
import { apiSession } from './api-client';

const dir = mkdtempSync(path.join(tmpdir(), 'crm-e2e-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small file: three good rows and two bad ones (damaged > delivered; unknown status). */
function smallFile(shipperCode: string, run: string): string {
  const rows = [
    'tracking_no,shipper_code,consignee_code,consignee_name,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost',
    `E2E-${run}-1,${shipperCode},E2E-CON-${run},E2E Consignee ${run},2026-10-01 10:00,2026-10-01 09:30,delivered,2,2,0,120.50,80`,
    `E2E-${run}-2,${shipperCode},E2E-CON-${run},E2E Consignee ${run},2026-10-02 10:00,2026-10-02 11:00,delivered,1,1,0,60,40`,
    `E2E-${run}-3,${shipperCode},E2E-CON-${run},E2E Consignee ${run},2026-10-03 10:00,,in_transit,3,0,0,90,50`,
    `E2E-${run}-4,${shipperCode},E2E-CON-${run},E2E Consignee ${run},2026-10-04 10:00,2026-10-04 09:00,delivered,2,1,2,50,30`,
    `E2E-${run}-5,${shipperCode},E2E-CON-${run},E2E Consignee ${run},2026-10-05 10:00,,teleported,1,0,0,10,5`,
  ];
  const file = path.join(dir, `deliveries-${run}.csv`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

describe('import page', () => {
  const b = useBrowser();

  it('imports a small file, shows it finish with its counts and rejected rows, and lists it in the history', async () => {
    const run = String(Date.now());
    const admin = await apiSession(b.baseURL, 'admin@demo.local');
    await admin.call('POST', '/companies', { code: `E2E-SHP-${run}`, name: `E2E Shipper ${run}`, roles: ['shipper'] });
    const file = smallFile(`E2E-SHP-${run}`, run);

    const page = await b.newPage();
    await login(page, 'ops@demo.local');
    expect(new URL(page.url()).pathname).toBe('/import');
    await page.getByLabel('File').setInputFiles(file);
    await page.getByRole('button', { name: 'Start import' }).click();

    await page.locator('[data-testid="import-progress"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('import-inserted').locator('.stat-value').textContent()).resolves.toBe('3');
    await expect(page.getByTestId('import-rejected').locator('.stat-value').textContent()).resolves.toBe('2');
    const rejected = page.getByTestId('rejected-rows');
    await rejected.locator('tbody tr').first().waitFor();
    const text = await rejected.locator('tbody').textContent();
    expect(text).toContain('damaged_pieces');
    expect(text).toContain('teleported');
    const href = await page.getByTestId('errors-csv').getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/imports\/\d+\/errors\.csv$/);
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv).toContain('line,column,value,message');
    await expect(page.getByTestId('import-history').getByRole('button', { name: `deliveries-${run}.csv` }).count()).resolves.toBe(1);
    await screenshot(page, 'import');

    await page.setViewportSize(TABLET);
    await screenshot(page, 'import-tablet');
    await page.context().close();
  });

  it('lists the imported deliveries and filters them by tracking number', async () => {
    const page = await b.newPage();
    await login(page, 'ops@demo.local');
    await page.goto('/deliveries');
    await page.getByTestId('deliveries').locator('tbody tr, .state-empty').first().waitFor();
    await page.getByLabel('Tracking no.').fill('NO-SUCH-TRACKING');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/trackingNo=NO-SUCH-TRACKING/);
    await page.getByText('No deliveries match these filters.').waitFor();
    await screenshot(page, 'deliveries-empty');
    await page.context().close();
  });
});
