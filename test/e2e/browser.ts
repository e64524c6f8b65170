import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-output/screenshots');
export const DEMO_PASSWORD = 'demo-password';
/** the two widths every page must work at: a 1366 px laptop and a 390 px phone */
export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
/** the narrow viewport under its former name (it is a phone now) */
export const TABLET = PHONE;

/**
 * What a page may log without failing its test: the browser's own line for an API answer the page asked for and
 * handles (a refused sign-in, a 404 page, a 409 shown in a dialog) — never a 5xx, a script error or an app's
 * console.error.
 */
const EXPECTED_CONSOLE = /^Failed to load resource: the server responded with a status of 4\d\d\b/;

export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface Browsing {
  baseURL: string;
  browser: Browser;
  /**
   * a fresh context (own cookies) and page; `locale` sets navigator.language; `storageState` starts it with
   * the cookies of another context (see signedIn), which saves a sign-in (they are rate-limited per address)
   */
  newPage: (options?: { locale?: string; viewport?: { width: number; height: number }; storageState?: StorageState }) => Promise<Page>;
  /** lets the current test's pages log errors matching `pattern` — only for an error the test itself provokes */
  allowConsoleErrors: (pattern: RegExp) => void;
}

/**
 * One headless Debian Chromium per test file, closed after it; every page gets its own context. Every page a
 * test opens fails that test on a page error (an uncaught exception) or a console error (see EXPECTED_CONSOLE).
 */
export function useBrowser(): Browsing {
  const state = { baseURL: '', browser: null as unknown as Browser, contexts: [] as BrowserContext[], problems: [] as string[], allowed: [] as RegExp[] };
  beforeAll(async () => {
    state.baseURL = inject('baseURL');
    state.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterEach(() => {
    const allowed = state.allowed.splice(0);
    const problems = state.problems.splice(0).filter((p) => !allowed.some((pattern) => pattern.test(p)));
    if (problems.length) throw new Error(`the page reported ${problems.length} error(s):\n${problems.join('\n')}`);
  });
  afterAll(async () => {
    await state.browser?.close();
  });
  return {
    get baseURL() { return state.baseURL; },
    get browser() { return state.browser; },
    allowConsoleErrors: (pattern: RegExp) => {
      state.allowed.push(pattern);
    },
    newPage: async ({ locale = 'en-GB', viewport = LAPTOP, storageState } = {}) => {
      const context = await state.browser.newContext({ baseURL: state.baseURL, locale, viewport, storageState });
      context.setDefaultTimeout(Number(process.env.E2E_TIMEOUT_MS ?? 45_000));
      const page = await context.newPage();
      watchForErrors(page, state.problems);
      return page;
    },
  };
}

/** Records a page's uncaught exceptions and console errors (with the page's URL) into `problems`. */
export function watchForErrors(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.stack ?? e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !EXPECTED_CONSOLE.test(m.text())) problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
}

/** Signs in through the login form and waits for the landing page. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/Email|邮箱/).fill(email);
  await page.getByLabel(/Password|密码/).fill(password);
  await page.getByRole('button', { name: /Sign in|登录/ }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Signs in as a person does: types the email, Tab, types the password, Enter; waits for the landing page. */
export async function loginByKeyboard(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  const field = page.getByLabel(/Email|邮箱/);
  await field.click();
  await field.pressSequentially(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** The values a chart plotted (its data-series attribute): labels and each dataset's points by label. */
export async function chartSeries(chart: Locator): Promise<{ labels: string[]; datasets: Record<string, (number | null)[]> }> {
  const raw = JSON.parse((await chart.getAttribute('data-series')) ?? '{"labels":[],"datasets":[]}') as { labels: string[]; datasets: { label: string; data: (number | null)[] }[] };
  return { labels: raw.labels, datasets: Object.fromEntries(raw.datasets.map((d) => [d.label, d.data])) };
}

/**
 * Resizes the page and lets it settle: chart.js gives its canvases a pixel width and shrinks them only when its
 * resize observer fires, a moment after the viewport changes.
 */
export async function resizeTo(page: Page, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(viewport);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.waitForTimeout(250);
}

/** Signs in once through the login form and gives the session's cookies for `newPage({ storageState })`. */
export async function signedIn(b: Browsing, email: string, password = DEMO_PASSWORD): Promise<StorageState> {
  const page = await b.newPage();
  await login(page, email, password);
  const state = await page.context().storageState();
  await page.context().close();
  return state;
}

/**
 * Whether the glyph checks run: a CJK font is installed (fonts-noto-cjk), or CI requires the browser tests
 * (.ci/run installs the font), where a missing font must fail rather than skip.
 */
export const CHECK_GLYPHS = process.env.REQUIRE_BROWSER === 'true' || (() => {
  try {
    return execSync('fc-list :lang=zh family', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
  } catch {
    return false;
  }
})();
if (!CHECK_GLYPHS) console.log('[e2e] glyph checks skipped: no CJK font (apt-get install fonts-noto-cjk)');

/**
 * The characters of an element's text that the browser draws as the missing-glyph box (tofu), in the element's
 * own font: each is drawn on a canvas and compared with a code point no font has (U+10FFFD). Empty = real glyphs.
 */
export async function missingGlyphs(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).first().evaluate((el) => {
    const style = getComputedStyle(el);
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 64;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.font = `${style.fontWeight} 40px ${style.fontFamily}`;
    ctx.textBaseline = 'top';
    const draw = (ch: string) => {
      ctx.clearRect(0, 0, 64, 64);
      ctx.fillText(ch, 4, 4);
      return ctx.getImageData(0, 0, 64, 64).data.join(',');
    };
    const tofu = draw('\u{10FFFD}');
    const chars = [...new Set([...(el.textContent ?? '')].filter((ch) => /\S/.test(ch)))];
    return chars.filter((ch) => draw(ch) === tofu);
  });
}

export async function screenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<void> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage });
}

/** A screenshot of one part of the page (a card, a table). */
export async function screenshotOf(part: Locator, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await part.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

type DateOrder = 'dmy' | 'mdy' | 'ymd';
const dateOrders = new WeakMap<Browser, Promise<DateOrder>>();

/**
 * The order of the day, month and year segments of a date input in this browser. Headless Chromium draws them
 * in its own UI language (mm/dd/yyyy here), whatever locale the page emulates, so a test asks the control
 * rather than assuming the order of the page's language.
 */
function dateOrderOf(page: Page): Promise<DateOrder> {
  const browser = page.context().browser()!;
  let order = dateOrders.get(browser);
  if (!order) {
    order = (async () => {
      const probe = await page.context().newPage();
      await probe.setContent('<input id="probe" type="date">');
      await probe.locator('#probe').focus();
      await probe.keyboard.type('01022003');
      const value = await probe.locator('#probe').inputValue();
      await probe.close();
      if (value === '2003-02-01') return 'dmy';
      if (value === '2003-01-02') return 'mdy';
      return 'ymd';
    })();
    dateOrders.set(browser, order);
  }
  return order;
}

/** Types an ISO date into a date input by keyboard, segment by segment in the order the control shows them. */
export async function typeDate(page: Page, field: Locator, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  const keys = { dmy: day + month + year, mdy: month + day + year, ymd: year + month + day }[await dateOrderOf(page)];
  // focus (not a click, which lands in the segment under the pointer) starts at the first segment
  await field.focus();
  await page.keyboard.type(keys);
}
