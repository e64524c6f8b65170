import type { Insertable } from 'kysely';
import type { DB } from '../../db/database';
import type { Role } from '../../db/tables/foundation';
import type { CompaniesTable, ContractsTable, DepartmentsTable } from '../../db/tables/accounts';
import type { DeliveriesTable } from '../../db/tables/deliveries';
import { hashPassword, newSecret, sha256 } from '../../api/auth/secrets';
import { nameSortKey } from '../../api/domain/name-sort-key';
import { businessDay } from '../../api/domain/business-day';
import { refreshRollups } from '../../api/queries/rollups';
import { testConfig } from '../../api/config';

let sequence = 0;
const next = () => ++sequence;

export const TEST_PASSWORD = 'test-password-123';
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: number;
  email: string;
  role: Role;
  companyId: number | null;
  token: string;
  /** headers that authenticate as this user (Bearer token) */
  headers: Record<string, string>;
}

/** A user with an API token; password TEST_PASSWORD. */
export async function newUser(db: DB, role: Role, overrides: { companyId?: number; email?: string; name?: string } = {}): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const n = next();
  const email = overrides.email ?? `${role}${n}@test.local`;
  const user = await db.insertInto('users').values({
    email, name: overrides.name ?? `${role} ${n}`, role, company_id: overrides.companyId ?? null, password_hash: await passwordHash,
  }).returning('id').executeTakeFirstOrThrow();
  const token = `test_${newSecret()}`;
  await db.insertInto('api_tokens').values({ user_id: user.id, name: 'test', token_hash: sha256(token), token_prefix: token.slice(0, 10) }).execute();
  return { id: user.id, email, role, companyId: overrides.companyId ?? null, token, headers: { authorization: `Bearer ${token}` } };
}

export async function newCompany(db: DB, overrides: Partial<Insertable<CompaniesTable>> = {}) {
  const n = next();
  const name = overrides.name ?? `Company ${n}`;
  return db.insertInto('companies').values({
    code: `C${String(n).padStart(5, '0')}`, name, name_sort_key: nameSortKey(name), is_shipper: true, is_consignee: false, ...overrides,
  }).returningAll().executeTakeFirstOrThrow();
}

export const newShipper = (db: DB, overrides: Partial<Insertable<CompaniesTable>> = {}) =>
  newCompany(db, { is_shipper: true, is_consignee: false, ...overrides });

export const newConsignee = (db: DB, overrides: Partial<Insertable<CompaniesTable>> = {}) =>
  newCompany(db, { is_shipper: false, is_consignee: true, ...overrides });

export async function newPair(db: DB, shipperId: number, consigneeId: number) {
  return db.insertInto('customer_pairs').values({ shipper_id: shipperId, consignee_id: consigneeId, source: 'manual' })
    .onConflict((oc) => oc.columns(['shipper_id', 'consignee_id']).doUpdateSet({ updated_at: new Date() }))
    .returningAll().executeTakeFirstOrThrow();
}

export async function newDepartment(db: DB, companyId: number, overrides: Partial<Insertable<DepartmentsTable>> = {}) {
  const n = next();
  return db.insertInto('departments').values({ company_id: companyId, kind: 'logistics', name: `Dept ${n}`, ...overrides })
    .returningAll().executeTakeFirstOrThrow();
}

export async function newContract(db: DB, shipperId: number, overrides: Partial<Insertable<ContractsTable>> = {}) {
  const n = next();
  return db.insertInto('contracts').values({
    shipper_id: shipperId, code: `K${n}`, start_date: '2026-01-01', end_date: '2026-12-31', monthly_fee: 10000,
    on_time_target: 0.95, in_full_target: 0.98, otif_target: 0.93, max_damage_rate: 0.01,
    credit_tiers: JSON.stringify([{ shortfall: 0, percent: 0.02 }, { shortfall: 0.05, percent: 0.05 }]), credit_cap_percent: 0.1,
    ...overrides,
  }).returningAll().executeTakeFirstOrThrow();
}

/** A delivered, on-time, in-full delivery unless overridden; creates the pair when needed. */
/**
 * A delivery, written as the product writes deliveries: in one transaction with the rollups of its
 * (shipper, business day) key recomputed (CONTRIBUTING "Rollups"), so no test refreshes them by hand.
 */
export async function newDelivery(db: DB, shipperId: number, consigneeId: number, overrides: Partial<Insertable<DeliveriesTable>> = {}) {
  const pair = await newPair(db, shipperId, consigneeId);
  const n = next();
  const promised = new Date('2026-03-10T10:00:00Z');
  const timeZone = testConfig().businessTimeZone;
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('deliveries').values({
      shipper_id: shipperId, consignee_id: consigneeId, pair_id: pair.id, tracking_no: `T${n}`,
      promised_at: promised, picked_up_at: new Date(promised.getTime() - 24 * 3600_000), delivered_at: promised,
      status: 'delivered', pieces_expected: 1, pieces_delivered: 1, damaged_pieces: 0, revenue: 100, cost: 60,
      ...overrides,
    }).returningAll().executeTakeFirstOrThrow();
    await refreshRollups(trx, [{ shipperId, day: businessDay(row.promised_at, timeZone) }], timeZone);
    return row;
  });
}

/** One daily service rollup row (shipments and revenue of a pair on a day); other counters default to 0. */
export async function newRollup(db: DB, shipperId: number, consigneeId: number, day: string, values: { shipments: number; revenue: number }) {
  return db.insertInto('daily_service_rollups').values({
    shipper_id: shipperId, consignee_id: consigneeId, day, shipments: values.shipments, revenue: values.revenue, cost: 0,
  }).returningAll().executeTakeFirstOrThrow();
}

/** A contact of a company, optionally in a department. */
export async function newContact(db: DB, companyId: number, overrides: { department_id?: number | null; name?: string; email?: string | null } = {}) {
  const n = next();
  return db.insertInto('contacts').values({ company_id: companyId, name: `Contact ${n}`, ...overrides })
    .returningAll().executeTakeFirstOrThrow();
}
