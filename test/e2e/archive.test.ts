import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHECK_GLYPHS, missingGlyphs, screenshot, screenshotOf, signedIn, useBrowser, TABLET, type StorageState } from './browser';
import { apiSession } from './api-client';
import { arrangeAccountWorld, type AccountWorld } from './account-world';

/** The accessible name of the focused element (its aria-label, else its text). */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? null);

// Each page finishes loading (networkidle) before a dialog opens: a table re-rendered by a late answer closes it.
describe('archive and delete from the portal', () => {
  const b = useBrowser();
  let w: AccountWorld;
  let manager: StorageState;
  let admin: Awaited<ReturnType<typeof apiSession>>;
  beforeAll(async () => {
    w = await arrangeAccountWorld(b.baseURL);
    admin = await apiSession(b.baseURL, 'admin@demo.local');
    manager = await signedIn(b, 'manager@demo.local');
  });

  it('archives a pair after a keyboard confirmation, shows it archived, and unarchives it', async () => {
    const page = await b.newPage({ storageState: manager });
    await page.goto(`/companies/${w.shipper.id}`);
    await page.waitForLoadState('networkidle');
    const pairs = page.getByRole('region', { name: 'Consignees it ships to' });
    const archive = pairs.getByRole('button', { name: `Archive the pair with ${w.consignee.name}`, exact: true });
    const question = `Archive the pair ${w.shipper.name} → ${w.consignee.name}?`;

    // Escape backs out: nothing archived, focus back on the button
    await archive.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: question });
    await dialog.waitFor();
    expect(await focused(page)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused(page)).toBe(`Archive the pair with ${w.consignee.name}`);
    expect((await admin.call<{ archivedAt: string | null }>('GET', `/pairs/${w.pairId}`)).archivedAt).toBeNull();

    // Enter, Tab to Archive, Enter: archived, with the badge and an Unarchive button in its row
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Its deliveries and history are kept');
    await screenshot(page, 'archive-pair-dialog', { fullPage: false });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Archive');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const unarchive = pairs.getByRole('button', { name: `Unarchive the pair with ${w.consignee.name}` });
    await unarchive.waitFor();
    await pairs.getByTestId('pair-archived').waitFor();
    expect((await admin.call<{ archivedAt: string | null }>('GET', `/pairs/${w.pairId}`)).archivedAt).not.toBeNull();
    await screenshotOf(pairs, 'archive-pair');

    await unarchive.click();
    const back = page.getByRole('dialog', { name: `Unarchive the pair ${w.shipper.name} → ${w.consignee.name}?` });
    await back.getByRole('button', { name: 'Unarchive' }).click();
    await back.waitFor({ state: 'hidden' });
    await archive.waitFor();
    await expect(pairs.getByTestId('pair-archived').count()).resolves.toBe(0);
    expect((await admin.call<{ archivedAt: string | null }>('GET', `/pairs/${w.pairId}`)).archivedAt).toBeNull();
    await page.context().close();
  });

  it('archives a contact: it leaves the list and shows as archived with "Show archived"', async () => {
    const page = await b.newPage({ storageState: manager });
    await page.goto(`/companies/${w.shipper.id}`);
    await page.waitForLoadState('networkidle');
    const people = page.locator('#people');
    const row = people.locator('tbody tr', { hasText: w.contact.name });
    await row.waitFor();
    await row.getByRole('button', { name: `Archive ${w.contact.name}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Archive the contact ${w.contact.name}?` });
    await dialog.getByRole('button', { name: 'Archive', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    const contacts = await admin.call<{ items: Array<{ id: number; archivedAt: string | null }> }>('GET', `/companies/${w.shipper.id}/contacts?archived=all`);
    expect(contacts.items.find((c) => c.id === w.contact.id)?.archivedAt).not.toBeNull();

    await people.getByLabel('Show archived').check();
    await row.getByTestId('contact-archived').waitFor();
    await screenshotOf(people, 'archive-contact');
    await expect(row.getByRole('button').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('shows the API message when a department with history cannot be deleted, and deletes one without', async () => {
    const page = await b.newPage({ storageState: manager });
    await page.goto(`/companies/${w.shipper.id}`);
    await page.waitForLoadState('networkidle');
    const people = page.locator('#people');
    const kept = people.locator('tbody tr', { hasText: w.departmentWithHistory.name });
    await kept.getByRole('button', { name: `Delete ${w.departmentWithHistory.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete the department ${w.departmentWithHistory.name}?` });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(dialog.getByRole('alert').textContent()).resolves.toBe(
      'The department has 0 survey response(s) and 1 interaction(s); rename it instead of deleting it.');
    await screenshot(page, 'archive-department-409', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(kept.count()).resolves.toBe(1);

    const spare = people.locator('tbody tr', { hasText: w.departmentSpare.name });
    await spare.getByRole('button', { name: `Delete ${w.departmentSpare.name}` }).click();
    await page.getByRole('dialog', { name: `Delete the department ${w.departmentSpare.name}?` }).getByRole('button', { name: 'Delete' }).click();
    await spare.waitFor({ state: 'detached' });
    const departments = await admin.call<{ items: Array<{ id: number }> }>('GET', `/companies/${w.shipper.id}/departments`);
    expect(departments.items.map((d) => d.id)).toEqual([w.departmentWithHistory.id]);
    await page.context().close();
  });

  it('refuses to delete a contract with deliveries (409) with the API message and offers to archive it instead; deletes one without', async () => {
    const page = await b.newPage({ storageState: manager });
    await page.goto(`/contracts/${w.contractA.id}`);
    await page.waitForLoadState('networkidle');
    await page.getByTestId('contract-delete').click();
    await page.getByRole('dialog', { name: `Delete contract ${w.contractA.code}?` }).getByRole('button', { name: 'Delete' }).click();
    const conflict = page.getByTestId('contract-delete-conflict');
    await expect(conflict.textContent()).resolves.toContain(`Contract ${w.contractA.code} has deliveries; archive it instead of deleting it.`);
    await expect(conflict.getAttribute('role')).resolves.toBe('alert');
    await screenshot(page, 'archive-contract-409');
    await page.setViewportSize(TABLET);
    await screenshot(page, 'archive-contract-409-tablet', { fullPage: false });

    await conflict.getByRole('button', { name: 'Archive instead' }).click();
    await page.getByRole('dialog', { name: `Archive contract ${w.contractA.code}?` }).getByRole('button', { name: 'Archive instead' }).click();
    await page.getByTestId('archived-badge').waitFor();
    await conflict.waitFor({ state: 'detached' });
    expect((await admin.call<{ archivedAt: string | null }>('GET', `/contracts/${w.contractA.id}`)).archivedAt).not.toBeNull();

    await page.getByTestId('contract-archive').click();
    await page.getByRole('dialog', { name: `Unarchive contract ${w.contractA.code}?` }).getByRole('button', { name: 'Unarchive' }).click();
    await page.getByTestId('archived-badge').waitFor({ state: 'detached' });
    expect((await admin.call<{ archivedAt: string | null }>('GET', `/contracts/${w.contractA.id}`)).archivedAt).toBeNull();

    await page.goto(`/contracts/${w.contractC.id}`);
    await page.waitForLoadState('networkidle');
    await page.getByTestId('contract-delete').click();
    await page.getByRole('dialog', { name: `Delete contract ${w.contractC.code}?` }).getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL((url) => url.pathname === '/contracts');
    await expect(admin.call('GET', `/contracts/${w.contractC.id}`)).rejects.toThrow(/: 404 /);
    await page.context().close();
  });

  it('archives and unarchives the company in Chinese, the dialog drawn with real Chinese glyphs', async () => {
    const page = await b.newPage({ storageState: manager, locale: 'zh-CN' });
    await page.goto(`/companies/${w.shipper.id}`);
    await page.waitForLoadState('networkidle');
    await page.getByTestId('company-archive').click();
    const dialog = page.getByRole('dialog', { name: `归档 ${w.shipper.name}？` });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('之后可随时取消归档');
    if (CHECK_GLYPHS) {
      await expect(missingGlyphs(page, 'dialog[open] h2')).resolves.toEqual([]);
      await expect(missingGlyphs(page, 'dialog[open] .message')).resolves.toEqual([]);
    }
    await screenshot(page, 'archive-company-dialog-zh', { fullPage: false });
    await dialog.getByRole('button', { name: '归档', exact: true }).click();
    await expect(page.getByTestId('archived-badge').textContent()).resolves.toBe('已归档');
    expect((await admin.call<{ archivedAt: string | null }>('GET', `/companies/${w.shipper.id}`)).archivedAt).not.toBeNull();
    await expect(page.getByTestId('company-archive').textContent()).resolves.toBe('取消归档');
    await screenshot(page, 'archive-company-zh');

    await page.getByTestId('company-archive').click();
    await page.getByRole('dialog', { name: `取消归档 ${w.shipper.name}？` }).getByRole('button', { name: '取消归档' }).click();
    await page.getByTestId('archived-badge').waitFor({ state: 'detached' });
    expect((await admin.call<{ archivedAt: string | null }>('GET', `/companies/${w.shipper.id}`)).archivedAt).toBeNull();
    await page.context().close();
  });
});
