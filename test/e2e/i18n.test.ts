import { describe, expect, it } from 'vitest';
import { CHECK_GLYPHS, login, missingGlyphs, screenshot, useBrowser } from './browser';

describe('languages', () => {
  const b = useBrowser();

  it('switches to 中文 from the header, formats numbers for it, and keeps the choice after a reload', async () => {
    const page = await b.newPage({ locale: 'en-GB' });
    await login(page, 'ops@demo.local');
    await page.getByRole('heading', { level: 1, name: 'Import deliveries' }).waitFor();
    await page.getByTestId('lang-zh').click();
    await page.getByRole('heading', { level: 1, name: '导入运单' }).waitFor();
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['导入', '运单', '索赔']);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await screenshot(page, 'import-zh');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '导入运单' }).waitFor();
    await page.goto('/deliveries');
    await page.getByRole('heading', { level: 1, name: '运单' }).waitFor();
    await expect(page.getByLabel('运单号').count()).resolves.toBe(1);
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
    await page.context().close();
  });

  it('starts in Chinese for a browser set to Chinese', async () => {
    const page = await b.newPage({ locale: 'zh-CN' });
    await page.goto('/login');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await expect(page.getByLabel('邮箱').count()).resolves.toBe(1);
    await screenshot(page, 'login-zh');
    await page.context().close();
  });

  it.skipIf(!CHECK_GLYPHS)('draws Chinese text with real glyphs, not boxes (a CJK font such as fonts-noto-cjk is installed)', async () => {
    const page = await b.newPage({ locale: 'zh-CN' });
    await page.goto('/login');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    for (const selector of ['h1', 'label[for]', 'button[type="submit"]']) {
      await expect(missingGlyphs(page, selector), selector).resolves.toEqual([]);
    }
    await screenshot(page, 'login-zh-glyphs');
    await page.context().close();
  });
});
