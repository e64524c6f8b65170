import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { LifecycleStage } from '../../db/tables/accounts';
import { pairWeightWindow, type PairShipments } from './pair-weight';

/**
 * Windows of the churn signals, all ending on (and including) asOf, as 'YYYY-MM-DD':
 * recent90 / previous90 for volume and OTIF, recent180 / previous180 for satisfaction, months6 for
 * breaches, year for revenue, weights and claims.
 */
export interface ChurnWindows {
  asOf: string;
  from90: string;
  from180: string;
  from360: string;
  from6m: string;
  from12m: string;
}

export interface ChurnCompanyRow {
  id: number;
  code: string;
  name: string;
  isShipper: boolean;
  isConsignee: boolean;
  accountManagerId: number | null;
  lifecycleStage: LifecycleStage | null;
  terminatedAt: Date | null;
}

/** Companies to score: not archived; terminated ones only when asked (fitting). */
export async function churnCompanies(db: Executor, options: { includeTerminated?: boolean; ids?: number[] } = {}): Promise<ChurnCompanyRow[]> {
  if (options.ids && options.ids.length === 0) return [];
  const rows = await db.selectFrom('companies')
    .select(['id', 'code', 'name', 'is_shipper', 'is_consignee', 'account_manager_id', 'lifecycle_stage', 'terminated_at'])
    .where('archived_at', 'is', null)
    .$if(!options.includeTerminated, (q) => q.where('terminated_at', 'is', null))
    .$if(options.ids !== undefined, (q) => q.where('id', 'in', options.ids!))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id), code: r.code, name: r.name, isShipper: r.is_shipper, isConsignee: r.is_consignee,
    accountManagerId: r.account_manager_id === null ? null : Number(r.account_manager_id),
    lifecycleStage: r.lifecycle_stage, terminatedAt: r.terminated_at,
  }));
}

export interface ServiceFactsRow {
  companyId: number;
  recent90: number;
  previous90: number;
  due90: number;
  otif90: number;
  /** Σ due × contract OTIF target over due deliveries under a contract with a target, and their due count */
  targetWeighted90: number;
  targetDue90: number;
  revenue12m: number;
  cost12m: number;
  /** revenue and cost as shipper only (what the provider bills) */
  shipperRevenue12m: number;
  shipperCost12m: number;
}

/** Volume, OTIF against target, revenue of each company as shipper or consignee, from the daily rollups. */
export async function serviceFacts(db: Executor, w: ChurnWindows): Promise<ServiceFactsRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    with per_pair as (
      select r.shipper_id, r.consignee_id, r.contract_id,
        coalesce(sum(r.shipments) filter (where r.day >= ${w.from90}), 0) as recent90,
        coalesce(sum(r.shipments) filter (where r.day >= ${w.from180} and r.day < ${w.from90}), 0) as previous90,
        coalesce(sum(r.due) filter (where r.day >= ${w.from90}), 0) as due90,
        coalesce(sum(r.otif) filter (where r.day >= ${w.from90}), 0) as otif90,
        sum(r.revenue) as revenue12m, sum(r.cost) as cost12m
      from daily_service_rollups r
      where r.day >= ${w.from12m} and r.day <= ${w.asOf}
      group by r.shipper_id, r.consignee_id, r.contract_id
    ), targeted as (
      select p.*, c.otif_target from per_pair p left join contracts c on c.id = p.contract_id
    ), sides as (
      select shipper_id as company_id, true as as_shipper, t.* from targeted t
      union all
      select consignee_id, false, t.* from targeted t where t.consignee_id <> t.shipper_id
    )
    select company_id,
      sum(recent90) as recent90, sum(previous90) as previous90, sum(due90) as due90, sum(otif90) as otif90,
      coalesce(sum(due90 * otif_target) filter (where otif_target is not null), 0) as target_weighted90,
      coalesce(sum(due90) filter (where otif_target is not null), 0) as target_due90,
      sum(revenue12m) as revenue12m, sum(cost12m) as cost12m,
      coalesce(sum(revenue12m) filter (where as_shipper), 0) as shipper_revenue12m,
      coalesce(sum(cost12m) filter (where as_shipper), 0) as shipper_cost12m
    from sides
    group by company_id`.execute(db);
  return rows.map((r) => ({
    companyId: Number(r.company_id), recent90: Number(r.recent90), previous90: Number(r.previous90),
    due90: Number(r.due90), otif90: Number(r.otif90), targetWeighted90: Number(r.target_weighted90), targetDue90: Number(r.target_due90),
    revenue12m: Number(r.revenue12m), cost12m: Number(r.cost12m),
    shipperRevenue12m: Number(r.shipper_revenue12m), shipperCost12m: Number(r.shipper_cost12m),
  }));
}

/**
 * Breaches per company: (contract, month) of the last 6 months in which the company's deliveries under that
 * contract (as shipper or consignee) missed its OTIF, on-time or in-full target — with at least the contract's
 * minimum due count, as a verdict needs (api/domain/closed-months.ts); running and settling months count too,
 * as an early signal, though they owe no credit yet.
 */
export async function breachCounts(db: Executor, w: ChurnWindows): Promise<Map<number, number>> {
  const { rows } = await sql<{ company_id: number; breaches: number }>`
    with monthly as (
      select s.company_id, r.contract_id, date_trunc('month', r.day) as month,
        sum(r.due) as due, sum(r.otif) as otif, sum(r.on_time) as on_time, sum(r.in_full) as in_full
      from daily_service_rollups r
      cross join lateral (values (r.shipper_id), (r.consignee_id)) as s(company_id)
      where r.contract_id <> 0 and r.day >= ${w.from6m} and r.day <= ${w.asOf}
      group by s.company_id, r.contract_id, date_trunc('month', r.day)
    )
    select m.company_id, count(*) as breaches
    from monthly m join contracts c on c.id = m.contract_id
    where m.due > 0 and m.due >= c.min_due_count and (
      (c.otif_target is not null and m.otif::float8 / m.due < c.otif_target)
      or (c.on_time_target is not null and m.on_time::float8 / m.due < c.on_time_target)
      or (c.in_full_target is not null and m.in_full::float8 / m.due < c.in_full_target))
    group by m.company_id`.execute(db);
  return new Map(rows.map((r) => [Number(r.company_id), Number(r.breaches)]));
}

export interface DepartmentScoreRow {
  companyId: number;
  departmentId: number;
  name: string;
  weight: number | null;
  /** mean of the answered 1–5 items in the last 180 days, and in the 180 days before */
  current: number | null;
  previous: number | null;
}

/** Every department with its mean survey score now and before (null without answers). */
export async function departmentScores(db: Executor, w: ChurnWindows): Promise<DepartmentScoreRow[]> {
  const asOfEnd = `${w.asOf}T23:59:59.999Z`;
  const items = sql`coalesce(s.timeliness, 0) + coalesce(s.accuracy, 0) + coalesce(s.condition, 0) + coalesce(s.billing, 0)
    + coalesce(s.proactiveness, 0) + coalesce(s.communication, 0) + coalesce(s.value_added, 0)`;
  const answered = sql`num_nonnulls(s.timeliness, s.accuracy, s.condition, s.billing, s.proactiveness, s.communication, s.value_added)`;
  const { rows } = await sql<Record<string, unknown>>`
    select d.id as department_id, d.company_id, d.name, d.weight,
      sum(${items}) filter (where s.submitted_at >= ${w.from180}::date) as current_sum,
      sum(${answered}) filter (where s.submitted_at >= ${w.from180}::date) as current_count,
      sum(${items}) filter (where s.submitted_at >= ${w.from360}::date and s.submitted_at < ${w.from180}::date) as previous_sum,
      sum(${answered}) filter (where s.submitted_at >= ${w.from360}::date and s.submitted_at < ${w.from180}::date) as previous_count
    from departments d
    left join survey_responses s on s.department_id = d.id and s.submitted_at >= ${w.from360}::date and s.submitted_at <= ${asOfEnd}::timestamptz
    group by d.id, d.company_id, d.name, d.weight`.execute(db);
  const mean = (sum: unknown, count: unknown) => (Number(count ?? 0) > 0 ? Number(sum) / Number(count) : null);
  return rows.map((r) => ({
    companyId: Number(r.company_id), departmentId: Number(r.department_id), name: String(r.name),
    weight: r.weight === null ? null : Number(r.weight),
    current: mean(r.current_sum, r.current_count), previous: mean(r.previous_sum, r.previous_count),
  }));
}

export interface ComplaintRow {
  companyId: number;
  kind: 'complaint' | 'claim';
  openedAt: Date;
  /** a complaint's resolution; a claim's first staff response (acknowledged) */
  resolvedAt: Date | null;
  /** a claim's own response target (the contract's when it was filed) */
  targetHours?: number;
}

/**
 * Complaints (interactions) and claims (the claims table, for its shipper and for the company that filed it)
 * opened in the last 12 months or still open at asOf. A claim counts as answered once acknowledged.
 */
export async function complaintsAndClaims(db: Executor, w: ChurnWindows): Promise<ComplaintRow[]> {
  const asOfEnd = new Date(`${w.asOf}T23:59:59.999Z`);
  const from = new Date(`${w.from12m}T00:00:00Z`);
  const [rows, claims] = await Promise.all([
    db.selectFrom('interactions')
      .select(['company_id', 'kind', 'opened_at', 'occurred_at', 'resolved_at'])
      .where('kind', '=', 'complaint')
      .where(sql<Date>`coalesce(opened_at, occurred_at)`, '<=', asOfEnd)
      .where((eb) => eb.or([
        eb(sql`coalesce(opened_at, occurred_at)`, '>=', from),
        eb('resolved_at', 'is', null),
        eb('resolved_at', '>', asOfEnd),
      ]))
      .execute(),
    db.selectFrom('claims')
      .select(['shipper_id', 'filed_company_id', 'filed_at', 'acknowledged_at', 'response_target_hours'])
      .where('filed_at', '<=', asOfEnd)
      .where((eb) => eb.or([eb('filed_at', '>=', from), eb('acknowledged_at', 'is', null), eb('acknowledged_at', '>', asOfEnd)]))
      .execute(),
  ]);
  return [
    ...rows.map((r) => ({
      companyId: Number(r.company_id), kind: 'complaint' as const, openedAt: r.opened_at ?? r.occurred_at,
      resolvedAt: r.resolved_at && r.resolved_at <= asOfEnd ? r.resolved_at : null,
    })),
    ...claims.flatMap((c) => [...new Set([Number(c.shipper_id), Number(c.filed_company_id)])].map((companyId) => ({
      companyId, kind: 'claim' as const, openedAt: c.filed_at,
      resolvedAt: c.acknowledged_at && c.acknowledged_at <= asOfEnd ? c.acknowledged_at : null,
      targetHours: Number(c.response_target_hours),
    }))),
  ];
}

/** Claims paid (their settled amounts) per shipper, paid on a business day in [from, to]. */
export async function claimsPaidByShipper(db: Executor, from: string, to: string, timeZone = 'Asia/Shanghai'): Promise<Map<number, number>> {
  const day = sql`(paid_at at time zone ${timeZone})::date`;
  const rows = await db.selectFrom('claims')
    .select((eb) => ['shipper_id', eb.fn.sum<string>('amount_settled').as('paid')])
    .where('status', '=', 'paid')
    .where(day, '>=', sql`cast(${from} as date)`)
    .where(day, '<=', sql`cast(${to} as date)`)
    .groupBy('shipper_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.shipper_id), Number(r.paid ?? 0)]));
}

export interface PartnerVolumeRow {
  companyId: number;
  /** shipments with the partner (both directions) in the last 90 days and in the 90 before */
  recent90: number;
  previous90: number;
  /** the partner was terminated on or before asOf */
  partnerLeft: boolean;
}

/**
 * Each company's volume with each partner over the last 180 days to asOf (rollup days ≤ asOf), with whether the
 * partner had left by asOf (terminated_at ≤ the end of asOf): the facts of the partnerLoss signal.
 */
export async function partnerVolumes(db: Executor, w: ChurnWindows): Promise<PartnerVolumeRow[]> {
  const asOfEnd = `${w.asOf}T23:59:59.999Z`;
  const { rows } = await sql<Record<string, unknown>>`
    with per_pair as (
      select r.shipper_id, r.consignee_id,
        coalesce(sum(r.shipments) filter (where r.day >= ${w.from90}), 0) as recent90,
        coalesce(sum(r.shipments) filter (where r.day < ${w.from90}), 0) as previous90
      from daily_service_rollups r
      where r.day >= ${w.from180} and r.day <= ${w.asOf} and r.shipper_id <> r.consignee_id
      group by r.shipper_id, r.consignee_id
    ), sides as (
      select shipper_id as company_id, consignee_id as partner_id, recent90, previous90 from per_pair
      union all
      select consignee_id, shipper_id, recent90, previous90 from per_pair
    )
    select s.company_id, s.partner_id, sum(s.recent90) as recent90, sum(s.previous90) as previous90,
      bool_or(p.terminated_at is not null and p.terminated_at <= ${asOfEnd}::timestamptz) as partner_left
    from sides s join companies p on p.id = s.partner_id
    group by s.company_id, s.partner_id`.execute(db);
  return rows.map((r) => ({
    companyId: Number(r.company_id), recent90: Number(r.recent90), previous90: Number(r.previous90), partnerLeft: Boolean(r.partner_left),
  }));
}

export interface ContractRow {
  shipperId: number;
  startDate: string;
  endDate: string;
  autoRenew: boolean;
  claimResponseHours: number | null;
}

/**
 * The shippers' contracts (not archived). With knownBy (a backtest), only those known then: started by that day
 * or recorded (created_at) by its end — a renewal signed later must not lower an old risk.
 */
export async function contractsForChurn(db: Executor, knownBy?: string): Promise<ContractRow[]> {
  const rows = await db.selectFrom('contracts')
    .select(['shipper_id', 'start_date', 'end_date', 'auto_renew', 'claim_response_hours'])
    .where('archived_at', 'is', null)
    .$if(knownBy !== undefined, (q) => q.where((eb) => eb.or([
      eb('start_date', '<=', knownBy!), eb('created_at', '<=', new Date(`${knownBy}T23:59:59.999Z`)),
    ])))
    .execute();
  return rows.map((r) => ({
    shipperId: Number(r.shipper_id), startDate: String(r.start_date), endDate: String(r.end_date), autoRenew: r.auto_renew,
    claimResponseHours: r.claim_response_hours === null ? null : Number(r.claim_response_hours),
  }));
}

export interface PairShipmentsRow extends PairShipments {
  revenue: number;
}

/** Shipments and revenue of every (shipper, consignee) over the pair-weight window to asOf, from the rollups. */
export async function pairShipments12m(db: Executor, asOf: string): Promise<PairShipmentsRow[]> {
  const { from, to } = pairWeightWindow(asOf);
  const rows = await db.selectFrom('daily_service_rollups')
    .select((eb) => ['shipper_id', 'consignee_id', eb.fn.sum<string>('shipments').as('shipments'), eb.fn.sum<string>('revenue').as('revenue')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .whereRef('shipper_id', '<>', 'consignee_id')
    .groupBy(['shipper_id', 'consignee_id'])
    .having((eb) => eb.fn.sum('shipments'), '>', 0)
    .execute();
  return rows.map((r) => ({ shipperId: Number(r.shipper_id), consigneeId: Number(r.consignee_id), shipments: Number(r.shipments), revenue: Number(r.revenue) }));
}

export interface PairRow {
  id: number;
  shipperId: number;
  consigneeId: number;
}

/** Active customer pairs (all, or those touching the given companies). */
export async function activePairs(db: Executor, companyIds?: number[]): Promise<PairRow[]> {
  if (companyIds && companyIds.length === 0) return [];
  const rows = await db.selectFrom('customer_pairs')
    .select(['id', 'shipper_id', 'consignee_id'])
    .where('archived_at', 'is', null)
    .$if(companyIds !== undefined, (q) => q.where((eb) => eb.or([eb('shipper_id', 'in', companyIds!), eb('consignee_id', 'in', companyIds!)])))
    .execute();
  return rows.map((r) => ({ id: Number(r.id), shipperId: Number(r.shipper_id), consigneeId: Number(r.consignee_id) }));
}

/** Departures in the history: companies (not archived) with a termination date. */
export async function countDepartures(db: Executor): Promise<number> {
  const row = await db.selectFrom('companies').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('archived_at', 'is', null).where('terminated_at', 'is not', null).executeTakeFirstOrThrow();
  return Number(row.n);
}
