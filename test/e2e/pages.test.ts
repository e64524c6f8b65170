import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LAPTOP, PHONE, resizeTo, screenshot, signedIn, useBrowser, type StorageState } from './browser';
import { apiSession } from './api-client';

/**
 * Every page of the portal — every +page.svelte under web/src/routes, for every role its guards let in — opened at
 * 1366 px and 390 px, in English and 中文: the page must not scroll sideways, at 1366 px no table may hide columns
 * behind its own scrollbar, at 390 px the menu must reach every entry, and no page may log an error (useBrowser).
 * A screenshot of each goes to test-output/screenshots/pages/. A new page is covered as soon as it exists; a new
 * route parameter needs a value below.
 */
const ROUTES = path.resolve('web/src/routes');
type Role = 'admin' | 'manager' | 'operations' | 'client';
const ALL: Role[] = ['admin', 'manager', 'operations', 'client'];
const LOGINS: { email: string; role: Role }[] = [
  { email: 'admin@demo.local', role: 'admin' },
  { email: 'manager@demo.local', role: 'manager' },
  { email: 'ops@demo.local', role: 'operations' },
  { email: 'client.sh001@demo.local', role: 'client' },
  { email: 'client.cn0001@demo.local', role: 'client' },
];

interface Route { pattern: string; roles: Role[] | 'anonymous' }

/** The roles of a requireRole(...) guard in a +layout.ts or +page.ts, or null without one. */
function guardOf(dir: string): Role[] | null {
  let roles: Role[] | null = null;
  for (const file of ['+layout.ts', '+page.ts']) {
    const full = path.join(dir, file);
    if (!existsSync(full)) continue;
    const m = /requireRole\(([^)]*)\)/.exec(readFileSync(full, 'utf8'));
    if (m) {
      const listed = [...m[1].matchAll(/'(\w+)'/g)].map((x) => x[1] as Role);
      roles = roles ? roles.filter((r) => listed.includes(r)) : listed;
    }
  }
  return roles;
}

function portalRoutes(dir = ROUTES, segments: string[] = [], inherited: Role[] | null = null, signedIn = false): Route[] {
  const guard = guardOf(dir);
  const roles = guard ? (inherited ? inherited.filter((r) => guard.includes(r)) : guard) : inherited;
  const here = signedIn || path.basename(dir) === '(app)';
  const found: Route[] = [];
  if (existsSync(path.join(dir, '+page.svelte'))) {
    found.push({ pattern: `/${segments.join('/')}`, roles: here ? (roles ?? ALL) : 'anonymous' });
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const name = entry.name;
    const next = /^\(.*\)$/.test(name) ? segments : [...segments, name];
    found.push(...portalRoutes(path.join(dir, name), next, roles, here));
  }
  return found;
}

const slug = (url: string) => url.replace(/^\//, '').replace(/[/?=&]+/g, '_') || 'root';

describe('every page of the portal at 1366 px and 390 px, in English and 中文', () => {
  const b = useBrowser();
  const params: Record<string, string> = {};
  const query: Record<string, string> = {};
  const states = new Map<string, StorageState>();

  beforeAll(async () => {
    const manager = await apiSession(b.baseURL, 'manager@demo.local');
    const { items: [sh001] } = await manager.call<{ items: { id: number }[] }>('GET', '/companies?q=SH001');
    const { items: contracts } = await manager.call<{ items: { id: number; code: string }[] }>('GET', `/contracts?shipperId=${sh001.id}`);
    const list = <T>(r: T[] | { items: T[] }) => (Array.isArray(r) ? r : r.items);
    const contacts = list(await manager.call<{ id: number }[] | { items: { id: number }[] }>('GET', `/companies/${sh001.id}/contacts`));
    const departments = list(await manager.call<{ id: number }[] | { items: { id: number }[] }>('GET', `/companies/${sh001.id}/departments`));
    const interactions = list(await manager.call<{ id: number }[] | { items: { id: number }[] }>('GET', `/companies/${sh001.id}/interactions`));
    Object.assign(params, {
      '/companies/[id]': String(sh001.id), '/contracts/[id]': String(contracts.find((c) => c.code === 'HT-SH001-2025')!.id),
      '[contactId]': String(contacts[0].id), '[departmentId]': String(departments[0].id), '[interactionId]': String(interactions[0].id),
    });
    query['/pairs/new'] = `?companyId=${sh001.id}`;
    // a dispute of SH001's contract (its latest closed month with a delivery counted against it), filed by its client
    const contractId = Number(params['/contracts/[id]']);
    const client = await apiSession(b.baseURL, 'client.sh001@demo.local');
    const { months } = await client.call<{ months: { month: string; state: string }[] }>('GET', `/contracts/${contractId}/compliance`);
    for (const { month } of months.filter((m) => m.state === 'closed').reverse()) {
      const { items } = await client.call<{ items: { id: number }[] }>('GET', `/contracts/${contractId}/disputable?month=${month}`);
      if (!items.length) continue;
      const dispute = await client.call<{ id: number }>('POST', `/contracts/${contractId}/disputes`, {
        month, lines: [{ deliveryId: items[0].id, cause: 'consignee', comment: 'Closed gate' }],
      });
      Object.assign(params, { '[contractId]': String(contractId), '[month]': month, '/disputes/[id]': String(dispute.id) });
      break;
    }
    // a claim on one of SH001's deliveries, filed by its client (its page under /claims and /my/claims)
    const { items: [delivery] } = await client.call<{ items: { trackingNo: string }[] }>('GET', '/deliveries?pageSize=1');
    const claim = await client.call<{ id: number }>('POST', '/claims', { trackingNos: [delivery.trackingNo], kind: 'damaged', amountClaimed: 50, description: 'Crushed carton' });
    params['/claims/[id]'] = String(claim.id);
    for (const login of LOGINS) states.set(login.email, await signedIn(b, login.email));
  });

  /** The URL of a route pattern with the demo's objects in its parameters. */
  function urlOf(pattern: string): string {
    const url = pattern.split('/').map((segment, i, all) => {
      if (!segment.startsWith('[')) return segment;
      const key = segment === '[id]' ? `/${all[i - 1]}/[id]` : segment;
      const value = params[key];
      if (!value) throw new Error(`no demo value for ${segment} in ${pattern}: add one to the pages test`);
      return value;
    }).join('/');
    return url + (query[pattern] ?? '');
  }

  async function settle(page: Page) {
    await page.waitForLoadState('networkidle');
    await page.locator('.state-loading').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
    await page.waitForTimeout(200);
  }

  /**
   * The layout problems that stay: chart.js shrinks its canvases when its resize observer fires, which on a loaded
   * machine comes well after the viewport changed, so a problem counts only if it is still there after 5 s.
   */
  async function layoutProblems(page: Page, width: number): Promise<string[]> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const problems = await layoutProblemsNow(page, width);
      if (!problems.length || Date.now() > deadline) return problems;
      await page.waitForTimeout(250);
    }
  }

  /** Sideways scrolling of the page, and at the laptop width tables that hide columns behind their own scrollbar. */
  async function layoutProblemsNow(page: Page, width: number): Promise<string[]> {
    return page.evaluate((laptop) => {
      const problems: string[] = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth) problems.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
      if (laptop) {
        for (const wrap of Array.from(document.querySelectorAll('.table-wrap'))) {
          if (wrap.scrollWidth > wrap.clientWidth + 1) {
            problems.push(`table "${wrap.querySelector('caption')?.textContent ?? '?'}" clipped: ${wrap.scrollWidth} > ${wrap.clientWidth}`);
          }
        }
      }
      return problems;
    }, width >= LAPTOP.width);
  }

  it('finds the pages and the roles that may open them in the routes folder', () => {
    const routes = portalRoutes();
    const byPattern = Object.fromEntries(routes.map((r) => [r.pattern, r.roles]));
    expect(byPattern['/login']).toBe('anonymous');
    expect(byPattern['/my']).toEqual(['client']);
    expect(byPattern['/companies/[id]']).toEqual(['admin', 'manager']);
    expect(byPattern['/import']).toEqual(['admin', 'operations']);
    expect(byPattern['/admin/users']).toEqual(['admin']);
    expect(routes.length).toBeGreaterThanOrEqual(25);
  });

  for (const locale of ['en-GB', 'zh-CN'] as const) {
    it(`opens the sign-in page (${locale})`, async () => {
      const page = await b.newPage({ locale });
      await page.goto('/login');
      await settle(page);
      for (const viewport of [LAPTOP, PHONE]) {
        await resizeTo(page, viewport);
        expect(await layoutProblems(page, viewport.width), `/login at ${viewport.width}`).toEqual([]);
        await screenshot(page, `pages/login-${viewport.width}-${locale}`);
      }
      await page.context().close();
    });

    for (const login of LOGINS) {
      it(`opens every page ${login.email} may see (${locale})`, { timeout: 900_000 }, async () => {
        const routes = portalRoutes().filter((r) => r.roles !== 'anonymous' && r.roles.includes(login.role));
        expect(routes.length).toBeGreaterThan(1);
        const page = await b.newPage({ locale, storageState: states.get(login.email) });
        const problems: string[] = [];
        for (const route of routes) {
          const url = urlOf(route.pattern);
          await page.setViewportSize(LAPTOP);
          await page.goto(url);
          await settle(page);
          if (await page.getByTestId('not-found').count()) problems.push(`${url}: the 404 page for a role its guard lets in`);
          for (const viewport of [LAPTOP, PHONE]) {
            await resizeTo(page, viewport);
            problems.push(...(await layoutProblems(page, viewport.width)).map((p) => `${url} at ${viewport.width}: ${p}`));
            if (viewport === PHONE) {
              // the menu reaches every entry: each link lies inside the screen
              const outside = await page.getByRole('navigation', { name: /Main navigation|主导航/ }).getByRole('link').evaluateAll((links) =>
                links.filter((a) => { const r = a.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > document.documentElement.clientWidth; })
                  .map((a) => a.textContent));
              if (outside.length) problems.push(`${url} at 390: menu entries out of reach: ${outside.join(', ')}`);
            }
            await screenshot(page, `pages/${login.email.split('@')[0]}-${slug(url)}-${viewport.width}-${locale}`);
          }
        }
        expect(problems).toEqual([]);
        await page.context().close();
      });
    }
  }
});
