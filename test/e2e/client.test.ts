import { beforeAll, describe, expect, it } from 'vitest';
import { login, screenshot, useBrowser, TABLET } from './browser';
import { arrangeClientWorld, type ClientWorld } from './client-world';

describe('client portal', () => {
  const b = useBrowser();
  let world: ClientWorld;
  beforeAll(async () => {
    world = await arrangeClientWorld(b.baseURL);
  });

  it('shows the client its own service against the contract: KPIs, the trend chart, breaches and credits, partners', async () => {
    const page = await b.newPage();
    await login(page, world.clientEmail, world.clientPassword);
    expect(new URL(page.url()).pathname).toBe('/my');
    await page.getByRole('heading', { level: 1, name: world.shipper.name }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['My service', 'Claims', 'Surveys', 'Quarterly review']);

    // 60 deliveries, 6 late (one a month): on-time 90 %, against a 95 % target
    await expect(page.getByTestId('kpi-onTime').locator('.stat-value').textContent()).resolves.toBe('90.0%');
    await expect(page.getByTestId('kpi-onTime').locator('.stat-hint').textContent()).resolves.toBe('Target 95.0%');
    await expect(page.getByTestId('kpi-onTime').getAttribute('class')).resolves.toContain('tone-bad');
    await expect(page.getByTestId('kpi-inFull').locator('.stat-value').textContent()).resolves.toBe('100.0%');
    await page.locator('[data-testid="otif-trend"] canvas[data-drawn="true"]').waitFor();
    await expect(page.getByTestId('contract-info').textContent()).resolves.toContain('CT-');

    const compliance = page.getByTestId('compliance');
    await compliance.locator('tbody tr').first().waitFor();
    await expect(compliance.getByText('On-time').count()).resolves.toBeGreaterThan(0);
    // each closed month: 9 of 10 on time, short 0.05 of the 95 % target → the 0.05 tier, 10 % of 10,000 = 1,000
    const report = await page.evaluate(async () => {
      const { items } = await (await fetch('/api/v1/contracts')).json();
      return (await (await fetch(`/api/v1/contracts/${items[0].id}/compliance`)).json()) as { months: { month: string; provisional: boolean; kpis: { due: number }; creditAmount: number }[]; totalCredit: number };
    });
    const closed = report.months.filter((m) => !m.provisional && m.kpis.due === 10);
    expect(closed.length).toBeGreaterThanOrEqual(1);
    expect(closed.map((m) => m.creditAmount)).toEqual(closed.map(() => 1000));
    expect(report.totalCredit).toBe(closed.length * 1000);
    const credit = await page.getByTestId('total-credit').locator('.stat-value').textContent();
    expect(credit).toBe(new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'CNY', maximumFractionDigits: 2 }).format(report.totalCredit));

    const partners = page.getByTestId('partners');
    await expect(partners.getByRole('heading').textContent()).resolves.toBe('Service by consignee');
    await partners.getByText(/^Consignee /).first().waitFor();
    await screenshot(page, 'client-my-service');
    await page.setViewportSize(TABLET);
    await screenshot(page, 'client-my-service-tablet');
    await page.context().close();
  });

  it('answers another company’s page with the 404 page, and so do staff pages', async () => {
    const page = await b.newPage();
    await login(page, world.clientEmail, world.clientPassword);
    await page.goto(`/companies/${world.other.id}`);
    await page.getByTestId('not-found').waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
    await expect(page.getByText(world.other.name).count()).resolves.toBe(0);
    await screenshot(page, 'client-404');
    await page.goto('/import');
    await page.getByTestId('not-found').waitFor();
    await page.goto('/admin/users');
    await page.getByTestId('not-found').waitFor();
    await page.context().close();
  });
});

describe('client survey', () => {
  const b = useBrowser();
  let world: ClientWorld;
  beforeAll(async () => {
    world = await arrangeClientWorld(b.baseURL);
  });

  it('asks for a department and an answer, then records the survey of the chosen department', async () => {
    const page = await b.newPage();
    await login(page, world.clientEmail, world.clientPassword);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Surveys' }).click();
    await page.getByRole('heading', { level: 1, name: 'Satisfaction survey' }).waitFor();
    const form = page.getByTestId('survey-form');
    await form.getByRole('button', { name: 'Send answers' }).click();
    await expect(form.locator('#departmentId-error').textContent()).resolves.toBe('Choose the department you answer for.');

    await form.getByLabel('Department').selectOption({ label: 'Warehouse 仓储部' });
    await form.getByRole('button', { name: 'Send answers' }).click();
    await expect(page.getByTestId('survey-need-answer').textContent()).resolves.toBe('Answer at least one question.');

    for (const [item, score] of [['timeliness', '5'], ['accuracy', '4'], ['condition', '5'], ['proactiveness', '2'], ['communication', '3']] as const) {
      await page.getByTestId(`score-${item}`).getByLabel(score, { exact: true }).check();
    }
    await page.getByTestId('score-recommend').getByLabel('9', { exact: true }).check();
    await form.getByLabel('Comments (optional)').fill('Deliveries are fine; we would like more advice.');
    await screenshot(page, 'client-survey');
    await form.getByRole('button', { name: 'Send answers' }).click();
    await expect(page.getByTestId('survey-thanks').textContent()).resolves.toContain('Warehouse 仓储部');

    const recorded = await page.evaluate(async () => (await (await fetch('/api/v1/surveys')).json()) as { items: { departmentName: string; timeliness: number; recommend: number; channel: string }[] });
    expect(recorded.items).toHaveLength(1);
    expect(recorded.items[0]).toMatchObject({ departmentName: 'Warehouse 仓储部', timeliness: 5, recommend: 9, channel: 'portal' });
    await page.context().close();
  });
});
