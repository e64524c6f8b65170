import { sql, type Updateable } from 'kysely';
import type { ExceptionCause } from '../domain/exception-causes';
import { applyPolicy, applyPolicyEach, viewOf } from '../auth/field-policy';
import type { DB, Executor } from '../../db/database';
import type { ContractsTable, CreditTier } from '../../db/tables/accounts';
import type { Actor } from '../context';
import { assertCompanyVisible } from '../auth/scope';
import { badRequest, conflict, notFound, validationFailed } from '../errors';
import { iso, isoRequired } from '../format';
import { pageMeta } from '../openapi';
import { addDays, daysBetween } from '../domain/business-day';
import { contractTermProblems, scopesIntersect } from '../domain/contract-rules';
import type { ContractListInput, CreateContractInput, UpdateContractInput } from '../schemas/accounts-contracts';
import {
  contractConsignees, contractIsVisible, contractUsage, deleteContract, findContractByCode, findContractById, insertContract,
  listContracts, overlappingContracts, pairedConsignees, replaceContractConsignees, updateContract, type ContractRow,
} from '../queries/contracts';
import { assertCompanyWritable, mayWriteCompany } from './account-access';
import { recordAudit } from './audit';
import { complianceSummaries } from './compliance-summary';
import { refreshContractRollups } from '../queries/rollups';

const toContract = (c: ContractRow, consigneeIds: number[], today: string) => ({
  id: c.id,
  shipperId: c.shipper_id,
  shipperCode: c.shipper_code,
  shipperName: c.shipper_name,
  code: c.code,
  name: c.name,
  startDate: c.start_date,
  endDate: c.end_date,
  autoRenew: c.auto_renew,
  monthlyFee: Number(c.monthly_fee),
  currency: c.currency,
  onTimeTarget: c.on_time_target,
  inFullTarget: c.in_full_target,
  otifTarget: c.otif_target,
  maxDamageRate: c.max_damage_rate,
  maxAvgTransitHours: c.max_avg_transit_hours,
  graceMinutes: c.grace_minutes,
  earlyToleranceMinutes: c.early_tolerance_minutes,
  onTimeMode: c.early_tolerance_minutes === null ? 'grace' as const : 'window' as const,
  claimResponseHours: c.claim_response_hours,
  creditTiers: c.credit_tiers,
  creditCapPercent: c.credit_cap_percent,
  settlingDays: c.settling_days,
  minDueCount: c.min_due_count,
  excusedCauses: c.excused_causes as ExceptionCause[],
  consigneeIds,
  daysToEnd: daysBetween(today, c.end_date),
  archivedAt: iso(c.archived_at),
  createdAt: isoRequired(c.created_at),
  updatedAt: isoRequired(c.updated_at),
});

async function loadContract(db: Executor, id: number, today: string) {
  const row = (await findContractById(db, id))!;
  const scope = await contractConsignees(db, [id]);
  return toContract(row, scope.get(id) ?? [], today);
}

const codeTaken = (code: string) =>
  conflict(`The shipper already has a contract with code ${code}.`, [{ path: 'code', message: `Code ${code} is already in use for this shipper.` }]);

interface Terms { startDate: string; endDate: string; creditTiers: CreditTier[]; consigneeIds: number[] }

/** Cross-field rules, the consignee scope, and no other live contract for the same consignees in the period. */
async function assertTermsAcceptable(db: Executor, shipperId: number, terms: Terms, exceptId: number | null) {
  const problems = contractTermProblems(terms);
  if (problems.length > 0) throw validationFailed(`Invalid contract: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  if (terms.consigneeIds.length > 0) {
    const paired = new Set(await pairedConsignees(db, shipperId, terms.consigneeIds));
    const unpaired = terms.consigneeIds.map((id, i) => ({ id, i })).filter(({ id }) => !paired.has(id));
    if (unpaired.length > 0) {
      throw badRequest(`Consignee(s) ${unpaired.map((u) => u.id).join(', ')} are not paired with this shipper.`,
        unpaired.map((u) => ({ path: `consigneeIds.${u.i}`, message: `Company ${u.id} is not a paired consignee of the shipper.` })));
    }
  }
  const others = await overlappingContracts(db, shipperId, terms.startDate, terms.endDate, exceptId);
  if (others.length === 0) return;
  const scopes = await contractConsignees(db, others.map((o) => o.id));
  const clash = others.find((o) => scopesIntersect(terms.consigneeIds, scopes.get(o.id) ?? []));
  if (clash) {
    const scope = (scopes.get(clash.id) ?? []).length === 0 ? 'all consignees' : 'some of the same consignees';
    throw conflict(
      `Contract ${clash.code} (${clash.start_date} to ${clash.end_date}) already covers ${scope} of this shipper in that period.`,
      [{ path: 'startDate', message: `Overlaps contract ${clash.code}.`, contractId: clash.id, contractCode: clash.code }],
    );
  }
}

function columnsOf(input: UpdateContractInput): Updateable<ContractsTable> {
  const map: [keyof UpdateContractInput, keyof ContractsTable][] = [
    ['code', 'code'], ['name', 'name'], ['startDate', 'start_date'], ['endDate', 'end_date'], ['autoRenew', 'auto_renew'],
    ['monthlyFee', 'monthly_fee'], ['currency', 'currency'], ['onTimeTarget', 'on_time_target'], ['inFullTarget', 'in_full_target'],
    ['otifTarget', 'otif_target'], ['maxDamageRate', 'max_damage_rate'], ['maxAvgTransitHours', 'max_avg_transit_hours'],
    ['graceMinutes', 'grace_minutes'], ['earlyToleranceMinutes', 'early_tolerance_minutes'],
    ['claimResponseHours', 'claim_response_hours'], ['creditCapPercent', 'credit_cap_percent'],
    ['settlingDays', 'settling_days'], ['minDueCount', 'min_due_count'],
  ];
  const patch: Record<string, unknown> = {};
  for (const [field, column] of map) if (input[field] !== undefined) patch[column] = input[field];
  if (input.creditTiers !== undefined) patch.credit_tiers = JSON.stringify(input.creditTiers);
  if (input.name !== undefined) patch.name = input.name || null;
  if (input.excusedCauses !== undefined) patch.excused_causes = sql`${[...input.excusedCauses]}::text[]`;
  return patch as Updateable<ContractsTable>;
}

export async function createContract(db: DB, actor: Actor, input: CreateContractInput, today: string) {
  const shipper = await db.selectFrom('companies').select(['id', 'is_shipper']).where('id', '=', input.shipperId).executeTakeFirst();
  if (!shipper) throw badRequest('No such shipper.', [{ path: 'shipperId', message: 'Unknown company.' }]);
  await assertCompanyWritable(db, actor, input.shipperId, 'Shipper');
  if (!shipper.is_shipper) throw badRequest('Contracts belong to shippers.', [{ path: 'shipperId', message: 'The company does not have the shipper role.' }]);
  const consigneeIds = input.consigneeIds ?? [];
  await assertTermsAcceptable(db, input.shipperId, { startDate: input.startDate, endDate: input.endDate, creditTiers: input.creditTiers ?? [], consigneeIds }, null);
  if (await findContractByCode(db, input.shipperId, input.code)) throw codeTaken(input.code);
  return db.transaction().execute(async (trx) => {
    const id = await insertContract(trx, {
      ...columnsOf(input), shipper_id: input.shipperId, credit_tiers: JSON.stringify(input.creditTiers ?? []),
    } as never, consigneeIds);
    const contract = await loadContract(trx, id, today);
    await recordAudit(trx, actor, 'create', 'contract', id, { after: contract });
    return { ...contract, canWrite: true };
  });
}

async function findVisible(db: Executor, actor: Actor, id: number) {
  if (!(await contractIsVisible(db, actor, id))) throw notFound('Contract');
  return (await findContractById(db, id))!;
}

export async function getContract(db: DB, actor: Actor, id: number, today: string) {
  const row = await findVisible(db, actor, id);
  const contract = { ...await loadContract(db, id, today), canWrite: mayWriteCompany(actor, row.shipper_manager_id) };
  return applyPolicy('contract', viewOf(actor, contract.shipperId), contract);
}

export async function listContractsFor(db: DB, actor: Actor, q: ContractListInput, today: string) {
  if (q.shipperId !== undefined && actor.role !== 'client') await assertCompanyVisible(db, actor, q.shipperId, 'Shipper');
  const { rows, total } = await listContracts(db, actor, {
    shipperId: q.shipperId, consigneeId: q.consigneeId, q: q.q, activeOn: q.activeOn,
    endingBetween: q.endingWithinDays !== undefined ? { from: today, to: addDays(today, q.endingWithinDays) } : undefined,
    autoRenew: q.autoRenew === undefined ? undefined : q.autoRenew === 'true',
    archived: q.endingWithinDays !== undefined && q.archived === 'all' ? 'false' : q.archived,
    limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  const scopes = await contractConsignees(db, rows.map((r) => r.id));
  // credits are the shipper's business: a consignee client sees the targets that cover it, not the credits
  const withCompliance = rows.filter((r) => actor.role !== 'client' || r.shipper_id === actor.companyId);
  const summaries = await complianceSummaries(db, withCompliance, today);
  return {
    items: applyPolicyEach(actor, 'contract', rows.map((r) => ({
      ...toContract(r, scopes.get(r.id) ?? [], today), canWrite: mayWriteCompany(actor, r.shipper_manager_id),
      compliance: summaries.get(r.id) ?? null,
    })), (c) => c.shipperId),
    meta: pageMeta(q.page, q.pageSize, total),
  };
}

/**
 * Updates a contract. When its on-time rule changes (grace or early window), the rollups of its
 * deliveries are recomputed in the same transaction, so KPIs never mix the old and the new rule.
 */
export async function changeContract(db: DB, actor: Actor, id: number, input: UpdateContractInput, today: string, timeZone: string) {
  const row = await findVisible(db, actor, id);
  await assertCompanyWritable(db, actor, row.shipper_id, 'Contract');
  const before = await loadContract(db, id, today);
  const consigneeIds = input.consigneeIds ?? before.consigneeIds;
  const terms = {
    startDate: input.startDate ?? before.startDate, endDate: input.endDate ?? before.endDate,
    creditTiers: input.creditTiers ?? before.creditTiers, consigneeIds,
  };
  if (row.archived_at === null) await assertTermsAcceptable(db, row.shipper_id, terms, id);
  else {
    const problems = contractTermProblems(terms);
    if (problems.length > 0) throw validationFailed(`Invalid contract: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  if (input.code !== undefined && input.code !== row.code && await findContractByCode(db, row.shipper_id, input.code)) throw codeTaken(input.code);
  return db.transaction().execute(async (trx) => {
    await updateContract(trx, id, columnsOf(input));
    if (input.consigneeIds !== undefined) await replaceContractConsignees(trx, id, consigneeIds);
    if (input.graceMinutes !== undefined || input.earlyToleranceMinutes !== undefined || input.excusedCauses !== undefined) {
      await refreshContractRollups(trx, id, timeZone);
    }
    const after = await loadContract(trx, id, today);
    await recordAudit(trx, actor, 'update', 'contract', id, { before, after });
    return { ...after, canWrite: true };
  });
}

export async function setContractArchived(db: DB, actor: Actor, id: number, archived: boolean, today: string) {
  const row = await findVisible(db, actor, id);
  await assertCompanyWritable(db, actor, row.shipper_id, 'Contract');
  const before = await loadContract(db, id, today);
  if ((row.archived_at !== null) === archived) return { ...before, canWrite: true };
  if (!archived) await assertTermsAcceptable(db, row.shipper_id, before, id);
  return db.transaction().execute(async (trx) => {
    await updateContract(trx, id, { archived_at: archived ? new Date() : null });
    const after = await loadContract(trx, id, today);
    await recordAudit(trx, actor, archived ? 'archive' : 'unarchive', 'contract', id, { before, after });
    return { ...after, canWrite: true };
  });
}

export async function removeContract(db: DB, actor: Actor, id: number, today: string) {
  const row = await findVisible(db, actor, id);
  await assertCompanyWritable(db, actor, row.shipper_id, 'Contract');
  const before = await loadContract(db, id, today);
  await db.transaction().execute(async (trx) => {
    // the row lock waits for any import batch holding the contract (key share) and keeps new ones out
    if ((await contractUsage(trx, id, { lock: true })).hasDeliveries) {
      throw conflict(`Contract ${row.code} has deliveries; archive it instead of deleting it.`);
    }
    await deleteContract(trx, id);
    await recordAudit(trx, actor, 'delete', 'contract', id, { before });
  });
}
