import type { Executor } from '../../db/database';
import type { DeliveryInput, RowError } from '../domain/delivery-row';
import { defaultContract, type ContractOption } from '../domain/contract-choice';
import type { ContractWindow } from '../domain/rollup-deltas';
import { businessDayOfEpoch } from '../domain/business-time';
import {
  ensureConsignees, ensurePairs, lockCompaniesByCode, lockPairs, lockShipperContracts, type ImportAudit,
} from '../queries/delivery-import';

/** A delivery row with every reference resolved to an id, ready to write. */
export interface ResolvedDelivery {
  row: DeliveryInput;
  shipperId: number;
  consigneeId: number;
  pairId: number;
  contractId: number | null;
  /** business day of promised_at: the rollup key's day */
  day: string;
}

export interface ResolvedBatch {
  deliveries: ResolvedDelivery[];
  errors: RowError[];
  /** grace and early tolerance of the contracts of the batch's shippers */
  windows: Map<number, ContractWindow>;
}

const pairKey = (shipperId: number, consigneeId: number) => `${shipperId}:${consigneeId}`;

/**
 * Resolves a batch's codes inside its transaction, locking what it refers to: rows of an unknown shipper or
 * an unknown contract code are rejected; unknown consignees are created (named from the file's last row for
 * them) and the pairs created or revived; a row without a contract code gets the shipper's contract in
 * force on its promised day (defaultContract).
 */
export async function resolveBatch(trx: Executor, rows: readonly DeliveryInput[], timeZone: string, audit: ImportAudit): Promise<ResolvedBatch> {
  const errors: RowError[] = [];
  const codes = new Set<string>();
  for (const r of rows) { codes.add(r.shipperCode); codes.add(r.consigneeCode); }
  const companies = new Map((await lockCompaniesByCode(trx, [...codes])).map((c) => [c.code, c]));

  const known: { row: DeliveryInput; shipperId: number }[] = [];
  for (const row of rows) {
    const shipper = companies.get(row.shipperCode);
    if (shipper?.is_shipper) known.push({ row, shipperId: shipper.id });
    else {
      errors.push({
        line: row.line, column: 'shipper_code', value: row.shipperCode,
        message: `Unknown shipper "${row.shipperCode}": no company with this code is marked as a shipper. Create the shipper first or correct the code.`,
      });
    }
  }

  const contractsOf = new Map<number, ContractOption[]>();
  const windows = new Map<number, ContractWindow>();
  for (const k of await lockShipperContracts(trx, [...new Set(known.map((k) => k.shipperId))])) {
    windows.set(k.id, { graceMinutes: k.grace_minutes, earlyToleranceMinutes: k.early_tolerance_minutes, excusedCauses: k.excused_causes });
    const list = contractsOf.get(k.shipper_id) ?? [];
    list.push({ id: k.id, code: k.code, startDate: k.start_date, endDate: k.end_date, archived: k.archived, consigneeIds: k.consignee_ids });
    contractsOf.set(k.shipper_id, list);
  }
  const accepted: { row: DeliveryInput; shipperId: number; contractId: number | null | undefined }[] = [];
  for (const { row, shipperId } of known) {
    if (row.contractCode === null) { accepted.push({ row, shipperId, contractId: undefined }); continue; }
    const contract = contractsOf.get(shipperId)?.find((c) => c.code === row.contractCode);
    if (contract) accepted.push({ row, shipperId, contractId: contract.id });
    else {
      errors.push({
        line: row.line, column: 'contract_code', value: row.contractCode,
        message: `Unknown contract "${row.contractCode}" for shipper "${row.shipperCode}"; leave contract_code empty to use the contract in force at promised_at.`,
      });
    }
  }

  const newConsignees = new Map<string, { name: string; line: number }>();
  for (const { row } of accepted) {
    if (companies.get(row.consigneeCode)?.is_consignee) continue;
    const seen = newConsignees.get(row.consigneeCode);
    if (!seen || row.line > seen.line) newConsignees.set(row.consigneeCode, { name: row.consigneeName ?? row.consigneeCode, line: row.line });
  }
  if (newConsignees.size) {
    await ensureConsignees(trx, [...newConsignees].map(([code, v]) => ({ code, name: v.name })), audit);
    // read back (and lock) all of them: one another import created meanwhile is not among those this one wrote
    for (const c of await lockCompaniesByCode(trx, [...newConsignees.keys()])) companies.set(c.code, c);
  }

  const wantedPairs = new Map<string, { shipperId: number; consigneeId: number }>();
  for (const { row, shipperId } of accepted) {
    const consigneeId = companies.get(row.consigneeCode)!.id;
    wantedPairs.set(pairKey(shipperId, consigneeId), { shipperId, consigneeId });
  }
  const pairs = new Map((await lockPairs(trx, [...wantedPairs.values()])).map((p) => [pairKey(p.shipper_id, p.consignee_id), p]));
  const missing = [...wantedPairs].filter(([key]) => !pairs.get(key) || pairs.get(key)!.archived).map(([, p]) => p);
  if (missing.length) {
    await ensurePairs(trx, missing, audit);
    for (const p of await lockPairs(trx, missing)) pairs.set(pairKey(p.shipper_id, p.consignee_id), p);
  }

  const deliveries: ResolvedDelivery[] = accepted.map(({ row, shipperId, contractId }) => {
    const consigneeId = companies.get(row.consigneeCode)!.id;
    const day = businessDayOfEpoch(row.promisedAt, timeZone);
    return {
      row, shipperId, consigneeId, day,
      pairId: pairs.get(pairKey(shipperId, consigneeId))!.id,
      contractId: contractId === undefined ? defaultContract(contractsOf.get(shipperId) ?? [], consigneeId, day) : contractId,
    };
  });
  return { deliveries, errors, windows };
}
