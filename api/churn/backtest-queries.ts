import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { ChurnCompanyRow } from './inputs-queries';

const endOf = (day: string) => new Date(`${day}T23:59:59.999Z`);

/**
 * The companies a backtest scores as of a day: not archived, not terminated by the end of asOf, and known then —
 * a customer since asOf or before, recorded (created_at) by then, or with business in the rollups on or before asOf.
 */
export async function companiesAsOf(db: Executor, asOf: string): Promise<ChurnCompanyRow[]> {
  const end = endOf(asOf);
  const rows = await db.selectFrom('companies as c')
    .select(['c.id', 'c.code', 'c.name', 'c.is_shipper', 'c.is_consignee', 'c.account_manager_id', 'c.lifecycle_stage', 'c.terminated_at'])
    .where('c.archived_at', 'is', null)
    .where((eb) => eb.or([eb('c.terminated_at', 'is', null), eb('c.terminated_at', '>', end)]))
    .where((eb) => eb.or([
      eb('c.customer_since', '<=', asOf),
      eb('c.created_at', '<=', end),
      eb.exists(eb.selectFrom('daily_service_rollups as r').select(sql`1`.as('one'))
        .where('r.day', '<=', asOf).where((x) => x.or([x('r.shipper_id', '=', x.ref('c.id')), x('r.consignee_id', '=', x.ref('c.id'))]))),
    ]))
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id), code: r.code, name: r.name, isShipper: r.is_shipper, isConsignee: r.is_consignee,
    accountManagerId: r.account_manager_id === null ? null : Number(r.account_manager_id),
    lifecycleStage: r.lifecycle_stage, terminatedAt: r.terminated_at,
  }));
}

/**
 * Who left in (asOf, until]: the fit's definition (terminated_at, api/churn/fit.ts) or a lifecycle change to
 * 'terminated' (lifecycle_history, e.g. no shipment for the inactivity threshold) in that window.
 */
export async function departuresBetween(db: Executor, ids: readonly number[], asOf: string, until: string): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const from = endOf(asOf);
  const to = endOf(until);
  const [terminated, stages] = await Promise.all([
    db.selectFrom('companies').select('id').where('id', 'in', ids as number[])
      .where('terminated_at', '>', from).where('terminated_at', '<=', to).execute(),
    db.selectFrom('lifecycle_history').select('company_id').distinct().where('company_id', 'in', ids as number[])
      .where('stage', '=', 'terminated').where('changed_at', '>', from).where('changed_at', '<=', to).execute(),
  ]);
  return new Set([...terminated.map((r) => Number(r.id)), ...stages.map((r) => Number(r.company_id))]);
}
