import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible, assertRole } from '../auth/scope';
import { forbidden } from '../errors';

/** Only admins and account managers write account data; operations and clients read. */
export function assertAccountsWriter(actor: Actor): void {
  assertRole(actor, 'admin', 'manager');
}

/**
 * The caller may change this company and what hangs on it (departments, contacts, interactions,
 * contracts): an admin always; a manager when the company is in their portfolio — managed by them,
 * or visible to them and managed by nobody. Invisible companies are a 404, another manager's a 403.
 */
export async function assertCompanyWritable(db: Executor, actor: Actor, companyId: number, what = 'Company'): Promise<void> {
  assertAccountsWriter(actor);
  await assertCompanyVisible(db, actor, companyId, what);
  if (actor.role !== 'manager') return;
  const row = await db.selectFrom('companies').select('account_manager_id').where('id', '=', companyId).executeTakeFirstOrThrow();
  if (row.account_manager_id !== null && row.account_manager_id !== actor.userId) {
    throw forbidden('This company is managed by another account manager.');
  }
}
