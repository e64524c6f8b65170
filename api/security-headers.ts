import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './context';

/**
 * Security headers on every answer (DESIGN section 8), with a Content-Security-Policy per kind of answer:
 * - the API (JSON, CSV): nothing may load or run, nothing may frame it;
 * - the API reference (/api/docs): its own scripts and styles (Swagger UI sets inline styles);
 * - the portal: its own files, plus the one inline bootstrap script SvelteKit's adapter-static writes into
 *   index.html, allowed by its SHA-256 read from the very file served. (kit.csp would put the hash in a
 *   <meta> tag, where frame-ancestors is ignored: the header has to carry the policy, so the hash is taken
 *   where the header is made.) Styles may be inline: Svelte writes style attributes and transition styles.
 */
const COMMON = {
  xContentTypeOptions: 'nosniff',
  referrerPolicy: 'same-origin',
  xFrameOptions: 'DENY',
  crossOriginResourcePolicy: 'same-origin',
  crossOriginOpenerPolicy: 'same-origin',
} as const;

const NONE = ["'none'"];
const SELF = ["'self'"];

const API_POLICY = { defaultSrc: NONE, frameAncestors: NONE, baseUri: NONE, formAction: NONE };

const DOCS_POLICY = {
  defaultSrc: SELF, scriptSrc: SELF, styleSrc: [...SELF, "'unsafe-inline'"], imgSrc: [...SELF, 'data:'], fontSrc: SELF,
  connectSrc: SELF, objectSrc: NONE, baseUri: NONE, formAction: SELF, frameAncestors: NONE,
};

/** The SHA-256 sources of the inline scripts of an HTML file, cached until the file changes. */
export function inlineScriptHashes(file: string): () => string[] {
  let cached: { mtimeMs: number; hashes: string[] } | null = null;
  return () => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return [];
    }
    if (cached?.mtimeMs !== mtimeMs) {
      const html = readFileSync(file, 'utf8');
      const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)]
        .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
      cached = { mtimeMs, hashes };
    }
    return cached.hashes;
  };
}

const isApi = (path: string) => /^\/+api(\/|$)/i.test(path);
const isDocs = (path: string) => /^\/api\/docs(\/|$)/.test(path);

export function securityHeaders(options: { https: boolean; portalIndex: string }): MiddlewareHandler<AppEnv> {
  const hsts = options.https ? { strictTransportSecurity: 'max-age=15552000; includeSubDomains' } : { strictTransportSecurity: false };
  const hashes = inlineScriptHashes(options.portalIndex);
  const api = secureHeaders({ ...COMMON, ...hsts, contentSecurityPolicy: API_POLICY });
  const docs = secureHeaders({ ...COMMON, ...hsts, contentSecurityPolicy: DOCS_POLICY });
  const portal = secureHeaders({
    ...COMMON, ...hsts,
    contentSecurityPolicy: {
      defaultSrc: SELF, scriptSrc: [...SELF, () => hashes().join(' ')], styleSrc: [...SELF, "'unsafe-inline'"],
      imgSrc: [...SELF, 'data:', 'blob:'], fontSrc: [...SELF, 'data:'], connectSrc: SELF, objectSrc: NONE,
      baseUri: SELF, formAction: SELF, frameAncestors: NONE,
    },
  });
  return (c, next) => (isDocs(c.req.path) ? docs : isApi(c.req.path) ? api : portal)(c, next);
}
