import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { login, screenshot, useBrowser } from './browser';
import { apiSession } from './api-client';

const dir = mkdtempSync(path.join(tmpdir(), 'crm-e2e-caps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A job keeps at most 100 warnings (setting import.kept): a file with 130 unknown columns imports, and the
 * import page says it shows 100 of 130, in English at 1366 px and in Chinese at 390 px.
 */
describe('import page with more warnings than a job keeps', () => {
  const b = useBrowser();

  it.each([['en-GB', 1366, 'Start import', /Showing the first 100 of 130 warnings\./], ['zh-CN', 390, '开始导入', /仅显示前 100 条警告（共 130 条）。/]] as const)(
    'says how many warnings it shows (%s, %i px)', async (locale, width, start, note) => {
      const run = `${Date.now()}${width}`;
      const admin = await apiSession(b.baseURL, 'admin@demo.local');
      await admin.call('POST', '/companies', { code: `CAP-SHP-${run}`, name: `Cap Shipper ${run}`, roles: ['shipper'] });
      const extra = Array.from({ length: 130 }, (_, i) => `memo_${i + 1}`);
      const file = path.join(dir, `wide-${run}.csv`);
      writeFileSync(file, `tracking_no,shipper_code,consignee_code,promised_at,status,${extra.join(',')}\n`
        + `CAP-${run}-1,CAP-SHP-${run},CAP-CON-${run},2026-10-01 10:00,in_transit${',x'.repeat(130)}\n`);

      const page = await b.newPage({ locale, viewport: { width, height: 900 } });
      await login(page, 'ops@demo.local');
      await page.locator('input[type="file"]').setInputFiles(file);
      const button = page.getByRole('button', { name: start });
      await button.focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="import-progress"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('import-warnings-capped').textContent()).resolves.toMatch(note);
      await expect(page.getByTestId('import-summary').locator('li').count()).resolves.toBe(100);
      await page.getByTestId('import-warnings-capped').scrollIntoViewIfNeeded();
      await screenshot(page, `import-warnings-capped-${locale}-${width}`, { fullPage: false });
      await page.context().close();
    },
  );
});
