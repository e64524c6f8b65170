/** Shapes of the service KPI, contract and company APIs as the client portal reads them. */
export type Side = 'shipper' | 'consignee';

export interface Kpis {
  shipments: number;
  due: number;
  delivered: number;
  onTime: number;
  inFull: number;
  otif: number;
  perfect: number;
  onTimeRate: number | null;
  inFullRate: number | null;
  otifRate: number | null;
  perfectRate: number | null;
  damageRate: number | null;
  avgTransitHours: number | null;
  p95TransitHours: number | null;
  /** the field policy (api/auth/field-policy.ts) leaves these out of a client's answers: cost and margin
   *  always, revenue where the client is not the shipper */
  revenue?: number;
  cost?: number;
  margin?: number;
  marginRate?: number | null;
}

export interface ServiceRow extends Kpis { key: string; label: string; provisional: boolean; judged: boolean }

export interface ServiceReport { from: string; to: string; groupBy: string; rows: ServiceRow[]; total: Kpis }

export interface CompanyService { companyId: number; asShipper: ServiceReport; asConsignee: ServiceReport }

export interface Contract {
  id: number;
  shipperId: number;
  shipperName: string;
  code: string;
  name: string | null;
  startDate: string;
  endDate: string;
  /** absent for a client that is not the contract's shipper (field policy) */
  monthlyFee?: number;
  currency: string;
  onTimeTarget: number | null;
  inFullTarget: number | null;
  otifTarget: number | null;
  maxDamageRate: number | null;
  maxAvgTransitHours: number | null;
  /** absent for a client that is not the contract's shipper (field policy) */
  consigneeIds?: number[];
  daysToEnd: number;
  settlingDays: number;
  minDueCount: number;
}

export type { KpiName, MonthCompliance, ComplianceReport } from '../compliance/types';

export interface CompanyBrief { id: number; code: string; name: string; roles: Side[] }

export interface Department { id: number; name: string; kind: string }

export interface PairBrief { id: number; shipper: { id: number; name: string }; consignee: { id: number; name: string } }

/**
 * The contract in force today, else the latest one; among several in force the one with the largest `weight`
 * (a consignee's busiest shipper), then the latest start.
 */
export function currentContract(contracts: Contract[], weight: (c: Contract) => number = () => 0): Contract | null {
  const live = contracts.filter((c) => c.daysToEnd >= 0)
    .sort((a, b) => weight(b) - weight(a) || b.startDate.localeCompare(a.startDate) || a.code.localeCompare(b.code));
  return live[0] ?? [...contracts].sort((a, b) => b.endDate.localeCompare(a.endDate))[0] ?? null;
}
