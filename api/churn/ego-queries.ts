import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { visibleCompanyIds } from '../auth/scope';

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
