import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LAPTOP, PHONE, loginByKeyboard, screenshot, typeDate, useBrowser } from './browser';
import { apiSession } from './api-client';

/** Clicks into a field, clears it by keyboard and types the value key by key, as a person does. */
async function typeInto(page: Page, selector: string, value: string): Promise<void> {
  const field = page.locator(selector);
  await field.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await field.pressSequentially(value);
}

describe('forms by keyboard', () => {
  const b = useBrowser();
  const stamp = Date.now().toString(36).toUpperCase();

  it('a manager creates a company with an estimate, a weighted department and a contract with a fee, targets and two tiers, then edits the contract (en, 1366)', async () => {
    const page = await b.newPage({ viewport: LAPTOP });
    const api = await apiSession(b.baseURL, 'manager@demo.local');
    await loginByKeyboard(page, 'manager@demo.local');

    await page.goto('/companies/new');
    await typeInto(page, '#code', `KB${stamp}`);
    await page.keyboard.press('Tab');
    await page.keyboard.type(`Keyboard Freight ${stamp}`);
    await typeInto(page, '#estAnnualShipments', '1000');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/companies\/\d+$/);
    const companyId = Number(new URL(page.url()).pathname.split('/').pop());
    const company = await api.call<{ code: string; name: string; estAnnualShipments: number }>('GET', `/companies/${companyId}`);
    expect(company).toMatchObject({ code: `KB${stamp}`, name: `Keyboard Freight ${stamp}`, estAnnualShipments: 1000 });

    await page.goto(`/companies/${companyId}/departments/new`);
    await typeInto(page, '#name', 'Procurement');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0.3');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/companies/${companyId}(#people)?$`));
    const departments = await api.call<{ items: { name: string; weight: number | null }[] }>('GET', `/companies/${companyId}/departments`);
    expect(departments.items).toEqual([expect.objectContaining({ name: 'Procurement', weight: 0.3 })]);

    await page.goto(`/contracts/new?shipperId=${companyId}`);
    await page.locator('#shipperId').locator(`option[value="${companyId}"]`).waitFor({ state: 'attached' });
    await typeInto(page, '#code', `KBC${stamp}`);
    // the end date first, as a start date proposes an end date of its own while the person types
    await typeDate(page, page.locator('#endDate'), '2028-06-30');
    await typeDate(page, page.locator('#startDate'), '2026-01-15');
    await typeInto(page, '#monthlyFee', '12000');
    await typeInto(page, '#otifTarget', '0.95');
    await typeInto(page, '#graceMinutes', '30');
    for (let i = 0; i < 2; i++) {
      await page.getByRole('button', { name: 'Add tier' }).focus();
      await page.keyboard.press('Enter');
    }
    await typeInto(page, '[id="creditTiers.0.shortfall"]', '0.05');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0.1');
    await typeInto(page, '[id="creditTiers.1.shortfall"]', '0.1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0.2');
    await screenshot(page, 'forms-contract-new-en-1366');
    await page.locator('#code').press('Enter');
    await page.waitForURL(/\/contracts\/\d+$/);
    const contractId = Number(new URL(page.url()).pathname.split('/').pop());
    type Contract = { shipperId: number; code: string; startDate: string; endDate: string; monthlyFee: number; otifTarget: number; graceMinutes: number; creditTiers: { shortfall: number; percent: number }[] };
    expect(await api.call<Contract>('GET', `/contracts/${contractId}`)).toMatchObject({
      shipperId: companyId, code: `KBC${stamp}`, startDate: '2026-01-15', endDate: '2028-06-30', monthlyFee: 12000, otifTarget: 0.95, graceMinutes: 30,
      creditTiers: [{ shortfall: 0.05, percent: 0.1 }, { shortfall: 0.1, percent: 0.2 }],
    });

    await page.goto(`/contracts/${contractId}/edit`);
    await typeInto(page, '#monthlyFee', '15000');
    await typeInto(page, '#minDueCount', '25');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/contracts\/\d+$/);
    expect(await api.call<Contract & { minDueCount: number }>('GET', `/contracts/${contractId}`)).toMatchObject({ monthlyFee: 15000, minDueCount: 25, otifTarget: 0.95 });
    await page.context().close();
  });

  it.each([
    ['en-GB', LAPTOP, 'Required.', 'At least 0.', 'Above 0 (leave empty to share the rest equally).'],
    ['zh-CN', PHONE, '必填。', '不能小于 0。', '必须大于 0。'],
  ])('bad input shows each field its message in the user language (%s)', async (locale, viewport, required, atLeastZero, aboveZero) => {
    const page = await b.newPage({ locale, viewport });
    await loginByKeyboard(page, 'manager@demo.local');
    await page.goto('/companies/new');
    await typeInto(page, '#code', `BAD${stamp}${locale.slice(0, 2)}`);
    await typeInto(page, '#estAnnualShipments', '-5');
    await page.keyboard.press('Enter');
    await expect(page.locator('#name-error').textContent()).resolves.toBe(required);
    await expect(page.locator('#estAnnualShipments-error').textContent()).resolves.toBe(atLeastZero);
    // the button comes back for the next try
    await expect(page.getByTestId('company-form').locator('button[type=submit]').isDisabled()).resolves.toBe(false);
    await screenshot(page, `forms-company-bad-${locale}-${viewport.width}`);

    const someCompany = await (await apiSession(b.baseURL, 'manager@demo.local')).call<{ items: { id: number }[] }>('GET', '/companies?pageSize=1&role=shipper');
    await page.goto(`/companies/${someCompany.items[0]!.id}/departments/new`);
    await typeInto(page, '#name', 'X');
    await typeInto(page, '#weight', '0');
    await page.keyboard.press('Enter');
    await expect(page.locator('#weight-error').textContent()).resolves.toBe(aboveZero);
    const shown = await page.getByTestId('department-form').locator('.field-error, [data-testid=form-error]').allTextContents();
    if (locale === 'zh-CN') for (const text of shown) expect(text).not.toMatch(/[A-Za-z]{3,}/);
    await screenshot(page, `forms-department-bad-${locale}-${viewport.width}`);
    await page.context().close();
  });
});
