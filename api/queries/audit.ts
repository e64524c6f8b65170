import type { Executor } from '../../db/database';

export interface AuditEntry {
  userId: number | null;
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

export const insertAudit = (db: Executor, e: AuditEntry) =>
  db.insertInto('audit_log').values({
    user_id: e.userId,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId === null ? null : String(e.entityId),
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    request_id: e.requestId ?? null,
  }).execute();

export const listAudit = (db: Executor, filter: { entity?: string; entityId?: string; limit: number; offset: number }) => {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  return q.orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
};
