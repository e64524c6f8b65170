import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Executor } from '../../db/database';
import type { Role } from '../../db/tables/foundation';
import type { Actor } from '../context';
import { forbidden, notFound } from '../errors';

/**
 * Which companies a caller may see:
 * - admin and operations: all;
 * - manager: the companies they manage, plus the consignees and shippers paired with those;
 * - client: its own company only.
 * Every query that returns company-owned data goes through this, so no route can forget it.
 */
export function visibleCompanyIds(db: Executor, actor: Actor) {
  if (actor.role === 'admin' || actor.role === 'operations') return null;
  if (actor.role === 'client') {
    return db.selectFrom('companies').select('companies.id').where('companies.id', '=', actor.companyId ?? -1);
  }
  const own = db.selectFrom('companies').select('companies.id').where('companies.account_manager_id', '=', actor.userId);
  return own
    .union(
      db.selectFrom('customer_pairs').select('customer_pairs.consignee_id as id')
        .where('customer_pairs.shipper_id', 'in', own),
    )
    .union(
      db.selectFrom('customer_pairs').select('customer_pairs.shipper_id as id')
        .where('customer_pairs.consignee_id', 'in', own),
    );
}

/**
 * A where-clause for a company id column: `q.where(companyVisible(db, actor, 'deliveries.shipper_id'))`.
 * For rows that belong to two companies (a delivery, a pair), pass both columns: visible when either is.
 */
export function companyVisible<DB extends Database, TB extends keyof DB>(
  db: Executor,
  actor: Actor,
  ...columns: string[]
) {
  return (eb: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    const ids = visibleCompanyIds(db, actor);
    if (!ids) return sql<SqlBool>`true`;
    return eb.or(columns.map((col) => eb(eb.ref(col as any), 'in', ids as any)));
  };
}

/** Resolves when the caller may see the company; otherwise a 404, as if it did not exist. */
export async function assertCompanyVisible(db: Executor, actor: Actor, companyId: number, what = 'Company'): Promise<void> {
  const ids = visibleCompanyIds(db, actor);
  const row = await db.selectFrom('companies').select('id')
    .where('id', '=', companyId)
    .$if(ids !== null, (q) => q.where('id', 'in', ids!))
    .executeTakeFirst();
  if (!row) throw notFound(what);
}

/**
 * A manager's reach (DESIGN.md §8): the business of a pair — its deliveries, KPIs, contracts — is theirs when
 * they manage one of its sides; a counterpart lends its profile, people, departments and satisfaction
 * (visibleCompanyIds), never its business with third parties. A client reaches its own company; admin and
 * operations everything (null). Rows of two companies are in reach when either side is in this set.
 */
export function reachCompanyIds(db: Executor, actor: Actor) {
  if (actor.role === 'admin' || actor.role === 'operations') return null;
  if (actor.role === 'client') {
    return db.selectFrom('companies').select('companies.id').where('companies.id', '=', actor.companyId ?? -1);
  }
  return db.selectFrom('companies').select('companies.id').where('companies.account_manager_id', '=', actor.userId);
}

/** A where-clause for a row of two companies (a delivery, a pair): in reach when either side is. */
export function pairInReach<DB extends Database, TB extends keyof DB>(db: Executor, actor: Actor, shipperColumn: string, consigneeColumn: string) {
  return (eb: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    const ids = reachCompanyIds(db, actor);
    if (!ids) return sql<SqlBool>`true`;
    return eb.or([shipperColumn, consigneeColumn].map((col) => eb(eb.ref(col as any), 'in', ids as any)));
  };
}

/**
 * For what a company keeps for the provider alone (interactions, value, churn): a company out of view is a
 * 404; a counterpart of the manager that is not in their portfolio (managed by another manager) is a 403.
 */
export async function assertOwnAccount(db: Executor, actor: Actor, companyId: number, what = 'Company'): Promise<void> {
  await assertCompanyVisible(db, actor, companyId, what);
  if (actor.role !== 'manager') return;
  const row = await db.selectFrom('companies').select('account_manager_id').where('id', '=', companyId).executeTakeFirstOrThrow();
  if (row.account_manager_id !== null && row.account_manager_id !== actor.userId) {
    throw forbidden('This company is managed by another account manager.');
  }
}

export function assertRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw forbidden();
}
