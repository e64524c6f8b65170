import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../context';
import { validationFailed, type ErrorDetail } from '../errors';

/**
 * Text that PostgreSQL cannot store, refused once for every route before any schema sees it: a NUL byte
 * (text columns cannot hold U+0000; the driver would fail the statement) and a lone UTF-16 surrogate (not
 * Unicode at all; it would be stored as U+FFFD and silently change the value). Checked in path parameters,
 * query parameters and JSON bodies (keys and values, at any depth); each problem names its field.
 * Query values are also capped in length, as no parameter of the API needs more.
 */
export const MAX_QUERY_VALUE_CHARS = 2000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored, or null when it can. */
export function textProblem(value: string): { code: 'nul_byte' | 'invalid_unicode'; message: string } | null {
  if (value.includes('\u0000')) return { code: 'nul_byte', message: 'Contains a NUL byte (U+0000), which text may not hold; remove it.' };
  if (LONE_SURROGATE.test(value)) return { code: 'invalid_unicode', message: 'Contains a broken character (a lone UTF-16 surrogate); it is not valid Unicode.' };
  return null;
}

/** A field name fit to quote in a message (the name itself may hold the bad character). */
const printable = (name: string) => name.replace(/[\u0000-\u001f\uD800-\uDFFF]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

function checkJson(value: unknown, path: string[], problems: ErrorDetail[]) {
  if (problems.length >= 20) return;
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) problems.push({ path: path.join('.') || '(root)', ...problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkJson(item, [...path, String(i)], problems));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = textProblem(key);
      if (problem) problems.push({ path: [...path, printable(key)].join('.'), ...problem, message: `The field name ${problem.message[0].toLowerCase()}${problem.message.slice(1)}` });
      checkJson(item, [...path, key], problems);
    }
  }
}

/** The path template of the route that will answer (`/api/v1/companies/:id`): the first matched route of the request's method. */
function endpointTemplate(c: Context<AppEnv>): string | undefined {
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  return matchedRoutes(c).find((r) => r.method === method)?.path;
}

function checkPath(c: Context<AppEnv>, problems: ErrorDetail[]) {
  const segments = c.req.path.split('/');
  if (!segments.some((s) => s.includes('%') || textProblem(s))) return;
  const template = endpointTemplate(c)?.split('/') ?? [];
  segments.forEach((raw, i) => {
    let segment = raw;
    try { segment = decodeURIComponent(raw); } catch { /* not percent-encoding: the route decides */ }
    const problem = textProblem(segment);
    if (!problem) return;
    const param = /^:(\w+)/.exec(template[i] ?? '')?.[1];
    problems.push({ path: param ?? 'path', ...problem });
  });
}

/** `bodyLimited`: whether a path's body went through the JSON body limit (streaming uploads do not and are not read here). */
export const textGuard = (bodyLimited: (path: string) => boolean) => createMiddleware<AppEnv>(async (c, next) => {
  const problems: ErrorDetail[] = [];
  checkPath(c, problems);
  for (const [name, value] of new URL(c.req.url).searchParams) {
    const problem = textProblem(name) ?? textProblem(value);
    if (problem) problems.push({ path: printable(name), ...problem });
    else if (value.length > MAX_QUERY_VALUE_CHARS) {
      problems.push({ path: name, code: 'too_big', message: `At most ${MAX_QUERY_VALUE_CHARS} characters.`, params: { maximum: MAX_QUERY_VALUE_CHARS } });
    }
  }
  if (/\bjson\b/i.test(c.req.header('content-type') ?? '') && c.req.raw.body && bodyLimited(c.req.path)) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      body = undefined; // not JSON: the route's validator answers that
    }
    checkJson(body, [], problems);
  }
  if (problems.length) {
    throw validationFailed(`Invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  await next();
});
