import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, json, PageQuery, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { assertRole } from '../auth/scope';
import { listAudit } from '../queries/audit';
import { iso } from '../format';

const AuditEntrySchema = z.object({
  id: z.number().int(), at: z.string(), userId: z.number().int().nullable(), action: z.string(), entity: z.string(),
  entityId: z.string().nullable(), before: z.unknown(), after: z.unknown(), requestId: z.string().nullable(),
}).openapi('AuditEntry');

export const auditRouter = createRouter().openapi(
  createRoute({
    method: 'get', path: '/', tags: ['system'], summary: 'The audit log, newest first (admin)',
    request: { query: PageQuery.extend({ entity: z.string().max(64).optional(), entityId: z.string().max(64).optional() }) },
    responses: { 200: json(z.object({ items: z.array(AuditEntrySchema) })), ...errorResponses },
  }),
  async (c) => {
    assertRole(actorOf(c), 'admin');
    const q = c.req.valid('query');
    const rows = await listAudit(c.get('db'), { entity: q.entity, entityId: q.entityId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return c.json({
      items: rows.map((r) => ({
        id: r.id, at: iso(r.at)!, userId: r.user_id, action: r.action, entity: r.entity, entityId: r.entity_id,
        before: r.before, after: r.after, requestId: r.request_id,
      })),
    }, 200);
  },
);
