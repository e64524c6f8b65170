import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context';
import { mountRoutes } from './routes';

/** What /api/v1/openapi.json says about itself; the portal's types are generated from the same document. */
export function openApiInfo() {
  return {
    openapi: '3.1.0',
    info: { title: 'Logistics CRM API', version: '1.0.0', description: 'Shippers, consignees and the pairs between them; service levels, churn and value.' },
    servers: [{ url: '/api/v1' }],
    security: [{ session: [] }, { bearer: [] }] as Array<Record<string, string[]>>,
  };
}

/** Registers the security schemes the document names; `api` carries the mounted routes. */
export function registerSecuritySchemes(api: OpenAPIHono<AppEnv>) {
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'crm_session' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
}

/** The OpenAPI document built from the routes alone: no database, no server. */
export function openApiDocument() {
  const api = new OpenAPIHono<AppEnv>();
  mountRoutes(api);
  registerSecuritySchemes(api);
  return api.getOpenAPI31Document(openApiInfo());
}
