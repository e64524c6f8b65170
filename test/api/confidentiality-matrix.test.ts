import { beforeAll, describe, expect, it } from 'vitest';
import { callApp, useTestApp, type CallResult } from '../helpers/test-app';
import { routesOfTheApp, type RouteInfo } from '../security/routes';
import { requestFor } from '../security/request';
import type { Tenant } from '../security/world';
import { buildReachWorld, reachHeaders, REACH_ROLES, type ReachRole, type ReachWorld } from '../helpers/reach-world';
import { CLIENT_FORBIDDEN } from '../../api/auth/field-policy';

/**
 * Confidentiality matrix (DESIGN.md §8 "What a client never sees", "A manager's reach"): every route of the
 * app × the 7 roles × the own, the counterpart and the foreign object, on the reach world. It asserts
 * - foreign: another tenant's object is a 404 (or the route's 403 for a role that may not use it at all);
 * - counterpart: mgrB on A's shipper (the other side of a pair with mgrB's consignee) reads its profile,
 *   people, satisfaction and the pair's business, never what the provider keeps about it (COUNTERPART_INTERNAL);
 *   and no write of mgrB on it succeeds;
 * - fields: no answer to a client (JSON or CSV, format=csv where a route offers it) carries a field of
 *   CLIENT_FORBIDDEN for its view; no answer to mgrA shows the business of B (the LEAKB marker).
 * A new route joins by itself; if it is a counterpart-internal read, add it to COUNTERPART_INTERNAL.
 */
const COUNTERPART_INTERNAL = new Set([
  'GET /companies/{id}/interactions', 'GET /companies/{id}/interactions/{interactionId}', 'GET /companies/{id}/value',
  'GET /companies/{id}/churn', 'GET /companies/{id}/timeline', 'GET /companies/{id}/review',
  'GET /alerts/{id}', 'GET /tasks/{id}',
  // a contract's disputes are the shipper's business with its account manager (a counterpart reads the statement)
  'GET /disputes/{id}', 'GET /contracts/{id}/disputes', 'GET /contracts/{id}/disputable',
]);
/** Reads a counterpart lends (profile, people, satisfaction, the pair's deliveries, KPIs and contract). */
const COUNTERPART_SHARED = [
  'GET /companies/{id}', 'GET /companies/{id}/contacts', 'GET /companies/{id}/departments', 'GET /companies/{id}/satisfaction',
  'GET /pairs/{id}', 'GET /contracts/{id}', 'GET /deliveries/{id}', 'GET /companies/{id}/service',
];

const enumeration = await routesOfTheApp();
const api = enumeration.routes.filter((r) => !r.key.startsWith('GET /api/docs') && r.key !== 'GET /openapi.json' && r.key !== 'GET /health');
const reads = api.filter((r) => r.method === 'GET');
const hasPathId = (r: RouteInfo) => r.parameters.some((p) => p.in === 'path');
const writesOnObjects = api.filter((r) => r.method !== 'GET' && hasPathId(r));
const offersCsv = (r: RouteInfo) => r.parameters.some((p) => p.in === 'query' && p.name === 'format');

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/(\d+)/g, '_$1');

/** Forbidden fields found in an answer: JSON keys, or CSV header cells (snake_case). */
function forbiddenIn(res: CallResult, keys: readonly string[]): string[] {
  const type = res.headers?.get?.('content-type') ?? '';
  if (String(type).includes('text/csv')) {
    const header = res.text.replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');
    return keys.filter((k) => header.includes(snake(k)));
  }
  return keys.filter((k) => res.text.includes(`"${k}":`));
}

describe('confidentiality matrix', () => {
  const t = useTestApp();
  let w: ReachWorld;
  beforeAll(async () => { w = await buildReachWorld(t.db); });

  const call = (route: RouteInfo, role: ReachRole, target: Tenant, extra: Record<string, string> = {}, world = w) => {
    const { url, options } = requestFor(route, enumeration, world, target);
    const withExtra = Object.keys(extra).length ? `${url}${url.includes('?') ? '&' : '?'}${new URLSearchParams(extra)}` : url;
    return callApp(t.app, route.method, withExtra, { ...options, as: reachHeaders(world, role) });
  };

  it.each(reads.map((r) => [r.key, r] as const))('%s', async (_key, route) => {
    const problems: string[] = [];
    for (const role of REACH_ROLES) {
      for (const [label, target] of [['own', w.A], ['foreign', w.B]] as const) {
        const variants: Record<string, string>[] = offersCsv(route) ? [{}, { format: 'csv' }] : [{}];
        for (const extra of variants) {
          const res = await call(route, role, target, extra);
          const where = `${role} ${label}${extra.format ? ' csv' : ''} → ${res.status}`;
          if (res.status >= 500) problems.push(`${where}: ${res.text.slice(0, 200)}`);
          if (role === 'cliA' || role === 'cliC') {
            const keys = role === 'cliA' ? CLIENT_FORBIDDEN.shipper : CLIENT_FORBIDDEN.party;
            // cliA as the shipper may see its own freight revenue; the provider's figures never
            const found = res.status < 300 ? forbiddenIn(res, keys) : [];
            if (found.length) problems.push(`${where}: forbidden fields ${found.join(', ')}: ${res.text.slice(0, 300)}`);
          }
          if (role === 'mgrA' && res.text.includes(w.B.marker)) problems.push(`${where}: shows B's business to mgrA: ${res.text.slice(0, 300)}`);
          if (role === 'cliA' && res.text.includes(w.B.marker)) problems.push(`${where}: shows B's business to A's client: ${res.text.slice(0, 300)}`);
        }
      }
      if (hasPathId(route) && (role === 'mgrA' || role === 'cliA')) {
        const own = await call(route, role, w.A);
        const foreign = await call(route, role, w.B);
        const roleRefused = own.status === 403 && foreign.status === 403;
        if (!roleRefused && foreign.status !== 404) problems.push(`${role} foreign → ${foreign.status} (expected 404): ${foreign.text.slice(0, 200)}`);
      }
    }
    if (COUNTERPART_INTERNAL.has(route.key)) {
      const res = await call(route, 'mgrB', w.A);
      if (res.status < 400) problems.push(`mgrB counterpart → ${res.status}: what the provider keeps about another manager's account`);
    }
    if (COUNTERPART_SHARED.includes(route.key)) {
      const res = await call(route, 'mgrB', w.A);
      if (res.status !== 200) problems.push(`mgrB counterpart → ${res.status} (expected 200: a counterpart lends this): ${res.text.slice(0, 200)}`);
    }
    expect(problems, `${route.key}\n${problems.join('\n')}`).toEqual([]);
  });

  it.each(writesOnObjects.map((r) => [r.key, r] as const))('%s by another manager on a counterpart', async (_key, route) => {
    const world = await buildReachWorld(t.db);
    const res = await call(route, 'mgrB', world.A, {}, world);
    // A's consignee is mgrB's own: only the objects of A's shipper (mgrA's) are refused
    const onConsigneeOnly = /\/pairs\//.test(route.path);
    if (!onConsigneeOnly) expect(res.status, `${route.key} → ${res.status}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('keeps deliveries where neither side is the manager’s out of the list, the CSV and the KPIs', async () => {
    const list = await callApp(t.app, 'GET', '/api/v1/deliveries?pageSize=200', { as: w.A.manager.headers });
    expect(list.body.items.map((d: any) => d.trackingNo)).not.toContain(w.third.trackingNo);
    const csv = await callApp(t.app, 'GET', '/api/v1/exports/deliveries.csv', { as: w.A.manager.headers });
    expect(csv.text).not.toContain(w.third.trackingNo);
    const service = await callApp(t.app, 'GET', `/api/v1/companies/${w.A.consignee.id}/service`, { as: w.A.manager.headers });
    expect(service.status).toBe(200);
    const asAdmin = await callApp(t.app, 'GET', `/api/v1/companies/${w.A.consignee.id}/service`, { as: w.admin.headers });
    expect(service.body.asConsignee.total.shipments).toBe(asAdmin.body.asConsignee.total.shipments - 1);
    const mine = await callApp(t.app, 'GET', '/api/v1/deliveries?pageSize=200', { as: w.B.manager.headers });
    expect(mine.body.items.map((d: any) => d.trackingNo)).toContain(w.third.trackingNo);
  });

  it('keeps those deliveries out of the drill-down too: its count is the manager’s own KPI figure', async () => {
    const q = `consigneeId=${w.A.consignee.id}&from=2026-01-01&to=2026-12-31&kpi=due&outcome=all&basis=operational&pageSize=500`;
    const drill = await callApp(t.app, 'GET', `/api/v1/analytics/service/deliveries?${q}`, { as: w.A.manager.headers });
    expect(drill.status).toBe(200);
    expect(drill.body.items.map((d: any) => d.trackingNo)).not.toContain(w.third.trackingNo);
    const csv = await callApp(t.app, 'GET', `/api/v1/analytics/service/deliveries?${q}&format=csv`, { as: w.A.manager.headers });
    expect(csv.text).not.toContain(w.third.trackingNo);
    const kpis = await callApp(t.app, 'GET', `/api/v1/analytics/service?consigneeId=${w.A.consignee.id}&from=2026-01-01&to=2026-12-31`, { as: w.A.manager.headers });
    expect(drill.body.meta.total).toBe(kpis.body.total.due);
    const asAdmin = await callApp(t.app, 'GET', `/api/v1/analytics/service/deliveries?${q}`, { as: w.admin.headers });
    expect(asAdmin.body.items.map((d: any) => d.trackingNo)).toContain(w.third.trackingNo);
  });

  it('lets another manager post no survey answer, interaction or contact on a counterpart', async () => {
    const as = { as: w.B.manager.headers };
    const survey = await callApp(t.app, 'POST', '/api/v1/surveys', { ...as, body: { companyId: w.A.shipper.id, departmentId: w.A.department.id, timeliness: 2, submittedAt: '2026-01-05T08:00:00Z' } });
    expect(survey.status).toBe(403);
    const interaction = await callApp(t.app, 'POST', `/api/v1/companies/${w.A.shipper.id}/interactions`, { ...as, body: { kind: 'call', occurredAt: '2026-03-01T08:00:00Z', summary: 'x' } });
    expect(interaction.status).toBe(403);
    const contact = await callApp(t.app, 'POST', `/api/v1/companies/${w.A.shipper.id}/contacts`, { ...as, body: { name: 'x' } });
    expect(contact.status).toBe(403);
  });

  it('shows a consignee client the targets of the contract that covers it, not the shipper’s terms', async () => {
    const res = await callApp(t.app, 'GET', `/api/v1/contracts/${w.A.contract.id}`, { as: w.consigneeClient.headers });
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(w.A.contract.code);
    for (const k of ['monthlyFee', 'creditTiers', 'creditCapPercent', 'consigneeIds']) expect(res.body).not.toHaveProperty(k);
    const own = await callApp(t.app, 'GET', `/api/v1/contracts/${w.A.contract.id}`, { as: w.A.client.headers });
    expect(own.body).toMatchObject({ monthlyFee: 98765, creditCapPercent: 0.11 });
  });
});
