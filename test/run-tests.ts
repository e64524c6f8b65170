/**
 * `npm test`: the unit and API tests, the browser tests and the browser sweep of every page run as three vitest
 * runs side by side. In one vitest run they would run one after another: on a 2-core machine vitest gives the
 * API projects one worker, and browser tests that share one server must run one file at a time after them.
 * The portal is built once here and both browser runs serve a copy (each starts a server of its own).
 * Each run's output is printed whole when it ends (a line every minute says which are still running), then one
 * closing line with the counts of all three. Arguments (`npm test -- test/api/x.test.ts`) run plain `vitest run`.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface Run { name: string; projects: string[] }
interface Outcome { name: string; code: number; output: string; passed: number; failed: number; skipped: number; seconds: number }

const vitest = path.resolve('node_modules/.bin/vitest');
const args = process.argv.slice(2);
if (args.length) {
  const child = spawn(vitest, ['run', ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'crm-test-'));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env };
  const withBrowser = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
  const runs: Run[] = [{ name: 'unit and API', projects: ['unit', 'api:pglite', 'api:postgres'] }];
  if (withBrowser) {
    if (!env.E2E_BASE_URL && !env.E2E_PORTAL_BUILD) env.E2E_PORTAL_BUILD = buildPortal(work);
    runs.push({ name: 'browser', projects: ['e2e'] }, { name: 'browser, every page', projects: ['e2e:pages'] });
  }
  const started = Date.now();
  const pending = new Set(runs.map((r) => r.name));
  const ticker = setInterval(() => console.log(`[test] ${Math.round((Date.now() - started) / 1000)} s, still running: ${[...pending].join(', ')}`), 60_000);
  const outcomes = await Promise.all(runs.map(async (run) => {
    const outcome = await vitestRun(run, env, work);
    pending.delete(run.name);
    console.log(`\n==== ${run.name} (${outcome.seconds} s) ====\n${outcome.output}`);
    return outcome;
  }));
  clearInterval(ticker);
  const sum = (key: 'passed' | 'failed' | 'skipped') => outcomes.reduce((n, o) => n + o[key], 0);
  for (const o of outcomes) console.log(`[test] ${o.name}: ${o.passed} passed, ${o.failed} failed, ${o.skipped} skipped in ${o.seconds} s${o.code ? ` (exit ${o.code})` : ''}`);
  console.log(`[test] all runs in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
  process.exit(outcomes.some((o) => o.code !== 0) ? 1 : 0);
}

/** The portal's static files, built once into a private folder that both browser runs copy. */
function buildPortal(work: string): string {
  const out = path.join(work, 'portal');
  const kitDir = `.svelte-kit/test-${path.basename(work)}`;
  console.log('[test] building the portal once for the browser tests…');
  if (!existsSync('web/.svelte-kit/tsconfig.json')) execSync('npx svelte-kit sync', { cwd: 'web', stdio: 'pipe' });
  try {
    execSync('npm run build:web', { stdio: 'pipe', env: { ...process.env, WEB_BUILD_DIR: out, SVELTEKIT_OUT_DIR: kitDir } });
  } finally {
    rmSync(path.resolve('web', kitDir), { recursive: true, force: true });
  }
  return out;
}

function vitestRun(run: Run, env: NodeJS.ProcessEnv, work: string): Promise<Outcome> {
  const report = path.join(work, `${run.projects[0].replace(/\W/g, '-')}.json`);
  const projectArgs = run.projects.flatMap((p) => ['--project', p]);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(vitest, ['run', ...projectArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
      env: { ...env, FORCE_COLOR: env.FORCE_COLOR ?? '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      try {
        const json = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
        Object.assign(counts, { passed: json.numPassedTests, failed: json.numFailedTests, skipped: json.numPendingTests + json.numTodoTests });
      } catch {
        counts.failed = 1; // no report: the run itself failed (its output says why)
      }
      resolve({ name: run.name, code: code ?? 1, output, ...counts, seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}
