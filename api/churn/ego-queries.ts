import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { reachCompanyIds, visibleCompanyIds } from '../auth/scope';

export async function companyNames(db: Executor, ids: number[]) {
  if (ids.length === 0) return new Map<number, { code: string; name: string; is_shipper: boolean; is_consignee: boolean; account_manager_id: number | null }>();
  const rows = await db.selectFrom('companies')
    .select(['id', 'code', 'name', 'is_shipper', 'is_consignee', 'account_manager_id'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [Number(r.id), r]));
}

/** The ids among `ids` the caller may see; null when the caller sees every company. */
export async function visibleAmong(db: Executor, actor: Actor, ids: number[]): Promise<Set<number> | null> {
  const visible = visibleCompanyIds(db, actor);
  if (visible === null) return null;
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('companies').select('id').where('id', 'in', ids).where('id', 'in', visible as any).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/** Every company id the caller may see; null when the caller sees every company. */
export async function visibleSet(db: Executor, actor: Actor): Promise<Set<number> | null> {
  const visible = visibleCompanyIds(db, actor);
  if (visible === null) return null;
  const rows = await db.selectFrom('companies').select('id').where('id', 'in', visible as any).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * The companies whose churn the caller may read (DESIGN.md §8): a manager's own accounts and unmanaged ones
 * among those they see (another manager's counterpart keeps its churn to itself); null for admin.
 */
export async function churnReadableSet(db: Executor, actor: Actor): Promise<Set<number> | null> {
  const visible = visibleCompanyIds(db, actor);
  if (visible === null) return null;
  const rows = await db.selectFrom('companies').select('id').where('id', 'in', visible as any)
    .where((eb) => eb.or([eb('account_manager_id', 'is', null), eb('account_manager_id', '=', actor.userId)]))
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/** The companies whose pairs' business is the caller's (a manager: their own accounts); null for admin. */
export async function pairBusinessSet(db: Executor, actor: Actor): Promise<Set<number> | null> {
  const reach = reachCompanyIds(db, actor);
  if (reach === null) return null;
  const rows = await reach.execute();
  return new Set(rows.map((r) => Number(r.id)));
}
