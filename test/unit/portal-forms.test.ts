/**
 * Every write form of the portal is driven by keyboard in a browser test. The forms are found in the source:
 * every .svelte file under web/src that calls formState( (the shared form helper, web/src/lib/forms). A form
 * that posts to the API without the helper fails here too, so a new form cannot skip both the helper and its test.
 *
 * To add a form: write (or extend) a browser test that types each field by keyboard, submits with Enter, checks
 * through the API that the values landed, and submits bad values once; then add its row to FORM_TESTS.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const WEB = path.join(ROOT, 'web/src');

/** form file (from the repository root) → the browser test file and the test's name that drives it by keyboard */
export const FORM_TESTS: Record<string, { file: string; test: string }> = {
  'web/src/lib/analytics/CompanyForm.svelte': { file: 'test/e2e/forms.test.ts', test: 'a manager creates a company with an estimate, a weighted department and a contract' },
  'web/src/lib/analytics/DepartmentForm.svelte': { file: 'test/e2e/forms.test.ts', test: 'a manager creates a company with an estimate, a weighted department and a contract' },
  'web/src/lib/analytics/ContractForm.svelte': { file: 'test/e2e/forms.test.ts', test: 'then edits the contract' },
  'web/src/lib/analytics/ContactForm.svelte': { file: 'test/e2e/every-form.test.ts', test: 'a manager adds a contact, a complaint and a pair by keyboard' },
  'web/src/lib/analytics/InteractionForm.svelte': { file: 'test/e2e/every-form.test.ts', test: 'a manager adds a contact, a complaint and a pair by keyboard' },
  'web/src/routes/(app)/pairs/new/+page.svelte': { file: 'test/e2e/every-form.test.ts', test: 'a manager adds a contact, a complaint and a pair by keyboard' },
  'web/src/lib/analytics/WhatIfSimulator.svelte': { file: 'test/e2e/every-form.test.ts', test: 'a manager runs the what-if, saves a view, snoozes and dismisses alerts by keyboard' },
  'web/src/lib/workbench/SavedViews.svelte': { file: 'test/e2e/every-form.test.ts', test: 'a manager runs the what-if, saves a view, snoozes and dismisses alerts by keyboard' },
  'web/src/lib/workbench/AlertCard.svelte': { file: 'test/e2e/every-form.test.ts', test: 'a manager runs the what-if, saves a view, snoozes and dismisses alerts by keyboard' },
  'web/src/lib/workbench/TaskForm.svelte': { file: 'test/e2e/workbench.test.ts', test: 'creates a task from an alert by keyboard and marks it done' },
  'web/src/lib/admin/UserCreateForm.svelte': { file: 'test/e2e/every-form.test.ts', test: 'an admin creates a user, changes a role after confirming, and creates tokens by keyboard' },
  'web/src/lib/admin/TokenCreateForm.svelte': { file: 'test/e2e/every-form.test.ts', test: 'an admin creates a user, changes a role after confirming, and creates tokens by keyboard' },
  'web/src/lib/client/SurveyForm.svelte': { file: 'test/e2e/every-form.test.ts', test: 'a client answers the survey by keyboard' },
  'web/src/lib/operations/UploadPanel.svelte': { file: 'test/e2e/every-form.test.ts', test: 'operations start an import from the keyboard' },
  'web/src/lib/disputes/DisputeForm.svelte': { file: 'test/e2e/disputes.test.ts', test: 'a shipper client files a dispute by keyboard (en, 1366)' },
  'web/src/lib/disputes/DecideLine.svelte': { file: 'test/e2e/disputes.test.ts', test: 'the manager accepts one line and rejects the other by keyboard (zh, 390)' },
  'web/src/routes/(app)/churn/backtest/+page.svelte': { file: 'test/e2e/churn-backtest.test.ts', test: 'a manager backtests as of a typed day and plans whom to save first' },
  'web/src/routes/(app)/churn/save-first/+page.svelte': { file: 'test/e2e/churn-backtest.test.ts', test: 'a manager backtests as of a typed day and plans whom to save first' },
  'web/src/lib/claims/ClaimForm.svelte': { file: 'test/e2e/claims.test.ts', test: 'a shipper client files a claim by keyboard (en, 1366)' },
  'web/src/lib/claims/ClaimStep.svelte': { file: 'test/e2e/claims.test.ts', test: 'the manager acknowledges it and sets the settlement by keyboard (zh, 390)' },
  'web/src/lib/claims/ClaimSettleForm.svelte': { file: 'test/e2e/claims.test.ts', test: 'the manager acknowledges it and sets the settlement by keyboard (zh, 390)' },
  'web/src/routes/login/+page.svelte': { file: 'test/e2e/every-form.test.ts', test: 'the sign-in form answers in the user language' },
};

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return svelteFiles(full);
    return entry.name.endsWith('.svelte') ? [full] : [];
  });
}

const files = svelteFiles(WEB).map((f) => ({ rel: path.relative(ROOT, f).split(path.sep).join('/'), source: readFileSync(f, 'utf8') }));
const formFiles = files.filter((f) => /\bformState\(/.test(f.source)).map((f) => f.rel).sort();

describe('portal forms', () => {
  it('finds the forms in the source (the helper is used by the portal’s write forms)', () => {
    // a fixed point that proves the search works: these must be found, whatever else is added
    expect(formFiles).toEqual(expect.arrayContaining(['web/src/lib/analytics/CompanyForm.svelte', 'web/src/routes/login/+page.svelte']));
    expect(formFiles.length).toBeGreaterThanOrEqual(15);
  });

  it('every form has a keyboard browser test in the registry', () => {
    const missing = formFiles.filter((f) => !(f in FORM_TESTS));
    expect(missing, `forms without a keyboard browser test: add each to FORM_TESTS in ${path.relative(ROOT, __filename)}`).toEqual([]);
  });

  it('every registry entry names a form that exists and a test file that holds the named test', () => {
    const problems: string[] = [];
    for (const [form, { file, test }] of Object.entries(FORM_TESTS)) {
      if (!formFiles.includes(form)) problems.push(`${form}: no such form (no file calling formState()`);
      const full = path.join(ROOT, file);
      if (!existsSync(full)) problems.push(`${form}: ${file} does not exist`);
      else if (!readFileSync(full, 'utf8').includes(test)) problems.push(`${form}: ${file} has no test named “${test}”`);
    }
    expect(problems).toEqual([]);
  });

  it('no form writes to the API without the shared form helper', () => {
    const writes = /\bapi\.(post|put|patch)\b|\bupload\(/;
    const handRolled = files.filter((f) => /<form\b/.test(f.source) && writes.test(f.source) && !/\bformState\(/.test(f.source)).map((f) => f.rel);
    expect(handRolled).toEqual([]);
  });
});
