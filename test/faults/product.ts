import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningProduct {
  child: ChildProcess;
  base: string;
  output: () => string;
  alive: () => boolean;
  stop: () => Promise<void>;
}

/**
 * The real server (api/server.ts through tsx) as ONE child process against `databaseUrl`: the tsx
 * loader runs in-process (`node --import tsx`), so a SIGKILL hits the server itself, not a wrapper.
 */
export async function startProduct(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningProduct> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), DEMO_DATA: 'false', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  const product: RunningProduct = {
    child, base, output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (!product.alive()) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (product.alive()) child.kill('SIGKILL');
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!product.alive()) throw new Error(`the product exited while starting:\n${out}`);
    try {
      const res = await fetch(`${base}/api/v1/health`);
      if (res.status === 200) return product;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  await product.stop();
  throw new Error(`the product did not answer within 60 s:\n${out}`);
}

export async function getJson(base: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  const text = await res.text();
  let body: any;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { status: res.status, body, text };
}
