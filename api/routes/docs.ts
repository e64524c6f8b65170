import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../context';

const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Logistics CRM API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>`;

// a file, not an inline script: the page's Content-Security-Policy allows scripts from the server only
const init = `SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#ui', withCredentials: true, persistAuthorization: true });\n`;

/** The interactive API reference, served from the local swagger-ui-dist package (no CDN). */
export const docsRouter = new Hono<AppEnv>()
  .get('/', (c) => c.html(page))
  .get('/init.js', (c) => c.body(init, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
  .get('/:asset', async (c) => {
    const type = assets[c.req.param('asset')];
    if (!type) return c.notFound();
    const body = await readFile(path.join(swaggerDir, c.req.param('asset')));
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
