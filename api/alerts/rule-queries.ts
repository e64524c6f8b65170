import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { addDays } from '../domain/business-day';
import { statsWindows } from '../domain/trailing-windows';

/** Only these companies, when given (a survey answer evaluates its company alone). */
const onlyCompanies = (column: string, ids?: readonly number[]) =>
  ids === undefined ? sql`true` : ids.length === 0 ? sql`false` : sql`${sql.ref(column)} in (${sql.join([...ids])})`;

export interface TerminatedPartnerRow {
  pairId: number;
  /** the side that stays, and the partner that left */
  companyId: number;
  companyName: string;
  partnerId: number;
  partnerName: string;
  partnerRole: 'shipper' | 'consignee';
  terminatedAt: Date;
}

/** Pairs one of whose sides terminated in [since, now] while the other side is still a customer. */
export async function terminatedPartners(db: Executor, since: Date, now: Date, companyIds?: readonly number[]): Promise<TerminatedPartnerRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select p.id as pair_id, sides.company_id, c.name as company_name, sides.partner_id, o.name as partner_name,
      sides.partner_role, o.terminated_at
    from customer_pairs p
    cross join lateral (values (p.shipper_id, p.consignee_id, 'consignee'), (p.consignee_id, p.shipper_id, 'shipper'))
      as sides(company_id, partner_id, partner_role)
    join companies c on c.id = sides.company_id
    join companies o on o.id = sides.partner_id
    where p.shipper_id <> p.consignee_id
      and o.terminated_at >= ${since} and o.terminated_at <= ${now}
      and c.terminated_at is null and c.archived_at is null
      and ${onlyCompanies('sides.company_id', companyIds)}`.execute(db);
  return rows.map((r) => ({
    pairId: Number(r.pair_id), companyId: Number(r.company_id), companyName: String(r.company_name),
    partnerId: Number(r.partner_id), partnerName: String(r.partner_name), partnerRole: r.partner_role as 'shipper' | 'consignee',
    terminatedAt: r.terminated_at as Date,
  }));
}

export interface PairVolumeRow {
  shipperId: number;
  consigneeId: number;
  /** shipments promised in the last 30 days (to today) and in the 90 days before them */
  recent30: number;
  previous90: number;
  shipments12m: number;
  revenue12m: number;
}

/** Shipments and revenue per (shipper, consignee) over the windows the pair rules read, from the daily rollups. */
export async function pairVolumes(db: Executor, today: string, pairs?: readonly { shipperId: number; consigneeId: number }[]): Promise<PairVolumeRow[]> {
  if (pairs && pairs.length === 0) return [];
  const from30 = addDays(today, -29);
  const from120 = addDays(today, -119);
  const { from12m } = statsWindows(today);
  const pairFilter = pairs
    ? sql`and (r.shipper_id, r.consignee_id) in (${sql.join(pairs.map((p) => sql`(${p.shipperId}::bigint, ${p.consigneeId}::bigint)`))})`
    : sql``;
  const { rows } = await sql<Record<string, unknown>>`
    select r.shipper_id, r.consignee_id,
      coalesce(sum(r.shipments) filter (where r.day >= ${from30}::date), 0) as recent30,
      coalesce(sum(r.shipments) filter (where r.day >= ${from120}::date and r.day < ${from30}::date), 0) as previous90,
      coalesce(sum(r.shipments), 0) as shipments12m,
      coalesce(sum(r.revenue), 0) as revenue12m
    from daily_service_rollups r
    where r.day >= ${from12m}::date and r.day <= ${today}::date and r.shipper_id <> r.consignee_id ${pairFilter}
    group by r.shipper_id, r.consignee_id`.execute(db);
  return rows.map((r) => ({
    shipperId: Number(r.shipper_id), consigneeId: Number(r.consignee_id), recent30: Number(r.recent30),
    previous90: Number(r.previous90), shipments12m: Number(r.shipments12m), revenue12m: Number(r.revenue12m),
  }));
}

/** Active pairs (both sides customers, neither terminated nor archived) with their names and ids. */
export async function livePairs(db: Executor, companyIds?: readonly number[]) {
  const { rows } = await sql<Record<string, unknown>>`
    select p.id, p.shipper_id, p.consignee_id, s.name as shipper_name, c.name as consignee_name
    from customer_pairs p join companies s on s.id = p.shipper_id join companies c on c.id = p.consignee_id
    where p.archived_at is null and p.shipper_id <> p.consignee_id
      and s.terminated_at is null and c.terminated_at is null and s.archived_at is null and c.archived_at is null
      and (${onlyCompanies('p.shipper_id', companyIds)} or ${onlyCompanies('p.consignee_id', companyIds)})`.execute(db);
  return rows.map((r) => ({
    id: Number(r.id), shipperId: Number(r.shipper_id), consigneeId: Number(r.consignee_id),
    shipperName: String(r.shipper_name), consigneeName: String(r.consignee_name),
  }));
}

/** Survey answers with a recommend score, submitted since `since`, with their company and department names. */
export async function recentRecommendAnswers(db: Executor, since: Date, companyIds?: readonly number[]) {
  return db.selectFrom('survey_responses as s')
    .innerJoin('companies as c', 'c.id', 's.company_id')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .select(['s.id', 's.company_id', 's.department_id', 's.pair_id', 's.recommend', 's.comment', 's.submitted_at', 's.side',
      'c.name as company_name', 'd.name as department_name'])
    .where('s.recommend', 'is not', null)
    .where('s.submitted_at', '>=', since)
    .$if(companyIds !== undefined, (q) => q.where('s.company_id', 'in', companyIds!.length ? [...companyIds!] : [-1]))
    .execute();
}

/** Departments (with weights) and their survey answers since `since`, of companies that are customers. */
export async function satisfactionInputs(db: Executor, since: Date, companyIds?: readonly number[]) {
  const only = (q: any, col: string) => (companyIds === undefined ? q : q.where(col, 'in', companyIds.length ? [...companyIds] : [-1]));
  const [departments, answers] = await Promise.all([
    only(db.selectFrom('departments as d').innerJoin('companies as c', 'c.id', 'd.company_id')
      .select(['d.id', 'd.company_id', 'd.name', 'd.weight', 'c.name as company_name'])
      .where('c.archived_at', 'is', null).where('c.terminated_at', 'is', null), 'd.company_id')
      .execute() as Promise<{ id: number; company_id: number; name: string; weight: number | null; company_name: string }[]>,
    only(db.selectFrom('survey_responses')
      .select(['company_id', 'department_id', 'submitted_at', 'timeliness', 'accuracy', 'condition', 'billing',
        'proactiveness', 'communication', 'value_added', 'recommend'])
      .where('submitted_at', '>=', since), 'company_id')
      .execute() as Promise<{
        company_id: number; department_id: number; submitted_at: Date; timeliness: number | null; accuracy: number | null;
        condition: number | null; billing: number | null; proactiveness: number | null; communication: number | null;
        value_added: number | null; recommend: number | null;
      }[]>,
  ]);
  return { departments, answers };
}

/** Contracts (not archived) ending in [today, until], with the shipper's other contracts for the renewal check. */
export async function contractsEnding(db: Executor, today: string, until: string, companyIds?: readonly number[]) {
  const ending = await db.selectFrom('contracts as k').innerJoin('companies as c', 'c.id', 'k.shipper_id')
    .select(['k.id', 'k.shipper_id', 'k.code', 'k.start_date', 'k.end_date', 'k.auto_renew', 'k.monthly_fee', 'k.currency', 'c.name as shipper_name'])
    .where('k.archived_at', 'is', null).where('c.terminated_at', 'is', null).where('c.archived_at', 'is', null)
    .where('k.end_date', '>=', today).where('k.end_date', '<=', until)
    .$if(companyIds !== undefined, (q) => q.where('k.shipper_id', 'in', companyIds!.length ? [...companyIds!] : [-1]))
    .execute();
  const shippers = [...new Set(ending.map((k) => k.shipper_id))];
  const siblings = shippers.length === 0 ? [] : await db.selectFrom('contracts')
    .select(['id', 'shipper_id', 'start_date', 'end_date'])
    .where('archived_at', 'is', null).where('shipper_id', 'in', shippers)
    .execute();
  return { ending, siblings };
}

/** The total and direct risk of every company in the newest churn run and in the run before it. */
export async function lastTwoChurnRuns(db: Executor, companyIds?: readonly number[]) {
  const runs = await db.selectFrom('churn_runs').select(['id', 'computed_at']).orderBy('computed_at', 'desc').orderBy('id', 'desc').limit(2).execute();
  if (runs.length < 2) return null;
  const [latest, previous] = runs;
  const rows = await db.selectFrom('churn_scores as s')
    .innerJoin('companies as c', 'c.id', 's.company_id')
    .select(['s.run_id', 's.company_id', 's.total_risk', 's.direct_risk', 'c.name'])
    .where('s.run_id', 'in', [latest.id, previous.id])
    .$if(companyIds !== undefined, (q) => q.where('s.company_id', 'in', companyIds!.length ? [...companyIds!] : [-1]))
    .execute();
  return { latest, previous, rows };
}
