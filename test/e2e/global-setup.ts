import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Browser tests run against the real product: the portal is built once (npm run build:web) into a
 * private folder, then `tsx api/server.ts` starts on a free port over a fresh PGlite folder with the
 * full demo data (E2E_DEMO_SCALE=small loads a tenth of its deliveries), serving that private build (its
 * working directory is the temporary folder, whose web/build it serves). A private build keeps a
 * concurrent `npm run build:web` in the shared work tree from swapping the files under the tests.
 * E2E_SKIP_BUILD=true serves the existing web/build instead; E2E_BASE_URL uses a running server.
 */
export default async function setup(project: TestProject) {
  if (process.env.E2E_BASE_URL) {
    project.provide('baseURL', process.env.E2E_BASE_URL);
    return;
  }
  const work = await mkdtemp(path.join(tmpdir(), 'crm-e2e-'));
  const dataDir = path.join(work, 'pglite');
  await cp(await portalBuild(), path.join(work, 'web/build'), { recursive: true });
  const port = await freePort();
  const started = Date.now();
  const server = spawn(path.resolve('node_modules/.bin/tsx'), [path.resolve('api/server.ts')], {
    cwd: work,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      DEMO_DATA: 'true',
      DEMO_SCALE: process.env.E2E_DEMO_SCALE ?? 'full',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout!.on('data', (d) => (output += d));
  server.stderr!.on('data', (d) => (output += d));
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForServer(baseURL, server, () => output);
  } catch (e) {
    server.kill('SIGKILL');
    await rm(work, { recursive: true, force: true });
    throw e;
  }
  console.log(`[e2e] server ready at ${baseURL} in ${((Date.now() - started) / 1000).toFixed(1)} s (portal and data in ${work})`);
  project.provide('baseURL', baseURL);
  return async () => {
    await stop(server);
    await rm(work, { recursive: true, force: true });
  };
}

/**
 * The portal, built once per test run into a private folder (both browser projects, the pages sweep and the rest, each
 * start a server of their own and copy it): E2E_PORTAL_BUILD names one built already (npm test builds it once for its
 * two browser runs), E2E_SKIP_BUILD=true takes the existing web/build. A private build
 * keeps a concurrent `npm run build:web` in the shared work tree from swapping the files under the tests.
 */
function portalBuild(): Promise<string> {
  const shared = globalThis as { crmPortalBuild?: Promise<string> };
  shared.crmPortalBuild ??= (async () => {
    if (process.env.E2E_PORTAL_BUILD) return process.env.E2E_PORTAL_BUILD; // built once by test/run-tests.ts
    if (process.env.E2E_SKIP_BUILD === 'true' && existsSync('web/build/index.html')) return path.resolve('web/build');
    const out = await mkdtemp(path.join(tmpdir(), 'crm-e2e-build-'));
    process.on('exit', () => rmSync(out, { recursive: true, force: true }));
    // SvelteKit's work folder must stay inside web/ (its generated files resolve web/node_modules)
    const kitDir = `.svelte-kit/e2e-${path.basename(out)}`;
    console.log('[e2e] building the portal (npm run build:web)…');
    // web/tsconfig.json extends SvelteKit's generated config in the usual work folder: a fresh clone has none yet
    if (!existsSync('web/.svelte-kit/tsconfig.json')) execSync('npx svelte-kit sync', { cwd: 'web', stdio: 'pipe' });
    // its output (and SvelteKit's note that web/tsconfig.json extends the usual work folder) only on failure
    execSync('npm run build:web', { stdio: 'pipe', env: { ...process.env, WEB_BUILD_DIR: out, SVELTEKIT_OUT_DIR: kitDir } });
    await rm(path.resolve('web', kitDir), { recursive: true, force: true });
    return out;
  })();
  return shared.crmPortalBuild;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(baseURL: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + Number(process.env.E2E_START_TIMEOUT_MS ?? 600_000);
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`[e2e] the server exited (${server.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${baseURL}/api/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`[e2e] the server did not answer in time:\n${output()}`);
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}
