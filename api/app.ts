import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppDeps, AppEnv } from './context';
import { AppError } from './errors';
import { toErrorResponse } from './error-handler';
import { authenticate } from './middleware/authenticate';
import { textGuard } from './middleware/text-guard';
import { requestLog } from './middleware/request-log';
import { mountRoutes } from './routes';
import { docsRouter } from './routes/docs';
import { openApiInfo, registerSecuritySchemes } from './openapi-document';
import { securityHeaders } from './security-headers';

const noRoute = (c: Context<AppEnv>) => c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.`, details: [] } }, 404);

/** Paths that stream large uploads and enforce their own size limit. */
const STREAMING_UPLOADS = /^\/api\/v1\/imports(\/|$)/;

export function createApp(deps: AppDeps, options: { webRoot?: string } = {}) {
  const app = new Hono<AppEnv>();
  const webRoot = options.webRoot ?? 'web/build';
  const indexFile = path.join(webRoot, 'index.html');
  app.use('*', securityHeaders({ https: deps.config.secureCookies, portalIndex: indexFile }));
  app.use('*', requestId({ headerName: 'x-request-id' }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('db', deps.handle.db);
    await next();
  });
  app.use('*', requestLog);

  const api = new OpenAPIHono<AppEnv>();
  api.use('*', async (c, next) => {
    if (STREAMING_UPLOADS.test(c.req.path)) return next();
    return bodyLimit({
      maxSize: deps.config.maxJsonBodyBytes,
      onError: () => {
        throw new AppError(413, 'payload_too_large', `The body is larger than ${deps.config.maxJsonBodyBytes} bytes.`);
      },
    })(c, next);
  });
  api.use('*', authenticate);
  api.use('*', textGuard((path) => !STREAMING_UPLOADS.test(path)));
  // this process's own writes show in the next report at once, before their change notification arrives
  api.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') deps.reportCache.invalidate();
  });
  mountRoutes(api);
  registerSecuritySchemes(api);
  api.doc31('/openapi.json', openApiInfo());

  app.route('/api/v1', api);
  app.route('/api/docs', docsRouter);
  // anything else under /api — also //api/… and /API/… — is a missing route, never the portal page
  app.use('*', async (c, next) => (/^\/+api(\/|$)/i.test(c.req.path) ? noRoute(c) : next()));

  if (existsSync(webRoot)) {
    app.use('/*', serveStatic({ root: path.relative(process.cwd(), webRoot) }));
    // The portal is a single-page app: any other page path gets the app shell, which routes itself.
    app.get('*', async (c) => c.html(await readFile(indexFile, 'utf8')));
  }
  app.notFound(noRoute);
  app.onError((err, c) => toErrorResponse(err, c));
  return app;
}

export type App = ReturnType<typeof createApp>;
