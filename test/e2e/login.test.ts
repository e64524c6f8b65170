import { describe, expect, it } from 'vitest';
import { login, screenshot, useBrowser, DEMO_PASSWORD } from './browser';

describe('login', () => {
  const b = useBrowser();

  it('sends each staff role to its own start page with its own menu', async () => {
    const cases = [
      { email: 'admin@demo.local', path: '/dashboard', menu: ['Dashboard', 'Import', 'Admin'], hidden: ['My service'] },
      { email: 'manager@demo.local', path: '/dashboard', menu: ['Dashboard', 'Churn', 'Companies', 'Contracts', 'Service'], hidden: ['Import', 'Admin'] },
      { email: 'ops@demo.local', path: '/import', menu: ['Import', 'Deliveries'], hidden: ['Dashboard', 'Admin'] },
    ];
    for (const c of cases) {
      const page = await b.newPage();
      await login(page, c.email);
      expect(new URL(page.url()).pathname).toBe(c.path);
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await nav.getByRole('link').first().waitFor();
      for (const item of c.menu) await expect(nav.getByRole('link', { name: item, exact: true }).count()).resolves.toBe(1);
      for (const item of c.hidden) await expect(nav.getByRole('link', { name: item, exact: true }).count()).resolves.toBe(0);
      await page.context().close();
    }
  });

  it('says so when the password is wrong and stays on the login page', async () => {
    const page = await b.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill('ops@demo.local');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('The email or password is not right.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-error');
    await page.context().close();
  });

  it('sends a visitor without a session to the login page and back after signing in', async () => {
    const page = await b.newPage();
    await page.goto('/deliveries');
    await page.waitForURL(/\/login\?next=%2Fdeliveries/);
    await page.getByLabel('Email').fill('ops@demo.local');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/deliveries');
    await page.context().close();
  });

  it('signs out from the user menu', async () => {
    const page = await b.newPage();
    await login(page, 'ops@demo.local');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.goto('/import');
    await page.waitForURL(/\/login/);
    await page.context().close();
  });
});
