import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';

/** One structured line per request, with the request id the client also sees in x-request-id. */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  await next();
  c.get('deps').logger.info('request', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    userId: c.get('actor')?.userId,
  });
});
