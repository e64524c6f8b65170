import type { Executor } from '../../db/database';
import { monthsBetween, type MonthSpan } from '../domain/periods';
import type { ServiceKpis } from '../domain/service-kpis';
import { sumRollups, type RollupTotals } from '../queries/service-kpis';
import { companyNames, listContractsInForce, type ContractTermsRow } from '../queries/service-lookups';
import { judgeMonth, termsOf } from '../services/compliance-service';

export interface ContractMonth {
  contract: Omit<ContractTermsRow, 'archived_at'> & { archived_at: Date | null };
  shipperName: string;
  span: MonthSpan;
  kpis: ServiceKpis;
  /** the month as compliance judges it on `today`: state (closed, settling, running), verdict, breaches, credit */
  compliance: ReturnType<typeof judgeMonth>;
}

/**
 * Every contract in force in [from, to] (of the given shippers, or all) with each of its months' KPIs and
 * compliance, read from the rollups in one statement — what both breach rules judge.
 */
export async function contractMonths(db: Executor, from: string, to: string, today: string, shipperIds?: readonly number[]): Promise<ContractMonth[]> {
  let contracts = await listContractsInForce(db, null, from, to);
  if (shipperIds) contracts = contracts.filter((c) => shipperIds.includes(c.shipper_id));
  if (contracts.length === 0) return [];
  const totals: Map<string, RollupTotals> = await sumRollups(db, {
    from, to, visible: null, contracts: contracts.map((c) => ({ id: c.id, shipperId: c.shipper_id })),
  }, ['contract', 'month'], { histograms: false });
  const names = await companyNames(db, [...new Set(contracts.map((c) => c.shipper_id))]);
  const spans = monthsBetween(from, to);
  const out: ContractMonth[] = [];
  for (const contract of contracts) {
    for (const span of spans) {
      if (contract.start_date > span.to || contract.end_date < span.from) continue;
      const compliance = judgeMonth(span, totals.get(`${contract.id}|${span.month}`), termsOf(contract), contract.end_date, today, true);
      out.push({ contract, shipperName: names.get(contract.shipper_id)?.name ?? '', span, kpis: compliance.kpis, compliance });
    }
  }
  return out;
}
