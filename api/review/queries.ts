import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/** The contracts a company's review covers: its own as shipper, or (a consignee) those of its shippers that cover it. */
export async function reviewContracts(db: Executor, companyId: number, asShipper: boolean, from: string, to: string) {
  const base = db.selectFrom('contracts as k')
    .select(['k.id', 'k.shipper_id', 'k.code', 'k.name', 'k.start_date', 'k.end_date', 'k.monthly_fee', 'k.currency', 'k.on_time_target',
      'k.in_full_target', 'k.otif_target', 'k.max_damage_rate', 'k.max_avg_transit_hours', 'k.credit_tiers', 'k.credit_cap_percent', 'k.settling_days', 'k.min_due_count', 'k.archived_at'])
    .where('k.archived_at', 'is', null).where('k.start_date', '<=', to).where('k.end_date', '>=', from)
    .orderBy('k.start_date').orderBy('k.code');
  if (asShipper) return base.where('k.shipper_id', '=', companyId).execute();
  return base
    .where('k.shipper_id', 'in', db.selectFrom('customer_pairs').select('shipper_id').where('consignee_id', '=', companyId))
    .where((eb) => eb.or([
      eb.not(eb.exists(eb.selectFrom('contract_consignees as cc').select('cc.contract_id').whereRef('cc.contract_id', '=', 'k.id'))),
      eb.exists(eb.selectFrom('contract_consignees as cc').select('cc.contract_id').whereRef('cc.contract_id', '=', 'k.id').where('cc.consignee_id', '=', companyId)),
    ]))
    .execute();
}

/** Survey answers of the company's departments in [from, to] (inclusive business days, read as UTC midnight bounds). */
export const reviewSurveyAnswers = (db: Executor, companyId: number, from: Date, to: Date) =>
  db.selectFrom('survey_responses')
    .select(['department_id', 'submitted_at', 'timeliness', 'accuracy', 'condition', 'billing', 'proactiveness', 'communication', 'value_added', 'recommend'])
    .where('company_id', '=', companyId).where('submitted_at', '>=', from).where('submitted_at', '<', to)
    .execute();

export const reviewDepartments = (db: Executor, companyId: number) =>
  db.selectFrom('departments').select(['id', 'name', 'kind', 'weight']).where('company_id', '=', companyId).orderBy('name').execute();

/** Interactions of the quarter by kind (the provider's own notes: manager version only). */
export async function interactionCounts(db: Executor, companyId: number, from: Date, to: Date) {
  const rows = await db.selectFrom('interactions').select(['kind', sql<number>`count(*)`.as('n')])
    .where('company_id', '=', companyId).where('occurred_at', '>=', from).where('occurred_at', '<', to)
    .groupBy('kind').execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

/** The company's risk in the newest churn run (manager version only). */
export const latestChurnScore = (db: Executor, companyId: number) =>
  db.selectFrom('churn_scores as s').innerJoin('churn_runs as r', 'r.id', 's.run_id')
    .select(['s.total_risk', 's.direct_risk', 's.cascade_risk', 'r.computed_at'])
    .where('s.company_id', '=', companyId)
    .orderBy('r.computed_at', 'desc').orderBy('r.id', 'desc').limit(1).executeTakeFirst();

/** Claims filed by the company or on its business as shipper, filed in [from, to). */
export const reviewClaims = (db: Executor, companyId: number, from: Date, to: Date) =>
  db.selectFrom('claims')
    .select(['id', 'kind', 'status', 'amount_claimed', 'amount_settled', 'filed_at', 'acknowledged_at', 'response_target_hours'])
    .where((eb) => eb.or([eb('shipper_id', '=', companyId), eb('filed_company_id', '=', companyId)]))
    .where('filed_at', '>=', from).where('filed_at', '<', to)
    .orderBy('filed_at').orderBy('id')
    .execute();
