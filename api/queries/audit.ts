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

type AuditFilter = { entity?: string; entityId?: string };

const auditRows = (db: Executor, filter: AuditFilter) => {
  let q = db.selectFrom('audit_log');
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  return q;
};

export const listAudit = (db: Executor, filter: AuditFilter & { limit: number; offset: number }) =>
  auditRows(db, filter).selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();

export const countAudit = async (db: Executor, filter: AuditFilter) =>
  Number((await auditRows(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
