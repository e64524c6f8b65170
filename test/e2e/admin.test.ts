import { describe, expect, it } from 'vitest';
import { login, screenshot, useBrowser } from './browser';

describe('admin pages', () => {
  const b = useBrowser();

  it('creates a user, shows the API message for a short password, changes the role and disables the user', async () => {
    const email = `e2e-${Date.now().toString(36)}@e2e.local`;
    const page = await b.newPage();
    await login(page, 'admin@demo.local');
    await page.goto('/admin/users');
    await page.getByTestId('users').locator('tbody tr').first().waitFor();
    const form = page.getByTestId('user-create');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Name').fill('E2E Person');
    await form.getByLabel('Password').fill('short');
    await form.getByLabel('Role').selectOption('operations');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(form.locator('#new-password-error').textContent()).resolves.toBe('Use at least 10 characters.');
    await form.getByLabel('Password').fill('long-enough-password');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('admin-notice').getByText(`Created ${email}.`).waitFor();

    const row = page.getByTestId('users').locator('tbody tr', { hasText: email });
    await row.waitFor();
    await row.getByLabel('Role of E2E Person').selectOption('manager');
    // a role change is confirmed first
    await page.locator('dialog[open]').getByText('Change the role of E2E Person from Operations to Account manager?').waitFor();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('admin-notice').getByText('Changed the role of E2E Person.').waitFor();
    await expect.poll(() => row.getByLabel('Role of E2E Person').inputValue()).toBe('manager');
    await page.getByTestId(`toggle-${email}`).click();
    await row.getByText('Disabled').waitFor();
    await screenshot(page, 'admin-users');
    await page.context().close();
  });

  it('creates an API token, shows its secret once, and revokes it', async () => {
    const name = `e2e-token-${Date.now().toString(36)}`;
    const page = await b.newPage();
    await login(page, 'admin@demo.local');
    await page.goto('/admin/tokens');
    const form = page.getByTestId('token-create');
    await form.getByLabel('Name').fill(name);
    await form.getByRole('button', { name: 'Create' }).click();
    const secret = await page.getByTestId('token-secret').locator('code').textContent();
    expect(secret!.length).toBeGreaterThan(20);
    const me = await page.evaluate(async (token) => (await fetch('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` }, credentials: 'omit' })).status, secret);
    expect(me).toBe(200);
    const row = page.getByTestId('tokens').locator('tbody tr', { hasText: name });
    await row.getByText('Active').waitFor();
    await screenshot(page, 'admin-tokens');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId(`revoke-${name}`).click();
    await row.getByText('Revoked').waitFor();
    await page.reload();
    await expect(page.getByTestId('token-secret').count()).resolves.toBe(0);
    await page.context().close();
  });
});
