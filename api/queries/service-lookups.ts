import type { Executor } from '../../db/database';
import type { visibleCompanyIds } from '../auth/scope';

/** A contract with the terms compliance needs. */
export const findContract = (db: Executor, id: number) =>
  db.selectFrom('contracts')
    .select([
      'id', 'shipper_id', 'code', 'name', 'start_date', 'end_date', 'monthly_fee', 'currency',
      'on_time_target', 'in_full_target', 'otif_target', 'max_damage_rate', 'max_avg_transit_hours',
      'credit_tiers', 'credit_cap_percent', 'settling_days', 'min_due_count', 'archived_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();

export type ContractTermsRow = NonNullable<Awaited<ReturnType<typeof findContract>>>;

/** Contracts of visible shippers (not archived) in force on some day of [from, to]. */
export const listContractsInForce = (db: Executor, visible: ReturnType<typeof visibleCompanyIds>, from: string, to: string) =>
  db.selectFrom('contracts')
    .select([
      'id', 'shipper_id', 'code', 'name', 'start_date', 'end_date', 'monthly_fee', 'currency',
      'on_time_target', 'in_full_target', 'otif_target', 'max_damage_rate', 'max_avg_transit_hours',
      'credit_tiers', 'credit_cap_percent', 'settling_days', 'min_due_count', 'archived_at',
    ])
    .where('archived_at', 'is', null)
    .where('start_date', '<=', to)
    .where('end_date', '>=', from)
    .$if(visible !== null, (q) => q.where('shipper_id', 'in', visible!))
    .execute();

export const findPair = (db: Executor, id: number) =>
  db.selectFrom('customer_pairs').select(['id', 'shipper_id', 'consignee_id']).where('id', '=', id).executeTakeFirst();

/** A pair links these two companies. */
export const pairExists = async (db: Executor, a: number, b: number) =>
  !!(await db.selectFrom('customer_pairs').select('id')
    .where((eb) => eb.or([
      eb.and([eb('shipper_id', '=', a), eb('consignee_id', '=', b)]),
      eb.and([eb('shipper_id', '=', b), eb('consignee_id', '=', a)]),
    ]))
    .executeTakeFirst());

export async function companyNames(db: Executor, ids: readonly number[]): Promise<Map<number, { code: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('companies').select(['id', 'code', 'name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}

export async function contractCodes(db: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('contracts').select(['id', 'code']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}
