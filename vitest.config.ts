import { defineConfig } from 'vitest/config';
import { existsSync } from 'node:fs';
import pg from 'pg';

const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Projects: pure unit tests once; API tests on embedded PGlite and, when a server is reachable,
 * again on PostgreSQL; browser tests when Chromium is installed. CI sets REQUIRE_POSTGRES=true.
 */
export default defineConfig(async () => {
  const withPostgres = await postgresReachable();
  if (!withPostgres && process.env.REQUIRE_POSTGRES === 'true') throw new Error(`PostgreSQL is required but unreachable at ${pgUrl}`);
  console.log(`[test] databases: PGlite${withPostgres ? ` and PostgreSQL (${pgUrl})` : ' only — no PostgreSQL reachable'}`);
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const withBrowser = existsSync(chromium);
  if (!withBrowser) console.log(`[test] e2e skipped: no Chromium at ${chromium} (apt-get install chromium)`);
  // every page at both widths in both languages is the longest browser test: a project (and server) of its own, so
  // `npm test` (test/run-tests.ts) runs it beside the other browser tests
  const PAGES = 'test/e2e/pages.test.ts';
  const e2e = (name: string, include: string[], exclude: string[] = []) => ({
    test: {
      name, include, exclude, globalSetup: ['test/e2e/global-setup.ts'],
      fileParallelism: false, testTimeout: 240_000, hookTimeout: 900_000,
      // a page answers in well under a second, but a loaded machine (CI runs three test runs at once) takes longer
      expect: { poll: { timeout: 10_000 } },
    },
  });
  const api = (name: string, env: Record<string, string>, extra: object = {}) => ({
    test: { name, include: ['test/api/**/*.test.ts'], env, isolate: false, testTimeout: 60_000, hookTimeout: 120_000, ...extra },
  });
  return {
    test: {
      projects: [
        { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 } },
        api('api:pglite', { TEST_DB: 'pglite' }, { globalSetup: ['test/helpers/pglite-template.ts'] }),
        ...(withPostgres ? [api('api:postgres', { TEST_DB: 'postgres', TEST_DATABASE_URL: pgUrl }, { globalSetup: ['test/helpers/pg-template.ts'] })] : []),
        ...(withBrowser ? [e2e('e2e', ['test/e2e/**/*.test.ts'], [PAGES]), e2e('e2e:pages', [PAGES])] : []),
      ],
    },
  };
});
