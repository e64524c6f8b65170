/** Shapes of the service KPI, contract and company APIs as the client portal reads them, from the generated API types. */
import type { Schemas } from '../api/types';

export type Side = Schemas['CompanyRole'];
export type Kpis = Schemas['ServiceKpis'];
export type ServiceRow = Schemas['ServiceKpiRow'];
export type ServiceReport = Schemas['ServiceReport'];
export type CompanyService = Schemas['CompanyService'];
export type Contract = Schemas['Contract'];

export type { KpiName, MonthCompliance, ComplianceReport } from '../compliance/types';

export type CompanyBrief = Pick<Schemas['Company'], 'id' | 'code' | 'name' | 'roles'>;
export type Department = Pick<Schemas['Department'], 'id' | 'name' | 'kind'>;
export type PairBrief = Pick<Schemas['Pair'], 'id' | 'shipper' | 'consignee'>;

/**
 * The contract in force today, else the latest one; among several in force the one with the largest `weight`
 * (a consignee's busiest shipper), then the latest start.
 */
export function currentContract(contracts: Contract[], weight: (c: Contract) => number = () => 0): Contract | null {
  const live = contracts.filter((c) => c.daysToEnd >= 0)
    .sort((a, b) => weight(b) - weight(a) || b.startDate.localeCompare(a.startDate) || a.code.localeCompare(b.code));
  return live[0] ?? [...contracts].sort((a, b) => b.endDate.localeCompare(a.endDate))[0] ?? null;
}
