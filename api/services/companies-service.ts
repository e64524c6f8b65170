import type { Insertable, Updateable } from 'kysely';
import { applyPolicy, applyPolicyEach, viewOf } from '../auth/field-policy';
import type { DB, Executor } from '../../db/database';
import type { CompaniesTable } from '../../db/tables/accounts';
import type { Actor } from '../context';
import { assertCompanyVisible } from '../auth/scope';
import { badRequest, conflict, forbidden, notFound } from '../errors';
import { iso, isoRequired } from '../format';
import { pageMeta } from '../openapi';
import type { CompanyListInput, CreateCompanyInput, UpdateCompanyInput } from '../schemas/accounts';
import {
  companyRoleUsage, findCompanyByCode, findCompanyById, findStaffUser, insertCompany, updateCompany,
  type CompanyRow,
} from '../queries/companies';
import { listCompanies } from '../queries/company-list';
import { listCompanyPairs } from '../queries/pairs';
import { latestChurnRun } from '../churn/latest-run-queries';
import { assertAccountsWriter, assertCompanyWritable } from './account-access';
import { recordAudit } from './audit';
import { withPairStats } from './pairs-service';

export const toCompany = (c: CompanyRow) => ({
  id: c.id,
  code: c.code,
  name: c.name,
  roles: [...(c.is_shipper ? ['shipper' as const] : []), ...(c.is_consignee ? ['consignee' as const] : [])],
  industry: c.industry,
  region: c.region,
  address: c.address,
  accountManagerId: c.account_manager_id,
  accountManagerName: c.account_manager_name,
  estAnnualShipments: c.est_annual_shipments,
  serviceLines: c.service_lines,
  notes: c.notes,
  customerSince: c.customer_since,
  lifecycleStage: c.lifecycle_stage,
  archivedAt: iso(c.archived_at),
  createdAt: isoRequired(c.created_at),
  updatedAt: isoRequired(c.updated_at),
});

const codeTaken = (code: string) =>
  conflict(`A company with code ${code} already exists.`, [{ path: 'code', message: `Code ${code} is already in use.` }]);

async function assertAccountManager(db: Executor, actor: Actor, id: number | null | undefined) {
  if (id === undefined) return;
  if (actor.role === 'manager' && id !== actor.userId) throw forbidden('A manager can only make themselves the account manager.');
  if (id === null) return;
  const user = await findStaffUser(db, id);
  if (!user || user.disabled_at || (user.role !== 'manager' && user.role !== 'admin')) {
    throw badRequest('The account manager must be an active manager or admin user.', [{ path: 'accountManagerId', message: 'Not an active manager or admin user.' }]);
  }
}

function fieldsOf(input: UpdateCompanyInput): Updateable<CompaniesTable> {
  return {
    ...(input.code !== undefined && { code: input.code }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.roles !== undefined && { is_shipper: input.roles.includes('shipper'), is_consignee: input.roles.includes('consignee') }),
    ...(input.industry !== undefined && { industry: input.industry || null }),
    ...(input.region !== undefined && { region: input.region || null }),
    ...(input.address !== undefined && { address: input.address || null }),
    ...(input.accountManagerId !== undefined && { account_manager_id: input.accountManagerId }),
    ...(input.estAnnualShipments !== undefined && { est_annual_shipments: input.estAnnualShipments }),
    ...(input.serviceLines !== undefined && { service_lines: input.serviceLines }),
    ...(input.notes !== undefined && { notes: input.notes || null }),
    ...(input.customerSince !== undefined && { customer_since: input.customerSince }),
  };
}

/** A database unique violation on the code (a race with another writer) becomes the same 409. */
async function guardCode<T>(code: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (code && (err as { code?: string }).code === '23505') throw codeTaken(code);
    throw err;
  }
}

export async function createCompany(db: DB, actor: Actor, input: CreateCompanyInput) {
  assertAccountsWriter(actor);
  const accountManagerId = input.accountManagerId !== undefined ? input.accountManagerId : actor.role === 'manager' ? actor.userId : null;
  await assertAccountManager(db, actor, accountManagerId);
  if (await findCompanyByCode(db, input.code)) throw codeTaken(input.code);
  return guardCode(input.code, () => db.transaction().execute(async (trx) => {
    const row = await insertCompany(trx, {
      ...fieldsOf(input), code: input.code, name: input.name, account_manager_id: accountManagerId,
    } as Insertable<CompaniesTable>);
    const company = toCompany(row);
    await recordAudit(trx, actor, 'create', 'company', company.id, { after: company });
    return company;
  }));
}

export async function getCompany(db: DB, actor: Actor, id: number, today: string) {
  await assertCompanyVisible(db, actor, id);
  const row = await findCompanyById(db, id);
  if (!row) throw notFound('Company');
  const pairs = await withPairStats(db, actor, await listCompanyPairs(db, actor, id), today);
  return {
    ...applyPolicy('company', viewOf(actor, id), toCompany(row)),
    pairsAsShipper: pairs.filter((p) => p.shipper.id === id),
    pairsAsConsignee: pairs.filter((p) => p.consignee.id === id),
  };
}

/**
 * The companies list, with churn risk and 12-month revenue from the latest churn run for staff (a client never
 * sees churn risk: DESIGN.md §8), sortable by them server-side.
 */
export async function listCompaniesFor(db: DB, actor: Actor, q: CompanyListInput) {
  const run = actor.role === 'client' ? null : await latestChurnRun(db);
  const { rows, total } = await listCompanies(db, actor, {
    ...q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize, churnRunId: run?.id ?? null,
  });
  // churn and revenue are what the provider keeps about an account: another manager's counterpart shows neither
  const ownAccount = (r: { account_manager_id: number | null }) =>
    actor.role !== 'manager' || r.account_manager_id === null || r.account_manager_id === actor.userId;
  return {
    items: applyPolicyEach(actor, 'companyListItem', rows.map((r) => ({
      ...toCompany(r),
      churnRisk: run && r.churn_risk !== null && ownAccount(r) ? Number(r.churn_risk) : null,
      revenue12m: run && r.revenue_12m !== null && ownAccount(r) ? Number(r.revenue_12m) : null,
    })), (c) => c.id),
    meta: pageMeta(q.page, q.pageSize, total),
    // the churn run is the provider's: a client's list leaves it out (field policy)
    ...(actor.role === 'client' ? {} : { churnRun: run ? { id: run.id, computedAt: isoRequired(run.computedAt) } : null }),
  };
}

export async function changeCompany(db: DB, actor: Actor, id: number, input: UpdateCompanyInput) {
  await assertCompanyWritable(db, actor, id);
  const before = (await findCompanyById(db, id))!;
  await assertAccountManager(db, actor, input.accountManagerId);
  if (input.code !== undefined && input.code !== before.code && await findCompanyByCode(db, input.code)) throw codeTaken(input.code);
  if (input.roles) {
    const usage = await companyRoleUsage(db, id);
    if (!input.roles.includes('shipper') && (usage.pairsAsShipper > 0 || usage.contracts > 0)) {
      throw conflict(`The company still ships on ${usage.pairsAsShipper} pair(s) and ${usage.contracts} contract(s); archive those before removing the shipper role.`, [{ path: 'roles', message: 'Shipper role in use.' }]);
    }
    if (!input.roles.includes('consignee') && usage.pairsAsConsignee > 0) {
      throw conflict(`The company still receives on ${usage.pairsAsConsignee} pair(s); archive those before removing the consignee role.`, [{ path: 'roles', message: 'Consignee role in use.' }]);
    }
  }
  return guardCode(input.code, () => db.transaction().execute(async (trx) => {
    const after = toCompany(await updateCompany(trx, id, fieldsOf(input)));
    await recordAudit(trx, actor, 'update', 'company', id, { before: toCompany(before), after });
    return after;
  }));
}

export async function setCompanyArchived(db: DB, actor: Actor, id: number, archived: boolean) {
  await assertCompanyWritable(db, actor, id);
  const before = (await findCompanyById(db, id))!;
  if ((before.archived_at !== null) === archived) return toCompany(before);
  return db.transaction().execute(async (trx) => {
    const after = toCompany(await updateCompany(trx, id, { archived_at: archived ? new Date() : null }));
    await recordAudit(trx, actor, archived ? 'archive' : 'unarchive', 'company', id, { before: toCompany(before), after });
    return after;
  });
}
