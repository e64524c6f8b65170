import { sql, type Expression, type ExpressionBuilder, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { Database, Executor } from '../../db/database';
import type { ClaimKind, ClaimsTable, ClaimStatus } from '../../db/tables/claims';
import type { Actor } from '../context';
import { reachCompanyIds } from '../auth/scope';

const claimSelect = (db: Executor) => db.selectFrom('claims as c')
  .innerJoin('companies as s', 's.id', 'c.shipper_id')
  .innerJoin('companies as f', 'f.id', 'c.filed_company_id')
  .leftJoin('contracts as k', 'k.id', 'c.contract_id')
  .selectAll('c')
  .select(['s.name as shipper_name', 's.account_manager_id as shipper_manager_id', 'f.name as filed_company_name', 'k.code as contract_code']);

export type ClaimRow = NonNullable<Awaited<ReturnType<typeof findClaim>>>;

/**
 * Which claims a caller sees: admin and operations all; a client those its company filed; a manager those of
 * their reach — the shipper's side or a delivery's consignee side is a company they manage (DESIGN.md §8).
 */
export function claimVisible(db: Executor, actor: Actor) {
  return (eb: ExpressionBuilder<Database & { c: ClaimsTable }, 'c'>): Expression<SqlBool> => {
    if (actor.role === 'client') return eb('c.filed_company_id', '=', actor.companyId ?? -1);
    const reach = reachCompanyIds(db, actor);
    if (!reach) return sql<SqlBool>`true`;
    return eb.or([
      eb('c.shipper_id', 'in', reach as any),
      eb.exists(db.selectFrom('claim_deliveries as cd').select('cd.claim_id')
        .whereRef('cd.claim_id', '=', 'c.id' as any).where('cd.consignee_id', 'in', reach as any)),
    ]);
  };
}

export const findClaim = (db: Executor, id: number) => claimSelect(db).where('c.id', '=', id).executeTakeFirst();

export const findVisibleClaim = (db: Executor, actor: Actor, id: number) =>
  claimSelect(db).where('c.id', '=', id).where(claimVisible(db, actor) as any).executeTakeFirst();

export interface ClaimFilter { status?: ClaimStatus; kind?: ClaimKind; companyId?: number }

function filtered(db: Executor, actor: Actor, f: ClaimFilter) {
  return claimSelect(db)
    .where(claimVisible(db, actor) as any)
    .$if(f.status !== undefined, (q) => q.where('c.status', '=', f.status!))
    .$if(f.kind !== undefined, (q) => q.where('c.kind', '=', f.kind!))
    .$if(f.companyId !== undefined, (q) => q.where((eb) => eb.or([
      eb('c.shipper_id', '=', f.companyId!), eb('c.filed_company_id', '=', f.companyId!),
      eb.exists(db.selectFrom('claim_deliveries as cd2').select('cd2.claim_id')
        .whereRef('cd2.claim_id', '=', 'c.id' as any).where('cd2.consignee_id', '=', f.companyId!)),
    ])));
}

export async function listClaims(db: Executor, actor: Actor, f: ClaimFilter, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    filtered(db, actor, f).orderBy('c.filed_at', 'desc').orderBy('c.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom(filtered(db, actor, f).as('x')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function deliveriesOfClaims(db: Executor, claimIds: number[]) {
  if (claimIds.length === 0) return [];
  return db.selectFrom('claim_deliveries as cd')
    .innerJoin('companies as k', 'k.id', 'cd.consignee_id')
    .select(['cd.claim_id', 'cd.delivery_id', 'cd.tracking_no', 'cd.consignee_id', 'k.name as consignee_name'])
    .where('cd.claim_id', 'in', claimIds).orderBy('cd.claim_id').orderBy('cd.tracking_no').execute();
}

/**
 * The deliveries with these tracking numbers that the caller may file a claim on: a client on its own as
 * shipper or as consignee, a manager those of their reach, admin and operations any.
 */
export function claimableDeliveries(db: Executor, actor: Actor, trackingNos: string[], shipperId?: number) {
  const reach = reachCompanyIds(db, actor);
  return db.selectFrom('deliveries as d')
    .select(['d.id', 'd.shipper_id', 'd.consignee_id', 'd.tracking_no', 'd.contract_id', 'd.revenue', 'd.promised_at'])
    .where('d.tracking_no', 'in', trackingNos)
    .$if(shipperId !== undefined, (q) => q.where('d.shipper_id', '=', shipperId!))
    .$if(reach !== null, (q) => q.where((eb) => eb.or([eb('d.shipper_id', 'in', reach as any), eb('d.consignee_id', 'in', reach as any)])))
    .execute();
}

export const insertClaim = async (db: Executor, values: Insertable<ClaimsTable>) =>
  Number((await db.insertInto('claims').values(values).returning('id').executeTakeFirstOrThrow()).id);

export const insertClaimDeliveries = (db: Executor, rows: Insertable<Database['claim_deliveries']>[]) =>
  db.insertInto('claim_deliveries').values(rows).execute();

export const updateClaim = (db: Executor, id: number, patch: Updateable<ClaimsTable>) =>
  db.updateTable('claims').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();

export const insertHistory = (db: Executor, values: Insertable<Database['claim_history']>) =>
  db.insertInto('claim_history').values(values).execute();

export const historyOf = (db: Executor, claimId: number) => db.selectFrom('claim_history as h')
  .leftJoin('users as u', 'u.id', 'h.actor_id')
  .select(['h.from_status', 'h.to_status', 'h.at', 'h.note', 'u.name as actor_name'])
  .where('h.claim_id', '=', claimId).orderBy('h.at').orderBy('h.id').execute();

export const attachmentsOf = (db: Executor, claimId: number) => db.selectFrom('claim_attachments')
  .selectAll().where('claim_id', '=', claimId).orderBy('id').execute();

export const findAttachment = (db: Executor, claimId: number, id: number) => db.selectFrom('claim_attachments')
  .selectAll().where('claim_id', '=', claimId).where('id', '=', id).executeTakeFirst();

export const insertAttachment = async (db: Executor, values: Insertable<Database['claim_attachments']>) =>
  Number((await db.insertInto('claim_attachments').values(values).returning('id').executeTakeFirstOrThrow()).id);

export const contractTarget = (db: Executor, contractId: number) =>
  db.selectFrom('contracts').select(['id', 'claim_response_hours']).where('id', '=', contractId).executeTakeFirst();

/** The first active admin (owner of a claim's task when its shipper has no account manager). */
export const firstAdmin = (db: Executor) => db.selectFrom('users').select('id')
  .where('role', '=', 'admin').where('disabled_at', 'is', null).orderBy('id').limit(1).executeTakeFirst();

/** The claims of a contract filed on business days [from, to], with the business month they were filed in. */
export function contractClaims(db: Executor, contractId: number, from: string, to: string, timeZone: string, consigneeId?: number) {
  const day = sql`(c.filed_at at time zone ${timeZone})::date`;
  return db.selectFrom('claims as c')
    .select(['c.filed_at', 'c.acknowledged_at', 'c.response_target_hours', sql<string>`to_char(${day}, 'YYYY-MM')`.as('month')])
    .where('c.contract_id', '=', contractId)
    .where(day, '>=', sql`cast(${from} as date)`)
    .where(day, '<=', sql`cast(${to} as date)`)
    .$if(consigneeId !== undefined, (q) => q.where((eb) => eb.exists(db.selectFrom('claim_deliveries as cd').select('cd.claim_id')
      .whereRef('cd.claim_id', '=', 'c.id' as any).where('cd.consignee_id', '=', consigneeId!))))
    .execute();
}

/** The claims of a contract paid on business days [from, to] (a monthly statement's claims settled). */
export function contractClaimsPaid(db: Executor, contractId: number, from: string, to: string, timeZone: string, consigneeId?: number) {
  const day = sql`(c.paid_at at time zone ${timeZone})::date`;
  return db.selectFrom('claims as c')
    .select(['c.id', 'c.kind', 'c.amount_settled', 'c.currency', 'c.paid_at'])
    .where('c.contract_id', '=', contractId)
    .where('c.status', '=', 'paid')
    .where(day, '>=', sql`cast(${from} as date)`)
    .where(day, '<=', sql`cast(${to} as date)`)
    .$if(consigneeId !== undefined, (q) => q.where((eb) => eb.exists(db.selectFrom('claim_deliveries as cd').select('cd.claim_id')
      .whereRef('cd.claim_id', '=', 'c.id' as any).where('cd.consignee_id', '=', consigneeId!))))
    .orderBy('c.paid_at').orderBy('c.id')
    .execute();
}
