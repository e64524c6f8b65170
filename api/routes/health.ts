import { createRoute } from '@hono/zod-openapi';
import { createRouter, json, z } from '../openapi';
import { healthReport } from '../services/health-service';

const HealthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.object({ kind: z.enum(['postgres', 'pglite']), reachable: z.boolean(), latencyMs: z.number().nullable() }),
  readReplica: z.object({
    configured: z.boolean().openapi({ description: 'DATABASE_READ_URL is set' }),
    inUse: z.boolean().openapi({ description: 'the read-only reports run on it (it answers and lags less than READ_MAX_LAG_SECONDS)' }),
    lagSeconds: z.number().nullable(),
  }),
}).openapi('Health');

export const healthRouter = createRouter().openapi(
  createRoute({
    method: 'get', path: '/', tags: ['system'], summary: 'Is the service and its database up?',
    responses: { 200: json(HealthSchema), 503: json(HealthSchema, 'Database unreachable') },
  }),
  async (c) => {
    const body = await healthReport(c.get('deps'));
    return body.database.reachable ? c.json(body, 200) : c.json(body, 503);
  },
);
