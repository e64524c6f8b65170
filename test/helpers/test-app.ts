import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../api/app';
import { createDeps } from '../../api/bootstrap';
import { testConfig, type Config } from '../../api/config';
import type { AppDeps } from '../../api/context';
import type { DB } from '../../db/database';
import type { DatabaseHandle } from '../../db/connection';
import { createTestDatabase } from './test-database';

export interface TestContext {
  handle: DatabaseHandle;
  db: DB;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  /** calls the app like a client: JSON in, parsed JSON out */
  call: (method: string, path: string, options?: CallOptions) => Promise<CallResult>;
}

export interface CallOptions {
  /** headers of the caller, e.g. from newUser(...).headers */
  as?: Record<string, string>;
  body?: unknown;
  /** a raw body sent as is (for malformed JSON, CSV uploads) */
  raw?: string | Uint8Array | ReadableStream;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/**
 * Registers beforeAll/afterAll for a file: a fresh migrated database and the real app over it.
 * Returns an object whose fields are filled in before the first test runs.
 */
export function useTestApp(configOverrides: Partial<Config> = {}): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    ctx.handle = await createTestDatabase();
    ctx.db = ctx.handle.db;
    ctx.deps = createDeps(ctx.handle, testConfig(configOverrides));
    ctx.app = createApp(ctx.deps, { webRoot: '/nonexistent' });
    ctx.call = (method, path, options = {}) => callApp(ctx.app, method, path, options);
  });
  afterAll(async () => {
    await ctx.handle?.close();
  });
  return ctx;
}

export async function callApp(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...(options.as ?? {}), ...(options.headers ?? {}) };
  let body: RequestInit["body"];
  if (options.raw !== undefined) body = options.raw as RequestInit["body"];
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const init: RequestInit & { duplex?: string } = { method, headers, body };
  if (options.raw instanceof ReadableStream) init.duplex = 'half';
  const res = await app.request(path, init);
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** Asserts the shared error shape and returns the error for further checks. */
export function expectErrorShape(result: CallResult): { code: string; message: string; details: unknown[] } {
  const error = result.body?.error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || !Array.isArray(error.details)) {
    throw new Error(`not the error shape (status ${result.status}): ${result.text.slice(0, 300)}`);
  }
  return error;
}

/** The field paths named in an error's details, e.g. ['creditTiers.1.shortfall']. */
export const errorPaths = (res: CallResult): string[] =>
  (expectErrorShape(res).details as { path: string }[]).map((d) => d.path);
