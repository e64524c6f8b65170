/**
 * Every write form of the portal by keyboard (issue 13): each field typed as a person does (click or focus the
 * field, pressSequentially / keyboard.type, Tab, Enter), the typed values checked through the API, and each form
 * submitted once with bad values: the message shown is the API's, in the user's language (in 中文 no English).
 * test/unit/portal-forms.test.ts lists the forms from the source and points each at its test here or elsewhere.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, LAPTOP, PHONE, screenshot, signedIn, typeDate, useBrowser, type StorageState } from './browser';
import { apiSession } from './api-client';
import { arrangeClientWorld, type ClientWorld } from './client-world';

/** Clicks into a field, clears it by keyboard and types the value key by key, as a person does. */
async function typeInto(page: Page, field: Locator | string, value: string): Promise<void> {
  const control = typeof field === 'string' ? page.locator(field) : field;
  await control.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  if (value) await control.pressSequentially(value);
}

/** Focuses a button (or any control) and presses Enter. */
async function press(page: Page, control: Locator, key = 'Enter'): Promise<void> {
  await control.focus();
  await page.keyboard.press(key);
}

/** The messages a form shows (field messages and the summary); in 中文 none may carry English words. */
async function shownMessages(form: Locator): Promise<string[]> {
  return (await form.locator('.field-error, [data-testid=form-error]').allTextContents()).map((s) => s.trim()).filter(Boolean);
}
function expectNoEnglish(texts: string[]): void {
  expect(texts.length).toBeGreaterThan(0);
  // an example address (name@example.com) is no English text
  for (const text of texts) expect(text.replace(/\S+@\S+\.[a-z]+/g, ''), text).not.toMatch(/[A-Za-z]{3,}/);
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('every write form by keyboard', () => {
  const b = useBrowser();
  const stamp = Date.now().toString(36).toUpperCase();
  let manager: StorageState;
  let admin: StorageState;
  beforeAll(async () => {
    manager = await signedIn(b, 'manager@demo.local');
    admin = await signedIn(b, 'admin@demo.local');
  });

  it('the sign-in form answers in the user language (zh, 390)', async () => {
    const page = await b.newPage({ locale: 'zh-CN', viewport: PHONE });
    await page.goto('/login');
    // (the page focuses the email field itself, but that is not reliable yet under load: see the report of issue 13)
    await page.locator('#email').click();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('请输入邮箱和密码。');
    await page.keyboard.type('manager2@demo.local');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('邮箱或密码不正确。');
    await expect(page.locator('button[type=submit]').isDisabled()).resolves.toBe(false);
    await screenshot(page, 'every-form-login-bad-zh-390');
    await typeInto(page, '#password', DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.context().close();
  });

  it('a manager adds a contact, a complaint and a pair by keyboard (en 1366; bad values in zh 390)', async () => {
    const api = await apiSession(b.baseURL, 'manager@demo.local');
    const shipper = await api.call<{ id: number }>('POST', '/companies', { code: `EF${stamp}`, name: `Every Form Shipper ${stamp}`, roles: ['shipper'] });
    const consignee = await api.call<{ id: number; name: string }>('POST', '/companies', { code: `EFC${stamp}`, name: `Every Form Consignee ${stamp}`, roles: ['consignee'] });
    const page = await b.newPage({ storageState: manager, viewport: LAPTOP });

    // contact
    await page.goto(`/companies/${shipper.id}/contacts/new`);
    await typeInto(page, '#name', 'Liu Yang');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Logistics lead');
    await typeInto(page, '#email', 'liu.yang@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('+86 21 5555 0101');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/companies/${shipper.id}(#people)?$`));
    const contacts = await api.call<{ items: { name: string; title: string | null; email: string | null; phone: string | null }[] }>('GET', `/companies/${shipper.id}/contacts`);
    expect(contacts.items).toEqual([expect.objectContaining({ name: 'Liu Yang', title: 'Logistics lead', email: 'liu.yang@example.com', phone: '+86 21 5555 0101' })]);

    // a complaint: the company page opens at its top and says it was saved (not mid-page, not silently)
    await page.goto(`/companies/${shipper.id}/interactions/new`);
    const kind = page.locator('#kind');
    await kind.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    expect(await kind.inputValue()).toBe('complaint');
    await typeInto(page, '#summary', 'Two pallets arrived wet.');
    await press(page, page.getByTestId('interaction-form').locator('button[type=submit]'));
    const saved = page.getByTestId('interaction-saved');
    await expect.poll(() => saved.locator('span').textContent()).toBe('Complaint saved.');
    await expect.poll(() => new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await screenshot(page, 'every-form-complaint-saved-en-1366', { fullPage: false });
    const interactions = await api.call<{ items: { kind: string; summary: string; open: boolean }[] }>('GET', `/companies/${shipper.id}/interactions`);
    expect(interactions.items).toEqual([expect.objectContaining({ kind: 'complaint', summary: 'Two pallets arrived wet.', open: true })]);

    // a pair: the consignee chosen by typing its name into the closed select
    await page.goto(`/pairs/new?companyId=${shipper.id}`);
    const consigneeSelect = page.locator('#consigneeId');
    await consigneeSelect.locator(`option[value="${consignee.id}"]`).waitFor({ state: 'attached' });
    await consigneeSelect.focus();
    await page.keyboard.type(consignee.name);
    expect(await consigneeSelect.inputValue()).toBe(String(consignee.id));
    await typeInto(page, '#notes', 'Weekly cold-chain lane');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/companies/${shipper.id}$`));
    const company = await api.call<{ pairsAsShipper: { consignee: { id: number }; notes: string | null }[] }>('GET', `/companies/${shipper.id}`);
    expect(company.pairsAsShipper).toEqual([expect.objectContaining({ consignee: expect.objectContaining({ id: consignee.id }), notes: 'Weekly cold-chain lane' })]);
    await page.context().close();

    // bad values, in 中文 on a phone
    const zh = await b.newPage({ storageState: manager, locale: 'zh-CN', viewport: PHONE });
    await zh.goto(`/companies/${shipper.id}/contacts/new`);
    await typeInto(zh, '#email', 'not-an-email');
    await zh.keyboard.press('Enter');
    await expect.poll(() => zh.locator('#name-error').textContent()).toBe('必填。');
    await expect(zh.locator('#email-error').textContent()).resolves.toBe('请输入电子邮件地址，例如 name@example.com。');
    expectNoEnglish(await shownMessages(zh.getByTestId('contact-form')));
    await screenshot(zh, 'every-form-contact-bad-zh-390');

    await zh.goto(`/companies/${shipper.id}/interactions/new`);
    await press(zh, zh.getByTestId('interaction-form').locator('button[type=submit]'));
    await expect.poll(() => zh.locator('#summary-error').textContent()).toBe('必填。');
    expectNoEnglish(await shownMessages(zh.getByTestId('interaction-form')));

    await zh.goto(`/pairs/new?companyId=${shipper.id}`);
    await typeInto(zh, '#notes', '无收货方');
    await zh.keyboard.press('Enter');
    await expect.poll(async () => ((await zh.locator('#consigneeId-error').count()) ? zh.locator('#consigneeId-error').textContent() : '')).not.toBe('');
    expectNoEnglish(await shownMessages(zh.getByTestId('pair-form')));
    await screenshot(zh, 'every-form-pair-bad-zh-390');
    await zh.context().close();
  });

  it('a manager runs the what-if, saves a view, snoozes and dismisses alerts by keyboard (en 1366; bad values in zh 390)', async () => {
    const api = await apiSession(b.baseURL, 'manager@demo.local');
    const page = await b.newPage({ storageState: manager, viewport: LAPTOP });
    await page.goto('/churn');
    const pick = page.locator('#wi-pick');
    await expect.poll(() => pick.locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const companyId = Number(await pick.locator('option').nth(1).getAttribute('value'));
    await pick.focus();
    await page.keyboard.press('ArrowDown');
    await typeInto(page, '#alpha', '0.3');
    await page.keyboard.press('Enter');
    await page.getByTestId('what-if-result').waitFor();
    const expected = await api.call<{ followerCount: number; alpha: number }>('POST', '/analytics/churn/what-if', { lost: [{ companyId, probability: 1 }], alpha: 0.3 });
    expect(expected.alpha).toBe(0.3);
    const followers = (await page.getByTestId('what-if-followers').textContent()) ?? '';
    expect(followers).toContain('α = 0.3');
    expect(followers).toContain(String(expected.followerCount));

    // a saved view of the churn list
    await typeInto(page, '#sv-churn-name', `Keyboard view ${stamp}`);
    await page.keyboard.press('Enter');
    await page.getByTestId('saved-views').getByRole('status').waitFor();
    const views = await api.call<{ items: { id: number; name: string }[] }>('GET', '/saved-views?list=churn');
    const view = views.items.find((v) => v.name === `Keyboard view ${stamp}`);
    expect(view).toBeDefined();
    await api.call('DELETE', `/saved-views/${view!.id}`).catch(() => undefined);

    // two alerts of the demo (not the workbench test's own): one snoozed to a typed day, one dismissed with a typed reason
    await page.goto('/inbox');
    const cards = page.getByTestId('alert').filter({ hasNotText: 'WB-' });
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const [first, second] = [Number(await cards.nth(0).getAttribute('data-alert-id')), Number(await cards.nth(1).getAttribute('data-alert-id'))];
    try {
      const a = page.locator(`[data-alert-id="${first}"]`);
      await press(page, a.getByRole('button', { name: 'Snooze' }));
      const day = inDays(3);
      await typeDate(page, a.locator(`#snooze-${first}`), day);
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await api.call<{ status: string }>('GET', `/alerts/${first}`)).status).toBe('snoozed');
      const snoozed = await api.call<{ snoozedUntil: string }>('GET', `/alerts/${first}`);
      // 08:00 of the typed day in the browser's time zone
      expect(await page.evaluate((iso) => { const d = new Date(iso); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${d.getHours()}`; }, snoozed.snoozedUntil)).toBe(`${day} 8`);

      const c = page.locator(`[data-alert-id="${second}"]`);
      await press(page, c.getByRole('button', { name: 'Dismiss' }));
      await c.locator(`#reason-${second}`).click();
      await page.keyboard.type('Handled on the phone');
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await api.call<{ status: string }>('GET', `/alerts/${second}`)).status).toBe('dismissed');
      expect(await api.call<{ dismissReason: string }>('GET', `/alerts/${second}`)).toMatchObject({ dismissReason: 'Handled on the phone' });
      await page.context().close();

      // bad values in 中文 on a phone: α above 1, a view without a name, a snooze without a day, a dismissal without a reason
      const zh = await b.newPage({ storageState: manager, locale: 'zh-CN', viewport: PHONE });
      await zh.goto('/churn');
      const zpick = zh.locator('#wi-pick');
      await expect.poll(() => zpick.locator('option').count(), { timeout: 20_000 }).toBeGreaterThan(1);
      await zpick.focus();
      await zh.keyboard.press('ArrowDown');
      await typeInto(zh, '#alpha', '2');
      await zh.keyboard.press('Enter');
      await expect.poll(() => zh.locator('#alpha-error').textContent()).toBe('不能大于 1。');
      expectNoEnglish(await shownMessages(zh.getByTestId('what-if-form')));
      await screenshot(zh, 'every-form-what-if-bad-zh-390');
      await zh.locator('#sv-churn-name').focus();
      await zh.keyboard.press('Enter');
      await expect.poll(() => zh.locator('#sv-churn-name-error').textContent()).toBe('必填。');
      expectNoEnglish(await shownMessages(zh.getByTestId('saved-view-form')));

      await zh.goto('/inbox');
      const zcards = zh.getByTestId('alert').filter({ hasNotText: 'WB-' });
      await expect.poll(() => zcards.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      const third = Number(await zcards.nth(0).getAttribute('data-alert-id'));
      const z = zh.locator(`[data-alert-id="${third}"]`);
      await press(zh, z.getByRole('button', { name: '推迟' }));
      await z.locator(`#snooze-${third}`).focus();
      await zh.keyboard.press('Enter');
      await expect.poll(() => z.locator(`#snooze-${third}-error`).textContent()).toBe('请输入日期和时间。');
      expectNoEnglish(await shownMessages(z.getByTestId('snooze-form')));
      await press(zh, z.getByRole('button', { name: '忽略' }));
      await z.locator(`#reason-${third}`).focus();
      await zh.keyboard.press('Enter');
      await expect.poll(() => z.locator(`#reason-${third}-error`).textContent()).toBe('必填。');
      expectNoEnglish(await shownMessages(z.getByTestId('dismiss-form')));
      await screenshot(zh, 'every-form-alert-bad-zh-390', { fullPage: false });
      expect((await api.call<{ status: string }>('GET', `/alerts/${third}`)).status).not.toBe('dismissed');
      await zh.context().close();
    } finally {
      // give the demo its alerts back for the other browser tests
      await api.call('POST', `/alerts/${first}/snooze`, { until: null }).catch(() => undefined);
      await api.call('POST', `/alerts/${second}/restore`).catch(() => undefined);
    }
  });

  it('an admin creates a user, changes a role after confirming, and creates tokens by keyboard (en 1366; bad values in zh 390)', async () => {
    const api = await apiSession(b.baseURL, 'admin@demo.local');
    const email = `kb-${stamp.toLowerCase()}@e2e.local`;
    const page = await b.newPage({ storageState: admin, viewport: LAPTOP });
    await page.goto('/admin/users');
    await page.getByTestId('users').locator('tbody tr').first().waitFor();
    await typeInto(page, '#new-email', email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keyboard Person');
    await page.keyboard.press('Tab');
    await page.keyboard.type('harbour-lantern-copper-91');
    await page.keyboard.press('Enter');
    await page.getByTestId('admin-notice').getByText(`Created ${email}.`).waitFor();
    type U = { id: number; email: string; name: string; role: string };
    const user = (await api.call<{ items: U[] }>('GET', '/users')).items.find((u) => u.email === email);
    expect(user).toMatchObject({ name: 'Keyboard Person', role: 'manager' });

    // a role change is asked first: Escape keeps the role, Tab + Enter on the confirm button changes it
    const role = page.locator(`#role-${user!.id}`);
    await role.focus();
    await page.keyboard.press('ArrowDown');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Change the role of Keyboard Person from Account manager to Operations?');
    await screenshot(page, 'every-form-role-confirm-en-1366', { fullPage: false });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await role.inputValue()).toBe('manager');
    expect((await api.call<{ items: U[] }>('GET', '/users')).items.find((u) => u.id === user!.id)!.role).toBe('manager');
    await role.focus();
    await page.keyboard.press('ArrowDown');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('admin-notice').getByText('Changed the role of Keyboard Person.').waitFor();
    expect((await api.call<{ items: U[] }>('GET', '/users')).items.find((u) => u.id === user!.id)!.role).toBe('operations');
    await expect.poll(() => role.inputValue()).toBe('operations');

    // tokens: one for 30 days, one whose typed expiry was cleared again (no expiry, not "too small")
    await page.goto('/admin/tokens');
    type T = { id: number; name: string; expiresAt: string | null; revoked: boolean };
    const before = Date.now();
    await typeInto(page, '#token-name', `kb-token-${stamp}`);
    await typeInto(page, '#token-days', '30');
    await page.keyboard.press('Enter');
    await page.getByTestId('token-secret').waitFor();
    await typeInto(page, '#token-name', `kb-token-never-${stamp}`);
    await typeInto(page, '#token-days', '5');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await page.getByTestId('token-secret').getByText(`kb-token-never-${stamp}`).waitFor();
    const tokens = (await api.call<{ items: T[] }>('GET', '/api-tokens')).items;
    const month = tokens.find((tk) => tk.name === `kb-token-${stamp}`)!;
    const days = (new Date(month.expiresAt!).getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
    expect(tokens.find((tk) => tk.name === `kb-token-never-${stamp}`)).toMatchObject({ expiresAt: null });
    await page.context().close();

    // bad values in 中文 on a phone
    const zh = await b.newPage({ storageState: admin, locale: 'zh-CN', viewport: PHONE });
    await zh.goto('/admin/users');
    await typeInto(zh, '#new-email', 'not-an-email');
    await typeInto(zh, '#new-password', 'short');
    await zh.keyboard.press('Enter');
    await expect.poll(() => zh.locator('#new-email-error').textContent()).toBe('请输入电子邮件地址，例如 name@example.com。');
    await expect(zh.locator('#new-name-error').textContent()).resolves.toBe('必填。');
    expectNoEnglish(await shownMessages(zh.getByTestId('user-create')));
    await screenshot(zh, 'every-form-user-bad-zh-390');
    await zh.goto('/admin/tokens');
    await typeInto(zh, '#token-name', `kb-token-bad-${stamp}`);
    await typeInto(zh, '#token-days', '0');
    await zh.keyboard.press('Enter');
    await expect.poll(() => zh.locator('#token-days-error').textContent()).toBe('不能小于 1。');
    expectNoEnglish(await shownMessages(zh.getByTestId('token-create')));
    await zh.context().close();
    for (const tk of tokens.filter((x) => x.name.startsWith('kb-token-') && !x.revoked)) await api.call('DELETE', `/api-tokens/${tk.id}`).catch(() => undefined);
  });

  it('operations start an import from the keyboard (en 1366; an empty file in zh 390)', async () => {
    const adminApi = await apiSession(b.baseURL, 'admin@demo.local');
    const code = `EFI-${stamp}`;
    await adminApi.call('POST', '/companies', { code, name: `Every Form Import ${stamp}`, roles: ['shipper'] });
    const csv = [
      'tracking_no,shipper_code,consignee_code,consignee_name,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost',
      `${code}-1,${code},EFIC-${stamp},Every Form Consignee ${stamp},2026-09-01 12:00,2026-09-01 10:00,delivered,1,1,0,100,70`,
    ].join('\n');
    const ops = await signedIn(b, 'ops@demo.local');
    const page = await b.newPage({ storageState: ops, viewport: LAPTOP });
    await page.goto('/import');
    // a file is chosen in the system's dialog; the rest is keyboard
    await page.locator('#import-file').setInputFiles({ name: `every-form-${stamp}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
    await press(page, page.getByTestId('import-submit'));
    const opsApi = await apiSession(b.baseURL, 'ops@demo.local');
    // the upload landed as a job of that file with its size (the job's own run is the import test's)
    await expect.poll(async () => {
      const jobs = await opsApi.call<{ items: { fileName: string | null; bytesTotal: number | null; status: string }[] }>('GET', '/imports');
      const job = jobs.items.find((j) => j.fileName === `every-form-${stamp}.csv`);
      return job && { bytes: job.bytesTotal, failed: job.status === 'failed' };
    }, { timeout: 30_000 }).toEqual({ bytes: Buffer.byteLength(`${csv}\n`), failed: false });
    await page.context().close();

    const zh = await b.newPage({ storageState: ops, locale: 'zh-CN', viewport: PHONE });
    await zh.goto('/import');
    await zh.locator('#import-file').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
    await press(zh, zh.getByTestId('import-submit'));
    await expect.poll(() => zh.locator('#import-file-error').textContent()).toBe('文件是空的。');
    expectNoEnglish(await zh.locator('.upload-panel').locator('.field-error, [data-testid=form-error]').allTextContents());
    await screenshot(zh, 'every-form-import-bad-zh-390');
    await zh.context().close();
  });
});

describe('every write form by keyboard: the client survey', () => {
  const b = useBrowser();
  let world: ClientWorld;
  beforeAll(async () => {
    world = await arrangeClientWorld(b.baseURL);
  });

  it('a client answers the survey by keyboard (en 1366; without a department in zh 390)', async () => {
    const client = await signedIn(b, world.clientEmail, world.clientPassword);
    const zh = await b.newPage({ storageState: client, locale: 'zh-CN', viewport: PHONE });
    await zh.goto('/my/survey');
    await typeInto(zh, '#respondentName', '李华');
    await zh.keyboard.press('Enter');
    await expect.poll(() => zh.locator('#departmentId-error').textContent()).toBe('请选择作答的部门。');
    expectNoEnglish(await shownMessages(zh.getByTestId('survey-form')));
    await screenshot(zh, 'every-form-survey-bad-zh-390');
    await zh.context().close();

    const page = await b.newPage({ storageState: client, viewport: LAPTOP });
    await page.goto('/my/survey');
    const department = page.locator('#departmentId');
    await department.locator('option').nth(1).waitFor({ state: 'attached' });
    await department.focus();
    await page.keyboard.press('ArrowDown');
    const chosen = await department.locator('option:checked').textContent();
    for (const [item, score] of [['timeliness', '5'], ['billing', '3'], ['communication', '4'], ['recommend', '9']] as const) {
      await press(page, page.getByTestId(`score-${item}`).locator(`input[value="${score}"]`), 'Space');
    }
    await typeInto(page, '#respondentName', 'Li Hua');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('survey-thanks').textContent()).toContain(chosen!.trim());
    const api = await apiSession(b.baseURL, world.clientEmail, world.clientPassword);
    const surveys = await api.call<{ items: Record<string, unknown>[] }>('GET', '/surveys');
    expect(surveys.items).toEqual([expect.objectContaining({ departmentName: chosen!.trim(), timeliness: 5, billing: 3, communication: 4, recommend: 9, accuracy: null, respondentName: 'Li Hua' })]);
    await page.context().close();
  });
});
