import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-output/screenshots');
export const DEMO_PASSWORD = 'demo-password';
export const LAPTOP = { width: 1280, height: 800 };
export const TABLET = { width: 800, height: 1100 };

export interface Browsing {
  baseURL: string;
  browser: Browser;
  /** a fresh context (own cookies) and page; `locale` sets navigator.language */
  newPage: (options?: { locale?: string; viewport?: { width: number; height: number } }) => Promise<Page>;
}

/** One headless Debian Chromium per test file, closed after it; every page gets its own context. */
export function useBrowser(): Browsing {
  const state = { baseURL: '', browser: null as unknown as Browser, contexts: [] as BrowserContext[] };
  beforeAll(async () => {
    state.baseURL = inject('baseURL');
    state.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await state.browser?.close();
  });
  return {
    get baseURL() { return state.baseURL; },
    get browser() { return state.browser; },
    newPage: async ({ locale = 'en-GB', viewport = LAPTOP } = {}) => {
      const context = await state.browser.newContext({ baseURL: state.baseURL, locale, viewport });
      context.setDefaultTimeout(Number(process.env.E2E_TIMEOUT_MS ?? 45_000));
      return context.newPage();
    },
  };
}

/** Signs in through the login form and waits for the landing page. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/Email|邮箱/).fill(email);
  await page.getByLabel(/Password|密码/).fill(password);
  await page.getByRole('button', { name: /Sign in|登录/ }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
