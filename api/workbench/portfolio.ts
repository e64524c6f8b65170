import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible, assertRole, visibleCompanyIds } from '../auth/scope';
import { forbidden } from '../errors';

/**
 * The workbench (alerts, tasks, the timeline, the manager's review pack) is the account manager's own
 * portfolio (DESIGN.md §8 "A manager's reach": full read and write on their own portfolio; a direct
 * counterpart lends its profile, people, satisfaction and pair-limited service, never its internal work).
 * Portfolio: admin — every company; manager — the companies they manage and the visible ones nobody manages.
 */
export function portfolioCompanyIds(db: Executor, actor: Actor) {
  if (actor.role === 'admin') return null;
  const visible = visibleCompanyIds(db, actor);
  return db.selectFrom('companies').select('companies.id')
    .where((eb) => eb.or([
      eb('companies.account_manager_id', '=', actor.userId),
      eb.and([eb('companies.account_manager_id', 'is', null), eb('companies.id', 'in', visible as any)]),
    ]));
}

/** Admins and account managers use the workbench; other roles are a 403. */
export const assertWorkbenchUser = (actor: Actor) => assertRole(actor, 'admin', 'manager');

/** 404 for a company the caller cannot see at all; 403 for a counterpart outside their portfolio. */
export async function assertInPortfolio(db: Executor, actor: Actor, companyId: number, what = 'Company'): Promise<void> {
  assertWorkbenchUser(actor);
  await assertCompanyVisible(db, actor, companyId, what);
  if (!(await inPortfolio(db, actor, companyId))) throw forbidden('This company is in another account manager\'s portfolio.');
}

export async function inPortfolio(db: Executor, actor: Actor, companyId: number): Promise<boolean> {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'manager') return false;
  const ids = portfolioCompanyIds(db, actor)!;
  return !!(await db.selectFrom('companies').select('id').where('id', '=', companyId).where('id', 'in', ids).executeTakeFirst());
}
