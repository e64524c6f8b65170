import type { DB } from '../../db/database';
import type { LifecycleStage } from '../../db/tables/accounts';
import type { Config } from '../config';
import type { Actor } from '../context';
import { assertRole, visibleCompanyIds } from '../auth/scope';
import { DEFAULT_LIFECYCLE_THRESHOLDS, lifecycleStage, type LifecycleThresholds } from '../domain/lifecycle';
import { dayIn, valueWindows } from '../domain/value-window';
import { companyVolumes } from '../queries/customer-value';
import { changeLifecycleStage, lifecycleCandidates } from '../queries/lifecycle';
import { getSetting } from './settings';
import { recordAudit } from './audit';

export const lifecycleThresholds = (db: DB) =>
  getSetting<LifecycleThresholds>(db, 'lifecycle.thresholds', DEFAULT_LIFECYCLE_THRESHOLDS);

export interface LifecycleChange {
  companyId: number;
  from: LifecycleStage | null;
  to: LifecycleStage;
}

/**
 * Computes every active company's lifecycle stage from its tenure and rollup volume as of a business day
 * (default today), stores it in companies.lifecycle_stage and records each change in lifecycle_history.
 */
export async function recomputeLifecycle(
  db: DB, config: Pick<Config, 'businessTimeZone'>, options: { asOf?: string; actor?: Actor | null; now?: Date } = {},
): Promise<{ asOf: string; computed: number; changes: LifecycleChange[] }> {
  const now = options.now ?? new Date();
  const asOf = options.asOf ?? dayIn(now, config.businessTimeZone);
  const thresholds = await lifecycleThresholds(db);
  return db.transaction().execute(async (trx) => {
    const companies = await lifecycleCandidates(trx);
    const volumes = await companyVolumes(trx, valueWindows(asOf));
    const changes: LifecycleChange[] = [];
    for (const c of companies) {
      const v = volumes.get(Number(c.id));
      const stage = lifecycleStage({
        asOf,
        customerSince: c.customer_since,
        terminated: c.terminated_at !== null && c.terminated_at <= now,
        firstShipmentDay: v?.firstDay ?? null,
        lastShipmentDay: v?.lastDay ?? null,
        recent90: v?.recent90 ?? 0,
        previous90: v?.previous90 ?? 0,
      }, thresholds);
      if (stage === c.lifecycle_stage) continue;
      await changeLifecycleStage(trx, Number(c.id), stage, c.lifecycle_stage, now);
      changes.push({ companyId: Number(c.id), from: c.lifecycle_stage, to: stage });
    }
    if (options.actor) await recordAudit(trx, options.actor, 'recompute', 'lifecycle', null, { after: { asOf, changes } });
    return { asOf, computed: companies.length, changes };
  });
}

export async function recomputeLifecycleAs(db: DB, config: Pick<Config, 'businessTimeZone'>, actor: Actor) {
  assertRole(actor, 'admin', 'manager');
  const result = await recomputeLifecycle(db, config, { actor });
  // the recompute covers every company, but a manager is shown only the changes of companies they see
  const ids = visibleCompanyIds(db, actor);
  if (!ids) return result;
  const visible = new Set((await ids.execute()).map((r) => Number(r.id)));
  return { ...result, changes: result.changes.filter((c) => visible.has(c.companyId)) };
}
