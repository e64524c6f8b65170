import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { insertAudit } from '../queries/audit';

/** Records one write: who did what to which object, with the object before and after. */
export function recordAudit(
  db: Executor,
  actor: Actor | null,
  action: string,
  entity: string,
  entityId: string | number | null,
  change: { before?: unknown; after?: unknown } = {},
) {
  return insertAudit(db, {
    userId: actor?.userId ?? null,
    action,
    entity,
    entityId,
    before: change.before,
    after: change.after,
    requestId: actor?.requestId ?? null,
  });
}
