import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, screenshot, useBrowser } from './browser';

/**
 * The portal and the API reference work under their Content-Security-Policy: signing in by keyboard and
 * drawing the dashboard (charts included), in English and Chinese, at 1366 and 390 px, with no policy
 * violation — neither a `securitypolicyviolation` event nor a console message about the policy.
 */
const DASHBOARD_CHARTS = ['otif-trend', 'pareto-chart', 'lifecycle-chart', 'risk-split-chart'];

/** Collects every CSP violation of the page, from the DOM event and from the console. */
async function watchPolicy(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportViolation: (t: string) => void }).reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) violations.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  return violations;
}

describe('the portal under its Content-Security-Policy', () => {
  const b = useBrowser();

  it.each([
    ['en-GB', 1366, /Email/, /Password/],
    ['zh-CN', 390, /邮箱/, /密码/],
  ] as const)('signs in by keyboard and draws the dashboard with no violation (%s, %i px)', async (locale, width, emailLabel, passwordLabel) => {
    const page = await b.newPage({ locale, viewport: { width, height: 900 } });
    const violations = await watchPolicy(page);
    const response = await page.goto('/login');
    const policy = response!.headers()['content-security-policy'];
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(response!.headers()['x-content-type-options']).toBe('nosniff');

    await page.getByLabel(emailLabel).click();
    await page.keyboard.type('manager@demo.local');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel(passwordLabel).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.getByLabel(passwordLabel).pressSequentially(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/dashboard');
    for (const id of DASHBOARD_CHARTS) await page.locator(`[data-testid="${id}"] canvas[data-drawn="true"]`).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, `csp-dashboard-${locale}-${width}`);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('shows the API reference with no violation', async () => {
    const page = await b.newPage();
    const violations = await watchPolicy(page);
    const response = await page.goto('/api/docs');
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self';/);
    await page.getByText('Logistics CRM API').first().waitFor();
    await page.locator('.opblock-tag').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'csp-api-docs');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('refuses to be framed by another page', async () => {
    const page = await b.newPage();
    const violations = await watchPolicy(page);
    await page.goto('/api/docs/init.js');
    await page.setContent(`<iframe id="f" src="${b.baseURL}/login"></iframe>`);
    await page.waitForTimeout(1000);
    const framed = page.frames().find((f) => f.url().includes('/login'));
    const drawn = framed ? await framed.locator('body *').count().catch(() => 0) : 0;
    expect(drawn).toBe(0);
    expect(violations.some((v) => /frame-ancestors/.test(v))).toBe(true);
    await page.context().close();
  });
});
