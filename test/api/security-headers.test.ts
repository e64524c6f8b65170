import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { callApp, useTestApp, type CallResult } from '../helpers/test-app';
import { newUser, type TestUser } from '../helpers/factories';

/** DESIGN section 8: security headers on every answer — the API, the API reference and the portal. */
const BOOTSTRAP = '\n  console.log("portal starts");\n';
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('security headers', () => {
  const t = useTestApp();
  let admin: TestUser;
  let portal: ReturnType<typeof createApp>;
  const webRoot = mkdtempSync(path.join(tmpdir(), 'crm-web-'));
  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    writeFileSync(path.join(webRoot, 'index.html'), `<!doctype html><html><head><script src="/_app/x.js"></script></head><body><div style="display: contents"><script>${BOOTSTRAP}</script></div></body></html>`);
    writeFileSync(path.join(webRoot, 'app.js'), 'export {};');
    portal = createApp(t.deps, { webRoot });
  });
  afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

  const csp = (res: CallResult) => Object.fromEntries((res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
  const expectCommon = (res: CallResult) => {
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(csp(res)['frame-ancestors']).toBe("'none'");
  };

  it.each([
    ['a JSON answer', '/api/v1/companies', 200],
    ['an error', '/api/v1/companies/999999', 404],
    ['a sign-in refusal', '/api/v1/auth/me', 401],
    ['the OpenAPI document', '/api/v1/openapi.json', 200],
  ])('on %s of the API: nothing may load, run or frame it', async (_what, url, status) => {
    const res = await callApp(portal, 'GET', url, { as: status === 401 ? {} : admin.headers });
    expect(res.status).toBe(status);
    expectCommon(res);
    expect(csp(res)['default-src']).toBe("'none'");
  });

  it('on the API reference: its own scripts (no inline one) and styles', async () => {
    const page = await callApp(portal, 'GET', '/api/docs');
    expect(page.status).toBe(200);
    expectCommon(page);
    expect(csp(page)).toMatchObject({ 'default-src': "'self'", 'script-src': "'self'", 'style-src': "'self' 'unsafe-inline'" });
    expect(page.text).not.toMatch(/<script>/);
    const init = await callApp(portal, 'GET', '/api/docs/init.js');
    expect(init.status).toBe(200);
    expect(init.text).toMatch(/SwaggerUIBundle\(/);
  });

  it('on the portal: its files, and its inline bootstrap script by hash', async () => {
    for (const url of ['/', '/companies/12', '/login']) {
      const res = await callApp(portal, 'GET', url);
      expect(res.status).toBe(200);
      expectCommon(res);
      expect(csp(res)).toMatchObject({ 'default-src': "'self'", 'script-src': `'self' ${sha(BOOTSTRAP)}`, 'object-src': "'none'", 'connect-src': "'self'" });
    }
    const file = await callApp(portal, 'GET', '/app.js');
    expect(file.status).toBe(200);
    expectCommon(file);
  });

  it.each(['//api/v1/users', '/API/V1/USERS', '/Api/v1/companies', '/api', '/api/v2/users', '///api'])('answers %s with a 404 in the error shape, not the portal page', async (url) => {
    const res = await callApp(portal, 'GET', url, { as: admin.headers });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body.error).toMatchObject({ code: 'not_found', details: [] });
  });
});
