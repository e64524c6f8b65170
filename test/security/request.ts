import type { CallOptions } from '../helpers/test-app';
import { fillPath, withQuery, type Enumeration, type RouteInfo } from './routes';
import { sample } from './sample';
import { objectFor, pathValues } from './targets';
import type { Tenant, World } from './world';

export const ROLES = ['anon', 'admin', 'mgrA', 'mgrB', 'ops', 'cliA', 'cliB'] as const;
export type RoleName = (typeof ROLES)[number];

export function headersOf(world: World, role: RoleName): Record<string, string> {
  switch (role) {
    case 'anon': return {};
    case 'admin': return world.admin.headers;
    case 'ops': return world.operations.headers;
    case 'mgrA': return world.A.manager.headers;
    case 'mgrB': return world.B.manager.headers;
    case 'cliA': return world.A.client.headers;
    case 'cliB': return world.B.client.headers;
  }
}

/** The tenant a role belongs to (null for staff who see every tenant). */
export const tenantOf = (role: RoleName): 'A' | 'B' | null => (role.endsWith('A') ? 'A' : role.endsWith('B') ? 'B' : null);

let uploads = 0;

/** A valid delivery CSV of one row for the tenant's shipper and consignee (DESIGN.md section 4). */
export function deliveryCsv(tenant: Tenant): string {
  const n = ++uploads;
  return [
    'tracking_no,shipper_code,consignee_code,promised_at,delivered_at,status,pieces_expected,pieces_delivered',
    `${tenant.marker}-U${n},${tenant.shipper.code},${tenant.consignee.code},2026-03-20T10:00:00Z,2026-03-20T09:00:00Z,delivered,1,1`,
  ].join('\n') + '\n';
}

/**
 * A well-formed request for a route, naming the objects of `target`: path ids, id-like query
 * parameters (required or not), required query parameters, and a minimal valid body.
 */
export interface Override {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  /** merged over the sampled JSON body */
  body?: Record<string, unknown>;
  /** a raw body (e.g. a CSV upload on a route that documents none) and its content type */
  raw?: string;
  contentType?: string;
}

export function requestFor(route: RouteInfo, enumeration: Enumeration, world: World, target: Tenant, override: Override = {}): { url: string; options: CallOptions } {
  const idFor = (name: string) => objectFor(name, target, world);
  const ctx = { doc: enumeration.doc, idFor };
  const path = fillPath(route.path, { ...pathValues(route.path, target, world), ...override.path });
  const query: Record<string, unknown> = { ...override.query };
  for (const p of route.parameters.filter((x) => x.in === 'query')) {
    const id = idFor(p.name);
    if (p.name in query) continue;
    if (id !== undefined) query[p.name] = id;
    else if (p.required) query[p.name] = sample(p.schema ?? {}, ctx, p.name);
  }
  const url = withQuery(path, query);
  if (override.raw !== undefined) return { url, options: { raw: override.raw, headers: { 'content-type': override.contentType ?? 'text/csv' } } };
  if (!route.body) return { url, options: {} };
  if (route.body['application/json']) return { url, options: { body: { ...(sample(route.body['application/json'], ctx) as object), ...override.body } } };
  if (route.body['multipart/form-data']) {
    const form = new FormData();
    form.set('file', new Blob([deliveryCsv(target)], { type: 'text/csv' }), 'deliveries.csv');
    return { url, options: { raw: form as never } };
  }
  const csvType = Object.keys(route.body).find((t) => /csv|text\/plain|octet-stream/.test(t));
  if (csvType) return { url, options: { raw: deliveryCsv(target), headers: { 'content-type': csvType } } };
  return { url, options: {} };
}
