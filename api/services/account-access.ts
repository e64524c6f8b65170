import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible, assertRole } from '../auth/scope';
import { forbidden } from '../errors';

/** Only admins and account managers write account data; operations and clients read. */
export function assertAccountsWriter(actor: Actor): void {
  assertRole(actor, 'admin', 'manager');
}

/** An admin changes any company; a manager those managed by them or by nobody (in view: callers check that). */
export function mayWriteCompany(actor: Actor, managerId: number | null): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'manager' && (managerId === null || managerId === actor.userId);
}

/** An admin changes any pair; a manager those with a side they manage. */
export function mayWritePair(actor: Actor, shipperManagerId: number | null, consigneeManagerId: number | null): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'manager' && (shipperManagerId === actor.userId || consigneeManagerId === actor.userId);
}

/**
 * The caller may change this company and what hangs on it (departments, contacts, interactions,
 * contracts): an admin always; a manager when the company is in their portfolio — managed by them,
 * or visible to them and managed by nobody. Invisible companies are a 404, another manager's a 403.
 */
export async function assertCompanyWritable(db: Executor, actor: Actor, companyId: number, what = 'Company'): Promise<void> {
  assertAccountsWriter(actor);
  await assertCompanyVisible(db, actor, companyId, what);
  const row = await db.selectFrom('companies').select('account_manager_id').where('id', '=', companyId).executeTakeFirstOrThrow();
  if (!mayWriteCompany(actor, row.account_manager_id)) throw forbidden('This company is managed by another account manager.');
}
