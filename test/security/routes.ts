/**
 * Every route of the app, taken from the app itself: the OpenAPI document (with the schemas of
 * parameters and bodies) united with Hono's own route list (so an undocumented route is not missed).
 */
export interface JsonSchema { [key: string]: any }

export interface Parameter { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: JsonSchema }

export interface RouteInfo {
  method: string;
  /** full path in OpenAPI template form, e.g. /api/v1/companies/{id} */
  path: string;
  /** the key of expectation tables: METHOD and the path without /api/v1 */
  key: string;
  documented: boolean;
  parameters: Parameter[];
  /** media type → schema of the request body, when the route documents one */
  body?: Record<string, JsonSchema>;
  bodyRequired: boolean;
  /** media types of the documented success responses (e.g. text/csv for exports) */
  produces: string[];
}

export interface Enumeration { routes: RouteInfo[]; doc: { components?: { schemas?: Record<string, JsonSchema> } } }

const API = '/api/v1';
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export const routeKey = (method: string, path: string) => `${method} ${path.startsWith(`${API}/`) ? path.slice(API.length) : path}`;

/** Hono's `/companies/:id{[0-9]+}` → `/companies/{id}`. */
export const honoToTemplate = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?\??/g, '{$1}');

interface AppLike {
  routes: { method: string; path: string }[];
  request: (path: string) => Response | Promise<Response>;
}

export async function enumerateRoutes(app: AppLike): Promise<Enumeration> {
  const res = await app.request(`${API}/openapi.json`);
  if (res.status !== 200) throw new Error(`GET ${API}/openapi.json answered ${res.status}`);
  const doc = await res.json();
  const byKey = new Map<string, RouteInfo>();
  for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(operations)) {
      const upper = method.toUpperCase();
      if (!HTTP_METHODS.has(upper)) continue;
      const full = `${API}${path}`;
      const content = op.requestBody?.content as Record<string, { schema?: JsonSchema }> | undefined;
      byKey.set(routeKey(upper, full), {
        method: upper, path: full, key: routeKey(upper, full), documented: true,
        parameters: (op.parameters ?? []).map((p: any) => resolve(doc, p)),
        body: content ? Object.fromEntries(Object.entries(content).map(([type, c]) => [type, c.schema ?? {}])) : undefined,
        bodyRequired: Boolean(op.requestBody?.required),
        produces: Object.entries<any>(op.responses ?? {}).filter(([code]) => /^2/.test(code))
          .flatMap(([, r]) => Object.keys(resolve(doc, r)?.content ?? {})),
      });
    }
  }
  for (const r of app.routes) {
    if (!HTTP_METHODS.has(r.method) || !r.path.startsWith('/api/')) continue;
    const path = honoToTemplate(r.path);
    const key = routeKey(r.method, path);
    if (byKey.has(key)) continue;
    const parameters = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path' as const, required: true, schema: { type: 'string' } }));
    byKey.set(key, { method: r.method, path, key, documented: false, parameters, bodyRequired: false, produces: /\.csv$/.test(path) ? ['text/csv'] : [] });
  }
  return { routes: [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key)), doc };
}

/** Follows a local `$ref` of the OpenAPI document. */
export function resolve(doc: any, schema: any): any {
  let s = schema;
  for (let i = 0; s && typeof s === 'object' && typeof s.$ref === 'string' && i < 20; i++) {
    s = s.$ref.replace(/^#\//, '').split('/').reduce((node: any, part: string) => node?.[part], doc);
  }
  return s ?? {};
}

/** A path with its parameters filled in (values are URL-encoded). */
export function fillPath(path: string, values: Record<string, unknown>): string {
  return path.replace(/\{(\w+)\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`no value for path parameter {${name}} of ${path}`);
    return encodeURIComponent(String(values[name]));
  });
}

export function withQuery(path: string, query: Record<string, unknown>): string {
  const entries = Object.entries(query).filter(([, v]) => v !== undefined);
  if (!entries.length) return path;
  return `${path}?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}

/** The routes of the real app, read without a database (the OpenAPI document needs none). */
export async function routesOfTheApp(): Promise<Enumeration> {
  const { createApp } = await import('../../api/app');
  const { createDeps } = await import('../../api/bootstrap');
  const { testConfig } = await import('../../api/config');
  const offline = { kind: 'pglite', db: null, close: async () => {} } as never;
  return enumerateRoutes(createApp(createDeps(offline, testConfig()), { webRoot: '/nonexistent' }));
}
