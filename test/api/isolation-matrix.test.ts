import { beforeAll, describe, expect, it } from 'vitest';
import { callApp, useTestApp, type CallResult } from '../helpers/test-app';
import { routesOfTheApp, type RouteInfo } from '../security/routes';
import { deliveryCsv, headersOf, requestFor, ROLES, tenantOf, type Override, type RoleName } from '../security/request';
import { buildWorld, MARKERS, type Tenant, type World } from '../security/world';
import { DEFAULT_ALERT_THRESHOLDS } from '../../api/alerts/thresholds';

/**
 * Isolation matrix: every route of the app (OpenAPI document ∪ Hono's route list) called as every
 * role, always on the objects of tenant B — so for the manager and client of A they are another
 * tenant's objects (404 expected, never 200), for those of B their own. Reads share one world;
 * each write runs in a fresh world so one cell cannot change the next. A response to a role of
 * one tenant must never contain the other tenant's marker text (LEAKA / LEAKB).
 *
 * A new route fails here until its row is added below; the failure prints the observed row.
 * Check every cell of it against DESIGN.md section 8 before pasting it.
 */
const EXPECTED = parseTable(`
  route                                         anon admin mgrA mgrB  ops cliA cliB
  GET    /api/docs                               200   200  200  200  200  200  200
  GET    /api/docs/{asset}                       200   200  200  200  200  200  200
  GET    /api/docs/init.js                       200   200  200  200  200  200  200
  GET    /health                                 200   200  200  200  200  200  200
  GET    /openapi.json                           200   200  200  200  200  200  200
  POST   /auth/login                             401   401  401  401  401  401  401
  POST   /auth/logout                            401   200  200  200  200  200  200
  GET    /auth/me                                401   200  200  200  200  200  200
  GET    /users                                  401   200  403  403  403  403  403
  POST   /users                                  401   201  403  403  403  403  403
  PATCH  /users/{id}                             401   200  403  403  403  403  403
  GET    /api-tokens                             401   200  403  403  403  403  403
  POST   /api-tokens                             401   201  403  403  403  403  403
  DELETE /api-tokens/{id}                        401   200  403  403  403  403  403
  GET    /audit                                  401   200  403  403  403  403  403
  GET    /companies                              401   200  200  200  200  200  200
  POST   /companies                              401   201  201  201  403  403  403
  GET    /companies/{id}                         401   200  404  200  200  404  200
  PATCH  /companies/{id}                         401   200  404  200  403  403  403
  POST   /companies/{id}/archive                 401   200  404  200  403  403  403
  POST   /companies/{id}/unarchive               401   200  404  200  403  403  403
  GET    /pairs                                  401   200  200  200  200  200  200
  POST   /pairs                                  401   201  403  201  403  403  403
  GET    /pairs/{id}                             401   200  404  200  200  404  200
  PATCH  /pairs/{id}                             401   200  404  200  403  403  403
  POST   /pairs/{id}/archive                     401   200  404  200  403  403  403
  POST   /pairs/{id}/unarchive                   401   200  404  200  403  403  403
  GET    /contracts                              401   200  404  200  200  200  200
  POST   /contracts                              401   201  404  201  403  403  403
  GET    /contracts/{id}                         401   200  404  200  200  404  200
  PATCH  /contracts/{id}                         401   200  404  200  403  404  403
  DELETE /contracts/{id}                         401   204  404  204  403  404  403
  POST   /contracts/{id}/archive                 401   200  404  200  403  404  403
  POST   /contracts/{id}/unarchive               401   200  404  200  403  404  403
  GET    /deliveries                             401   200  200  200  200  200  200
  GET    /deliveries/{id}                        401   200  404  200  200  404  200
  PUT    /deliveries/{id}/cause                  401   200  404  200  200  403  403
  GET    /imports                                401   200  403  403  200  403  403
  POST   /imports/deliveries                     401   202  403  403  202  403  403
  GET    /imports/{id}                           401   200  403  403  200  403  403
  GET    /imports/{id}/errors                    401   200  403  403  200  403  403
  GET    /imports/{id}/errors.csv                401   200  403  403  200  403  403
  GET    /companies/{id}/contacts                401   200  404  200  200  404  200
  POST   /companies/{id}/contacts                401   201  404  201  403  403  403
  PATCH  /companies/{id}/contacts/{contactId}    401   200  404  200  403  403  403
  DELETE /companies/{id}/contacts/{contactId}    401   200  404  200  403  403  403
  GET    /companies/{id}/departments             401   200  404  200  200  404  200
  POST   /companies/{id}/departments             401   201  404  201  403  403  403
  PATCH  /companies/{id}/departments/{departmentId}  401   200  404  200  403  403  403
  DELETE /companies/{id}/departments/{departmentId}  401   204  404  204  403  403  403
  GET    /companies/{id}/interactions            401   200  404  200  200  403  403
  POST   /companies/{id}/interactions            401   201  404  201  403  403  403
  GET    /companies/{id}/interactions/{interactionId}  401   200  404  200  200  403  403
  PATCH  /companies/{id}/interactions/{interactionId}  401   200  404  200  403  403  403
  GET    /companies/{id}/service                 401   200  404  200  200  404  200
  GET    /companies/{id}/satisfaction            401   200  404  200  403  404  200
  GET    /companies/{id}/value                   401   200  404  200  403  403  403
  GET    /contracts/{id}/compliance              401   200  404  200  403  404  200
  GET    /analytics/service                      401   200  404  200  200  404  200
  GET    /analytics/service/deliveries           401   200  404  200  200  404  200
  GET    /analytics/breaches                     401   200  200  200  403  200  200
  GET    /analytics/satisfaction                 401   200  200  200  403  200  200
  GET    /analytics/value                        401   200  200  200  403  403  403
  POST   /analytics/lifecycle/recompute          401   200  200  200  403  403  403
  GET    /surveys                                401   200  404  200  403  404  200
  POST   /surveys                                401   201  404  201  403  404  201
  GET    /analytics/churn                        401   200  200  200  403  403  403
  GET    /analytics/churn/model                  401   200  200  200  403  403  403
  GET    /analytics/churn/backtest               401   200  200  200  403  403  403
  GET    /companies/{id}/churn                   401   404  404  404  403  403  403
  POST   /analytics/churn/fit                    401   400  403  403  403  403  403
  POST   /analytics/churn/recompute              401   200  200  200  403  403  403
  POST   /analytics/churn/what-if                401   404  404  404  403  403  403
  POST   /analytics/churn/save-first             401   200  200  200  403  403  403
  DELETE /saved-views/{id}                        401  404  404  204  404  404  404
  GET    /alerts                                  401  200  404  200  403  403  403
  GET    /alerts/settings                         401  200  403  403  403  403  403
  GET    /alerts/unread-count                     401  200  200  200  403  403  403
  GET    /alerts/{id}                             401  200  404  200  403  403  403
  GET    /companies/{id}/review                   401  200  404  200  403  404  200
  GET    /companies/{id}/timeline                 401  200  404  200  403  403  403
  GET    /exports/churn.csv                       401  200  200  200  403  403  403
  GET    /exports/companies.csv                   401  200  200  200  200  200  200
  GET    /exports/contracts.csv                   401  200  404  200  200  200  200
  GET    /exports/deliveries.csv                  401  200  200  200  200  200  200
  GET    /saved-views                             401  200  200  200  403  403  403
  GET    /tasks                                   401  200  404  200  403  403  403
  GET    /tasks/{id}                              401  200  404  200  403  403  403
  PATCH  /saved-views/{id}                        401  404  404  200  404  404  404
  PATCH  /tasks/{id}                              401  200  404  200  403  403  403
  POST   /alerts/evaluate                         401  200  403  403  403  403  403
  POST   /alerts/{id}/dismiss                     401  200  404  200  403  403  403
  POST   /alerts/{id}/read                        401  200  404  200  403  403  403
  POST   /alerts/{id}/restore                     401  200  404  200  403  403  403
  POST   /alerts/{id}/snooze                      401  200  404  200  403  403  403
  POST   /alerts/{id}/unread                      401  200  404  200  403  403  403
  POST   /saved-views                             401  201  201  201  403  403  403
  POST   /tasks                                   401  201  404  201  403  403  403
  PUT    /alerts/settings                         401  200  403  403  403  403  403
  GET    /contracts/{id}/disputable               401  200  404  200  403  404  200
  GET    /contracts/{id}/disputes                 401  200  404  200  403  404  200
  GET    /contracts/{id}/statement                401  200  404  200  403  404  200
  GET    /disputes/{id}                           401  200  404  200  403  404  200
  POST   /contracts/{id}/disputes                 401  403  404  403  403  404  201
  POST   /disputes/{id}/lines/{lineId}/decision   401  200  404  200  403  404  403
  GET    /claims                                  401  200  404  200  200  404  200
  POST   /claims                                  401  201  404  201  201  404  201
  GET    /claims/{id}                             401  200  404  200  200  404  200
  POST   /claims/{id}/status                      401  200  404  200  200  403  403
  PUT    /claims/{id}/settlement                  401  200  404  200  200  403  403
  POST   /claims/{id}/attachments                 401  201  404  201  201  404  201
  GET    /claims/{id}/attachments/{attachmentId}  401  200  404  200  200  404  200
`);

/**
 * Requests that the generic builder (ids of tenant B, a minimal valid body) cannot make succeed for
 * an authorised caller: replace path values, query values or body fields here.
 */
const OVERRIDES: Record<string, (t: Tenant) => Override> = {
  'POST /pairs': (t) => ({ body: { consigneeId: t.spareConsignee.id } }),
  'POST /contracts': () => ({ body: { startDate: '2028-01-01', endDate: '2028-12-31' } }),
  'DELETE /contracts/{id}': (t) => ({ path: { id: t.spareContract.id } }),
  'DELETE /companies/{id}/departments/{departmentId}': (t) => ({ path: { departmentId: t.spareDepartment.id } }),
  'POST /imports/deliveries': (t) => ({ raw: deliveryCsv(t), contentType: 'text/csv' }),
  'POST /surveys': (t) => ({ body: { companyId: t.shipper.id, pairId: t.pair.id, timeliness: 4, recommend: 9 } }),
  'POST /tasks': (t) => ({ body: { title: `${t.marker} new task`, companyId: t.shipper.id } }),
  'POST /saved-views': () => ({ body: { list: 'companies', name: `view ${Math.random()}`, search: '?role=shipper' } }),
  'POST /alerts/{id}/snooze': () => ({ body: { until: new Date(Date.now() + 86_400_000).toISOString() } }),
  'PUT /alerts/settings': () => ({ body: DEFAULT_ALERT_THRESHOLDS }),
  'PUT /deliveries/{id}/cause': () => ({ body: { cause: 'shipper' } }),
  'POST /contracts/{id}/disputes': (t) => ({ body: { month: '2026-03', lines: [{ deliveryId: t.lateDelivery.id, cause: 'consignee', comment: `${t.marker} late` }] } }),
  'POST /disputes/{id}/lines/{lineId}/decision': () => ({ body: { decision: 'rejected', note: 'not ours' } }),
  'POST /claims': (t) => ({ body: { trackingNos: [t.delivery.tracking_no], kind: 'short', amountClaimed: 10, description: `${t.marker} short` } }),
  'POST /claims/{id}/status': () => ({ body: { status: 'investigating' } }),
  'PUT /claims/{id}/settlement': () => ({ body: { amountSettled: 20, note: 'agreed' } }),
  'POST /claims/{id}/attachments': () => ({
    raw: '--wb\r\nContent-Disposition: form-data; name="file"; filename="pod.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\n\r\n--wb--\r\n',
    contentType: 'multipart/form-data; boundary=wb',
  }),
  'POST /analytics/churn/save-first': () => ({ body: { accounts: 3 } }),
};

const enumeration = await routesOfTheApp();
const reads = enumeration.routes.filter((r) => r.method === 'GET');
const writes = enumeration.routes.filter((r) => r.method !== 'GET');

describe('isolation matrix', () => {
  const t = useTestApp();
  let shared: World;
  const observed = new Map<string, number[]>();

  beforeAll(async () => {
    shared = await buildWorld(t.db);
  });

  async function cell(route: RouteInfo, role: RoleName, world: World): Promise<CallResult> {
    const { url, options } = requestFor(route, enumeration, world, world.B, OVERRIDES[route.key]?.(world.B));
    return callApp(t.app, route.method, url, { ...options, as: headersOf(world, role) });
  }

  function judge(route: RouteInfo, results: Map<RoleName, CallResult>, worlds: Map<RoleName, World>) {
    const statuses = ROLES.map((r) => results.get(r)!.status);
    if (process.env.MATRIX_DEBUG) for (const r of ROLES) console.log(route.key, r, results.get(r)!.status, results.get(r)!.text.slice(0, Number(process.env.MATRIX_DEBUG) > 1 ? 5000 : 200));
    observed.set(route.key, statuses);
    const problems: string[] = [];
    for (const role of ROLES) {
      const res = results.get(role)!;
      const own = tenantOf(role);
      if (own) {
        const foreign = MARKERS[own === 'A' ? 'B' : 'A'];
        if (res.text.includes(foreign)) problems.push(`LEAK: ${role} got data of the other tenant (${foreign}) with ${res.status}: ${res.text.slice(0, 300)}`);
        const other = worlds.get(role)![own === 'A' ? 'B' : 'A'];
        const foreignIds = foreignCompanyIds(res.text, [other.shipper.id, other.consignee.id, other.spareConsignee.id]);
        if (foreignIds.length) problems.push(`LEAK: ${role} got company ids of the other tenant (${foreignIds.join(', ')}) with ${res.status}: ${res.text.slice(0, 300)}`);
      }
      if (res.status >= 500) problems.push(`${role}: ${res.status} ${res.text.slice(0, 300)}`);
      if (res.status >= 400 && !(res.body?.error && typeof res.body.error.code === 'string' && Array.isArray(res.body.error.details))) {
        problems.push(`${role}: ${res.status} without the error shape: ${res.text.slice(0, 200)}`);
      }
    }
    const expected = EXPECTED.get(route.key);
    const row = formatRow(route.key, statuses);
    if (!expected) {
      problems.push(`No row for "${route.key}" in the EXPECTED table of test/api/isolation-matrix.test.ts.\n`
        + `Observed (check every cell against DESIGN.md section 8 before adding it):\n${formatHeader()}\n${row}`);
    } else if (expected.some((s, i) => s !== statuses[i])) {
      const diff = ROLES.flatMap((r, i) => (expected[i] !== statuses[i] ? [`${r}: expected ${expected[i]}, got ${statuses[i]} — ${results.get(r)!.text.slice(0, 160)}`] : []));
      problems.push(`Unexpected statuses for ${route.key}:\n${formatHeader()}\n${formatRow(route.key, expected)}   (expected)\n${row}   (observed)\n${diff.join('\n')}`);
    }
    expect(problems, problems.join('\n\n')).toEqual([]);
  }

  it.each(reads.map((r) => [r.key, r] as const))('%s', async (_key, route) => {
    const results = new Map<RoleName, CallResult>();
    for (const role of ROLES) results.set(role, await cell(route, role, shared));
    judge(route, results, new Map(ROLES.map((r) => [r, shared])));
  });

  it.each(writes.map((r) => [r.key, r] as const))('%s', async (_key, route) => {
    const results = new Map<RoleName, CallResult>();
    const worlds = new Map<RoleName, World>();
    for (const role of ROLES) {
      worlds.set(role, await buildWorld(t.db));
      results.set(role, await cell(route, role, worlds.get(role)!));
    }
    judge(route, results, worlds);
  });

  it('has no row for a route that no longer exists', () => {
    const known = new Set(enumeration.routes.map((r) => r.key));
    expect([...EXPECTED.keys()].filter((k) => !known.has(k)), 'remove these rows from EXPECTED').toEqual([]);
  });

  it('covers a non-trivial number of cells', () => {
    // prints the full observed matrix (useful when many routes land at once)
    console.log(`isolation matrix: ${observed.size} routes × ${ROLES.length} roles = ${observed.size * ROLES.length} cells\n${formatHeader()}\n`
      + [...observed].map(([k, s]) => formatRow(k, s)).join('\n'));
    expect(observed.size).toBe(enumeration.routes.length);
  });
});

/** Values of company-id fields ("companyId", "shipperId", "consigneeId") in a JSON text that are among `ids`. */
function foreignCompanyIds(text: string, ids: number[]): number[] {
  const found = [...text.matchAll(/"(?:companyId|shipperId|consigneeId)"\s*:\s*(\d+)/g)].map((m) => Number(m[1]));
  return [...new Set(found.filter((id) => ids.includes(id)))];
}

function formatHeader() {
  return `  ${'route'.padEnd(46)}${ROLES.map((r) => r.padStart(5)).join('')}`;
}

function formatRow(key: string, statuses: number[]) {
  const [method, path] = key.split(' ');
  return `  ${method.padEnd(7)}${path.padEnd(39)}${statuses.map((s) => String(s).padStart(5)).join('')}`;
}

function parseTable(text: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean).slice(1)) {
    const [method, path, ...cells] = line.split(/\s+/);
    if (cells.length !== ROLES.length) throw new Error(`EXPECTED row "${line}" needs ${ROLES.length} statuses`);
    rows.set(`${method} ${path}`, cells.map(Number));
  }
  return rows;
}
