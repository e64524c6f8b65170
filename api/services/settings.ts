import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { recordAudit } from './audit';

/**
 * Settings are documented defaults in code, overridden per key by a row in the settings table
 * (e.g. 'churn.coefficients', 'lifecycle.thresholds', 'value.discountRate').
 */
export async function getSetting<T>(db: Executor, key: string, defaults: T): Promise<T> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return defaults;
  const value = row.value as T;
  return value && typeof value === 'object' && !Array.isArray(value) && typeof defaults === 'object'
    ? { ...defaults, ...value }
    : value;
}

export async function putSetting(db: Executor, actor: Actor | null, key: string, value: unknown): Promise<void> {
  const before = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  await db.insertInto('settings')
    .values({ key, value: JSON.stringify(value), updated_by: actor?.userId ?? null })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date(), updated_by: actor?.userId ?? null }))
    .execute();
  await recordAudit(db, actor, 'update', 'setting', key, { before: before?.value, after: value });
}
