import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { countAudit, listAudit } from '../queries/audit';
import { pageMeta } from '../openapi';
import { iso } from '../format';

/** The audit log, newest first (admin only). */
export async function listAuditEntries(
  db: DB, actor: Actor, q: { page: number; pageSize: number; entity?: string; entityId?: string },
) {
  assertRole(actor, 'admin');
  const filter = { entity: q.entity, entityId: q.entityId };
  const [rows, total] = await Promise.all([
    listAudit(db, { ...filter, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    countAudit(db, filter),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id, at: iso(r.at)!, userId: r.user_id, action: r.action, entity: r.entity, entityId: r.entity_id,
      before: r.before, after: r.after, requestId: r.request_id,
    })),
    meta: pageMeta(q.page, q.pageSize, total),
  };
}
