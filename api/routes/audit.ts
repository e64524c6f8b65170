import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, json, PageMetaSchema, PageQuery, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { listAuditEntries } from '../services/audit-list-service';

const AuditEntrySchema = z.object({
  id: z.number().int(), at: z.string(), userId: z.number().int().nullable(), action: z.string(), entity: z.string(),
  entityId: z.string().nullable(), before: z.unknown(), after: z.unknown(), requestId: z.string().nullable(),
}).openapi('AuditEntry');

export const auditRouter = createRouter().openapi(
  createRoute({
    method: 'get', path: '/', tags: ['system'], summary: 'The audit log, newest first (admin)',
    request: { query: PageQuery.extend({ entity: z.string().max(64).optional(), entityId: z.string().max(64).optional() }) },
    responses: { 200: json(z.object({ items: z.array(AuditEntrySchema), meta: PageMetaSchema }).openapi('AuditEntryList')), ...errorResponses },
  }),
  async (c) => c.json(await listAuditEntries(c.get('db'), actorOf(c), c.req.valid('query')), 200),
);
