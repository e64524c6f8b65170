import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './context';

/**
 * The caller's address. Behind trusted proxies (TRUST_PROXY=true), the address the nearest of them appended
 * to X-Forwarded-For: counted from the right, TRUSTED_PROXY_HOPS entries in. Everything to the left of it
 * the client wrote itself and proves nothing.
 */
export function clientAddress(c: Context<AppEnv>): string | null {
  const { trustProxy, trustedProxyHops } = c.get('deps').config;
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    if (hops.length) return hops[Math.max(0, hops.length - trustedProxyHops)];
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // app.request() in tests has no socket
  }
}
