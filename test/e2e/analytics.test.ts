import { describe, expect, it } from 'vitest';
import { login, screenshot, useBrowser } from './browser';

describe('account manager pages', () => {
  const b = useBrowser();

  it('shows the API message next to the field when a new company has a bad code, and creates it once corrected', async () => {
    const page = await b.newPage();
    await login(page, 'manager@demo.local');
    await page.goto('/companies/new');
    await page.getByLabel('Code').fill('BAD CODE');
    await page.locator('#name').fill('E2E Forwarding 测试物流');
    await page.getByRole('button', { name: 'Create' }).click();
    const message = page.locator('#code-error');
    await expect(message.textContent()).resolves.toBe('No spaces in a code.');
    await expect(page.getByLabel('Code').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByTestId('form-error').textContent()).resolves.toContain('Please correct the highlighted fields.');
    await screenshot(page, 'analytics-company-form-error');

    const code = `E2E-${Date.now()}`;
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/companies\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('E2E Forwarding 测试物流');
    await expect(page.getByText(code).count()).resolves.toBeGreaterThan(0);
    await page.context().close();
  });
});
