import { sql } from 'kysely';
import { createRoute } from '@hono/zod-openapi';
import { createRouter, json, z } from '../openapi';

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
    const { handle, readRoute } = c.get('deps');
    const started = performance.now();
    let reachable = true;
    try {
      await Promise.race([
        sql`select 1`.execute(handle.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
    } catch {
      reachable = false;
    }
    const body = {
      status: reachable ? ('ok' as const) : ('unavailable' as const),
      database: { kind: handle.kind, reachable, latencyMs: reachable ? Math.round((performance.now() - started) * 10) / 10 : null },
      readReplica: readRoute.status,
    };
    return reachable ? c.json(body, 200) : c.json(body, 503);
  },
);
